/**
 * `@sluice/engine` — the isomorphic entry: the pipeline model (schemas, types), validation, the expression
 * language and the activity contract. No Node-only imports: the designer uses the same code in the browser.
 * Node-only parts (reading factories from disk, the runtime) are in `@sluice/engine/node`.
 */
export * from './errors/index.js';
export * from './expressions/index.js';
export * from './activities/contract.js';
export * from './activities/models.js';
export { ActivityRegistry } from './activities/registry.js';
export type { FromSchema, JsonSchema } from './schema/json-schema.js';
export { parseJsonText, type JsonParseResult } from './schema/json-text.js';
export { escapePointerToken, joinPointer, type Problem, type Severity } from './validation/problem.js';
export { validatePipeline, type TypeLookup, type ValidatePipelineOptions, type ValidationCatalog } from './validation/pipeline.js';
export { indexFactory, validateFactory, type FactoryDocument, type ResourceKind } from './validation/factory.js';
export type { FactoryIndex, IndexedResource } from './validation/references.js';
export { collectScopes, childActivityLists, isContainerType, type LocatedActivity, type Scope } from './validation/scopes.js';
export * from './model/index.js';
export { controlActivities } from './activities/control/index.js';
export { checkGlobalParameters, globalParameterValues } from './validation/global-parameters.js';
export { checkResourceSchema, checkTypeProperties, checkValue, compileSchema, type ResourceSchemaKind } from './validation/schema-check.js';
export * from './triggers/index.js';
