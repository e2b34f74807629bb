/**
 * Sink publishing. DuckDB writes a file sink's rows to local files first (`COPY … TO`, partitioned by columns when
 * asked); then the files are published as one set (`publication/`): uploaded into a hidden staging folder beside the
 * dataset's folder, then placed — on local disk an `overwrite` swaps the folder with two renames, elsewhere the
 * files are moved in under a pending marker that Sluice's readers honour (and `_SUCCESS` is written last on S3). A
 * reader sees the old set or the new one, never some partitions and not others. A sink naming one file
 * (`fileName`, no `partitionBy`) is one atomic `putFile`. Database tables receive the rows through their table
 * store's transactional sink.
 *
 * A sink is prepared when the flow reaches it, and published only after every step ran (see `runner.ts`), so a
 * flow that fails publishes none of its file sinks.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { SluiceError, type ResolvedDataset } from '@sluice/engine';
import type { Column, FileStore, LogicalType } from '../connectors/contract.js';
import { joinStorePath } from '../connectors/paths.js';
import { openTableStore, tableNameFromDataset } from '../connectors/table-store-factory.js';
import { datasetFamily, openFiles } from '../datasets/family.js';
import { copyToSql, outputExtension } from '../duckdb/files.js';
import { quoteIdent } from '../duckdb/quote.js';
import type { DuckSession } from '../duckdb/session.js';
import { stageFileSet, type SetFile, type StagedSet } from '../publication/publish-set.js';
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

/** A sink step ready to publish: its files written locally (file sinks), or its rows still in DuckDB (tables). */
export interface PreparedSink {
  readonly step: string;
  /** Uploads the files into their hidden staging folder (file sinks; nothing for tables). */
  stage(): Promise<void>;
  /** Makes the output visible: places the staged set (files) or writes the table in one transaction. */
  publish(): Promise<SinkOutcome>;
  /** Removes anything staged (after a failure): nothing of this sink becomes visible. */
  discard(): Promise<void>;
  /** True for table sinks, which publish in their own transaction. */
  readonly table: boolean;
}

/**
 * Prepares the sink step writing the rows of `table` (a DuckDB table, quoted) to its dataset. `workDir` is a
 * private local folder; `tag` (the activity run id) makes file names unique and owns the publication, so a later
 * attempt of the same activity run cleans up what a killed one left.
 */
export async function prepareSink(db: DuckSession, step: DataFlowStep, dataset: ResolvedDataset, table: string, workDir: string, tag: string, signal: AbortSignal, stores: FileStore[]): Promise<PreparedSink> {
  const mode = (step.mode as string | undefined) ?? 'overwrite';
  const partitionBy = step.partitionBy as string[] | undefined;
  if (datasetFamily(dataset) === 'table') {
    return {
      step: step.name, table: true,
      stage: async () => undefined, discard: async () => undefined,
      publish: () => writeTableSink(db, step, dataset, table, mode, signal),
    };
  }
  const { store, location } = openFiles(dataset, signal);
  stores.push(store);
  const ext = outputExtension(dataset.type, dataset.typeProperties);
  await mkdir(workDir, { recursive: true });
  const fileName = (step.fileName as string | undefined) ?? (location.fileName !== '' ? location.fileName : undefined);
  const unique = `part-${tag}-${randomUUID().slice(0, 8)}`;
  if (mode === 'append' && fileName !== undefined && !partitionBy) {
    throw new SluiceError('DATAFLOW_INVALID', `Sink '${step.name}': mode 'append' writes new files into a folder, but dataset '${dataset.name}' names the file '${fileName}'. Point the dataset at a folder, or use mode 'overwrite'.`);
  }
  if (!partitionBy?.length && fileName !== undefined) {
    // One named file: one atomic putFile replaces it.
    const local = join(workDir, fileName.replace(/[\\/]/g, '_'));
    const rows = await db.run(copyToSql(`SELECT * FROM ${table}`, local, dataset.type, dataset.typeProperties));
    const target = joinStorePath(location.folder, fileName);
    return {
      step: step.name, table: false, stage: async () => undefined, discard: async () => undefined,
      publish: async () => ({ step: step.name, dataset: dataset.name, rowsWritten: rows, bytesWritten: (await store.putFile(local, target, signal)).bytesWritten, targets: [target] }),
    };
  }
  let rows: number;
  let files: SetFile[];
  if (!partitionBy?.length) {
    const local = join(workDir, `${unique}${ext}`);
    rows = await db.run(copyToSql(`SELECT * FROM ${table}`, local, dataset.type, dataset.typeProperties));
    files = [{ local, path: `${unique}${ext}` }];
  } else {
    const localDir = join(workDir, 'partitions');
    rows = await db.run(copyToSql(`SELECT * FROM ${table}`, localDir, dataset.type, dataset.typeProperties, { partitionBy }));
    // Every file gets the publication's unique prefix, so a new set never collides with the one it replaces.
    files = (await walk(localDir).catch(() => [] as string[])).map((file) => {
      const rel = relative(localDir, file).split(sep);
      const leaf = rel.pop() as string;
      return { local: file, path: joinStorePath(...rel, `${unique}-${leaf}`) };
    });
  }
  const folder = fileName === undefined ? location.folder : location.path;
  let staged: StagedSet | undefined;
  return {
    step: step.name, table: false,
    async stage() {
      staged = await stageFileSet(store, folder, files, { mode: mode === 'append' ? 'append' : 'overwrite', owner: tag, signal });
    },
    async publish() {
      if (!staged) throw new SluiceError('DATAFLOW_STEP_FAILED', `Sink '${step.name}' was published before it was staged.`);
      const result = await staged.place();
      return { step: step.name, dataset: dataset.name, rowsWritten: rows, bytesWritten: result.bytesWritten, targets: result.targets };
    },
    async discard() {
      await staged?.discard();
    },
  };
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
