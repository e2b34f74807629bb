/**
 * The linked service document (`linkedService/<name>.json`): how to connect to a store or a service.
 * The envelope is checked here; `typeProperties` by the linked-service type's schema in the catalog.
 */
import type { JsonSchema } from '../schema/json-schema.js';
import { annotationsSchema, armTypeSchema, exportMetadataProperties, parameterSpecsSchema, resourceNameSchema } from './common.js';
import type { ParameterSpecification } from './common.js';
import { integrationRuntimeReferenceSchema } from './references.js';
import type { IntegrationRuntimeReference } from './references.js';

/** The `properties` of a linked service document. */
export interface LinkedServiceProperties {
  /** Linked service type (`PostgreSqlV2`, `AmazonS3Compatible` …), matched case-insensitively. */
  type: string;
  description?: string;
  /** Connection settings; secrets are SecureString, EnvironmentVariable or Key Vault references. */
  typeProperties: Record<string, unknown>;
  /** `@linkedService().x` reads these. */
  parameters?: Record<string, ParameterSpecification>;
  annotations?: unknown[];
  /** ADF's integration runtime; accepted and ignored. */
  connectVia?: IntegrationRuntimeReference;
  /** ADF's connector version for some types (`"2.0"`); accepted and ignored. */
  version?: string;
}

/** A linked service document as stored in a factory folder. */
export interface LinkedServiceDocument {
  name: string;
  properties: LinkedServiceProperties;
  type?: string;
  etag?: string;
  id?: string;
}

/** Schema of a linked service document. */
export const linkedServiceSchema = {
  type: 'object',
  title: 'Linked service',
  properties: {
    name: resourceNameSchema(true),
    properties: {
      type: 'object',
      properties: {
        type: { type: 'string', title: 'Type', minLength: 1 },
        description: { type: 'string', title: 'Description' },
        typeProperties: { type: 'object', title: 'Type properties' },
        parameters: parameterSpecsSchema,
        annotations: annotationsSchema,
        connectVia: integrationRuntimeReferenceSchema,
        version: { type: 'string', description: "ADF's connector version; ignored by Sluice." },
      },
      required: ['type', 'typeProperties'],
      additionalProperties: false,
    },
    type: armTypeSchema('linkedservices'),
    ...exportMetadataProperties,
  },
  required: ['name', 'properties'],
  additionalProperties: false,
} as const satisfies JsonSchema;
