/**
 * ADF's `TabularTranslator` as a function from a source row to sink rows: explicit `mappings` (by column
 * name, by ordinal, or by JSON path for hierarchical sources), `collectionReference` to unroll an array
 * into one row per element, or, without mappings, the row as it is (columns mapped by name).
 */
import { SluiceError } from '@sluice/engine';
import type { Column, LogicalType, Row } from '../connectors/contract.js';
import { parseJsonPath, readJsonPath } from '../connectors/http/json-path.js';

/** One mapping as ADF writes it. */
export interface TranslatorMapping {
  readonly source?: { readonly name?: string; readonly path?: string; readonly ordinal?: number; readonly type?: string };
  readonly sink?: { readonly name?: string; readonly path?: string; readonly type?: string };
}

/** The parts of ADF's translator Sluice reads. */
export interface Translator {
  readonly type?: string;
  readonly mappings?: readonly TranslatorMapping[];
  readonly collectionReference?: string;
  /** Objects and arrays written to a string column as JSON text. */
  readonly mapComplexValuesToString?: boolean;
  readonly typeConversion?: boolean;
  readonly typeConversionSettings?: Readonly<Record<string, unknown>>;
}

/** A compiled mapping: sink columns (name, declared ADF type) and the row function. */
export interface RowMapper {
  /** Sink column names with the ADF type the mapping declares (undefined without mappings). */
  readonly columns?: ReadonlyArray<{ name: string; adfType?: string }>;
  /** One source row → zero or more sink rows (more with a collectionReference). */
  map(row: Row): Row[];
}

type Step = ReadonlyArray<string | number>;

function compilePath(path: string, where: string): Step {
  try {
    return parseJsonPath(path);
  } catch {
    throw new SluiceError('COPY_MAPPING_INVALID', `${where}: '${path}' is not a JSON path Sluice understands ($['a']['b'], $.a.b, ['a'], $.a[0]).`, { pointer: '/typeProperties/translator' });
  }
}

/**
 * Compiles a translator. Throws `COPY_MAPPING_INVALID` (with a pointer to the mapping) for a mapping
 * without a source or sink name.
 */
export function compileTranslator(translator: Translator | undefined): RowMapper {
  const mappings = translator?.mappings ?? [];
  const collection = translator?.collectionReference ? compilePath(translator.collectionReference, 'translator.collectionReference') : undefined;
  if (mappings.length === 0) {
    // A copy, so cleansing and conversion never change the row a reject reports as read.
    if (!collection) return { map: (row) => [{ ...row }] };
    return { map: (row) => unroll(row, collection).map((item) => (item && typeof item === 'object' && !Array.isArray(item) ? { ...(item as Row) } : { value: item })) };
  }
  const compiled = mappings.map((m, i) => {
    const where = `translator.mappings[${i}]`;
    const sinkName = m.sink?.name ?? m.sink?.path;
    if (!sinkName) throw new SluiceError('COPY_MAPPING_INVALID', `${where} has no sink.name.`, { pointer: `/typeProperties/translator/mappings/${i}/sink` });
    const src = m.source ?? {};
    if (src.name === undefined && src.path === undefined && src.ordinal === undefined) {
      throw new SluiceError('COPY_MAPPING_INVALID', `${where} has no source name, path or ordinal.`, { pointer: `/typeProperties/translator/mappings/${i}/source` });
    }
    let read: (row: Row, item: unknown) => unknown;
    if (src.path !== undefined) {
      const absolute = src.path.trim().startsWith('$');
      const steps = compilePath(src.path, where);
      // Inside a collection, a path without `$` is relative to the element (ADF: `['name']`).
      read = collection && !absolute ? (_row, item) => readJsonPath(item, steps) : (row) => readJsonPath(row, steps);
    } else if (src.name !== undefined) {
      const name = src.name;
      read = (row) => (name in row ? row[name] : caseInsensitive(row, name));
    } else {
      const index = Number(src.ordinal) - 1;
      read = (row) => Object.values(row)[index];
    }
    return { sinkName, read, adfType: m.sink?.type ?? m.source?.type };
  });
  return {
    columns: compiled.map((c) => ({ name: c.sinkName, ...(c.adfType ? { adfType: c.adfType } : {}) })),
    map(row) {
      const items = collection ? unroll(row, collection) : [undefined];
      return items.map((item) => {
        const out: Row = {};
        for (const c of compiled) {
          const v = c.read(row, item);
          out[c.sinkName] = v === undefined ? null : v;
        }
        return out;
      });
    },
  };
}

function caseInsensitive(row: Row, name: string): unknown {
  const lower = name.toLowerCase();
  for (const k of Object.keys(row)) if (k.toLowerCase() === lower) return row[k];
  return undefined;
}

/** The elements of the collection (a missing or empty array still gives one row, as ADF does, with nulls). */
function unroll(row: Row, collection: Step): unknown[] {
  const value = readJsonPath(row, collection);
  if (Array.isArray(value)) return value.length ? value : [undefined];
  return [value];
}

/** The logical type a value has, for sinks that need column types and the source declares none. */
export function typeOfValue(value: unknown): LogicalType | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'bigint') return 'int64';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'double';
  if (value instanceof Date) return 'timestamp';
  if (value instanceof Uint8Array) return 'binary';
  return 'json';
}

/** Columns inferred from rows (first-seen order; a column's type from its first non-null value). */
export function columnsFromRows(rows: readonly Row[]): Column[] {
  const types = new Map<string, LogicalType | undefined>();
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) {
      const t = typeOfValue(v);
      if (!types.has(k) || (types.get(k) === undefined && t)) types.set(k, t);
      else if (types.get(k) === 'int64' && t === 'double') types.set(k, 'double');
    }
  }
  return [...types].map(([name, type]) => ({ name, ...(type ? { type } : {}) }));
}
