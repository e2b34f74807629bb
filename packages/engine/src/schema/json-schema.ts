import type { JSONSchema } from 'json-schema-to-ts';

/**
 * A JSON Schema (draft 2020-12 / draft-07 subset accepted by ajv in strict mode), as a plain object.
 * Schemas are data: the engine validates with them, the API serves them, the designer renders forms
 * from them. Declare them `as const` so TypeScript can infer the values they describe.
 */
export type JsonSchema = Exclude<JSONSchema, boolean>;

export type { FromSchema } from 'json-schema-to-ts';
