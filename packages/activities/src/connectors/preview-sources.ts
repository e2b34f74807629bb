/**
 * The file and table halves of `previewDataset` and `testLinkedService` (see `operations.ts`): a file
 * dataset is read through its format from its store, a table through its database's table store.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SluiceError, type ResolvedDataset, type ResolvedLinkedService } from '@sluice/engine';
import { fileFormat } from '../formats/index.js';
import type { Column, FileStore, Row, RowSource, TableName } from './contract.js';
import { joinStorePath } from './paths.js';
import { isPublicationFile } from '../publication/names.js';
import { openDatasetStore } from './store-factory.js';
import { isTableStoreType, openTableStore, tableNameFromDataset } from './table-store-factory.js';
import { hasWildcard } from './wildcard.js';
import { storeByteInput } from './byte-input.js';
import { declaredColumns } from './columns.js';

export { storeByteInput } from './byte-input.js';
export { declaredColumns } from './columns.js';

/** True for linked-service types whose datasets are tables (served by `openTableStore`). */
export function isTableLinkedService(type: string): boolean {
  return isTableStoreType(type);
}

/**
 * The file a preview reads: the dataset's file, or the first file (in name order) of its folder
 * matching its wildcard file name. `FILE_NOT_FOUND` when there is none.
 */
async function firstFile(store: FileStore, dataset: ResolvedDataset, folder: string, fileName: string, signal: AbortSignal): Promise<string> {
  if (fileName !== '' && !hasWildcard(fileName)) return joinStorePath(folder, fileName);
  for await (const entry of store.list(folder, { ...(fileName ? { pattern: fileName } : {}), signal })) {
    if (entry.type === 'file' && !isPublicationFile(entry.name)) return entry.path; // never `_SUCCESS`
  }
  throw new SluiceError('FILE_NOT_FOUND', `Dataset '${dataset.name}' has no file to preview in '${folder || '/'}'${fileName ? ` matching '${fileName}'` : ''}.`, { file: folder });
}

/** Reads up to `limit` rows from a source, leaving bad rows out. */
async function collect(source: AsyncIterable<ReadonlyArray<{ row?: Row; bad?: true }>>, limit: number): Promise<Row[]> {
  const rows: Row[] = [];
  if (limit === 0) return rows;
  for await (const batch of source) {
    for (const item of batch) {
      if (!item.bad && item.row) rows.push(item.row);
      if (rows.length >= limit) return rows;
    }
  }
  return rows;
}

function namesOf(rows: readonly Row[]): Column[] {
  const names = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) names.add(key);
  return [...names].map((name) => ({ name }));
}

/** Previews a file dataset through its format (see `previewDataset`). */
export async function previewFileDataset(dataset: ResolvedDataset, limit: number, signal: AbortSignal): Promise<{ columns: readonly Column[]; rows: readonly Row[] }> {
  const format = fileFormat(dataset.type);
  const { store, location } = openDatasetStore(dataset, { signal });
  const tempDir = await mkdtemp(join(tmpdir(), 'sluice-preview-'));
  try {
    const path = dataset.linkedService.type === 'HttpServer' ? location.path : await firstFile(store, dataset, location.folder, location.fileName, signal);
    const input = storeByteInput(store, path, tempDir);
    const declared = declaredColumns(dataset);
    const rows = await collect(format.read(input, dataset.typeProperties, { signal, batchSize: Math.max(1, Math.min(limit, 1000)), ...(declared ? { columns: declared } : {}) }), limit);
    const columns = declared ?? (rows.length > 0 ? namesOf(rows) : await format.inferColumns(input, dataset.typeProperties, signal));
    return { columns, rows };
  } finally {
    await store.close();
    await rm(tempDir, { recursive: true, force: true });
  }
}

/** The table a table dataset names; `DATASET_LOCATION_INVALID` when it names none. */
function datasetTable(dataset: ResolvedDataset): TableName {
  const table = tableNameFromDataset(dataset.typeProperties);
  if (!table) throw new SluiceError('DATASET_LOCATION_INVALID', `Dataset '${dataset.name}' names no table (typeProperties.table or tableName).`, { pointer: '/properties/typeProperties/table' });
  return table;
}

/** Previews a table dataset (see `previewDataset`). */
export async function previewTableDataset(dataset: ResolvedDataset, limit: number, signal: AbortSignal): Promise<{ columns: readonly Column[]; rows: readonly Row[] }> {
  const store = openTableStore(dataset.linkedService);
  try {
    const table = datasetTable(dataset);
    const source: RowSource = store.readTable(table);
    const rows = await collect(source.batches(signal), limit);
    const columns = (await store.describe(table, signal)) ?? (await source.columns()) ?? namesOf(rows);
    return { columns, rows };
  } finally {
    await store.close();
  }
}

/** Connects to a database linked service (see `testLinkedService`). */
export async function testTableLinkedService(linkedService: ResolvedLinkedService, signal: AbortSignal): Promise<void> {
  const store = openTableStore(linkedService);
  try {
    await store.testConnection(signal);
  } finally {
    await store.close();
  }
}
