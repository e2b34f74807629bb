/**
 * MySQL/MariaDB types ↔ Sluice's logical types. The pool asks mysql2 for exact text where JavaScript
 * numbers would lose digits (`supportBigNumbers` + `bigNumberStrings`, DECIMAL as strings) and for dates
 * as text (`dateStrings`, no local-zone shift); {@link rowConverter} then turns BIGINT into a number or a
 * bigint, DATETIME/TIMESTAMP into a `Date` (the session runs in UTC), TINYINT(1)/BIT(1) into booleans and
 * zero dates into null.
 */
import type { Column, LogicalType, Row } from '../contract.js';
import { parseInt8 } from '../postgres/types.js';

/** mysql2's column type codes (the protocol's `MYSQL_TYPE_*`). */
export const MYSQL_TYPE = {
  DECIMAL: 0, TINY: 1, SHORT: 2, LONG: 3, FLOAT: 4, DOUBLE: 5, NULL: 6, TIMESTAMP: 7, LONGLONG: 8, INT24: 9,
  DATE: 10, TIME: 11, DATETIME: 12, YEAR: 13, NEWDATE: 14, VARCHAR: 15, BIT: 16, JSON: 245, NEWDECIMAL: 246,
  ENUM: 247, SET: 248, TINY_BLOB: 249, MEDIUM_BLOB: 250, LONG_BLOB: 251, BLOB: 252, VAR_STRING: 253, STRING: 254, GEOMETRY: 255,
} as const;

const UNSIGNED = 32;
const NOT_NULL = 1;
const BINARY_CHARSET = 63;

/** The parts of mysql2's field packet Sluice reads. */
export interface MysqlField {
  readonly name: string;
  readonly columnType?: number;
  readonly type?: number;
  readonly columnLength?: number;
  readonly characterSet?: number;
  readonly flags?: number | string[];
  readonly decimals?: number;
  /** MariaDB's extended metadata (`json` for its JSON columns, which are LONGTEXT underneath). */
  readonly extendedFormat?: string;
}

function flagsOf(field: MysqlField): number {
  return typeof field.flags === 'number' ? field.flags : 0;
}

/** The logical type of a result column. */
export function mysqlLogicalType(field: MysqlField): LogicalType {
  const type = field.columnType ?? field.type ?? MYSQL_TYPE.VAR_STRING;
  const unsigned = (flagsOf(field) & UNSIGNED) !== 0;
  if (field.extendedFormat === 'json') return 'json';
  switch (type) {
    case MYSQL_TYPE.TINY: return field.columnLength === 1 ? 'boolean' : 'int32';
    case MYSQL_TYPE.SHORT: case MYSQL_TYPE.INT24: case MYSQL_TYPE.YEAR: return 'int32';
    case MYSQL_TYPE.LONG: return unsigned ? 'int64' : 'int32';
    case MYSQL_TYPE.LONGLONG: return 'int64';
    case MYSQL_TYPE.FLOAT: case MYSQL_TYPE.DOUBLE: return 'double';
    case MYSQL_TYPE.DECIMAL: case MYSQL_TYPE.NEWDECIMAL: return 'decimal';
    case MYSQL_TYPE.DATE: case MYSQL_TYPE.NEWDATE: return 'date';
    case MYSQL_TYPE.DATETIME: case MYSQL_TYPE.TIMESTAMP: return 'timestamp';
    case MYSQL_TYPE.JSON: return 'json';
    case MYSQL_TYPE.BIT: return field.columnLength === 1 ? 'boolean' : 'binary';
    case MYSQL_TYPE.GEOMETRY: return 'binary';
    case MYSQL_TYPE.TINY_BLOB: case MYSQL_TYPE.MEDIUM_BLOB: case MYSQL_TYPE.LONG_BLOB: case MYSQL_TYPE.BLOB:
    case MYSQL_TYPE.VAR_STRING: case MYSQL_TYPE.STRING: case MYSQL_TYPE.VARCHAR:
      return field.characterSet === BINARY_CHARSET ? 'binary' : 'string';
    default: return 'string';
  }
}

