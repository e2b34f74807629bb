/**
 * The special values that can stand in a document where a literal would: ADF's expression object,
 * ADF's SecureString, Sluice's environment-variable secret, and `allowExpressions`, which widens a
 * strict schema into the "authoring" schema a document is checked with before evaluation.
 */
import type { JsonSchema } from '../schema/json-schema.js';
import { caseInsensitiveEnum } from './common.js';
import { linkedServiceReferenceSchema } from './references.js';

/**
 * Source of the pattern that tells an expression string from a literal. ADF's rule: a string is an
 * expression when it starts with `@` (but `@@` is an escaped literal `@`) or interpolates with `@{`
 * (but `@@{` is escaped). A mere `@` inside (an e-mail address) is a literal. The expression language's
 * `isExpressionString` applies the same rule in code.
 */
export const EXPRESSION_STRING_PATTERN = '^@(?!@)|(?:^|[^@])@\\{';

/** ADF's expression object, written where a non-string value may be computed: `{value: '@…', type: 'Expression'}`. */
export interface ExpressionValue {
  value: string;
  type: 'Expression';
}

/** Schema of a string that is an expression (see {@link EXPRESSION_STRING_PATTERN}). */
export const expressionStringSchema = {
  type: 'string',
  title: 'Expression',
  description: "A string evaluated by the expression language: starts with '@' or interpolates with '@{…}'.",
  pattern: EXPRESSION_STRING_PATTERN,
} as const satisfies JsonSchema;

/** Schema of ADF's expression object `{value, type: 'Expression'}` (`type` in any casing, as the evaluator reads it). */
export const expressionSchema = {
  type: 'object',
  title: 'Expression',
  description: "ADF's dynamic content: the string in `value` is evaluated when the activity runs.",
  properties: {
    value: { type: 'string', title: 'Expression text' },
    type: caseInsensitiveEnum(['Expression']),
  },
  required: ['value', 'type'],
  additionalProperties: false,
} as const satisfies JsonSchema;

/** ADF's SecureString: a literal secret, masked in logs and monitoring. ADF git exports replace it with asterisks. */
export interface SecureStringValue {
  type: 'SecureString';
  value: string;
}

/** Schema of ADF's SecureString `{type: 'SecureString', value}`. */
export const secureStringSchema = {
  type: 'object',
  title: 'Secure string',
  description: 'A literal secret. It is masked in logs and monitoring; prefer an environment variable.',
  properties: {
    type: { type: 'string', const: 'SecureString' },
    value: { type: 'string', title: 'Value' },
  },
  required: ['type', 'value'],
  additionalProperties: false,
} as const satisfies JsonSchema;

/**
 * Sluice's secret reference: the value is read from the named environment variable of the process
 * that runs the activity, so secrets stay out of factory files. Not an ADF type.
 */
export interface EnvironmentVariableSecret {
  type: 'EnvironmentVariable';
  name: string;
}

