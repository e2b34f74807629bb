/**
 * The data flow document (`dataflow/<name>.json`). Only the envelope is modelled for now: the
 * content of `typeProperties` (sources, sinks, transformations) is checked when data flows land.
 */
import type { JsonSchema } from '../schema/json-schema.js';
import { annotationsSchema, armTypeSchema, exportMetadataProperties, folderSchema, resourceNameSchema } from './common.js';

/** Data flow kinds: ADF's mapping data flow (its script) and Sluice's own step list. */
export const DATAFLOW_TYPES = ['MappingDataFlow', 'SluiceDataFlow'] as const;

/** The `properties` of a data flow document. */
export interface DataFlowProperties {
  /** One of {@link DATAFLOW_TYPES}. */
  type: string;
  description?: string;
  folder?: { name: string };
  annotations?: unknown[];
  /** The flow itself; its shape depends on `type`. */
  typeProperties: Record<string, unknown>;
}

/** A data flow document as stored in a factory folder. */
export interface DataFlowDocument {
  name: string;
  properties: DataFlowProperties;
  type?: string;
  etag?: string;
  id?: string;
}

/** Schema of a data flow document (envelope only). */
export const dataFlowSchema = {
  type: 'object',
  title: 'Data flow',
  properties: {
    name: resourceNameSchema(true),
    properties: {
      type: 'object',
      properties: {
        type: { type: 'string', title: 'Type', enum: [...DATAFLOW_TYPES] },
        description: { type: 'string', title: 'Description' },
        folder: folderSchema,
        annotations: annotationsSchema,
        typeProperties: { type: 'object', title: 'Type properties' },
      },
      required: ['type', 'typeProperties'],
      additionalProperties: false,
    },
    type: armTypeSchema('dataflows'),
    ...exportMetadataProperties,
  },
  required: ['name', 'properties'],
  additionalProperties: false,
} as const satisfies JsonSchema;
