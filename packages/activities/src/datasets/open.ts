/**
 * A resolved dataset plus the activity's source or sink settings → a {@link RowSource} or a
 * {@link RowSink}: the one place Copy and Lookup turn ADF's dataset families (files through a format,
 * database tables, REST resources) into the data plane's row interfaces.
 */
import { SluiceError, type ResolvedDataset } from '@sluice/engine';
import type { Column, FileEntry, FileStore, RowSink, RowSource, TableStore, TableWriteOptions, TextCleaner } from '../connectors/contract.js';
import { declaredColumns } from './declared.js';
import { restRowSource } from '../connectors/http/rest-source.js';
import { openTableStore, tableNameFromDataset } from '../connectors/table-store-factory.js';
import { fileFormat } from '../formats/index.js';
import { FileRowSink } from './file-sink.js';
import { FileRowSource } from './file-source.js';
import { fileSelection, listSelectedFiles } from './file-list.js';
import { ROW_FILE_FORMATS, datasetFamily, openFiles, settingsOf, type OpenedFiles } from './family.js';

export { ROW_FILE_FORMATS, datasetFamily, openFiles, settingsOf, type OpenedFiles };

/** A row source with what it holds open. */
export interface OpenedSource {
  readonly source: RowSource;
  /** File sources: the files selected (for `filesRead` and the fast path). */
  readonly files?: readonly FileEntry[];
  /** File sources: their store (the DuckDB fast path stages from it). */
  readonly fileStore?: FileStore;
  /** Table sources: the store (the PostgreSQL fast path uses `copyOut`). */
  readonly tableStore?: TableStore;
  /** Table sources: the SQL that is read. */
  readonly query?: string;
  close(): Promise<void>;
}

/** What a source needs from the activity. */
export interface SourceContext {
  readonly signal: AbortSignal;
  readonly tempDir: string;
}

/** The SQL of a table source: ADF's `query` (or legacy `sqlReaderQuery`), else the dataset's whole table. */
function sourceQuery(dataset: ResolvedDataset, source: Record<string, unknown>): { query?: string; table?: ReturnType<typeof tableNameFromDataset> } {
  const query = typeof source.query === 'string' && source.query.trim() !== '' ? source.query : typeof source.sqlReaderQuery === 'string' && source.sqlReaderQuery.trim() !== '' ? source.sqlReaderQuery : undefined;
  if (query) return { query };
  const table = tableNameFromDataset(dataset.typeProperties);
  if (!table) throw new SluiceError('DATASET_LOCATION_INVALID', `Dataset '${dataset.name}' names no table and the source has no query.`, { pointer: '/typeProperties/source/query' });
  return { table };
}

/**
 * Opens the rows of `dataset` as an activity source with ADF's `source` settings: `storeSettings`
 * (wildcards, recursive) and `formatSettings` for files, `query` for tables, REST options for REST.
 */
