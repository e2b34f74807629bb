/**
 * PostgreSQL types ↔ Sluice's logical types, both ways, with nothing losing precision: int8 stays exact
 * (a number up to 2^53, a bigint beyond), numeric stays a decimal string, date stays `YYYY-MM-DD`
 * (no time-zone shift), timestamp without time zone is read as UTC, and types Sluice has no logical
 * type for (interval, uuid, inet, money …) stay the server's text.
 */
import pg from 'pg';
import type { Column, LogicalType } from '../contract.js';

/** Type OIDs Sluice maps (pg_type.oid, stable across PostgreSQL versions). */
export const OID = {
  bool: 16, bytea: 17, int8: 20, int2: 21, int4: 23, oid: 26, json: 114, float4: 700, float8: 701,
  date: 1082, timestamp: 1114, timestamptz: 1184, numeric: 1700, jsonb: 3802,
} as const;

/** Array type OIDs whose elements pg's default parsers read (they become `json` values). */
const ARRAY_OIDS = new Set([1000, 1001, 1005, 1007, 1009, 1015, 1016, 1021, 1022, 1014, 1115, 1182, 1185, 1231, 199, 3807, 2951, 1028]);

const defaultParser = pg.types.getTypeParser.bind(pg.types);
const parseTimestampTz = defaultParser(OID.timestamptz, 'text') as (text: string) => unknown;
const identity = (text: string): string => text;

/** int8 as a number when it is exact, as a bigint beyond 2^53. */
export function parseInt8(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

const digits = (text: string, from: number, to: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    n = n * 10 + d;
  }
  return n;
};

/**
 * PostgreSQL's timestamp text (`YYYY-MM-DD HH:MM:SS[.ffffff][±HH[:MM]]`) → Date, without regular
 * expressions: reading timestamps is most of a cursor's parsing time. Anything unusual (years before 100,
 * BC, offsets with seconds, infinity) goes to pg's own parser. `assumeUtc` reads a missing offset as UTC.
 */
export function parseTimestampText(text: string, assumeUtc: boolean): unknown {
  const n = text.length;
  if (n < 19 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return slowTimestamp(text, assumeUtc);
  const year = digits(text, 0, 4);
  let i = 19;
  let ms = 0;
  if (text.charCodeAt(i) === 46) {
    let j = i + 1;
    while (j < n && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    const fraction = text.slice(i + 1, j);
    ms = digits(`${fraction}000`, 0, 3);
    i = j;
  }
  let offset = 0;
  if (i < n) {
    const sign = text.charCodeAt(i) === 45 ? -1 : text.charCodeAt(i) === 43 ? 1 : 0;
    if (sign === 0 || (n !== i + 3 && n !== i + 6)) return slowTimestamp(text, assumeUtc);
    offset = sign * (digits(text, i + 1, i + 3) * 60 + (n === i + 6 ? digits(text, i + 4, i + 6) : 0));
  } else if (!assumeUtc) {
    return slowTimestamp(text, assumeUtc);
  }
  const time = Date.UTC(year, digits(text, 5, 7) - 1, digits(text, 8, 10), digits(text, 11, 13), digits(text, 14, 16), digits(text, 17, 19), ms) - offset * 60_000;
  if (year < 100 || Number.isNaN(time)) return slowTimestamp(text, assumeUtc);
  return new Date(time);
}

function slowTimestamp(text: string, assumeUtc: boolean): unknown {
  if (/^-?infinity$/.test(text)) return text;
  return parseTimestampTz(assumeUtc && !/[+-]\d\d(:\d\d){0,2}( BC)?$/.test(text) ? text.replace(/( BC)?$/, '+00$1') : text);
}

/** A timestamp without time zone, read as UTC (so the same wall clock comes back on any worker). */
function parseTimestamp(text: string): unknown {
  return parseTimestampText(text, true);
}

function parserFor(oid: number): (text: string) => unknown {
  switch (oid) {
    case OID.int2: case OID.int4: case OID.oid: return (t) => Number.parseInt(t, 10);
    case OID.int8: return parseInt8;
    case OID.float4: case OID.float8: return (t) => Number.parseFloat(t);
    case OID.numeric: return identity;
    case OID.bool: return (t) => t === 't' || t === 'true';
    case OID.date: return identity;
    case OID.timestamp: return parseTimestamp;
    case OID.timestamptz: return (t) => parseTimestampText(t, false);
    case OID.json: case OID.jsonb: return (t) => JSON.parse(t) as unknown;
    case OID.bytea: return defaultParser(OID.bytea, 'text') as (t: string) => unknown;
    default: return ARRAY_OIDS.has(oid) ? (defaultParser(oid, 'text') as (t: string) => unknown) : identity;
  }
}

const parsers = new Map<number, (text: string) => unknown>();

/** The type parsers every Sluice query uses (passed per query, so pg's global parsers stay untouched). */
export const sluiceTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (format === 'binary') return defaultParser(oid, 'binary');
    let parser = parsers.get(oid);
    if (!parser) {
      parser = parserFor(oid);
      parsers.set(oid, parser);
    }
    return parser;
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** Type parsers that keep every value as the server's text (for CSV export through a cursor). */
export const textTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => (format === 'binary' ? defaultParser(oid, 'binary') : identity)) as pg.CustomTypesConfig['getTypeParser'],
};

