/**
 * Parquet types ↔ Sluice's logical types. Reading: each top-level field of the file gets a logical type
 * and a function normalizing what parquetjs returns into the contract's value shapes (INT64 → number, or
 * bigint beyond 2^53; DATE → `YYYY-MM-DD`; DECIMAL → exact digits; lists → arrays). Writing: a parquetjs
 * schema from the columns, every field OPTIONAL.
 */
import type { Column, LogicalType } from '../../connectors/contract.js';

/** The part of a parquetjs field this module reads (parquetjs's own type is wider and loosely typed). */
export interface ParquetFieldInfo {
  readonly name: string;
  readonly primitiveType?: string | undefined;
  readonly originalType?: string | undefined;
  readonly repetitionType: string;
  readonly isNested?: boolean | undefined;
  readonly precision?: number | null | undefined;
  readonly scale?: number | null | undefined;
  readonly fields?: Readonly<Record<string, ParquetFieldInfo>> | undefined;
}

/** A file column: its logical type and how to normalize its values. */
export interface FieldReader {
  readonly column: Column;
  readonly normalize: (value: unknown) => unknown;
}

const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

function int64Value(value: unknown): unknown {
  if (typeof value === 'bigint') return value >= SAFE_MIN && value <= SAFE_MAX ? Number(value) : value;
  return value;
}

/** Digits of an unscaled integer with `scale` digits after the point. */
function scaled(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  let digits = (negative ? -unscaled : unscaled).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
  return negative && /[1-9]/.test(digits) ? `-${digits}` : digits;
}

/** Big-endian two's complement bytes → bigint. */
function bytesToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  if (bytes.length > 0 && ((bytes[0] as number) & 0x80) !== 0) value -= 1n << BigInt(bytes.length * 8);
  return value;
}

/** bigint → big-endian two's complement bytes, exactly `length` of them (sign-extended). */
export function bigIntToBytes(value: bigint, length: number): Buffer {
  return Buffer.from(BigInt.asUintN(8 * length, value).toString(16).padStart(2 * length, '0'), 'hex');
}

/** Bytes of a FIXED_LEN_BYTE_ARRAY holding any unscaled value of `precision` digits (as Spark and DuckDB size it). */
export function decimalByteLength(precision: number): number {
  const max = 10n ** BigInt(precision) - 1n;
  let n = 1;
  while (max > (1n << BigInt(8 * n - 1)) - 1n) n++;
  return n;
}

function decimalValue(scale: number): (value: unknown) => unknown {
  return (value) => {
    if (typeof value === 'number') return scale > 0 ? value.toFixed(scale) : String(Math.trunc(value));
    if (typeof value === 'bigint') return scaled(value, scale);
    if (value instanceof Uint8Array) return scaled(bytesToBigInt(value), scale);
    return value;
  };
}

/** INT96 (legacy Spark/Impala timestamps): 8 bytes of nanoseconds in the day, 4 bytes of Julian day. */
function int96Value(value: unknown): unknown {
  let bytes: Buffer | undefined;
  if (value instanceof Uint8Array && value.length === 12) bytes = Buffer.from(value.buffer, value.byteOffset, 12);
  else if (typeof value === 'bigint') {
    bytes = Buffer.alloc(12);
    const v = BigInt.asUintN(96, value);
    bytes.writeBigUInt64LE(BigInt.asUintN(64, v), 0);
    bytes.writeUInt32LE(Number(v >> 64n), 8);
  }
  if (!bytes) return value;
  const nanos = bytes.readBigInt64LE(0);
  const julianDay = bytes.readInt32LE(8);
  return new Date((julianDay - 2440588) * 86_400_000 + Number(nanos / 1_000_000n));
}

function dateValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString().slice(0, 10) : value;
}

function binaryValue(value: unknown): unknown {
  return value instanceof Uint8Array ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : value;
}

