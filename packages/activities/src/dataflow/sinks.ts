/**
 * Sink publishing: DuckDB writes the sink's rows to local files (`COPY … TO`, partitioned by columns
 * when asked), then each file is published through the dataset's store with `putFile` (a rename on
 * local disk, a completed upload on S3: a reader never sees half a file). Database tables receive the
 * rows through their table store's transactional sink.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { SluiceError, type ResolvedDataset } from '@sluice/engine';
import type { Column, FileStore, LogicalType } from '../connectors/contract.js';
import { joinStorePath } from '../connectors/paths.js';
import { openTableStore, tableNameFromDataset } from '../connectors/table-store-factory.js';
import { datasetFamily, openFiles } from '../datasets/family.js';
import { copyToSql, outputExtension } from '../duckdb/files.js';
import { quoteIdent } from '../duckdb/quote.js';
import type { DuckSession } from '../duckdb/session.js';
import type { DataFlowStep } from './types.js';

/** What one sink step wrote. */
export interface SinkOutcome {
  readonly step: string;
  readonly dataset: string;
  readonly rowsWritten: number;
  readonly bytesWritten: number;
  /** Paths in the store (or table names) written. */
  readonly targets: readonly string[];
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out.sort();
}

const DUCK_LOGICAL: ReadonlyArray<[RegExp, LogicalType]> = [
  [/^(TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT)$/, 'int32'], [/^(BIGINT|UINTEGER|HUGEINT|UBIGINT)$/, 'int64'], [/^(DOUBLE|FLOAT|REAL)$/, 'double'],
  [/^DECIMAL/, 'decimal'], [/^BOOLEAN$/, 'boolean'], [/^DATE$/, 'date'], [/^TIMESTAMP/, 'timestamp'], [/^VARCHAR$/, 'string'],
];

function logicalOf(type: string): LogicalType {
  return DUCK_LOGICAL.find(([re]) => re.test(type))?.[1] ?? 'json';
}

/**
 * Writes the rows of `table` (a DuckDB table, quoted) to the sink step's dataset. `workDir` is a
 * private local folder; `tag` makes appended file names unique (the activity run id).
 */
export async function writeSink(db: DuckSession, step: DataFlowStep, dataset: ResolvedDataset, table: string, workDir: string, tag: string, signal: AbortSignal, stores: FileStore[]): Promise<SinkOutcome> {
  const mode = (step.mode as string | undefined) ?? 'overwrite';
  const partitionBy = step.partitionBy as string[] | undefined;
  if (datasetFamily(dataset) === 'table') return writeTableSink(db, step, dataset, table, mode, signal);
  const { store, location } = openFiles(dataset, signal);
  stores.push(store);
  const ext = outputExtension(dataset.type, dataset.typeProperties);
  await mkdir(workDir, { recursive: true });
  const fileName = (step.fileName as string | undefined) ?? (location.fileName !== '' ? location.fileName : undefined);
  const unique = `part-${tag}-${randomUUID().slice(0, 8)}`;
  if (mode === 'append' && fileName !== undefined && !partitionBy) {
    throw new SluiceError('DATAFLOW_INVALID', `Sink '${step.name}': mode 'append' writes new files into a folder, but dataset '${dataset.name}' names the file '${fileName}'. Point the dataset at a folder, or use mode 'overwrite'.`);
  }
  if (!partitionBy?.length) {
    const name = fileName ?? `${unique}${ext}`;
    const local = join(workDir, name.replace(/[\\/]/g, '_'));
    const rows = await db.run(copyToSql(`SELECT * FROM ${table}`, local, dataset.type, dataset.typeProperties));
    const target = joinStorePath(location.folder, name);
    if (mode === 'overwrite' && fileName === undefined) await store.delete(location.folder, { recursive: true, signal });
    const { bytesWritten } = await store.putFile(local, target, signal);
    return { step: step.name, dataset: dataset.name, rowsWritten: rows, bytesWritten, targets: [target] };
  }
  const localDir = join(workDir, 'partitions');
  const rows = await db.run(copyToSql(`SELECT * FROM ${table}`, localDir, dataset.type, dataset.typeProperties, { partitionBy }));
  const base = fileName === undefined ? location.folder : location.path;
  if (mode === 'overwrite') await store.delete(base, { recursive: true, signal });
  const targets: string[] = [];
  let bytes = 0;
  for (const file of await walk(localDir).catch(() => [] as string[])) {
    const rel = relative(localDir, file).split(sep);
    const leaf = rel.pop() as string;
    const target = joinStorePath(base, ...rel, `${mode === 'append' ? `${unique}-` : ''}${leaf}`);
    const { bytesWritten } = await store.putFile(file, target, signal);
    bytes += bytesWritten || (await stat(file)).size;
    targets.push(target);
  }
  return { step: step.name, dataset: dataset.name, rowsWritten: rows, bytesWritten: bytes, targets };
}

async function writeTableSink(db: DuckSession, step: DataFlowStep, dataset: ResolvedDataset, table: string, mode: string, signal: AbortSignal): Promise<SinkOutcome> {
  const name = tableNameFromDataset(dataset.typeProperties);
  if (!name) throw new SluiceError('DATASET_LOCATION_INVALID', `Sink '${step.name}': dataset '${dataset.name}' names no table.`);
  const described = await db.describe(table);
  const columns: Column[] = described.map((c) => ({ name: c.name, type: logicalOf(c.type) }));
  const store = openTableStore(dataset.linkedService);
  try {
    const mysql = /^(MySql|MariaDB)$/.test(dataset.linkedService.type);
    const q = (n: string): string => (mysql ? `\`${n.replace(/`/g, '``')}\`` : quoteIdent(n));
    // Overwrite empties the table in the sink's own transaction: readers see the old rows or the new ones.
    const clear = mode === 'overwrite' && (await store.describe(name, signal)) ? `DELETE FROM ${name.schema ? `${q(name.schema)}.` : ''}${q(name.table)}` : undefined;
    const sink = store.sink(name, { mode: 'insert', createTable: true, ...(clear ? { preCopyScript: clear } : {}) });
    try {
      await sink.open(columns, signal);
      const page = 10_000;
      for (let offset = 0; ; offset += page) {
        const { rows } = await db.query(`SELECT * FROM ${table} LIMIT ${page} OFFSET ${offset}`);
        if (!rows.length) break;
        await sink.write(rows, signal);
        if (rows.length < page) break;
      }
      const result = await sink.commit(signal);
      return { step: step.name, dataset: dataset.name, rowsWritten: result.rowsWritten, bytesWritten: result.bytesWritten, targets: result.targets };
    } catch (error) {
      await sink.abort();
      throw error;
    }
  } finally {
    await store.close();
  }
}
