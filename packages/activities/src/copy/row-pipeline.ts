/**
 * The Copy activity's row pipeline: batches from a {@link RowSource} through mapping, cleansing,
 * validation and type conversion into a {@link RowSink}, one batch in memory at a time. A row that
 * cannot be copied either fails the copy (`COPY_ROW_INVALID` with file, row, column and reason) or is
 * skipped to the rejects log. The sink is committed only when every batch is through; on any failure
 * or cancel it is aborted, so nothing partial is published.
 */
import { SluiceError } from '@sluice/engine';
import type { Column, LogicalType, ReadItem, Row, RowSink, RowSource } from '../connectors/contract.js';
import { compileCleanser, type CopyValidation } from './cleanse.js';
import { columnsFromRows, type RowMapper } from './mapping.js';
import { rawRow, type Reject, type RejectsLog } from './rejects.js';

/** Converts the values of one column; `{ok: false, reason}` when a value does not fit. */
export type ColumnConverterFactory = (column: Column) => (value: unknown) => { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

/** What the pipeline needs. */
export interface RowPipelineOptions {
  readonly source: RowSource;
  readonly sink: RowSink;
  readonly mapper: RowMapper;
  /** Types the sink's columns have (an existing table, the sink dataset's schema), by name. */
  readonly targetColumns?: readonly Column[];
  /** Types the translator's mappings declare, resolved to logical types. */
  readonly mappedTypes?: ReadonlyMap<string, LogicalType>;
  readonly validation?: CopyValidation;
  readonly converterFor: ColumnConverterFactory;
  /** Undefined: fail on the first incompatible row. */
  readonly rejects?: RejectsLog;
  readonly signal: AbortSignal;
  /** Called after each batch with the counters so far. */
  readonly onProgress?: (counts: RowCounts) => void;
}

/** What went through. */
export interface RowCounts {
  rowsRead: number;
  rowsCopied: number;
  rowsSkipped: number;
  /** Rows dropped as duplicates of `dedupeKeys` (part of rowsSkipped). */
  rowsDeduplicated: number;
}

function where(file: string | undefined, row: number | undefined, column?: string): string {
  return [file ? `file '${file}'` : 'the source', row !== undefined ? `row ${row}` : undefined, column ? `column '${column}'` : undefined].filter(Boolean).join(', ');
}

function describeValue(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 80 ? `${v.slice(0, 80)}…` : v}'`;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return v.toString();
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** The columns the sink is opened with: mapped names, typed from the target, the mapping or the source. */
export function sinkColumns(mapper: RowMapper, sourceColumns: readonly Column[] | undefined, firstRows: readonly Row[], targetColumns: readonly Column[] | undefined, mappedTypes: ReadonlyMap<string, LogicalType> | undefined): Column[] {
  const target = new Map((targetColumns ?? []).map((c) => [c.name.toLowerCase(), c]));
  const source = new Map((sourceColumns ?? []).map((c) => [c.name, c]));
  const inferred = new Map(columnsFromRows(firstRows).map((c) => [c.name, c]));
  const names = mapper.columns?.map((c) => c.name) ?? (sourceColumns?.length ? sourceColumns.map((c) => c.name) : targetColumns?.length && firstRows.length === 0 ? targetColumns.map((c) => c.name) : [...inferred.keys()]);
  return names.map((name) => {
    const t = target.get(name.toLowerCase());
    const type = t?.type ?? mappedTypes?.get(name) ?? source.get(name)?.type ?? inferred.get(name)?.type;
    const base = t ?? source.get(name);
    return { ...(base ?? {}), name, ...(type ? { type } : {}) };
  });
}

/**
 * Runs the pipeline to the end and commits the sink. Throws (after aborting the sink and the rejects)
 * on the first error when not skipping, on any store error, and when `signal` aborts.
 */
export async function runRowPipeline(o: RowPipelineOptions): Promise<RowCounts & { sinkColumns: Column[] }> {
  const counts: RowCounts = { rowsRead: 0, rowsCopied: 0, rowsSkipped: 0, rowsDeduplicated: 0 };
  const iterator = o.source.batches(o.signal)[Symbol.asyncIterator]();
  let opened = false;
  try {
    let next = await iterator.next();
    const firstRows = next.done ? [] : next.value.flatMap((item) => ('bad' in item ? [] : o.mapper.map(item.row))).slice(0, 100);
    const columns = sinkColumns(o.mapper, await o.source.columns(), firstRows, o.targetColumns, o.mappedTypes);
    const convertTo = columns
      .filter((c) => c.type !== undefined && (o.targetColumns?.some((t) => t.name.toLowerCase() === c.name.toLowerCase()) || o.mappedTypes?.has(c.name)))
      .map((c) => ({ ...c, convert: o.converterFor(c) }));
    const dateColumns = new Set(columns.filter((c) => c.type === 'date' || c.type === 'timestamp').map((c) => c.name));
    const cleanser = compileCleanser(o.validation, dateColumns);
    await o.sink.open(columns, o.signal);
    opened = true;

    const refuse = async (reject: Reject): Promise<void> => {
      if (!o.rejects) {
        throw new SluiceError('COPY_ROW_INVALID', `Cannot copy ${where(reject.file, reject.row, reject.column)}: ${reject.reason}.`, { ...(reject.file ? { file: reject.file } : {}), ...(reject.row !== undefined ? { row: reject.row } : {}) }, {
          ...(reject.column ? { column: reject.column } : {}), ...(reject.line !== undefined ? { line: reject.line } : {}), reason: reject.reason, code: reject.code,
        });
      }
      counts.rowsSkipped += 1;
      await o.rejects.add(reject, o.signal);
    };

    while (!next.done) {
      o.signal.throwIfAborted();
      const out: Row[] = [];
      for (const item of next.value as readonly ReadItem[]) {
        counts.rowsRead += 1;
        if ('bad' in item) {
          await refuse({ ...(item.file ? { file: item.file } : {}), ...(item.rowNumber !== undefined ? { row: item.rowNumber } : {}), ...(item.line !== undefined ? { line: item.line } : {}), code: item.code, reason: item.message, ...(item.raw !== undefined ? { raw: item.raw } : {}) });
          continue;
        }
        const at = { ...(item.file ? { file: item.file } : {}), ...(item.rowNumber !== undefined ? { row: item.rowNumber } : {}), ...(item.line !== undefined ? { line: item.line } : {}) };
        for (const row of o.mapper.map(item.row)) {
          const problem = cleanser.clean(row) ?? cleanser.check(row);
          if (problem) {
            await refuse({ ...at, ...(problem.column ? { column: problem.column } : {}), code: 'ROW_INVALID', reason: problem.reason, raw: rawRow(item.row) });
            continue;
          }
          let failed = false;
          for (const c of convertTo) {
            const value = row[c.name];
            if (value === null || value === undefined) {
              if (c.nullable === false) {
                await refuse({ ...at, column: c.name, code: 'NULL_NOT_ALLOWED', reason: `null in a column that does not allow null`, raw: rawRow(item.row) });
                failed = true;
                break;
              }
              continue;
            }
            const r = c.convert(value);
            if (r.ok) {
              row[c.name] = r.value;
            } else {
              await refuse({ ...at, column: c.name, code: 'TYPE_CONVERSION_FAILED', reason: `${describeValue(value)} cannot be converted to ${String(c.type)}: ${r.reason}`, raw: rawRow(item.row) });
              failed = true;
              break;
            }
          }
          if (failed) continue;
          if (cleanser.duplicate(row)) {
            counts.rowsSkipped += 1;
            counts.rowsDeduplicated += 1;
            continue;
          }
          out.push(row);
        }
      }
      if (out.length) {
        await o.sink.write(out, o.signal);
        counts.rowsCopied += out.length;
      }
      o.onProgress?.(counts);
      next = await iterator.next();
    }
    o.signal.throwIfAborted();
    return { ...counts, sinkColumns: columns };
  } catch (error) {
    await iterator.return?.().catch(() => undefined);
    if (!opened) await o.sink.abort().catch(() => undefined);
    throw error;
  }
}