/** Schema of Sluice's {@link EnvironmentVariableSecret} `{type: 'EnvironmentVariable', name}`. */
export const environmentVariableSecretSchema = {
  type: 'object',
  title: 'Environment variable (Sluice)',
  description: 'Sluice: the secret is read from this environment variable of the worker process at run time.',
  properties: {
    type: { type: 'string', const: 'EnvironmentVariable' },
    name: { type: 'string', title: 'Variable name', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
  },
  required: ['type', 'name'],
  additionalProperties: false,
} as const satisfies JsonSchema;

/**
 * ADF's Key Vault secret reference. Accepted so factories exported from ADF validate; Sluice resolves
 * it only if a Key Vault linked service is available at run time.
 */
export interface AzureKeyVaultSecretReference {
  type: 'AzureKeyVaultSecret';
  store: { referenceName: string; type: 'LinkedServiceReference'; parameters?: Record<string, unknown> };
  secretName: unknown;
  secretVersion?: unknown;
}

/** Schema of ADF's {@link AzureKeyVaultSecretReference}. */
export const azureKeyVaultSecretSchema = {
  type: 'object',
  title: 'Azure Key Vault secret',
  description: "ADF's Key Vault reference; accepted for imported factories.",
  properties: {
    type: { type: 'string', const: 'AzureKeyVaultSecret' },
    store: linkedServiceReferenceSchema,
    secretName: { title: 'Secret name' },
    secretVersion: { title: 'Secret version' },
  },
  required: ['type', 'store', 'secretName'],
  additionalProperties: false,
} as const satisfies JsonSchema;

/** Any way a secret property can be written. */
export type SecretValue = string | SecureStringValue | EnvironmentVariableSecret | AzureKeyVaultSecretReference;

/** Schema of a secret property (a password, a key): a plain string or one of the secret references. */
export const secretValueSchema = {
  title: 'Secret',
  description: 'A secret: an environment variable (recommended), a SecureString, a Key Vault reference or a plain string.',
  anyOf: [{ type: 'string' }, environmentVariableSecretSchema, secureStringSchema, azureKeyVaultSecretSchema],
} as const satisfies JsonSchema;

/** Marks the `anyOf` wrappers made by {@link allowExpressions} (`$comment` is a standard keyword). */
export const ALLOW_EXPRESSIONS_MARK = 'sluice:allowExpressions';

/** The schema {@link orExpression} builds: the literal's schema, or an expression string or object. */
export interface OrExpressionSchema<S> {
  readonly title?: string;
  readonly description?: string;
  readonly anyOf: readonly [S, typeof expressionStringSchema, typeof expressionSchema];
  readonly $comment: typeof ALLOW_EXPRESSIONS_MARK;
}

/**
 * `schema`, or an expression: for the few envelope properties ADF lets be dynamic (an activity's
 * `policy.timeout` and `policy.retry` …). Marked like {@link allowExpressions}' wrappers, so errors read
 * "must be an integer or an expression".
 */
export function orExpression<S>(schema: S, annotations: { title?: string; description?: string } = {}): OrExpressionSchema<S> {
  return { ...annotations, anyOf: [schema, expressionStringSchema, expressionSchema], $comment: ALLOW_EXPRESSIONS_MARK };
}

/** Keywords whose value is a schema for a *different* value (a child): wrapped. */
const CHILD_SCHEMA = ['additionalProperties', 'items', 'additionalItems', 'contains', 'unevaluatedItems', 'unevaluatedProperties'] as const;
/** Keywords whose value is a map of child schemas: each wrapped. */
const CHILD_SCHEMA_MAP = ['properties', 'patternProperties'] as const;
/** Keywords whose value is a list of schemas for the same value: recursed into, not wrapped. */
const SAME_VALUE_LIST = ['anyOf', 'oneOf', 'allOf'] as const;
/** Keywords whose value is a schema for the same value: recursed into, not wrapped. */
const SAME_VALUE = ['then', 'else'] as const;
/** Keywords whose value is a map of schemas applying to the same value (or reached by `$ref`). */
const SAME_VALUE_MAP = ['dependentSchemas', 'definitions', '$defs'] as const;
/** Keywords that do not constrain a value: a schema made only of these accepts anything already. */
const ANNOTATIONS = new Set(['title', 'description', 'default', 'examples', '$comment', 'deprecated', 'readOnly', 'writeOnly', '$id', '$schema']);
/** Kept on the wrapper so `$ref`s into the root and the designer's labels keep working. */
const HOISTED = ['$id', '$schema', 'definitions', '$defs'] as const;
const COPIED_TO_WRAPPER = ['title', 'description'] as const;

type SchemaNode = Record<string, unknown>;

const isSchemaObject = (v: unknown): v is SchemaNode => typeof v === 'object' && v !== null && !Array.isArray(v);

const wrapped = new WeakMap<object, JsonSchema>();
const inner = new WeakMap<object, SchemaNode>();

/**
 * Returns the authoring form of `schema`: every value position (the root, each property, array item,
 * additional property …, recursively, including inside anyOf/oneOf/allOf branches) also accepts an
 * expression string or an expression object. `required` is kept, so a required property must still be
 * written. Documents are checked with this form before evaluation and with `schema` itself after.
 *
 * The result is memoised per schema object, so callers can compile it once. `$ref`s to `#/definitions/…`
 * and `#/$defs/…` keep working; other JSON pointers into the schema do not.
 *
 * @example
 * allowExpressions({ type: 'integer' })
 * // → { anyOf: [{ type: 'integer' }, expressionStringSchema, expressionSchema], $comment: 'sluice:allowExpressions' }
 */
export function allowExpressions(schema: JsonSchema): JsonSchema {
  return widenValue(schema as SchemaNode) as JsonSchema;
}

function widenValue(node: SchemaNode): SchemaNode {
  const hit = wrapped.get(node);
  if (hit) return hit as SchemaNode;
  let result: SchemaNode;
  if (node === (expressionSchema as SchemaNode) || node === (expressionStringSchema as SchemaNode) || isUnconstrained(node)) {
    result = node;
  } else if (node['$comment'] === ALLOW_EXPRESSIONS_MARK) {
    result = widenChildren(node); // already accepts expressions: widen inside only
  } else {
    const body = widenChildren(node);
    const wrapper: SchemaNode = {};
    for (const k of COPIED_TO_WRAPPER) if (k in body) wrapper[k] = body[k];
    const branch: SchemaNode = { ...body };
    for (const k of HOISTED) {
      if (k in branch) {
        wrapper[k] = branch[k];
        delete branch[k];
      }
    }
    wrapper['anyOf'] = [branch, expressionStringSchema, expressionSchema];
    wrapper['$comment'] = ALLOW_EXPRESSIONS_MARK;
    result = wrapper;
  }
  wrapped.set(node, result as JsonSchema);
  return result;
}

/** Copies `node` with its children widened; `node` itself is not wrapped (same value position). */
function widenChildren(node: SchemaNode): SchemaNode {
  const hit = inner.get(node);
  if (hit) return hit;
  const out: SchemaNode = { ...node };
  for (const k of CHILD_SCHEMA) {
    const v = node[k];
    if (isSchemaObject(v)) out[k] = widenValue(v);
    else if (k === 'items' && Array.isArray(v)) out[k] = v.map((s: unknown) => (isSchemaObject(s) ? widenValue(s) : s));
  }
  if (Array.isArray(node['prefixItems'])) {
    out['prefixItems'] = node['prefixItems'].map((s: unknown) => (isSchemaObject(s) ? widenValue(s) : s));
  }
  for (const k of CHILD_SCHEMA_MAP) {
    const map = node[k];
    if (isSchemaObject(map)) out[k] = mapValues(map, widenValue);
  }
  for (const k of SAME_VALUE_LIST) {
    const list = node[k];
    if (Array.isArray(list)) out[k] = list.map((s: unknown) => (isSchemaObject(s) ? widenChildren(s) : s));
  }
  for (const k of SAME_VALUE) {
    const v = node[k];
    if (isSchemaObject(v)) out[k] = widenChildren(v);
  }
  for (const k of SAME_VALUE_MAP) {
    const map = node[k];
    if (isSchemaObject(map)) out[k] = mapValues(map, widenChildren);
  }
  inner.set(node, out);
  return out;
}

function mapValues(map: SchemaNode, f: (s: SchemaNode) => SchemaNode): SchemaNode {
  const out: SchemaNode = {};
  for (const [key, s] of Object.entries(map)) out[key] = isSchemaObject(s) ? f(s) : s;
  return out;
}

function isUnconstrained(node: SchemaNode): boolean {
  return Object.keys(node).every((k) => ANNOTATIONS.has(k));
}
