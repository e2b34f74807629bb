/**
 * The slice of ADF's pipeline document the designer edits. Kept local (structural, loose) rather than
 * imported from the engine, because the designer must round-trip any property it does not understand:
 * every interface carries an index signature so unknown keys survive a load → edit → save cycle.
 */

/** ADF's four dependency conditions, in the order ADF Studio lists them. */
export const CONDITIONS = ['Succeeded', 'Failed', 'Completed', 'Skipped'] as const;

/** One of ADF's dependency conditions. */
export type DependencyCondition = (typeof CONDITIONS)[number];

/** `dependsOn` entry: run after `activity` ended with one of `dependencyConditions`. */
export interface ActivityDependency {
  activity: string;
  dependencyConditions: DependencyCondition[];
  [key: string]: unknown;
}

/** An activity as written in pipeline JSON. */
export interface ActivityDoc {
  name: string;
  type: string;
  description?: string;
  dependsOn?: ActivityDependency[];
  policy?: Record<string, unknown>;
  typeProperties?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A declared parameter or variable (`{type, defaultValue}`). */
export interface TypedValueSpec {
  type: string;
  defaultValue?: unknown;
  [key: string]: unknown;
}

/** A pipeline document in ADF's git form. */
export interface PipelineDoc {
  name: string;
  properties: {
    activities: ActivityDoc[];
    description?: string;
    parameters?: Record<string, TypedValueSpec>;
    variables?: Record<string, TypedValueSpec>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** UI hints the API serves beside an activity type's schema, by JSON pointer into typeProperties. */
export interface UiHint {
  widget?: string;
  order?: number;
  placeholder?: string;
  help?: string;
  group?: string;
}

/** A JSON Schema, as served by the API (loose: the form renderer reads what it knows). */
export interface Schema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  additionalProperties?: boolean | Schema;
  $ref?: string;
  [key: string]: unknown;
}

/** An entry of GET /api/activity-types. */
export interface ActivityTypeInfo {
  type: string;
  version: number;
  kind: 'control' | 'work';
  category: string;
  title: string;
  description: string;
  typeProperties: Schema;
  uiHints?: Record<string, UiHint>;
  output?: Schema;
}

/** A validation problem as the API reports it. */
export interface Problem {
  code: string;
  message: string;
  pointer?: string;
  severity?: 'error' | 'warning' | 'info' | string;
  [key: string]: unknown;
}
