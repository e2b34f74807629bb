/**
 * Converting one value to a column's logical type, with ADF-like rules. Untyped formats (CSV) hold
 * strings; JSON holds numbers and strings that may stand for dates; a dataset schema or a mapping says
 * what each column should be. A failure is a value, not an exception, so a reader can turn it into a
 * reject naming the row, the column and the reason.
 */
import type { Column, LogicalType } from '../../connectors/contract.js';
import { dateString, parseIsoDate, parseIsoTimestamp, parseWithFormat } from './dates.js';

/** Options of {@link convertValue}. */
export interface ConvertOptions {
  /**
   * A .NET format for `timestamp` columns (and `date` columns unless `dateFormat` is given), as ADF's
   * `typeConversionSettings.dateTimeFormat` (`dd/MM/yyyy HH:mm`); ISO 8601 is read when absent.
   */
  readonly format?: string;
  /** A .NET format for `date` columns only (`dd/MM/yyyy`). */
  readonly dateFormat?: string;
  /** Culture of the .NET format (default `en-US`). */
  readonly culture?: string;
}

/** The outcome of {@link convertValue}: the converted value, or why it could not be converted. */
export type ConvertResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
const HEX = /^0x(?:[0-9a-fA-F]{2})*$/;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const TRUE_WORDS: ReadonlySet<string> = new Set(['true', '1', 'yes', 'y', 't']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['false', '0', 'no', 'n', 'f']);

const ok = (value: unknown): ConvertResult => ({ ok: true, value });
const fail = (reason: string): ConvertResult => ({ ok: false, reason });

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}'`;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60 ? `${text.slice(0, 60)}…` : text;
  } catch {
    return String(value);
  }
}

function notA(value: unknown, what: string): ConvertResult {
  return fail(`${show(value)} is not ${what}`);
}

function toInt32(value: unknown): ConvertResult {
  if (typeof value === 'string') {
    if (!INT.test(value)) return notA(value, 'an integer');
    const n = Number(value);
    return n >= INT32_MIN && n <= INT32_MAX ? ok(n) : fail(`${show(value)} is out of the int32 range`);
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return notA(value, 'an integer');
    return value >= INT32_MIN && value <= INT32_MAX ? ok(value) : fail(`${show(value)} is out of the int32 range`);
  }
  if (typeof value === 'bigint') return value >= BigInt(INT32_MIN) && value <= BigInt(INT32_MAX) ? ok(Number(value)) : fail(`${value} is out of the int32 range`);
  return notA(value, 'an integer');
}

function int64FromBig(big: bigint, original: unknown): ConvertResult {
  if (big < INT64_MIN || big > INT64_MAX) return fail(`${show(original)} is out of the int64 range`);
  return ok(big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big);
}

function toInt64(value: unknown): ConvertResult {
  if (typeof value === 'string') {
    if (!INT.test(value)) return notA(value, 'an integer');
    if (value.length < 16) return ok(Number(value));
    return int64FromBig(BigInt(value), value);
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return notA(value, 'an integer');
    return Number.isSafeInteger(value) ? ok(value) : int64FromBig(BigInt(value), value);
  }
  if (typeof value === 'bigint') return int64FromBig(value, value);
  return notA(value, 'an integer');
}

function toDouble(value: unknown): ConvertResult {
  if (typeof value === 'number') return ok(value);
  if (typeof value === 'bigint') return ok(Number(value));
  if (typeof value === 'string') {
    if (FLOAT.test(value)) return ok(Number(value));
    if (value === 'NaN') return ok(Number.NaN);
    if (value === 'Infinity' || value === '+Infinity' || value === 'INF') return ok(Number.POSITIVE_INFINITY);
    if (value === '-Infinity' || value === '-INF') return ok(Number.NEGATIVE_INFINITY);
  }
  return notA(value, 'a number');
}

