/**
 * The pipeline document, in ADF's git form: `pipeline/<name>.json` holding `{name, properties}`.
 */
import type { JsonSchema } from '../schema/json-schema.js';
import { activitySchema } from './activity.js';
import type { Activity } from './activity.js';
import {
  DATE_TIME_PATTERN,
  TIMESPAN_PATTERN,
  annotationsSchema,
  armTypeSchema,
  caseInsensitiveEnum,
  exportMetadataProperties,
  folderSchema,
  parameterSpecsSchema,
  resourceNameSchema,
} from './common.js';
import type { ParameterSpecification } from './common.js';
import { orExpression } from './values.js';
import type { ExpressionValue } from './values.js';

/**
 * Variable types, matched case-insensitively. ADF's API knows String, Bool and Array; newer ADF Studio
 * writes Boolean and Integer, which are accepted too (Boolean means Bool).
 */
export const VARIABLE_TYPES = ['String', 'Bool', 'Boolean', 'Array', 'Integer'] as const;

/** A declared pipeline variable. */
export interface VariableSpecification {
  /** One of {@link VARIABLE_TYPES}, any casing. */
  type: string;
  defaultValue?: unknown;
}

/** Pipeline-level policy: ADF's elapsed-time metric (a run longer than `duration` raises a metric). */
export interface PipelinePolicy {
  elapsedTimeMetric?: { duration?: string | ExpressionValue };
}

/** The `properties` of a pipeline document. */
export interface PipelineProperties {
  description?: string;
  /** Top-level activities; containers (ForEach, If …) hold more in their typeProperties. */
  activities: Activity[];
  parameters?: Record<string, ParameterSpecification>;
  variables?: Record<string, VariableSpecification>;
  /** Most runs of this pipeline at once; more are queued. */
  concurrency?: number;
  annotations?: unknown[];
  folder?: { name: string };
  policy?: PipelinePolicy;
  /** Dimensions emitted with run metrics, by name (values may be expressions). */
  runDimensions?: Record<string, unknown>;
  /** Written by ADF on publish; ignored. */
  lastPublishTime?: string;
}

/** A pipeline document as stored in a factory folder. */
export interface PipelineDocument {
  name: string;
  properties: PipelineProperties;
  /** ADF export metadata (`Microsoft.DataFactory/factories/pipelines`); ignored. */
  type?: string;
  etag?: string;
  id?: string;
}

/** Schema of a `variables` declaration map. */
export const variableSpecsSchema = {
  type: 'object',
  title: 'Variables',
  description: 'Declared variables, by name; set by Set Variable and Append Variable.',
  additionalProperties: {
    type: 'object',
    properties: {
      type: caseInsensitiveEnum(VARIABLE_TYPES, { title: 'Type' }),
      defaultValue: { title: 'Default value' },
    },
    required: ['type'],
    additionalProperties: false,
  },
} as const satisfies JsonSchema;

/** Schema of a pipeline document. */
export const pipelineSchema = {
  type: 'object',
  title: 'Pipeline',
  properties: {
    name: resourceNameSchema(),
    properties: {
      type: 'object',
      properties: {
        description: { type: 'string', title: 'Description' },
        activities: { type: 'array', title: 'Activities', items: activitySchema },
        parameters: parameterSpecsSchema,
        variables: variableSpecsSchema,
        concurrency: {
          type: 'integer',
          title: 'Concurrency',
          description: 'Most runs of this pipeline at once; further runs wait in the queue.',
          minimum: 1,
        },
        annotations: annotationsSchema,
        folder: folderSchema,
        policy: {
          type: 'object',
          title: 'Pipeline policy',
          properties: {
            elapsedTimeMetric: {
              type: 'object',
              properties: {
                duration: orExpression({ type: 'string', pattern: TIMESPAN_PATTERN } as const, { title: 'Duration' }),
              },
              additionalProperties: false,
            },
          },
          additionalProperties: false,
        },
        runDimensions: { type: 'object', title: 'Run dimensions' },
        lastPublishTime: { type: 'string', pattern: DATE_TIME_PATTERN, description: 'Written by ADF on publish; ignored.' },
      },
      required: ['activities'],
      additionalProperties: false,
    },
    type: armTypeSchema('pipelines'),
    ...exportMetadataProperties,
  },
  required: ['name', 'properties'],
  additionalProperties: false,
} as const satisfies JsonSchema;
