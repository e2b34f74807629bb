/**
 * The data plane's connectors, as the rest of Sluice sees them: the store contract, the factories that
 * open a store from a resolved linked service, the REST row source, the path and wildcard helpers the
 * data activities share, and the two operations the API offers (test connection, preview data).
 */
export type * from './contract.js';
export { openFileStore, openDatasetStore, FILE_STORE_TYPES, type OpenFileStoreOptions, type DatasetStore } from './store-factory.js';
export { restRowSource, type RestSourceOptions } from './http/rest-source.js';
export { datasetPath, normalizeStorePath, joinStorePath, baseName, parentPath, type DatasetPath } from './paths.js';
export { hasWildcard, wildcardMatcher, wildcardToRegExp, unescapeWildcard } from './wildcard.js';
export { storeByteInput } from './byte-input.js';
export { testLinkedService, previewDataset, type TestConnectionResult, type DatasetPreview } from './operations.js';
export { openTableStore, isTableStoreType } from './table-store-factory.js';
