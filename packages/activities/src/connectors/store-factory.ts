/**
 * Opens the {@link FileStore} of a resolved linked service, by its type: the one place that knows
 * which class serves LocalFileSystem, FileServer, AmazonS3, AmazonS3Compatible and HttpServer. The data
 * activities call this (or {@link openDatasetStore}) and never construct a store themselves.
 */
import { SluiceError, type ResolvedDataset, type ResolvedLinkedService } from '@sluice/engine';
import type { FileStore } from './contract.js';
import { httpEndpoint } from './http/http-auth.js';
import { HttpFileStore } from './http/http-store.js';
import { requiredSetting, throwIfAborted } from './linked-service-settings.js';
import { LocalFileStore } from './local/local-store.js';
import { datasetPath, type DatasetPath } from './paths.js';
import { createS3Client } from './s3/s3-client.js';
import { S3FileStore } from './s3/s3-store.js';

/** Linked-service types {@link openFileStore} serves. */
export const FILE_STORE_TYPES: readonly string[] = ['LocalFileSystem', 'FileServer', 'AmazonS3', 'AmazonS3Compatible', 'HttpServer'];

/** Options of {@link openFileStore}. */
export interface OpenFileStoreOptions {
  readonly signal?: AbortSignal;
  /** S3: the bucket paths are relative to (from the dataset's `location.bucketName`). Without it, a path's first segment is the bucket. */
  readonly bucket?: string;
  /** S3: keys per list request (default 1,000). */
  readonly listPageSize?: number;
}

/**
 * Opens the file store a linked service describes. Settings are checked here (`LINKED_SERVICE_INVALID`
 * naming the property); no connection is made until the first operation. Close it when done.
 * Throws `UNSUPPORTED_LINKED_SERVICE_TYPE` for types that are not file stores.
 *
 * @example
 * const store = openFileStore({ name: 'lake', type: 'LocalFileSystem', typeProperties: { rootPath: '/data' } });
 * for await (const entry of store.list('in', { pattern: '*.csv' })) …
 */
export function openFileStore(linkedService: ResolvedLinkedService, options: OpenFileStoreOptions = {}): FileStore {
  throwIfAborted(options.signal);
  switch (linkedService.type) {
    case 'LocalFileSystem':
      return new LocalFileStore({ name: linkedService.name, kind: linkedService.type, root: requiredSetting(linkedService, 'rootPath') });
    case 'FileServer':
      return new LocalFileStore({ name: linkedService.name, kind: linkedService.type, root: requiredSetting(linkedService, 'host') });
    case 'AmazonS3':
    case 'AmazonS3Compatible':
      return new S3FileStore({
        name: linkedService.name,
        kind: linkedService.type,
        client: createS3Client(linkedService),
        ...(options.bucket !== undefined ? { bucket: options.bucket } : {}),
        ...(options.listPageSize !== undefined ? { listPageSize: options.listPageSize } : {}),
      });
    case 'HttpServer':
      return new HttpFileStore({ endpoint: httpEndpoint(linkedService) });
    default:
      throw new SluiceError('UNSUPPORTED_LINKED_SERVICE_TYPE', `Linked service '${linkedService.name}' is of type ${linkedService.type}, which is not a file store (${FILE_STORE_TYPES.join(', ')}).`);
  }
}

/** A file dataset's store and where in it the dataset points. */
export interface DatasetStore {
  readonly store: FileStore;
  readonly location: DatasetPath;
}

/**
 * Opens the store of a file dataset (its linked service, and for S3 the dataset's bucket) and reads its
 * location. For HttpServer datasets the location's `relativeUrl` is the path.
 */
export function openDatasetStore(dataset: ResolvedDataset, options: Omit<OpenFileStoreOptions, 'bucket'> = {}): DatasetStore {
  const location = datasetPath(dataset);
  const s3 = dataset.linkedService.type === 'AmazonS3' || dataset.linkedService.type === 'AmazonS3Compatible';
  if (s3 && location.bucket === undefined) {
    throw new SluiceError('DATASET_LOCATION_INVALID', `Dataset '${dataset.name}' is on S3 but its location has no bucketName.`, { pointer: '/properties/typeProperties/location/bucketName' });
  }
  const store = openFileStore(dataset.linkedService, { ...options, ...(s3 && location.bucket !== undefined ? { bucket: location.bucket } : {}) });
  if (dataset.linkedService.type === 'HttpServer' && location.relativeUrl !== undefined) {
    return { store, location: { ...location, path: location.relativeUrl, fileName: location.relativeUrl.replace(/[?#].*$/, '').split('/').filter(Boolean).at(-1) ?? '' } };
  }
  return { store, location };
}