/** Turns parquetjs's nested records into plain JSON: LIST groups become arrays, binary becomes base64. */
function nestedValue(value: unknown, field: ParquetFieldInfo | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return int64Value(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map((v) => nestedValue(v, field));
  if (typeof value !== 'object') return value;
  const children = field?.fields;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (children) {
    const childNames = Object.keys(children);
    // The 3-level LIST layout: group { repeated group list { element } } → an array of elements.
    if (childNames.length === 1) {
      const repeated = children[childNames[0] as string];
      if (repeated && repeated.repetitionType === 'REPEATED' && repeated.fields && Object.keys(repeated.fields).length === 1) {
        const elementName = Object.keys(repeated.fields)[0] as string;
        const items = obj[childNames[0] as string];
        if (Array.isArray(items)) return items.map((item) => nestedValue((item as Record<string, unknown> | null)?.[elementName] ?? null, repeated.fields?.[elementName]));
        return [];
      }
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = nestedValue(obj[key], children?.[key]);
  return out;
}

/** The logical type and value normalizer of one top-level field of a file. */
export function fieldReader(field: ParquetFieldInfo): FieldReader {
  const base = { name: field.name, nullable: field.repetitionType !== 'REQUIRED' };
  const make = (type: LogicalType, normalize: (v: unknown) => unknown, extra: Partial<Column> = {}): FieldReader => ({ column: { ...base, type, ...extra }, normalize });
  if (field.isNested || field.fields || field.repetitionType === 'REPEATED') return make('json', (v) => nestedValue(v, field));
  const original = field.originalType;
  if (original === 'DECIMAL') {
    const scale = field.scale ?? 0;
    return make('decimal', decimalValue(scale), { ...(field.precision ? { precision: field.precision } : {}), scale });
  }
  switch (field.primitiveType) {
    case 'BOOLEAN':
      return make('boolean', (v) => v);
    case 'INT32':
      if (original === 'DATE') return make('date', dateValue);
      if (original === 'UINT_32') return make('int64', (v) => v);
      return make('int32', (v) => v);
    case 'INT64':
      if (original === 'TIMESTAMP_MILLIS' || original === 'TIMESTAMP_MICROS') return make('timestamp', (v) => v);
      return make('int64', int64Value);
    case 'INT96':
      return make('timestamp', int96Value);
    case 'FLOAT':
    case 'DOUBLE':
      return make('double', (v) => v);
    case 'BYTE_ARRAY':
    case 'FIXED_LEN_BYTE_ARRAY':
      if (original === 'UTF8' || original === 'ENUM') return make('string', (v) => v);
      if (original === 'JSON' || original === 'BSON') return make('json', (v) => v);
      return make('binary', binaryValue);
    default:
      return make('string', (v) => v);
  }
}

/** What a parquetjs schema definition of one field looks like (the subset written here). */
export interface ParquetFieldDefinition {
  type: string;
  optional: true;
  precision?: number;
  scale?: number;
  typeLength?: number;
}

/** ADF's default decimal when a column gives no precision and scale. */
export const DEFAULT_DECIMAL = { precision: 38, scale: 18 } as const;

/** The parquetjs field definition of a column (OPTIONAL; untyped columns are UTF8 strings). */
export function fieldDefinition(column: Column): ParquetFieldDefinition {
  switch (column.type) {
    case 'int32':
      return { type: 'INT32', optional: true };
    case 'int64':
      return { type: 'INT64', optional: true };
    case 'double':
      return { type: 'DOUBLE', optional: true };
    case 'decimal': {
      const precision = column.precision ?? DEFAULT_DECIMAL.precision;
      const scale = column.scale ?? (column.precision !== undefined ? 0 : DEFAULT_DECIMAL.scale);
      // FIXED_LEN_BYTE_ARRAY: parquetjs's INT64 decimals go through floating point, these are exact.
      return { type: 'DECIMAL', optional: true, precision, scale, typeLength: decimalByteLength(precision) };
    }
    case 'boolean':
      return { type: 'BOOLEAN', optional: true };
    case 'date':
      return { type: 'DATE', optional: true };
    case 'timestamp':
      return { type: 'TIMESTAMP_MICROS', optional: true };
    case 'json':
      return { type: 'JSON', optional: true };
    case 'binary':
      return { type: 'BYTE_ARRAY', optional: true };
    default:
      return { type: 'UTF8', optional: true };
  }
}