/** A result column with its logical type (and DECIMAL's precision and scale). */
export function mysqlColumn(field: MysqlField): Column {
  const type = mysqlLogicalType(field);
  const column: { name: string; type: LogicalType; nullable: boolean; precision?: number; scale?: number } = { name: field.name, type, nullable: (flagsOf(field) & NOT_NULL) === 0 };
  if (type === 'decimal' && field.columnLength !== undefined) {
    const scale = field.decimals ?? 0;
    const unsigned = (flagsOf(field) & UNSIGNED) !== 0;
    column.precision = field.columnLength - (scale > 0 ? 1 : 0) - (unsigned ? 0 : 1);
    column.scale = scale;
  }
  return column;
}

const ZERO_DATE = /^0000-00-00/;

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` in UTC → Date (zero dates → null). */
export function parseDatetime(text: string): Date | null {
  if (ZERO_DATE.test(text)) return null;
  return new Date(`${text.replace(' ', 'T')}Z`);
}

type Converter = (value: unknown) => unknown;

function converterFor(type: LogicalType, field: MysqlField): Converter | undefined {
  switch (type) {
    case 'int64': return (v) => (typeof v === 'string' ? parseInt8(v) : v);
    case 'boolean': return (v) => (v === null ? null : Buffer.isBuffer(v) ? v.some((b) => b !== 0) : Number(v) !== 0);
    case 'timestamp': return (v) => (typeof v === 'string' ? parseDatetime(v) : v);
    case 'date': return (v) => (typeof v === 'string' && ZERO_DATE.test(v) ? null : v);
    case 'json': return field.extendedFormat === 'json' || field.columnType === MYSQL_TYPE.JSON ? (v) => (typeof v === 'string' ? JSON.parse(v) as unknown : v) : undefined;
    default: return undefined;
  }
}

/**
 * A function that converts one mysql2 row in place into Sluice's values (only the columns that need it),
 * or undefined when no column needs converting.
 */
export function rowConverter(fields: readonly MysqlField[], columns: readonly Column[]): ((row: Row) => Row) | undefined {
  const steps: Array<[string, Converter]> = [];
  fields.forEach((field, i) => {
    const convert = converterFor(columns[i]?.type ?? 'string', field);
    if (convert) steps.push([field.name, convert]);
  });
  if (steps.length === 0) return undefined;
  return (row) => {
    for (const [name, convert] of steps) {
      const value = row[name];
      if (value !== null && value !== undefined) row[name] = convert(value);
    }
    return row;
  };
}

/** The SQL type a created table gives a column of this logical type (keys get indexable types). */
export function mysqlColumnType(column: Column, isKey: boolean): string {
  switch (column.type) {
    case 'int32': return 'INT';
    case 'int64': return 'BIGINT';
    case 'double': return 'DOUBLE';
    case 'decimal': {
      const precision = Math.min(column.precision ?? 38, 65);
      return `DECIMAL(${precision}, ${Math.min(column.scale ?? (column.precision ? 0 : 10), 30, precision)})`;
    }
    case 'boolean': return 'BOOLEAN';
    case 'date': return 'DATE';
    case 'timestamp': return 'DATETIME(6)';
    case 'json': return 'JSON';
    case 'binary': return isKey ? 'VARBINARY(255)' : 'LONGBLOB';
    default:
      if (isKey) return 'VARCHAR(255)';
      return column.precision && column.precision <= 16_383 ? `VARCHAR(${column.precision})` : 'LONGTEXT';
  }
}

/** A Date as MySQL DATETIME text in UTC (`YYYY-MM-DD HH:MM:SS.fff`). */
function datetimeText(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new Error('the date is not valid');
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

const ZONED = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)$/i;

/** A row value made ready to bind into a column of logical type `target` (server-side binding). */
export function mysqlParam(value: unknown, declared: LogicalType | undefined, target: LogicalType | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (target === 'json' || declared === 'json') {
    if (typeof value === 'string' && (declared !== 'json' || target !== 'json')) return value;
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }
  if (value instanceof Date) return target === 'date' ? datetimeText(value).slice(0, 10) : datetimeText(value);
  if (typeof value === 'string' && (target === 'timestamp' || target === 'date') && ZONED.test(value)) {
    const text = datetimeText(new Date(value));
    return target === 'date' ? text.slice(0, 10) : text;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`${value} cannot be stored in MySQL`);
  if (value instanceof Uint8Array) return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}
