/**
 * ADF's interim type names (what a dataset `schema` or a `TabularTranslator` mapping declares) mapped to
 * Sluice's logical types, so a dataset written for ADF converts its columns the way ADF would.
 */
import type { LogicalType } from '../../connectors/contract.js';

const LOGICAL: ReadonlySet<string> = new Set(['string', 'int32', 'int64', 'double', 'decimal', 'boolean', 'date', 'timestamp', 'json', 'binary']);

const ADF_TYPES: Readonly<Record<string, LogicalType>> = {
  string: 'string',
  guid: 'string',
  char: 'string',
  timespan: 'string',
  xml: 'string',
  byte: 'int32',
  sbyte: 'int32',
  int16: 'int32',
  uint16: 'int32',
  int32: 'int32',
  int: 'int32',
  integer: 'int32',
  short: 'int32',
  uint32: 'int64',
  int64: 'int64',
  long: 'int64',
  uint64: 'decimal',
  single: 'double',
  float: 'double',
  double: 'double',
  decimal: 'decimal',
  boolean: 'boolean',
  bool: 'boolean',
  datetime: 'timestamp',
  datetimeoffset: 'timestamp',
  timestamp: 'timestamp',
  date: 'date',
  'byte[]': 'binary',
  binary: 'binary',
  object: 'json',
  json: 'json',
  array: 'json',
};

/**
 * The logical type of an ADF type name (`Int32`, `Int64`, `String`, `Decimal`, `Double`, `Boolean`,
 * `DateTime`, `DateTimeOffset`, `Date`, `Guid`, `Byte[]` …), compared case-insensitively. Sluice's own
 * logical type names are accepted too. Unknown names give `undefined`, so the caller can say which
 * column declared it (Sluice then treats the column as untyped).
 *
 * @example mapAdfType('DateTime') // 'timestamp'
 */
export function mapAdfType(name: string): LogicalType | undefined {
  const key = name.trim().toLowerCase();
  if (LOGICAL.has(key)) return key as LogicalType;
  return ADF_TYPES[key];
}

/** True when `value` is one of Sluice's logical type names (exactly, lower case). */
export function isLogicalType(value: unknown): value is LogicalType {
  return typeof value === 'string' && LOGICAL.has(value);
}
