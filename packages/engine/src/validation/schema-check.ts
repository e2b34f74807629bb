/**
 * JSON Schema checking for Sluice's documents, on one shared ajv instance (strict mode, all errors).
 * Compiled validators are cached per schema object, so checking a thousand activities of one type
 * compiles its schema once.
 */
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { SluiceError } from '../errors/index.js';
import type { ErrorCode } from '../errors/index.js';
import { activitySchema } from '../model/activity.js';
import { dataFlowSchema } from '../model/dataflow.js';
import { datasetSchema } from '../model/dataset.js';
import { linkedServiceSchema } from '../model/linked-service.js';
import { pipelineSchema } from '../model/pipeline.js';
import { TRIGGER_TYPES, findTriggerType, triggerEnvelopeSchema, triggerSchemas } from '../model/trigger.js';
import { allowExpressions } from '../model/values.js';
import type { JsonSchema } from '../schema/json-schema.js';
import type { Problem } from './problem.js';
import { problemsFromAjvErrors } from './schema-errors.js';

/** The resource kinds that have a document schema (ADF's git folders). */
export type ResourceSchemaKind = 'pipeline' | 'dataset' | 'linkedService' | 'trigger' | 'dataflow';

/**
 * Creates an ajv instance configured as Sluice checks schemas: strict mode (unknown keywords and
 * inconsistent schemas are errors, so a typo in a schema cannot silently disable a check), all errors
 * (a user sees every mistake at once), `verbose` (the messages quote the offending values), and the
 * standard formats. Union types (`type: ['string', 'integer']`) are allowed for plugin schemas.
 */
export function createAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true, verbose: true, allowUnionTypes: true });
  addFormatsModule.default(ajv);
  return ajv;
}

let shared: Ajv | undefined;

/** The process-wide ajv instance (created on first use) that every check here compiles into. */
export function sharedAjv(): Ajv {
  shared ??= createAjv();
  return shared;
}

const compiled = new WeakMap<object, ValidateFunction>();

/**
 * The compiled validator of `schema`, cached per schema object. Throws `TYPE_DEFINITION_INVALID` when
 * ajv cannot compile the schema (a malformed activity or type declaration).
 */
export function compileSchema(schema: JsonSchema): ValidateFunction {
  const hit = compiled.get(schema);
  if (hit) return hit;
  let validate: ValidateFunction;
  try {
    validate = sharedAjv().compile(schema);
  } catch (error) {
    // Nothing of a failed compile may stay behind in ajv: the next call compiles afresh.
    try {
      sharedAjv().removeSchema(schema);
    } catch {
      // not registered: nothing to remove
    }
    // A stack exhausted by the caller (a compile started deep in recursion) says nothing about the schema:
    // rethrown as it is, so no one reads "does not compile" for a schema that compiles at a shallower depth.
    if (error instanceof RangeError) throw error;
    const title = typeof schema.title === 'string' ? ` '${schema.title}'` : '';
    throw new SluiceError('TYPE_DEFINITION_INVALID', `The JSON Schema${title} does not compile: ${error instanceof Error ? error.message : String(error)}`);
  }
  compiled.set(schema, validate);
  return validate;
}

/**
 * Checks `value` against `schema` exactly (no expressions allowed): the check run on evaluated values,
 * e.g. an activity's typeProperties just before it runs. Problems point below `basePointer`.
 */
export function checkValue(schema: JsonSchema, value: unknown, basePointer: string, code: ErrorCode = 'TYPE_PROPERTIES_INVALID'): Problem[] {
  const validate = compileSchema(schema);
  return validate(value) ? [] : problemsFromAjvErrors(validate.errors, basePointer, code);
}

/**
 * Checks authored `typeProperties` (of an activity, dataset or linked service) against the type's
 * schema widened by `allowExpressions`: wherever a literal is expected, an expression is accepted too,
 * since its value is only known at run time. Problems have `code` and point below `basePointer`.
 *
 * @example
 * checkTypeProperties(waitDefinition.typeProperties, { waitTimeInSeconds: 'ten' }, '/properties/activities/0/typeProperties')
 * // → [{ code: 'TYPE_PROPERTIES_INVALID', pointer: '…/typeProperties/waitTimeInSeconds',
 * //      message: "'waitTimeInSeconds' must be an integer or an expression (got 'ten')" … }]
 */
export function checkTypeProperties(schema: JsonSchema, value: unknown, basePointer: string, code: ErrorCode = 'TYPE_PROPERTIES_INVALID'): Problem[] {
  return checkValue(allowExpressions(schema), value, basePointer, code);
}

/**
 * Checks one activity's envelope (name, type, dependsOn, policy, state …; not its typeProperties) at
 * `pointer`. `checkResourceSchema('pipeline', …)` does this for top-level activities; a walker calls it
 * for the activities nested in containers.
 */
export function checkActivityEnvelope(activity: unknown, pointer: string): Problem[] {
  return checkValue(activitySchema, activity, pointer, 'SCHEMA_VIOLATION');
}

const DOCUMENT_SCHEMAS: Record<Exclude<ResourceSchemaKind, 'trigger'>, JsonSchema> = {
  pipeline: pipelineSchema,
  dataset: datasetSchema,
  linkedService: linkedServiceSchema,
  dataflow: dataFlowSchema,
};

function triggerProblems(doc: unknown): Problem[] {
  const props = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>)['properties'] : undefined;
  const type = typeof props === 'object' && props !== null ? (props as Record<string, unknown>)['type'] : undefined;
  if (typeof type !== 'string') return checkValue(triggerEnvelopeSchema, doc, '', 'SCHEMA_VIOLATION');
  const known = findTriggerType(type);
  if (known) return checkValue(triggerSchemas[known], doc, '', 'SCHEMA_VIOLATION');
  return [
    {
      code: 'UNSUPPORTED_TRIGGER_TYPE',
      severity: 'error',
      pointer: '/properties/type',
      message: `'${type}' is not a supported trigger type. Supported types: ${TRIGGER_TYPES.join(', ')}.`,
    },
    ...checkValue(triggerEnvelopeSchema, doc, '', 'SCHEMA_VIOLATION'),
  ];
}

/**
 * Checks a resource document (as found in a factory folder) against its kind's schema: the envelope
 * and everything Sluice knows about it, but not type-specific `typeProperties` of activities, datasets
 * and linked services (see {@link checkTypeProperties}). Triggers are checked against their type's
 * complete schema; an unknown trigger type is `UNSUPPORTED_TRIGGER_TYPE`. Other problems are
 * `SCHEMA_VIOLATION`, with a pointer into the document. An empty array means the document is well formed.
 */
export function checkResourceSchema(kind: ResourceSchemaKind, doc: unknown): Problem[] {
  if (kind === 'trigger') return triggerProblems(doc);
  return checkValue(DOCUMENT_SCHEMAS[kind], doc, '', 'SCHEMA_VIOLATION');
}
