/**
 * The family of a resolved dataset (files, tables, REST) and the opening of a file dataset's store:
 * what every data activity asks first, kept apart from the row machinery so Delete, GetMetadata and
 * Validation need no format.
 */
import { SluiceError, type ResolvedDataset } from '@sluice/engine';
import type { FileStore } from '../connectors/contract.js';
import type { DatasetPath } from '../connectors/paths.js';
import { FILE_STORE_TYPES, openDatasetStore } from '../connectors/store-factory.js';
import { isTableStoreType } from '../connectors/table-store-factory.js';

/** The three families of datasets, by how their rows are reached. */
export type DatasetFamily = 'file' | 'table' | 'rest';

/** File formats whose rows Sluice reads and writes (Binary is bytes only). */
export const ROW_FILE_FORMATS: readonly string[] = ['DelimitedText', 'Json', 'Parquet'];

/** The family of a dataset; `COPY_NOT_SUPPORTED` for a dataset Sluice has no connector for. */
export function datasetFamily(dataset: ResolvedDataset): DatasetFamily {
  if (dataset.type === 'RestResource') return 'rest';
  if (FILE_STORE_TYPES.includes(dataset.linkedService.type)) return 'file';
  if (isTableStoreType(dataset.linkedService.type)) return 'table';
  throw new SluiceError('COPY_NOT_SUPPORTED', `Dataset '${dataset.name}' (${dataset.type} on a ${dataset.linkedService.type} linked service) has no connector in Sluice.`);
}

/** An ADF settings object as a record (absent → empty). */
export function settingsOf(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Where the files of a file dataset are, opened. Close the store when done. */
export interface OpenedFiles {
  readonly store: FileStore;
  readonly location: DatasetPath;
}

/** Opens the store of a file dataset. */
export function openFiles(dataset: ResolvedDataset, signal: AbortSignal): OpenedFiles {
  return openDatasetStore(dataset, { signal });
}

