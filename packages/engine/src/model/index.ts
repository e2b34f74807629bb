/**
 * Sluice's model of ADF's resource documents (pipelines, activities, datasets, linked services,
 * triggers, data flows): JSON Schemas for validation and forms, and TypeScript types for code.
 * Isomorphic: no Node imports.
 */
export * from './common.js';
export * from './values.js';
export * from './references.js';
export * from './activity.js';
export * from './pipeline.js';
export * from './dataset.js';
export * from './linked-service.js';
export * from './trigger-types.js';
export * from './trigger.js';
export * from './dataflow.js';
export * from './global-parameters.js';
export * from './types-catalog.js';
export * from './builtin-types.js';
