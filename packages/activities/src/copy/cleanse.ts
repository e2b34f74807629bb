/**
 * Cleansing and validation on the way through a copy (Sluice's `typeProperties.validation`): trim
 * strings, turn null markers into null, parse dates written in given formats, check each row against a
 * JSON Schema, and drop rows whose keys were already seen. Each step either returns the cleaned row or
 * a reason, so the caller fails or skips with the file and row.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { SluiceError } from '@sluice/engine';
import type { CleanedText, LogicalType, Row, TextCleaner } from '../connectors/contract.js';

/** Sluice's `validation` settings of the Copy activity. */
export interface CopyValidation {
  /** A JSON Schema each (mapped) row must satisfy. */
  readonly schema?: Readonly<Record<string, unknown>>;
  readonly trim?: boolean;
  /** Strings that mean null (compared after trimming when `trim` is on). */
  readonly nullValues?: readonly string[];
  /** Formats tried, in order, on strings bound for date and timestamp columns (`yyyy-MM-dd`, `dd/MM/yyyy HH:mm:ss` …). */
  readonly dateFormats?: readonly string[];
  /** Columns whose values identify a row: later rows with the same values are dropped (counted as skipped). */
  readonly dedupeKeys?: readonly string[];
}

/** Why a row is refused: the column (when one) and a sentence. */
export interface RowProblem {
  readonly column?: string;
  readonly reason: string;
}

/** Compiles a user's JSON Schema (its own ajv: lenient about unknown keywords, first error only). */
export function compileRowSchema(schema: Readonly<Record<string, unknown>>): (row: Row) => RowProblem | undefined {
  const ajv = new Ajv({ strict: false, allErrors: false, coerceTypes: false });
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    throw new SluiceError('TYPE_PROPERTIES_INVALID', `validation.schema is not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`, { pointer: '/typeProperties/validation/schema' });
  }
  return (row) => {
    if (validate(jsonView(row))) return undefined;
    const e = validate.errors?.[0];
    if (!e) return { reason: 'the row does not match validation.schema' };
    const missing = e.keyword === 'required' ? String((e.params as { missingProperty?: string }).missingProperty ?? '') : '';
    const column = missing || e.instancePath.split('/').filter(Boolean)[0]?.replace(/~1/g, '/').replace(/~0/g, '~');
    const reason = missing ? `'${missing}' is required` : `${e.instancePath || 'the row'} ${e.message ?? 'is not valid'}`;
    return { ...(column ? { column } : {}), reason: `${reason} (validation.schema)` };
  };
}

/** Values as JSON Schema sees them: dates as ISO strings, bigints as numbers. */
function jsonView(row: Row): Row {
  let copy: Row | undefined;
  for (const [k, v] of Object.entries(row)) {
    if (v instanceof Date || typeof v === 'bigint') {
      copy ??= { ...row };
      copy[k] = v instanceof Date ? v.toISOString() : Number(v);
    }
  }
  return copy ?? row;
}

const TOKENS = /yyyy|MM|dd|HH|hh|mm|ss|fff|tt|M|d|H|h|m|s/g;

/**
 * Compiles a .NET-style date format (`yyyy-MM-dd HH:mm:ss`, `dd/MM/yyyy`, `M/d/yyyy h:mm tt`) into a
 * parser returning an ISO date (`YYYY-MM-DD`) or instant, or undefined when the text does not fit.
 */
