/**
 * The Copy activity's DuckDB fast path. When the sink is a Parquet file and the source is CSV or Parquet
 * files (or a PostgreSQL query), and no row needs JavaScript (no `validation` step), the copy runs as one
 * DuckDB statement: `COPY (SELECT <mapped, cast columns> FROM read_csv/read_parquet(<local copies>)) TO
 * '<staged file>' (FORMAT parquet)`, published with `FileStore.putFile`. CSV errors are captured with
 * DuckDB's `store_rejects` (file and line of each), so fault tolerance works as on the row path: fail on
 * the first bad row with `COPY_ROW_INVALID`, or skip it to the rejects log. PostgreSQL sources are
 * exported with `COPY … TO STDOUT` (CSV) into a temporary file first. Anything DuckDB refuses otherwise
 * makes the copy fall back to the row pipeline, which reports the precise row.
 */
import { spawnSync } from 'node:child_process';
import { constants, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SluiceError, type ActivityContext } from '@sluice/engine';
import type { Column, FileEntry, LogicalType } from '../connectors/contract.js';
import { declaredColumns } from '../datasets/declared.js';
import { joinStorePath } from '../connectors/paths.js';
import { qualifiedName } from '../connectors/sql/identifiers.js';
import { openTableStore, tableNameFromDataset, type PostgresTableStore } from '../connectors/table-store-factory.js';
import { delimitedOptions } from '../formats/delimited/dialect.js';
import { parquetCompression } from '../formats/parquet/writer.js';
import { sinkFileStem } from '../datasets/file-sink.js';
import { fileSelection, listSelectedFiles } from '../datasets/file-list.js';
import { datasetFamily, openFiles, settingsOf } from '../datasets/family.js';
import { fileSinkPlan } from '../datasets/open.js';
import { DuckSession, quoteIdent as sqlIdent, quoteLiteral as sqlString } from '../duckdb/index.js';
import type { FastPathInput } from './fast-path.js';
import type { CopyCounts } from './output.js';
import { RejectsLog, namedRejectsTarget, type Reject } from './rejects.js';
import { logicalTypeOfAdf } from './types.js';

/** The part of the shared DuckDB session the fast path uses: rows of a statement as JSON. */
interface Session {
  all(sql: string): Promise<ReadonlyArray<Record<string, unknown>>>;
}

/** Opens the shared DuckDB session (spilling under the activity's tempDir), runs `fn`, closes it. */
async function withDuckDb<T>(ctx: ActivityContext, fn: (session: Session) => Promise<T>): Promise<T> {
  const db = await DuckSession.open({ tempDir: ctx.tempDir, signal: ctx.signal });
  try {
    // Casts between TIMESTAMPTZ and TIMESTAMP happen in UTC (without ICU, DuckDB has UTC only anyway).
    await db.run("SET TimeZone = 'UTC'").catch(() => undefined);
    return await fn({ all: async (sql) => (await db.query(sql)).rows as ReadonlyArray<Record<string, unknown>> });
  } finally {
    db.close();
  }
}

/** DuckDB's type for a logical type (undefined: no exact equivalent, the fast path does not apply). */
function duckType(column: Column): string | undefined {
  switch (column.type) {
    case 'string': return 'VARCHAR';
    case 'int32': return 'INTEGER';
    case 'int64': return 'BIGINT';
    case 'double': return 'DOUBLE';
    case 'decimal': return column.precision !== undefined && column.precision <= 38 ? `DECIMAL(${column.precision}, ${column.scale ?? 0})` : undefined;
    case 'boolean': return 'BOOLEAN';
    case 'date': return 'DATE';
    case 'timestamp': return 'TIMESTAMPTZ';
    default: return undefined;
  }
}

/** Why the fast path does not apply (for the log), or undefined when it does. */
export function fastPathRefusal(input: FastPathInput): string | undefined {
  const { from, to, translator, validation } = input;
  if (to.type !== 'Parquet' || datasetFamily(to) !== 'file') return 'the sink is not a Parquet file';
  const fromFamily = datasetFamily(from);
  const pgSource = fromFamily === 'table' && (from.linkedService.type === 'PostgreSql' || from.linkedService.type === 'PostgreSqlV2');
  if (!pgSource && !(fromFamily === 'file' && (from.type === 'DelimitedText' || from.type === 'Parquet'))) return 'the source is not CSV, Parquet or PostgreSQL';
  if (validation && Object.values(validation).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0) && v !== false)) return 'validation needs the row pipeline';
  if (translator.collectionReference) return 'a collectionReference needs the row pipeline';
  if ((translator.mappings ?? []).some((m) => m.source?.name === undefined || m.source.path !== undefined)) return 'mappings by path or ordinal need the row pipeline';
  const sink = input.sink;
  if (Array.isArray(sink.partitionBy) && sink.partitionBy.length) return 'partitioned sinks use the row pipeline';
  if (Number(settingsOf(sink.formatSettings).maxRowsPerFile ?? 0) > 0) return 'maxRowsPerFile uses the row pipeline';
  if (to.schema?.length) return 'a sink dataset schema uses the row pipeline';
  if (from.type === 'DelimitedText') {
    const tp = from.typeProperties;
    const enc = String(tp.encodingName ?? 'UTF-8').toUpperCase().replace(/[^A-Z0-9]/g, '');
    if (enc !== 'UTF8') return 'non-UTF-8 text uses the row pipeline';
    if (tp.rowDelimiter !== undefined && !['\n', '\r\n', '\\n', '\\r\\n', ''].includes(String(tp.rowDelimiter))) return 'custom row delimiters use the row pipeline';
    if (declaredColumns(from)?.some((c) => c.type !== undefined && !duckType(c))) return 'a declared column type has no DuckDB equivalent';
  }
  return undefined;
}

