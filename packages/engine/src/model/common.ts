/**
 * Building blocks shared by the resource schemas: name rules, ADF's timespan and date-time strings,
 * case-insensitive enumerations, folders, annotations and parameter declarations.
 *
 * Every schema here is a plain object valid for ajv 8 in strict mode (no custom keywords).
 */
import type { JsonSchema } from '../schema/json-schema.js';

/** Characters ADF forbids in resource and activity names: `. + ? / < > * % & : \`. */
export const FORBIDDEN_NAME_CHARACTERS = ['.', '+', '?', '/', '<', '>', '*', '%', '&', ':', '\\'] as const;

/**
 * Pattern of an activity name (ADF: at most 55 characters, none of {@link FORBIDDEN_NAME_CHARACTERS}).
 * Length is checked by `maxLength`, so the message can say which rule was broken.
 */
export const ACTIVITY_NAME_PATTERN = '^[^.+?/<>*%&:\\\\]+$';

/**
 * Pattern of a pipeline or trigger name: starts with a letter, digit or `_` (ADF's older rule, kept
 * because real factories use it), then none of the forbidden characters.
 */
export const RESOURCE_NAME_PATTERN = '^[A-Za-z0-9_][^.+?/<>*%&:\\\\]*$';

/** Like {@link RESOURCE_NAME_PATTERN} without dashes: ADF forbids `-` in dataset, linked-service and data-flow names. */
export const RESOURCE_NAME_NO_DASH_PATTERN = '^[A-Za-z0-9_][^.+?/<>*%&:\\\\-]*$';

/** ADF's timespan, `d.hh:mm:ss` or `hh:mm:ss` (policy timeouts, Until's timeout, trigger delays). */
export const TIMESPAN_PATTERN = '^(\\d+\\.)?\\d\\d:(60|[0-5]\\d):(60|[0-5]\\d)$';

/** A signed timespan (tumbling-window dependency offsets may be negative). */
export const SIGNED_TIMESPAN_PATTERN = '^-?(\\d+\\.)?\\d\\d:(60|[0-5]\\d):(60|[0-5]\\d)$';

/**
 * ISO 8601 date-time with an optional offset. ADF writes trigger start times without an offset when
 * a `timeZone` is given (`2024-01-01T02:00:00`), which ajv-formats' strict `date-time` would reject.
 */
export const DATE_TIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?$';

/**
 * A string schema as the helpers here build it. A plain type (not `JsonSchema`), so the exported
 * `as const` schemas that embed one keep a type TypeScript can write into declaration files.
 */
export interface StringSchema {
  readonly type: 'string';
  readonly title?: string;
  readonly description?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly examples?: readonly string[];
}

/** A resource name schema; `noDash` for datasets, linked services and data flows. */
export function resourceNameSchema(noDash = false): StringSchema {
  return {
    type: 'string',
    title: 'Name',
    description: noDash
      ? 'Unique in the factory (case-insensitive). Starts with a letter, digit or _; no dashes and none of . + ? / < > * % & : \\'
      : 'Unique in the factory (case-insensitive). Starts with a letter, digit or _; none of . + ? / < > * % & : \\',
    minLength: 1,
    maxLength: 260,
    pattern: noDash ? RESOURCE_NAME_NO_DASH_PATTERN : RESOURCE_NAME_PATTERN,
  };
}

/**
 * `{properties: {a: true, …}, required: [a, …]}`: requires properties inside an `anyOf` branch or a
 * `then`. Naming them in `properties` keeps ajv's `strictRequired` satisfied (it runs conditional
 * keywords before the parent's `properties`, so it cannot see those).
 */
export function requireProperties(...names: string[]): { readonly properties: Readonly<Record<string, true>>; readonly required: readonly string[] } {
  return { properties: Object.fromEntries(names.map((n) => [n, true] as const)), required: names };
}

