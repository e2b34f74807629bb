/**
 * The trigger document (`trigger/<name>.json`): when to start which pipelines, with which parameters.
 * Each trigger type has its own document schema ({@link triggerSchemas}); the checker picks it from
 * `properties.type`, so errors speak about the one type the user meant.
 */
import type { JsonSchema } from '../schema/json-schema.js';
import { annotationsSchema, armTypeSchema, exportMetadataProperties, resourceNameSchema } from './common.js';
import { pipelineReferenceSchema } from './references.js';
import type { ParameterValues, PipelineReference } from './references.js';
import {
  blobEventsTriggerTypeProperties,
  queueMessageTriggerTypeProperties,
  scheduleTriggerTypeProperties,
  tumblingWindowTriggerTypeProperties,
  webhookTriggerTypeProperties,
} from './trigger-types.js';

/** Trigger types Sluice knows: ADF's three, then Sluice's two. */
export const TRIGGER_TYPES = ['ScheduleTrigger', 'TumblingWindowTrigger', 'BlobEventsTrigger', 'QueueMessageTrigger', 'WebhookTrigger'] as const;

/** A known trigger type name. */
export type TriggerType = (typeof TRIGGER_TYPES)[number];

/** A pipeline a trigger starts, with parameter values (often `@trigger().…` expressions). */
export interface TriggerPipelineReference {
  pipelineReference: PipelineReference;
  parameters?: ParameterValues;
}

/** The `properties` of a trigger document. */
export interface TriggerProperties {
  /** One of {@link TRIGGER_TYPES}. */
  type: string;
  description?: string;
  annotations?: unknown[];
  /** ADF's `Started` / `Stopped`; Sluice starts only `Started` triggers. */
  runtimeState?: string;
  /** Pipelines started (every type but TumblingWindowTrigger). */
  pipelines?: TriggerPipelineReference[];
  /** The one pipeline of a TumblingWindowTrigger. */
  pipeline?: TriggerPipelineReference;
  typeProperties: Record<string, unknown>;
}

/** A trigger document as stored in a factory folder. */
export interface TriggerDocument {
  name: string;
  properties: TriggerProperties;
  type?: string;
  etag?: string;
  id?: string;
}

/** Schema of one `{pipelineReference, parameters}` entry. */
export const triggerPipelineReferenceSchema = {
  type: 'object',
  title: 'Triggered pipeline',
  properties: {
    pipelineReference: pipelineReferenceSchema,
    parameters: { type: 'object', title: 'Parameter values' },
  },
  required: ['pipelineReference'],
  additionalProperties: false,
} as const satisfies JsonSchema;

const commonProperties = {
  type: { type: 'string', title: 'Type', minLength: 1 },
  description: { type: 'string', title: 'Description' },
  annotations: annotationsSchema,
  runtimeState: { type: 'string', title: 'State', enum: ['Started', 'Stopped', 'Disabled'] },
} as const;

const pipelinesSchema = { type: 'array', title: 'Pipelines', items: triggerPipelineReferenceSchema } as const;

function documentSchema(typeProperties: JsonSchema, pipelineForm: 'one' | 'many' | 'either', title: string): JsonSchema {
  const oneTumblingPipeline = pipelineForm === 'one';
  const pipelines: Record<string, JsonSchema> = {};
  if (pipelineForm !== 'many') pipelines['pipeline'] = triggerPipelineReferenceSchema;
  if (pipelineForm !== 'one') pipelines['pipelines'] = pipelinesSchema;
  return {
    type: 'object',
    title,
    properties: {
      name: resourceNameSchema(),
      properties: {
        type: 'object',
        properties: { ...commonProperties, ...pipelines, typeProperties },
        required: oneTumblingPipeline ? ['type', 'typeProperties', 'pipeline'] : ['type', 'typeProperties'],
        additionalProperties: false,
      },
      type: armTypeSchema('triggers'),
      ...exportMetadataProperties,
    },
    required: ['name', 'properties'],
    additionalProperties: false,
  };
}

/** The complete document schema of each trigger type, by type name. */
export const triggerSchemas: Readonly<Record<TriggerType, JsonSchema>> = {
  ScheduleTrigger: documentSchema(scheduleTriggerTypeProperties, 'many', 'Schedule trigger'),
  TumblingWindowTrigger: documentSchema(tumblingWindowTriggerTypeProperties, 'one', 'Tumbling window trigger'),
  BlobEventsTrigger: documentSchema(blobEventsTriggerTypeProperties, 'many', 'Storage event trigger'),
  QueueMessageTrigger: documentSchema(queueMessageTriggerTypeProperties, 'many', 'Queue message trigger (Sluice)'),
  WebhookTrigger: documentSchema(webhookTriggerTypeProperties, 'many', 'Webhook trigger (Sluice)'),
};

/**
 * Schema of a trigger of any type, envelope only (`typeProperties` just an object). Used when the type
 * is unknown, so the rest of the document is still checked.
 */
export const triggerEnvelopeSchema: JsonSchema = documentSchema({ type: 'object', title: 'Type properties' }, 'either', 'Trigger');

/** The canonical name of a trigger type, compared case-insensitively; undefined when unknown. */
export function findTriggerType(type: string): TriggerType | undefined {
  const lower = type.toLowerCase();
  return TRIGGER_TYPES.find((t) => t.toLowerCase() === lower);
}