/** What the SELECT reads: a DuckDB table function over local files, with the names of its columns. */
interface Scan {
  readonly from: string;
  /** Local path → store path (for rejects). */
  readonly names: ReadonlyMap<string, string>;
  readonly header: boolean;
  readonly csv: boolean;
  readonly files: number;
  readonly bytes: number;
}

/** read_csv options from the dataset's settings (through the format's own reader of them). */
function csvOptions(settings: Readonly<Record<string, unknown>>): { sql: string; header: boolean } {
  const o = delimitedOptions(settings);
  const parts = [
    `delim=${sqlString(o.delimiter)}`,
    `header=${o.firstRowAsHeader}`,
    `quote=${sqlString(o.quote)}`,
    `escape=${sqlString(o.escape === '' ? o.quote : o.escape)}`,
    `nullstr=${sqlString(o.nullValue)}`,
    'allow_quoted_nulls=false',
    `compression=${sqlString(o.codec === 'none' ? 'none' : o.codec === 'gzip' ? 'gzip' : 'auto')}`,
  ];
  return { sql: parts.join(', '), header: o.firstRowAsHeader };
}

async function csvScan(session: Session, paths: readonly string[], settings: Readonly<Record<string, unknown>>, declared: readonly Column[] | undefined, storeNames: ReadonlyMap<string, string>, bytes: number): Promise<Scan> {
  const { sql, header } = csvOptions(settings);
  const list = `[${paths.map(sqlString).join(', ')}]`;
  // The column names, as the row path sees them: the header (or column0…), every value text.
  const described = await session.all(`DESCRIBE SELECT * FROM read_csv(${list}, ${sql}, all_varchar=true, sample_size=1)`);
  const names = described.map((r) => String(r.column_name));
  const byName = new Map((declared ?? []).map((c) => [c.name, c]));
  const renamed = header ? names : names.map((_n, i) => declared?.[i]?.name ?? `Prop_${i}`);
  const columns = renamed.map((n, i) => `${sqlString(names[i] as string)}: ${sqlString(duckType(byName.get(n) ?? { name: n, type: 'string' }) ?? 'VARCHAR')}`).join(', ');
  // Timestamps are parsed with their offsets, then written as UTC TIMESTAMP_MICROS (what the Parquet format writes).
  const select = renamed.map((n, i) => {
    const col = sqlIdent(names[i] as string);
    return `${byName.get(n)?.type === 'timestamp' ? `CAST(${col} AS TIMESTAMP)` : col} AS ${sqlIdent(n)}`;
  }).join(', ');
  const from = `(SELECT ${select} FROM read_csv(${list}, ${sql}, auto_detect=false, columns={${columns}}, store_rejects=true))`;
  return { from, names: storeNames, header, csv: true, files: paths.length, bytes };
}

/** Stages the selected files locally (a local store's files are used in place). */
async function stageFiles(ctx: ActivityContext, input: FastPathInput): Promise<{ paths: string[]; names: Map<string, string>; entries: FileEntry[] }> {
  const { store, location } = openFiles(input.from, ctx.signal);
  try {
    const entries = await listSelectedFiles(store, location, fileSelection(input.source.storeSettings, true), ctx.signal, input.from.name);
    const names = new Map<string, string>();
    const paths: string[] = [];
    for (const e of entries) {
      const local = await store.localCopy(e.path, ctx.tempDir, ctx.signal);
      names.set(local, e.path);
      paths.push(local);
    }
    return { paths, names, entries };
  } finally {
    await store.close();
  }
}

/** Named-pipe exports running in this process (see postgresToParquet). */
let activePipes = 0;

/**
 * PostgreSQL → Parquet: `COPY (query) TO STDOUT` (CSV) streamed through a named pipe straight into DuckDB's
 * `read_csv`, so the export and the Parquet encoding overlap (a temporary file when `mkfifo` is not
 * available). Returns the rows written and the CSV bytes read, or undefined when a column type has no
 * DuckDB equivalent (json, bytea …: the row pipeline copies those).
 */
