/**
 * The dataset document (`dataset/<name>.json`): a named view of data in a store. The envelope is
 * checked here; `typeProperties` is checked by the dataset type's schema from the type catalog.
 */
import type { JsonSchema } from '../schema/json-schema.js';
import {
  annotationsSchema,
  armTypeSchema,
  exportMetadataProperties,
  folderSchema,
  parameterSpecsSchema,
  resourceNameSchema,
} from './common.js';
import type { ParameterSpecification } from './common.js';
import { linkedServiceReferenceSchema } from './references.js';
import type { LinkedServiceReference } from './references.js';
import { orExpression } from './values.js';
import type { ExpressionValue } from './values.js';

/** One declared column of a dataset (ADF's `schema` entries; `structure` is the legacy form). */
export interface DatasetColumn {
  name: string;
  /** Store-specific type name (`varchar`, `INT32`, `String` …). */
  type?: string;
  precision?: number;
  scale?: number;
}

/** The `properties` of a dataset document. */
export interface DatasetProperties {
  /** Dataset type (`DelimitedText`, `Parquet`, `PostgreSqlTable` …), matched case-insensitively. */
  type: string;
  description?: string;
  linkedServiceName: LinkedServiceReference;
  /** Type-specific settings; `@dataset().x` reads this dataset's parameters. */
  typeProperties?: Record<string, unknown>;
  parameters?: Record<string, ParameterSpecification>;
  annotations?: unknown[];
  folder?: { name: string };
  /** Declared columns, or an expression giving them. */
  schema?: DatasetColumn[] | ExpressionValue | string;
  /** ADF's legacy column list. */
  structure?: DatasetColumn[] | ExpressionValue | string;
}

/** A dataset document as stored in a factory folder. */
export interface DatasetDocument {
  name: string;
  properties: DatasetProperties;
  type?: string;
  etag?: string;
  id?: string;
}

/** Schema of a declared column list (ADF writes more keys for some stores, so extra keys are allowed). */
export const datasetColumnsSchema = orExpression(
  {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        name: { type: 'string', title: 'Column name' },
        type: { type: 'string', title: 'Column type' },
        precision: { type: 'integer', minimum: 0 },
        scale: { type: 'integer', minimum: 0 },
      },
      required: ['name'],
    },
  } as const,
  { title: 'Columns' },
) satisfies JsonSchema;

/** Schema of a dataset document. */
export const datasetSchema = {
  type: 'object',
  title: 'Dataset',
  properties: {
    name: resourceNameSchema(true),
    properties: {
      type: 'object',
      properties: {
        type: { type: 'string', title: 'Type', minLength: 1 },
        description: { type: 'string', title: 'Description' },
        linkedServiceName: linkedServiceReferenceSchema,
        typeProperties: { type: 'object', title: 'Type properties' },
        parameters: parameterSpecsSchema,
        annotations: annotationsSchema,
        folder: folderSchema,
        schema: datasetColumnsSchema,
        structure: datasetColumnsSchema,
      },
      required: ['type', 'linkedServiceName'],
      additionalProperties: false,
    },
    type: armTypeSchema('datasets'),
    ...exportMetadataProperties,
  },
  required: ['name', 'properties'],
  additionalProperties: false,
} as const satisfies JsonSchema;
