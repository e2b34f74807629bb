/**
 * Type conversion on the way to the sink, through the formats' converters (the one implementation of
 * ADF's interim types): a value is converted to the logical type of its sink column, or refused with a
 * reason the copy reports with the file, row and column.
 */
import type { Column, LogicalType } from '../connectors/contract.js';
import { converter, mapAdfType, type ConvertResult } from '../formats/index.js';

/** Converts one column's values; `{ok: false, reason}` when a value does not fit. */
export type ColumnConverter = (value: unknown) => ConvertResult;

/** The converter of a sink column (chosen once per copy, called per value). */
export function columnConverter(column: Column): ColumnConverter {
  return converter(column.type, column);
}

/** An ADF interim type name (`Int32`, `String`, `DateTime` …) or a logical one as a {@link LogicalType}. */
export function logicalTypeOfAdf(name: string): LogicalType | undefined {
  return mapAdfType(name);
}

export type { ConvertResult };