/** The logical type of a column of this type OID. */
export function logicalTypeOf(oid: number): LogicalType {
  switch (oid) {
    case OID.int2: case OID.int4: return 'int32';
    case OID.int8: case OID.oid: return 'int64';
    case OID.float4: case OID.float8: return 'double';
    case OID.numeric: return 'decimal';
    case OID.bool: return 'boolean';
    case OID.date: return 'date';
    case OID.timestamp: case OID.timestamptz: return 'timestamp';
    case OID.json: case OID.jsonb: return 'json';
    case OID.bytea: return 'binary';
    default: return ARRAY_OIDS.has(oid) ? 'json' : 'string';
  }
}

/** A column from a result field or a pg_attribute row (type OID and modifier). */
export function columnOf(name: string, oid: number, typmod: number, nullable?: boolean): Column {
  const type = logicalTypeOf(oid);
  const column: { name: string; type: LogicalType; nullable?: boolean; precision?: number; scale?: number } = { name, type };
  if (nullable !== undefined) column.nullable = nullable;
  if (oid === OID.numeric && typmod >= 4) {
    column.precision = ((typmod - 4) >> 16) & 0xffff;
    column.scale = (typmod - 4) & 0xffff;
  }
  return column;
}

/** The SQL type a created table gives a column of this logical type. */
export function postgresColumnType(column: Column): string {
  switch (column.type) {
    case 'int32': return 'integer';
    case 'int64': return 'bigint';
    case 'double': return 'double precision';
    case 'decimal': return column.precision ? `numeric(${column.precision}, ${column.scale ?? 0})` : 'numeric';
    case 'boolean': return 'boolean';
    case 'date': return 'date';
    case 'timestamp': return 'timestamp with time zone';
    case 'json': return 'jsonb';
    case 'binary': return 'bytea';
    default: return 'text';
  }
}

function isoDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new Error('the date is not valid');
  return date.toISOString().slice(0, 10);
}

/**
 * A row value made ready to bind into a column of type `target` (pg sends text; the server converts and
 * refuses what does not fit). Dates are sent as ISO text (pg would use the worker's local zone).
 */
export function postgresParam(value: unknown, declared: LogicalType | undefined, target: LogicalType | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (target === 'json' || declared === 'json') {
    if (target === 'json' && declared !== 'json' && typeof value === 'string') return value;
    if (target !== 'json' && typeof value === 'string') return value;
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error('the date is not valid');
    return target === 'date' ? isoDate(value) : value.toISOString();
  }
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  if (typeof value === 'object' && !Array.isArray(value)) return JSON.stringify(value);
  return value;
}