/** Exact decimal digits as a string, checked against the column's precision and scale when given. */
function toDecimal(value: unknown, column: Column): ConvertResult {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'bigint') text = value.toString();
  else if (typeof value === 'number' && Number.isFinite(value)) {
    text = String(value);
    if (/e/i.test(text)) text = Math.abs(value) < 1 ? value.toFixed(20).replace(/0+$/, '') : BigInt(Math.trunc(value)).toString();
  } else return notA(value, 'a decimal number');
  const m = DECIMAL.exec(text);
  if (!m || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) return notA(value, 'a decimal number');
  const sign = m[1] === '-' ? '-' : '';
  const whole = (m[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const fraction = m[3] ?? '';
  if (column.scale !== undefined && fraction.replace(/0+$/, '').length > column.scale) {
    return fail(`${show(value)} has more than ${column.scale} digits after the decimal point`);
  }
  if (column.precision !== undefined) {
    const intDigits = whole === '0' ? 0 : whole.length;
    if (intDigits > column.precision - (column.scale ?? 0)) return fail(`${show(value)} does not fit decimal(${column.precision},${column.scale ?? 0})`);
  }
  const isZero = /^0*$/.test(whole + fraction);
  return ok(`${isZero ? '' : sign}${whole}${fraction ? `.${fraction}` : ''}`);
}

function toBoolean(value: unknown): ConvertResult {
  if (typeof value === 'boolean') return ok(value);
  if (typeof value === 'number') return value === 1 ? ok(true) : value === 0 ? ok(false) : notA(value, 'a boolean');
  if (typeof value === 'string') {
    const key = value.toLowerCase();
    if (TRUE_WORDS.has(key)) return ok(true);
    if (FALSE_WORDS.has(key)) return ok(false);
  }
  return notA(value, 'a boolean (true/false, 1/0, yes/no)');
}

function toTimestamp(value: unknown, options: ConvertOptions): ConvertResult {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? notA(value, 'a timestamp') : ok(value);
  if (typeof value === 'string') {
    const parsed = options.format ? parseWithFormat(value, options.format, options.culture) : parseIsoTimestamp(value);
    if (parsed) return ok(parsed);
    return notA(value, options.format ? `a timestamp in the format '${options.format}'` : 'an ISO 8601 timestamp');
  }
  return notA(value, 'a timestamp');
}

function toDate(value: unknown, options: ConvertOptions): ConvertResult {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? notA(value, 'a date') : ok(dateString(value));
  if (typeof value === 'string') {
    const format = options.dateFormat ?? options.format;
    if (!format) {
      const plain = parseIsoDate(value);
      if (plain) return ok(plain);
    }
    const parsed = format ? parseWithFormat(value, format, options.culture) : parseIsoTimestamp(value);
    if (parsed) return ok(dateString(parsed));
    return notA(value, format ? `a date in the format '${format}'` : 'an ISO 8601 date');
  }
  return notA(value, 'a date');
}

function toStringValue(value: unknown): ConvertResult {
  if (typeof value === 'string') return ok(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return ok(String(value));
  if (value instanceof Date) return ok(value.toISOString());
  if (value instanceof Uint8Array) return ok(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'));
  return ok(JSON.stringify(value));
}

function toJson(value: unknown): ConvertResult {
  if (typeof value !== 'string') return ok(value);
  try {
    return ok(JSON.parse(value) as unknown);
  } catch (error) {
    return fail(`${show(value)} is not JSON (${(error as Error).message})`);
  }
}

function toBinary(value: unknown): ConvertResult {
  if (value instanceof Uint8Array) return ok(value);
  if (typeof value === 'string') {
    if (HEX.test(value)) return ok(new Uint8Array(Buffer.from(value.slice(2), 'hex')));
    if (BASE64.test(value)) return ok(new Uint8Array(Buffer.from(value, 'base64')));
    return notA(value, 'base64 or 0x-prefixed hex bytes');
  }
  return notA(value, 'binary');
}

/**
 * Converts `value` to `column.type`. `null` and `undefined` give `null` (nullability is the caller's
 * check). Strings are not trimmed (trimming is a Copy option). Rules:
 * - int32/int64: decimal digits with an optional sign, in range; int64 beyond 2^53 becomes a bigint;
 * - double: decimal or exponent notation, `NaN`, `Infinity`;
 * - decimal: exact digits kept as a string, checked against `precision` and `scale` when given;
 * - boolean: true/false, 1/0, yes/no, y/n, t/f, case-insensitive;
 * - date (`YYYY-MM-DD`) and timestamp (Date): ISO 8601, or `options.format` (.NET) when given;
 * - json: a string is parsed, other values are kept; binary: base64 or `0x` hex.
 * A column without a type keeps the value as it is.
 *
 * @example convertValue('42', { name: 'id', type: 'int32' }) // { ok: true, value: 42 }
 * @example convertValue('4x2', { name: 'id', type: 'int32' }) // { ok: false, reason: "'4x2' is not an integer" }
 */
export function convertValue(value: unknown, column: Column, options: ConvertOptions = {}): ConvertResult {
  if (value === null || value === undefined) return ok(null);
  return converter(column.type, column, options)(value);
}

/** A converter bound to one column, for readers that convert many values of it. */
export type ValueConverter = (value: unknown) => ConvertResult;

/**
 * The converter of a column, chosen once (readers call it per value). `null` and `undefined` are not
 * handled here: {@link convertValue} does, readers skip them.
 */
export function converter(type: LogicalType | undefined, column: Column, options: ConvertOptions = {}): ValueConverter {
  switch (type) {
    case undefined:
      return ok;
    case 'string':
      return toStringValue;
    case 'int32':
      return toInt32;
    case 'int64':
      return toInt64;
    case 'double':
      return toDouble;
    case 'decimal':
      return (v) => toDecimal(v, column);
    case 'boolean':
      return toBoolean;
    case 'date':
      return (v) => toDate(v, options);
    case 'timestamp':
      return (v) => toTimestamp(v, options);
    case 'json':
      return toJson;
    case 'binary':
      return toBinary;
  }
}
