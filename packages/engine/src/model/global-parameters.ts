/**
 * ADF's global parameters: constants of a factory (`@pipeline().globalParameters.<name>`), declared in the
 * factory's own document (`factory/<factory>.json`, `properties.globalParameters`) and overridden per
 * environment on deployment. Sluice stores one set per installation.
 */
import type { JsonSchema } from '../schema/json-schema.js';
import { caseInsensitiveEnum } from './common.js';

/** The types a global parameter may have (ADF writes them lower-case; any casing is accepted). */
export const GLOBAL_PARAMETER_TYPES = ['String', 'Int', 'Float', 'Bool', 'Array', 'Object'] as const;

/** One global parameter: its type and value. */
export interface GlobalParameter {
  type: string;
  value: unknown;
}

/** Global parameters by name. */
export type GlobalParameters = Record<string, GlobalParameter>;

/** Schema of a set of global parameters (names as ADF allows: letters, digits and `_`, not starting with a digit). */
export const globalParametersSchema: JsonSchema = {
  title: 'Global parameters',
  description: 'Factory-wide constants, read in expressions as @pipeline().globalParameters.<name>.',
  type: 'object',
  propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$', maxLength: 260 },
  additionalProperties: {
    type: 'object',
    required: ['type', 'value'],
    additionalProperties: false,
    properties: {
      type: caseInsensitiveEnum(GLOBAL_PARAMETER_TYPES, { title: 'Type' }),
      value: { title: 'Value' },
    },
  },
};