export function compileDateFormat(format: string): (text: string) => string | undefined {
  const fields: string[] = [];
  let source = '';
  let last = 0;
  for (const m of format.matchAll(TOKENS)) {
    source += format.slice(last, m.index).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const t = m[0];
    fields.push(t);
    source += t === 'yyyy' ? '(\\d{4})' : t === 'fff' ? '(\\d{1,7})' : t === 'tt' ? '(AM|PM|am|pm)' : t.length === 2 ? '(\\d{2})' : '(\\d{1,2})';
    last = (m.index ?? 0) + t.length;
  }
  source += format.slice(last).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^${source}$`);
  const hasTime = fields.some((f) => /^[Hhms]/.test(f));
  return (text) => {
    const m = re.exec(text.trim());
    if (!m) return undefined;
    let y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0, ms = 0;
    let pm: boolean | undefined;
    fields.forEach((f, i) => {
      const v = m[i + 1] as string;
      if (f === 'yyyy') y = Number(v);
      else if (f === 'MM' || f === 'M') mo = Number(v);
      else if (f === 'dd' || f === 'd') d = Number(v);
      else if (f === 'HH' || f === 'H' || f === 'hh' || f === 'h') h = Number(v);
      else if (f === 'mm' || f === 'm') mi = Number(v);
      else if (f === 'ss' || f === 's') s = Number(v);
      else if (f === 'fff') ms = Number(v.padEnd(3, '0').slice(0, 3));
      else if (f === 'tt') pm = v.toUpperCase() === 'PM';
    });
    if (pm !== undefined) h = (h % 12) + (pm ? 12 : 0);
    const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
    return hasTime ? date.toISOString() : date.toISOString().slice(0, 10);
  };
}

/** The cleansing steps, compiled once per copy. */
export interface Cleanser {
  /** Trims and nulls in place; parses dates of `dateColumns`. Returns a problem for a date that fits no format. */
  clean(row: Row): RowProblem | undefined;
  /** Checks the JSON Schema (if any). */
  check(row: Row): RowProblem | undefined;
  /** True when the row's keys were seen before (and remembers them). */
  duplicate(row: Row): boolean;
  /** True when a JSON Schema is checked (the DuckDB path cannot do that). */
  readonly needsJs: boolean;
}

/** Trims, turns null markers into null, and (for a date column) parses one of the date formats. */
function cleanOne(v: CopyValidation | undefined, parsers: ReadonlyArray<(text: string) => string | undefined>, value: string, isDate: boolean): CleanedText {
  const text = v?.trim === true ? value.trim() : value;
  if (v?.nullValues?.includes(text)) return null;
  if (parsers.length && isDate && text !== '') {
    const parsed = parsers.map((p) => p(text)).find((x) => x !== undefined);
    // What a format parses to (ISO 8601) passes as it is: a reader that typed the column parsed it already.
    return parsed ?? (isIsoDate(text) ? text : { reason: `'${text}' matches none of validation.dateFormats (${(v?.dateFormats ?? []).join(', ')})` });
  }
  return text;
}

/** An ISO 8601 date or UTC timestamp as the date formats produce them, and a real day. */
function isIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?$/.test(text) && !Number.isNaN(Date.parse(text)) && new Date(Date.parse(text)).toISOString().slice(0, 10) === text.slice(0, 10);
}

const isDateType = (t: LogicalType | undefined): boolean => t === 'date' || t === 'timestamp';

/**
 * The text part of the validation settings (trim, null markers, date formats) for a reader to apply before it
 * converts a field to its declared type; undefined when there is nothing to apply.
 */
export function compileTextCleaner(v: CopyValidation | undefined): TextCleaner | undefined {
  if (v?.trim !== true && !v?.nullValues?.length && !v?.dateFormats?.length) return undefined;
  const parsers = (v.dateFormats ?? []).map(compileDateFormat);
  return (text, type) => cleanOne(v, parsers, text, isDateType(type));
}

/** Compiles the validation settings. `dateColumns` are the sink columns of date or timestamp type. */
export function compileCleanser(v: CopyValidation | undefined, dateColumns: ReadonlySet<string>): Cleanser {
  const active = v?.trim === true || (v?.nullValues?.length ?? 0) > 0 || (v?.dateFormats?.length ?? 0) > 0;
  const parsers = (v?.dateFormats ?? []).map(compileDateFormat);
  const check = v?.schema ? compileRowSchema(v.schema) : undefined;
  const keys = v?.dedupeKeys ?? [];
  const seen = new Set<string>();
  return {
    needsJs: check !== undefined,
    clean(row) {
      if (!active) return undefined;
      for (const [k, value] of Object.entries(row)) {
        if (typeof value !== 'string') continue;
        const cleaned = cleanOne(v, parsers, value, dateColumns.has(k));
        if (cleaned !== null && typeof cleaned === 'object') return { column: k, reason: cleaned.reason };
        row[k] = cleaned;
      }
      return undefined;
    },
    check: (row) => check?.(row),
    duplicate(row) {
      if (keys.length === 0) return false;
      const key = JSON.stringify(keys.map((k) => {
        const x = row[k];
        return x instanceof Date ? x.toISOString() : typeof x === 'bigint' ? x.toString() : x;
      }));
      if (seen.has(key)) return true;
      seen.add(key);
      return false;
    },
  };
}
