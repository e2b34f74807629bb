/**
 * Sluice's file formats: how rows are laid out in bytes. Copy, Lookup and GetMetadata pick one by the
 * dataset's type with {@link fileFormat} and use it through the data-plane contract only.
 */
import { SluiceError } from '@sluice/engine';
import type { FileFormat } from '../connectors/contract.js';
import { delimitedTextFormat } from './delimited/index.js';
import { jsonFormat } from './json/index.js';
import { parquetFormat } from './parquet/index.js';

const FORMATS: ReadonlyMap<string, FileFormat> = new Map(
  [delimitedTextFormat, jsonFormat, parquetFormat].map((format) => [format.datasetType.toLowerCase(), format]),
);

/**
 * The format of a dataset type (`DelimitedText`, `Json`, `Parquet`; case-insensitive).
 * `UNSUPPORTED_FORMAT` for any other type (Binary is copied as bytes, not read as rows).
 *
 * @example fileFormat('DelimitedText').read(input, dataset.typeProperties, { signal })
 */
export function fileFormat(datasetType: string): FileFormat {
  const format = FORMATS.get(datasetType.toLowerCase());
  if (!format) {
    throw new SluiceError('UNSUPPORTED_FORMAT', `Dataset type '${datasetType}' has no row format: rows can be read from and written to DelimitedText, Json and Parquet files.`);
  }
  return format;
}

/** True when {@link fileFormat} serves this dataset type. */
export function hasFileFormat(datasetType: string): boolean {
  return FORMATS.has(datasetType.toLowerCase());
}

export { delimitedTextFormat } from './delimited/index.js';
export { jsonFormat } from './json/index.js';
export { parquetFormat } from './parquet/index.js';
export { mapAdfType, isLogicalType } from './types/adf-types.js';
export { convertValue, converter, type ConvertOptions, type ConvertResult, type ValueConverter } from './types/convert.js';
export { TypeTally, textType, valueType, widen } from './types/infer.js';
export { parseIsoDate, parseIsoTimestamp, parseWithFormat } from './types/dates.js';