export async function openRowSource(ctx: SourceContext, dataset: ResolvedDataset, sourceSettings: Record<string, unknown>, options: { batchSize?: number; cleanText?: TextCleaner } = {}): Promise<OpenedSource> {
  const family = datasetFamily(dataset);
  const declared = declaredColumns(dataset);
  if (family === 'rest') {
    const s = sourceSettings;
    const source = restRowSource(dataset, {
      signal: ctx.signal,
      ...(s.paginationRules ? { paginationRules: settingsOf(s.paginationRules) } : {}),
      ...(typeof s.requestMethod === 'string' ? { requestMethod: s.requestMethod } : {}),
      ...(s.additionalHeaders ? { additionalHeaders: settingsOf(s.additionalHeaders) } : {}),
      ...(s.requestBody !== undefined ? { requestBody: s.requestBody } : {}),
      ...(s.requestInterval !== undefined ? { requestInterval: Number(s.requestInterval) } : {}),
      ...(typeof s.collectionReference === 'string' ? { collectionReference: s.collectionReference } : {}),
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    });
    return { source, close: async () => undefined };
  }
  if (family === 'table') {
    const store = openTableStore(dataset.linkedService);
    try {
      const { query, table } = sourceQuery(dataset, sourceSettings);
      const source = query !== undefined ? store.query(query) : store.readTable(table as NonNullable<typeof table>);
      return { source, tableStore: store, ...(query !== undefined ? { query } : {}), close: () => store.close() };
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  if (!ROW_FILE_FORMATS.includes(dataset.type)) {
    throw new SluiceError('COPY_NOT_SUPPORTED', `Dataset '${dataset.name}' is ${dataset.type}: rows can be read from ${ROW_FILE_FORMATS.join(', ')} files only (Binary copies to Binary).`);
  }
  const { store, location } = openFiles(dataset, ctx.signal);
  try {
    const files = await listSelectedFiles(store, location, fileSelection(sourceSettings.storeSettings, true), ctx.signal, dataset.name);
    const source = new FileRowSource({
      store, files, format: fileFormat(dataset.type),
      settings: { ...dataset.typeProperties, ...settingsOf(sourceSettings.formatSettings) },
      tempDir: ctx.tempDir,
      ...(declared ? { columns: declared } : {}),
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      ...(options.cleanText ? { cleanText: options.cleanText } : {}),
    });
    return { source, files, fileStore: store, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** A row sink with what it holds open. */
export interface OpenedSink {
  readonly sink: RowSink;
  /** The columns the target already has (an existing table), to convert values to. */
  readonly targetColumns?: readonly Column[];
  /** File sinks: the store and where the files go. */
  readonly files?: OpenedFiles;
  /** Table sinks: the store. */
  readonly tableStore?: TableStore;
  close(): Promise<void>;
}

/** ADF's table sink settings as the data plane's write options. */
export function tableWriteOptions(sink: Record<string, unknown>): TableWriteOptions {
  const upsert = String(sink.writeBehavior ?? '').toLowerCase() === 'upsert' || String(sink.writeMethod ?? '').toLowerCase() === 'upsert';
  const keys = settingsOf(sink.upsertSettings).keys;
  if (upsert && (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'string'))) {
    throw new SluiceError('TYPE_PROPERTIES_INVALID', "An upsert sink needs 'upsertSettings.keys': the key columns to match rows on.", { pointer: '/typeProperties/sink/upsertSettings/keys' });
  }
  return {
    mode: upsert ? 'upsert' : 'insert',
    ...(upsert ? { keys: keys as string[] } : {}),
    ...(typeof sink.preCopyScript === 'string' && sink.preCopyScript.trim() !== '' ? { preCopyScript: sink.preCopyScript } : {}),
    ...(String(sink.tableOption ?? '').toLowerCase() === 'autocreate' ? { createTable: true } : {}),
    ...(typeof sink.writeBatchSize === 'number' && sink.writeBatchSize > 0 ? { batchSize: sink.writeBatchSize } : {}),
  };
}

/** How a file sink names, splits and writes its files, read from ADF's sink settings. */
export interface FileSinkPlan {
  readonly settings: Readonly<Record<string, unknown>>;
  readonly fileName: string;
  readonly fileNamePrefix?: string;
  readonly maxRowsPerFile?: number;
  readonly partitionBy?: readonly string[];
  readonly mode: 'overwrite' | 'append';
  readonly tag: string;
}

/** Reads a file sink's plan: `formatSettings` (maxRowsPerFile, fileNamePrefix), `storeSettings.writeBehavior`, `partitionBy`. */
export function fileSinkPlan(dataset: ResolvedDataset, fileName: string, sinkSettings: Record<string, unknown>, tag: string): FileSinkPlan {
  const format = settingsOf(sinkSettings.formatSettings);
  const store = settingsOf(sinkSettings.storeSettings);
  const partitionBy = Array.isArray(sinkSettings.partitionBy) ? sinkSettings.partitionBy.map(String) : undefined;
  const maxRows = Number(format.maxRowsPerFile ?? 0);
  return {
    settings: { ...dataset.typeProperties, ...format },
    fileName,
    ...(typeof format.fileNamePrefix === 'string' && format.fileNamePrefix !== '' ? { fileNamePrefix: format.fileNamePrefix } : {}),
    ...(maxRows > 0 ? { maxRowsPerFile: Math.floor(maxRows) } : {}),
    ...(partitionBy?.length ? { partitionBy } : {}),
    mode: String(store.writeBehavior ?? 'overwrite').toLowerCase() === 'append' ? 'append' : 'overwrite',
    tag,
  };
}

/** What a sink needs from the activity. */
export interface SinkContext {
  readonly signal: AbortSignal;
  /** Unique per activity run: names generated and appended files. */
  readonly tag: string;
}

/**
 * Opens `dataset` as an activity sink with ADF's `sink` settings: for files `formatSettings`
 * (`maxRowsPerFile`, `fileNamePrefix`), `storeSettings.writeBehavior` (Sluice: `overwrite` | `append`) and
 * `partitionBy` (Sluice: column names); for tables `writeBehavior`/`writeMethod` upsert with
 * `upsertSettings.keys`, `preCopyScript`, `tableOption: autoCreate`.
 */
export async function openRowSink(ctx: SinkContext, dataset: ResolvedDataset, sinkSettings: Record<string, unknown>): Promise<OpenedSink> {
  const family = datasetFamily(dataset);
  if (family === 'rest') throw new SluiceError('COPY_NOT_SUPPORTED', `Dataset '${dataset.name}' is a REST resource: Sluice does not write to REST sinks.`);
  if (family === 'table') {
    const table = tableNameFromDataset(dataset.typeProperties);
    if (!table) throw new SluiceError('DATASET_LOCATION_INVALID', `Dataset '${dataset.name}' names no table to write to.`, { pointer: '/properties/typeProperties/table' });
    const store = openTableStore(dataset.linkedService);
    try {
      const sink = store.sink(table, tableWriteOptions(sinkSettings));
      const existing = await store.describe(table, ctx.signal);
      return { sink, tableStore: store, ...(existing ? { targetColumns: existing } : {}), close: () => store.close() };
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  if (!ROW_FILE_FORMATS.includes(dataset.type)) {
    throw new SluiceError('COPY_NOT_SUPPORTED', `Dataset '${dataset.name}' is ${dataset.type}: rows can be written to ${ROW_FILE_FORMATS.join(', ')} files only.`);
  }
  const files = openFiles(dataset, ctx.signal);
  const plan = fileSinkPlan(dataset, files.location.fileName, sinkSettings, ctx.tag);
  const sink = new FileRowSink({ store: files.store, format: fileFormat(dataset.type), folder: files.location.folder, ...plan });
  const declared = declaredColumns(dataset);
  return { sink, files, ...(declared ? { targetColumns: declared } : {}), close: () => files.store.close() };
}