async function postgresToParquet(ctx: ActivityContext, input: FastPathInput, session: Session, target: string, compression: string): Promise<{ copied: number; bytes: number } | undefined> {
  const store = openTableStore(input.from.linkedService) as PostgresTableStore;
  try {
    const query = typeof input.source.query === 'string' && input.source.query.trim() !== '' ? input.source.query : undefined;
    const table = tableNameFromDataset(input.from.typeProperties);
    if (!query && !table) throw new SluiceError('DATASET_LOCATION_INVALID', `Dataset '${input.from.name}' names no table and the source has no query.`, { pointer: '/typeProperties/source/query' });
    const sql = query ?? `SELECT * FROM ${qualifiedName(table as NonNullable<typeof table>, '"')}`;
    const { stream, columns } = await store.copyOut(sql, undefined, ctx.signal);
    if (columns.some((c) => !duckType(c))) {
      stream.destroy();
      return undefined;
    }
    let bytes = 0;
    const count = new Transform({ transform(chunk: Buffer, _e, done) { bytes += chunk.length; done(null, chunk); } });
    const path = join(ctx.tempDir, `pg-export-${input.tag}.csv`);
    // One named-pipe export at a time per process: a writer blocked on a full pipe holds a libuv thread, and
    // DuckDB's query needs one too, so several at once could take all four and wait on each other forever.
    // The others stage through a temporary file.
    const fifo = activePipes === 0 && spawnSync('mkfifo', [path]).status === 0;
    const struct = columns.map((c) => `${sqlString(c.name)}: ${sqlString(duckType(c) as string)}`).join(', ');
    const select = columns.map((c) => (c.type === 'timestamp' ? `CAST(${sqlIdent(c.name)} AS TIMESTAMP) AS ${sqlIdent(c.name)}` : sqlIdent(c.name))).join(', ');
    const mapped = selectList(input);
    const copySql = `COPY (SELECT ${mapped} FROM (SELECT ${select} FROM read_csv(${sqlString(path)}, header=true, delim=',', quote='"', escape='"', nullstr='', allow_quoted_nulls=false, auto_detect=false, columns={${struct}}))) TO ${sqlString(target)} (FORMAT parquet, COMPRESSION ${compression})`;
    if (!fifo) {
      await pipeline(stream, count, createWriteStream(path), { signal: ctx.signal });
      const result = await session.all(copySql);
      return { copied: Number(Object.values(result[0] ?? {})[0] ?? 0), bytes };
    }
    activePipes++;
    const writing = pipeline(stream, count, createWriteStream(path), { signal: ctx.signal });
    const converting = session.all(copySql);
    try {
      const [, result] = await Promise.all([writing, converting]);
      return { copied: Number(Object.values(result[0] ?? {})[0] ?? 0), bytes };
    } catch (error) {
      // Unblock a writer still waiting for DuckDB to open the pipe, then stop it.
      await open(path, constants.O_RDONLY | constants.O_NONBLOCK).then((h) => h.close()).catch(() => undefined);
      stream.destroy();
      await Promise.allSettled([writing, converting]);
      throw error;
    } finally {
      activePipes--;
    }
  } finally {
    await store.close();
  }
}

/** The select list: the translator's mappings (renamed, cast to the mapping's type), or every column. */
function selectList(input: FastPathInput): string {
  const mappings = input.translator.mappings ?? [];
  if (mappings.length === 0) return '*';
  return mappings.map((m) => {
    const src = sqlIdent(m.source?.name as string);
    const type = m.sink?.type ? logicalTypeOfAdf(m.sink.type) : undefined;
    const duck = type ? duckType({ name: '', type: type as LogicalType }) : undefined;
    return `${duck ? `CAST(${src} AS ${duck})` : src} AS ${sqlIdent(m.sink?.name ?? (m.source?.name as string))}`;
  }).join(', ');
}