/** The regex source matching any casing of `values` exactly (`[Ss][Uu]…`); JS has no inline `(?i)`. */
export function caseInsensitivePattern(values: readonly string[]): string {
  const alt = values.map((v) =>
    [...v].map((ch) => {
      const lo = ch.toLowerCase();
      const up = ch.toUpperCase();
      if (lo !== up) return `[${up}${lo}]`;
      return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
    }).join(''),
  );
  return `^(?:${alt.join('|')})$`;
}

/**
 * A string enumeration matched case-insensitively (ADF accepts `succeeded` for `Succeeded`).
 * The canonical values are kept in `examples`, so the designer can offer them and the schema checker
 * can say "must be one of …" instead of showing the pattern.
 */
export function caseInsensitiveEnum(values: readonly string[], annotations: { title?: string; description?: string } = {}): StringSchema {
  return { type: 'string', ...annotations, pattern: caseInsensitivePattern(values), examples: [...values] };
}

/**
 * The canonical spelling of `value` among `values`, compared case-insensitively; undefined if none.
 * Code that reads a case-insensitive enum (dependency conditions, parameter types) normalises with it.
 */
export function canonicalEnumValue<T extends string>(values: readonly T[], value: string): T | undefined {
  const lower = value.toLowerCase();
  return values.find((v) => v.toLowerCase() === lower);
}

/** `folder: {name}` — the folder a resource is shown in (slash-separated path). */
export const folderSchema = {
  type: 'object',
  title: 'Folder',
  description: 'Folder the resource is shown in; nested folders are separated by "/".',
  properties: { name: { type: 'string', title: 'Folder name' } },
  required: ['name'],
  additionalProperties: false,
} as const satisfies JsonSchema;

/** `annotations`: free tags (ADF stores strings, but accepts any JSON). */
export const annotationsSchema = {
  type: 'array',
  title: 'Annotations',
  description: 'Free tags used to filter and group resources.',
} as const satisfies JsonSchema;

/** The ADF parameter types, canonical spelling. Matched case-insensitively. */
export const PARAMETER_TYPES = ['String', 'Int', 'Float', 'Bool', 'Array', 'Object', 'SecureString'] as const;

/** A parameter type as written (any casing of {@link PARAMETER_TYPES}). */
export type ParameterType = (typeof PARAMETER_TYPES)[number];

/** A declared parameter of a pipeline, dataset or linked service. */
export interface ParameterSpecification {
  /** One of {@link PARAMETER_TYPES}, any casing. */
  type: string;
  /** Used when the caller gives no value; may itself be an expression for datasets and linked services. */
  defaultValue?: unknown;
}

/** Schema of a `parameters` declaration map: `{name: {type, defaultValue?}}`. */
export const parameterSpecsSchema = {
  type: 'object',
  title: 'Parameters',
  description: 'Declared parameters, by name. A parameter without defaultValue must be given a value.',
  additionalProperties: {
    type: 'object',
    properties: {
      type: caseInsensitiveEnum(PARAMETER_TYPES, { title: 'Type' }),
      defaultValue: { title: 'Default value' },
    },
    required: ['type'],
    additionalProperties: false,
  },
} as const satisfies JsonSchema;

/**
 * Schema of the top-level `type` ADF Studio writes in git files
 * (`Microsoft.DataFactory/factories/pipelines`); accepted and ignored.
 */
export function armTypeSchema(resource: 'pipelines' | 'datasets' | 'linkedservices' | 'triggers' | 'dataflows'): StringSchema {
  return {
    type: 'string',
    description: 'Resource type written by ADF Studio; ignored by Sluice.',
    pattern: caseInsensitivePattern([`Microsoft.DataFactory/factories/${resource}`, `Microsoft.Synapse/workspaces/${resource}`]),
  };
}

/** The other export metadata ADF puts beside `name` and `properties` (`etag`, `id`); accepted and ignored. */
export const exportMetadataProperties = {
  etag: { type: 'string', description: 'Written by ADF; ignored by Sluice.' },
  id: { type: 'string', description: 'Azure resource id written by ADF; ignored by Sluice.' },
} as const satisfies Record<string, JsonSchema>;
