/**
 * The activity envelope: what every activity has whatever its type (name, dependencies, policy, state).
 * `typeProperties` is only checked to be an object here; the registry's schema for the activity's
 * type checks its content (see `checkTypeProperties`).
 */
import type { JsonSchema } from '../schema/json-schema.js';
import { ACTIVITY_NAME_PATTERN, TIMESPAN_PATTERN, caseInsensitiveEnum } from './common.js';
import { datasetReferenceSchema, linkedServiceReferenceSchema } from './references.js';
import type { DatasetReference, LinkedServiceReference } from './references.js';
import { orExpression } from './values.js';
import type { ExpressionValue } from './values.js';

/** ADF's longest activity name. */
export const MAX_ACTIVITY_NAME_LENGTH = 55;

/** The conditions of a `dependsOn` edge, canonical spelling (matched case-insensitively). */
export const DEPENDENCY_CONDITIONS = ['Succeeded', 'Failed', 'Skipped', 'Completed'] as const;

/** A dependency condition as written (any casing of {@link DEPENDENCY_CONDITIONS}). */
export type DependencyCondition = (typeof DEPENDENCY_CONDITIONS)[number];

/** `state`: an Inactive activity is not run; it is marked with `onInactiveMarkAs` instead. */
export const ACTIVITY_STATES = ['Active', 'Inactive'] as const;

/** What an inactive activity counts as for its dependents. */
export const INACTIVE_MARKS = ['Succeeded', 'Failed', 'Skipped'] as const;

/** One `dependsOn` edge: run after `activity` ends in one of `dependencyConditions` (AND across edges). */
export interface ActivityDependency {
  activity: string;
  /** Any casing of {@link DEPENDENCY_CONDITIONS}; the edge holds when the upstream outcome is any of them. */
  dependencyConditions: string[];
}

/** Retry and timeout policy of an activity as written (ADF's `policy`); the scheduler parses it into its own form. */
export interface ActivityPolicySpec {
  /** `d.hh:mm:ss` or `hh:mm:ss` (ADF default `7.00:00:00`), or an expression. */
  timeout?: string | ExpressionValue;
  /** Retries after the first attempt (default 0), or an expression. */
  retry?: number | string | ExpressionValue;
  /** Seconds between attempts (ADF default 30; ADF allows 30–86400, Sluice any ≥ 0). */
  retryIntervalInSeconds?: number;
  /** Hide the activity's input from monitoring. */
  secureInput?: boolean;
  /** Hide the activity's output from monitoring. */
  secureOutput?: boolean;
}

/** A name/value pair shown in monitoring (ADF's "User properties"). */
export interface UserProperty {
  name: string;
  value: unknown;
}

/**
 * One activity of a pipeline (or of a container's inner list), as written in ADF's JSON.
 * Type-specific settings live in `typeProperties`, validated by the type's own schema.
 */
export interface Activity {
  name: string;
  /** Activity type (`Copy`, `ForEach` …), matched case-insensitively against the registry. */
  type: string;
  description?: string;
  dependsOn?: ActivityDependency[];
  policy?: ActivityPolicySpec;
  /** `Active` (default) or `Inactive`, any casing. */
  state?: string;
  /** For an inactive activity: `Succeeded` (default), `Failed` or `Skipped`, any casing. */
  onInactiveMarkAs?: string;
  userProperties?: UserProperty[];
  inputs?: DatasetReference[];
  outputs?: DatasetReference[];
  linkedServiceName?: LinkedServiceReference;
  typeProperties?: Record<string, unknown>;
}

/** Schema of a `dependsOn` edge. */
export const activityDependencySchema = {
  type: 'object',
  title: 'Dependency',
  properties: {
    activity: { type: 'string', title: 'Upstream activity', minLength: 1 },
    dependencyConditions: {
      type: 'array',
      title: 'Conditions',
      description: 'Run when the upstream activity ends in any of these states.',
      items: caseInsensitiveEnum(DEPENDENCY_CONDITIONS),
      minItems: 1,
    },
  },
  required: ['activity', 'dependencyConditions'],
  additionalProperties: false,
} as const satisfies JsonSchema;

/** Schema of an activity `policy`. */
export const activityPolicySchema = {
  type: 'object',
  title: 'Policy',
  properties: {
    timeout: orExpression({ type: 'string', pattern: TIMESPAN_PATTERN } as const, {
      title: 'Timeout',
      description: 'Longest time one attempt may run: d.hh:mm:ss or hh:mm:ss (default 7.00:00:00).',
    }),
    retry: orExpression({ type: 'integer', minimum: 0 } as const, { title: 'Retry', description: 'Retries after a failed attempt (default 0).' }),
    retryIntervalInSeconds: {
      type: 'integer',
      title: 'Retry interval (seconds)',
      description: 'Wait between attempts (default 30).',
      minimum: 0,
    },
    secureInput: { type: 'boolean', title: 'Secure input', description: 'Hide the input from monitoring and logs.' },
    secureOutput: { type: 'boolean', title: 'Secure output', description: 'Hide the output from monitoring and logs.' },
  },
  additionalProperties: false,
} as const satisfies JsonSchema;

/** Schema of the activity envelope (everything but the content of `typeProperties`). */
export const activitySchema = {
  type: 'object',
  title: 'Activity',
  properties: {
    name: {
      type: 'string',
      title: 'Name',
      description: 'Unique in the pipeline, at most 55 characters, none of . + ? / < > * % & : \\',
      minLength: 1,
      maxLength: MAX_ACTIVITY_NAME_LENGTH,
      pattern: ACTIVITY_NAME_PATTERN,
    },
    type: { type: 'string', title: 'Type', minLength: 1 },
    description: { type: 'string', title: 'Description' },
    dependsOn: { type: 'array', title: 'Depends on', items: activityDependencySchema },
    policy: activityPolicySchema,
    state: caseInsensitiveEnum(ACTIVITY_STATES, { title: 'Activity state', description: 'An inactive activity is not run.' }),
    onInactiveMarkAs: caseInsensitiveEnum(INACTIVE_MARKS, {
      title: 'Mark activity as',
      description: 'Outcome an inactive activity reports to its dependents (default Succeeded).',
    }),
    userProperties: {
      type: 'array',
      title: 'User properties',
      items: {
        type: 'object',
        properties: { name: { type: 'string', minLength: 1 }, value: {} },
        required: ['name', 'value'],
        additionalProperties: false,
      },
    },
    inputs: { type: 'array', title: 'Inputs', items: datasetReferenceSchema },
    outputs: { type: 'array', title: 'Outputs', items: datasetReferenceSchema },
    linkedServiceName: linkedServiceReferenceSchema,
    typeProperties: { type: 'object', title: 'Type properties' },
  },
  required: ['name', 'type'],
  additionalProperties: false,
} as const satisfies JsonSchema;