/** Rejected CSV rows, one per (file, line), in file order. */
async function csvRejects(session: Session, scan: Scan): Promise<Reject[]> {
  const rows = await session.all(`SELECT s.file_path, e.line, e.column_name, e.error_type, e.error_message, e.csv_line FROM reject_errors e JOIN reject_scans s USING (scan_id, file_id) ORDER BY s.file_path, e.line`).catch(() => []);
  const seen = new Set<string>();
  const out: Reject[] = [];
  for (const r of rows) {
    const file = scan.names.get(String(r.file_path)) ?? String(r.file_path);
    const line = Number(r.line);
    const key = `${file}\n${line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      file, row: scan.header ? line - 1 : line, line,
      ...(r.column_name ? { column: String(r.column_name) } : {}),
      code: `CSV_${String(r.error_type).replace(/[^A-Za-z]+/g, '_').toUpperCase()}`,
      reason: String(r.error_message).split('\n')[0] ?? 'the line could not be read',
      ...(r.csv_line !== null && r.csv_line !== undefined ? { raw: String(r.csv_line) } : {}),
    });
  }
  return out;
}

/**
 * Runs the copy on DuckDB. Returns undefined when DuckDB refused something the row pipeline should
 * report precisely (the caller then runs the row pipeline); throws for cancellation, row errors when
 * not skipping, and store errors.
 */
export async function duckDbCopy(ctx: ActivityContext, input: FastPathInput): Promise<Omit<CopyCounts, 'started'> | undefined> {
  const dst = openFiles(input.to, ctx.signal);
  const plan = fileSinkPlan(input.to, dst.location.fileName, input.sink, input.tag);
  const { stem, ext } = sinkFileStem({ ...plan, format: { datasetType: 'Parquet' } });
  const target = joinStorePath(dst.location.folder, `${stem}${ext}`);
  const local = join(ctx.tempDir, `fast-${input.tag}.parquet`);
  const compression = parquetCompression(plan.settings).toLowerCase();
  let rejects: RejectsLog | undefined;
  try {
    return await withDuckDb(ctx, async (session) => {
      let scan: Scan;
      let files: number;
      if (datasetFamily(input.from) === 'table') {
        const done = await postgresToParquet(ctx, input, session, local, compression);
        if (!done) return undefined;
        ctx.signal.throwIfAborted();
        const { bytesWritten } = await dst.store.putFile(local, target, ctx.signal);
        ctx.progress({ rowsRead: done.copied, rowsWritten: done.copied, bytesRead: done.bytes, bytesWritten, fraction: 1 });
        return { rowsRead: done.copied, rowsCopied: done.copied, rowsSkipped: 0, dataRead: done.bytes, dataWritten: bytesWritten, filesRead: 0, filesWritten: 1, targets: [target], executionPath: 'duckdb' };
      } else {
        const staged = await stageFiles(ctx, input);
        files = staged.entries.length;
        const bytes = staged.entries.reduce((a, e) => a + e.size, 0);
        if (staged.paths.length === 0) return undefined; // nothing to read: the row path writes the empty file
        scan = input.from.type === 'Parquet'
          ? { from: `read_parquet([${staged.paths.map(sqlString).join(', ')}])`, names: staged.names, header: false, csv: false, files, bytes }
          : await csvScan(session, staged.paths, input.from.typeProperties, declaredColumns(input.from), staged.names, bytes);
      }
      let copied: number;
      try {
        const result = await session.all(`COPY (SELECT ${selectList(input)} FROM ${scan.from}) TO ${sqlString(local)} (FORMAT parquet, COMPRESSION ${compression})`);
        copied = Number(Object.values(result[0] ?? {})[0] ?? 0);
      } catch (error) {
        ctx.signal.throwIfAborted();
        ctx.log.info(`DuckDB fast path not used: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
        return undefined;
      }
      const bad = scan.csv ? await csvRejects(session, scan) : [];
      if (bad.length && !input.skip) {
        const first = bad[0] as Reject;
        throw new SluiceError('COPY_ROW_INVALID', `Cannot copy file '${first.file}', row ${first.row}${first.column ? `, column '${first.column}'` : ''}: ${first.reason}.`, { ...(first.file ? { file: first.file } : {}), ...(first.row !== undefined ? { row: first.row } : {}) }, {
          ...(first.column ? { column: first.column } : {}), line: first.line, reason: first.reason, code: first.code,
        });
      }
      if (bad.length) {
        const where = (await namedRejectsTarget(ctx, input.tp)) ?? { store: dst.store, folder: '', owned: false };
        rejects = new RejectsLog(where, ctx.runId, `${ctx.activityName.replace(/[^A-Za-z0-9_.-]/g, '_')}_${input.tag}.jsonl`);
        for (const r of bad) await rejects.add(r, ctx.signal);
      }
      ctx.signal.throwIfAborted();
      const { bytesWritten } = await dst.store.putFile(local, target, ctx.signal);
      await rejects?.commit();
      ctx.progress({ rowsRead: copied + bad.length, rowsWritten: copied, bytesRead: scan.bytes, bytesWritten, fraction: 1 });
      return {
        rowsRead: copied + bad.length,
        rowsCopied: copied,
        rowsSkipped: bad.length,
        dataRead: scan.bytes,
        dataWritten: bytesWritten,
        filesRead: files,
        filesWritten: 1,
        targets: [target],
        ...(rejects ? { rejectsPath: rejects.display } : {}),
        executionPath: 'duckdb',
      };
    });
  } catch (error) {
    await rejects?.abort();
    throw error;
  } finally {
    await rejects?.close().catch(() => undefined);
    await dst.store.close();
  }
}
