/**
 * Data flow parameters, bound and never pasted. The values go into a one-row temporary table
 * `__sluice_params` through a prepared statement (`CREATE TEMP TABLE … AS SELECT $1::TYPE AS "p"`, values
 * bound), and a reference `$name` in step SQL is rewritten to the scalar subquery
 * `(SELECT "name" FROM __sluice_params)`. DuckDB views cannot hold prepared-statement parameters, but
 * they can read a table, so every step — view or table — sees the values as typed data, and a value like
 * `'; DROP TABLE x; --` is only ever compared as a string.
 */
import { SluiceError } from '@sluice/engine';
import type { DuckDBValue } from '@duckdb/node-api';
import { quoteIdent } from '../duckdb/quote.js';
import type { DuckSession } from '../duckdb/session.js';
import type { DataFlowParameter, DataFlowStep } from './types.js';

/** The table holding the bound parameter values. */
export const PARAMS_TABLE = '__sluice_params';

/** Keys whose string values are SQL (and so may reference parameters). */
const SQL_KEYS = new Set(['condition', 'expression', 'query', 'having']);

/** One `$name` found in step SQL: the name, and the path of the string inside the step. */
export interface ParameterReference {
  readonly name: string;
  readonly path: ReadonlyArray<string | number>;
}

/**
 * Scans SQL for `$name` outside string literals, quoted identifiers, comments and dollar-quoted text,
 * calling `onRef` with the name and its offset; returns the SQL with each reference replaced by
 * `replace(name)`.
 */
export function rewriteParameters(sql: string, replace: (name: string) => string): string {
  let out = '';
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i] as string;
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < n) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) { j += 2; continue; }
          break;
        }
        j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i);
      const end = j < 0 ? n : j;
      out += sql.slice(i, end);
      i = end;
    } else if (c === '/' && sql[i + 1] === '*') {
      const j = sql.indexOf('*/', i + 2);
      const end = j < 0 ? n : j + 2;
      out += sql.slice(i, end);
      i = end;
    } else if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        const end = close < 0 ? n : close + tag[0].length;
        out += sql.slice(i, end);
        i = end;
        continue;
      }
      const ref = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(sql.slice(i));
      if (ref) {
        out += replace(ref[1] as string);
        i += ref[0].length;
      } else {
        out += c;
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The `$name` references in the SQL settings of a step, with where they are. */
export function parameterReferences(step: DataFlowStep): ParameterReference[] {
  const refs: ParameterReference[] = [];
  const walk = (value: unknown, path: Array<string | number>, sqlKey: boolean): void => {
    if (typeof value === 'string') {
      if (sqlKey) rewriteParameters(value, (name) => { refs.push({ name, path }); return ''; });
      else if (/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(value) && path.includes('parameters')) refs.push({ name: value.slice(1), path });
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i], sqlKey));
    else if (value && typeof value === 'object') {
      if (path.at(-1) === 'jsonSchema') return;
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k], SQL_KEYS.has(k));
    }
  };
  walk(step, [], false);
  return refs;
}

/** Rewrites the parameter references of one SQL text to reads of the params table. */
export function bindSql(sql: string): string {
  return rewriteParameters(sql, (name) => `(SELECT ${quoteIdent(name)} FROM ${PARAMS_TABLE})`);
}

const DUCK_TYPES: Readonly<Record<string, string>> = {
  string: 'VARCHAR', int: 'BIGINT', integer: 'BIGINT', float: 'DOUBLE', double: 'DOUBLE', bool: 'BOOLEAN', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP',
};

function coerce(name: string, declared: DataFlowParameter, value: unknown): DuckDBValue {
  const type = declared.type.toLowerCase();
  const bad = (): SluiceError => new SluiceError('DATAFLOW_PARAMETER_INVALID', `Data flow parameter '${name}' is declared ${declared.type} but got ${JSON.stringify(value)?.slice(0, 100)}.`, { pointer: `/properties/typeProperties/parameters/${name}` });
  if (value === null) return null;
  switch (DUCK_TYPES[type]) {
    case 'VARCHAR': case 'DATE': case 'TIMESTAMP':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw bad();
    case 'BIGINT': {
      const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
      if (typeof n === 'number' && Number.isSafeInteger(n)) return n;
      throw bad();
    }
    case 'DOUBLE': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n === 'number' && Number.isFinite(n)) return n;
      throw bad();
    }
    case 'BOOLEAN':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw bad();
    default:
      throw new SluiceError('DATAFLOW_PARAMETER_INVALID', `Data flow parameter '${name}' has type '${declared.type}'; use one of string, int, float, bool, date, timestamp.`, { pointer: `/properties/typeProperties/parameters/${name}/type` });
  }
}

/**
 * The values of the declared parameters: given values (coerced to the declared type), else defaults.
 * Undeclared or missing values throw `DATAFLOW_PARAMETER_INVALID`.
 */
export function parameterValues(declared: Readonly<Record<string, DataFlowParameter>>, given: Readonly<Record<string, unknown>>): Record<string, DuckDBValue> {
  for (const key of Object.keys(given)) {
    if (!Object.prototype.hasOwnProperty.call(declared, key)) throw new SluiceError('DATAFLOW_PARAMETER_INVALID', `The data flow has no parameter '${key}' (declared: ${Object.keys(declared).join(', ') || 'none'}).`);
  }
  const out: Record<string, DuckDBValue> = {};
  for (const [name, decl] of Object.entries(declared)) {
    const value = Object.prototype.hasOwnProperty.call(given, name) ? given[name] : decl.defaultValue;
    if (value === undefined) throw new SluiceError('DATAFLOW_PARAMETER_INVALID', `Data flow parameter '${name}' has no value and no defaultValue.`, { pointer: `/properties/typeProperties/parameters/${name}` });
    out[name] = coerce(name, decl, value);
  }
  return out;
}

/** Creates the one-row params table with the values bound (never written into the SQL text). */
export async function createParamsTable(db: DuckSession, declared: Readonly<Record<string, DataFlowParameter>>, values: Readonly<Record<string, DuckDBValue>>): Promise<void> {
  const names = Object.keys(declared);
  if (!names.length) {
    await db.run(`CREATE TEMP TABLE ${PARAMS_TABLE} AS SELECT 1 AS __none`);
    return;
  }
  const select = names.map((name, i) => `CAST($${i + 1} AS ${DUCK_TYPES[(declared[name] as DataFlowParameter).type.toLowerCase()] ?? 'VARCHAR'}) AS ${quoteIdent(name)}`).join(', ');
  await db.run(`CREATE TEMP TABLE ${PARAMS_TABLE} AS SELECT ${select}`, names.map((n) => values[n] ?? null));
}

/** Dataset parameters of a source or sink: a value written exactly `$name` takes the parameter's value. */
export function datasetParameters(given: Readonly<Record<string, unknown>> | undefined, values: Readonly<Record<string, DuckDBValue>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(given ?? {})) {
    const m = typeof v === 'string' ? /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(v) : null;
    out[k] = m && Object.prototype.hasOwnProperty.call(values, m[1] as string) ? values[m[1] as string] : v;
  }
  return out;
}
