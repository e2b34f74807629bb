/**
 * Guessing column types from sample values, for GetMetadata's `structure` and for sinks that need types
 * (Parquet, a table created on the fly) when the source declares none. Each column starts with no
 * guess and widens as values are seen: boolean, int64 → double, date → timestamp, and anything
 * inconsistent ends as string. Null and empty values say nothing.
 */
import type { Column, LogicalType } from '../../connectors/contract.js';
import { parseIsoDate, parseIsoTimestamp } from './dates.js';

const INT = /^[+-]?\d{1,18}$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BOOL = /^(?:true|false)$/i;

/** The type a text value suggests (an empty string suggests nothing). */
export function textType(text: string): LogicalType | undefined {
  if (text === '') return undefined;
  if (INT.test(text)) return 'int64';
  if (FLOAT.test(text)) return 'double';
  if (BOOL.test(text)) return 'boolean';
  if (text.length >= 10 && text.length <= 35 && text.charCodeAt(4) === 45 /* - */) {
    if (parseIsoDate(text)) return 'date';
    if (parseIsoTimestamp(text)) return 'timestamp';
  }
  return 'string';
}

/** The type a JSON (or Parquet) value suggests; null suggests nothing. */
export function valueType(value: unknown): LogicalType | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'double';
  if (typeof value === 'bigint') return 'int64';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  if (value instanceof Date) return 'timestamp';
  if (value instanceof Uint8Array) return 'binary';
  return 'json';
}

/** The narrowest type holding values of both types. */
export function widen(a: LogicalType | undefined, b: LogicalType | undefined): LogicalType | undefined {
  if (a === undefined) return b;
  if (b === undefined || a === b) return a;
  const pair = new Set([a, b]);
  if (pair.has('int64') && pair.has('double')) return 'double';
  if (pair.has('date') && pair.has('timestamp')) return 'timestamp';
  if (pair.has('json')) return 'json';
  return 'string';
}

/**
 * Accumulates type guesses per column over sample rows, keeping column order as first seen.
 *
 * @example
 * const t = new TypeTally(); t.addText('id', '1'); t.addText('id', '2.5'); t.columns() // [{name:'id', type:'double'}]
 */
export class TypeTally {
  readonly #types = new Map<string, LogicalType | undefined>();

  /** Declares a column even before any value (a CSV header). */
  declare(name: string): void {
    if (!this.#types.has(name)) this.#types.set(name, undefined);
  }

  addText(name: string, text: string | null): void {
    this.#types.set(name, widen(this.#types.get(name), text === null ? undefined : textType(text)));
  }

  addValue(name: string, value: unknown): void {
    this.#types.set(name, widen(this.#types.get(name), valueType(value)));
  }

  /** The columns; a column that only had nulls is a string. */
  columns(): Column[] {
    return [...this.#types].map(([name, type]) => ({ name, type: type ?? 'string', nullable: true }));
  }
}
