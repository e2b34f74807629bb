/**
 * References from one resource to another, in ADF's shape `{referenceName, type: 'XReference', …}`.
 * Names are resolved against the factory by the validator (DATASET_NOT_FOUND, PIPELINE_NOT_FOUND …).
 */
import type { JsonSchema } from '../schema/json-schema.js';

/** Values passed to a referenced resource's parameters, by name (literals or expressions). */
export type ParameterValues = Record<string, unknown>;

/** A dataset used by an activity (`inputs`, `outputs`, Lookup's `dataset` …), with its parameter values. */
export interface DatasetReference {
  referenceName: string;
  type: 'DatasetReference';
  parameters?: ParameterValues;
}

/** A linked service used by a dataset or an activity, with its parameter values. */
export interface LinkedServiceReference {
  referenceName: string;
  type: 'LinkedServiceReference';
  parameters?: ParameterValues;
}

/** A pipeline run by Execute Pipeline or a trigger. `name` is ADF's optional display name. */
export interface PipelineReference {
  referenceName: string;
  type: 'PipelineReference';
  name?: string;
}

/** A data flow run by a Data Flow activity. */
export interface DataFlowReference {
  referenceName: string;
  type: 'DataFlowReference';
  parameters?: ParameterValues;
  datasetParameters?: unknown;
}

/** A trigger another trigger depends on (tumbling-window dependencies). */
export interface TriggerReference {
  referenceName: string;
  type: 'TriggerReference';
}

/** An integration runtime (`connectVia`). Accepted from ADF files; Sluice runs everything on its workers. */
export interface IntegrationRuntimeReference {
  referenceName: string;
  type: 'IntegrationRuntimeReference';
  parameters?: ParameterValues;
}

const referenceName = { type: 'string', title: 'Name', minLength: 1 } as const;
const parameterValues = {
  type: 'object',
  title: 'Parameter values',
  description: 'Values for the referenced resource’s parameters, by name; literals or expressions.',
} as const;

/** Schema of a {@link DatasetReference}. */
export const datasetReferenceSchema = {
  type: 'object',
  title: 'Dataset reference',
  properties: {
    referenceName,
    type: { type: 'string', const: 'DatasetReference' },
    parameters: parameterValues,
  },
  required: ['referenceName', 'type'],
  additionalProperties: false,
} as const satisfies JsonSchema;

/** Schema of a {@link LinkedServiceReference}. */
export const linkedServiceReferenceSchema = {
  type: 'object',
  title: 'Linked service reference',
  properties: {
    referenceName,
    type: { type: 'string', const: 'LinkedServiceReference' },
    parameters: parameterValues,
  },
  required: ['referenceName', 'type'],
  additionalProperties: false,
} as const satisfies JsonSchema;

/** Schema of a {@link PipelineReference}. */
export const pipelineReferenceSchema = {
  type: 'object',
  title: 'Pipeline reference',
  properties: {
    referenceName,
    type: { type: 'string', const: 'PipelineReference' },
    name: { type: 'string', title: 'Display name' },
  },
  required: ['referenceName', 'type'],
  additionalProperties: false,
} as const satisfies JsonSchema;

/** Schema of a {@link DataFlowReference}. */
export const dataFlowReferenceSchema = {
  type: 'object',
  title: 'Data flow reference',
  properties: {
    referenceName,
    type: { type: 'string', const: 'DataFlowReference' },
    parameters: parameterValues,
    datasetParameters: { title: 'Dataset parameters', description: 'Parameter values for the datasets of the flow’s sources and sinks.' },
  },
  required: ['referenceName', 'type'],
  additionalProperties: false,
} as const satisfies JsonSchema;

/** Schema of a {@link TriggerReference}. */
export const triggerReferenceSchema = {
  type: 'object',
  title: 'Trigger reference',
  properties: {
    referenceName,
    type: { type: 'string', const: 'TriggerReference' },
  },
  required: ['referenceName', 'type'],
  additionalProperties: false,
} as const satisfies JsonSchema;

/** Schema of an {@link IntegrationRuntimeReference}. */
export const integrationRuntimeReferenceSchema = {
  type: 'object',
  title: 'Integration runtime reference',
  description: 'Accepted from ADF files and ignored: Sluice runs activities on its own workers.',
  properties: {
    referenceName,
    type: { type: 'string', const: 'IntegrationRuntimeReference' },
    parameters: parameterValues,
  },
  required: ['referenceName', 'type'],
  additionalProperties: false,
} as const satisfies JsonSchema;
