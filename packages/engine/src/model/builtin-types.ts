/**
 * The dataset and linked-service types Sluice ships, in one place for the engine, the API and the
 * designer. Declarations only: connectors implement them in the activities package.
 *
 * @example
 * const datasets = new TypeCatalog('dataset', builtinDatasetTypes);
 */
export { builtinLinkedServiceTypes } from './builtin-linked-services.js';
export { builtinDatasetTypes, fileLocationSchema, FILE_STORE_LINKED_SERVICE_TYPES, LOCATION_TYPE_BY_LINKED_SERVICE } from './builtin-datasets.js';
