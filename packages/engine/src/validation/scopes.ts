import { isPlainObject } from '../expressions/values.js';
import { joinPointer } from './problem.js';

/** A raw activity object as found in a pipeline document (not yet trusted: every field is unknown). */
export type RawActivity = Record<string, unknown>;

/**
 * One activity located in its pipeline: where it is (JSON pointer), which scope it belongs to, and the
 * container activities around it (outermost first). The validator and the scheduler both reason in
 * these terms: `dependsOn` may only name activities of the same scope, and an expression may read the
 * activities upstream of it or of any container around it.
 */
export interface LocatedActivity {
  readonly activity: RawActivity;
  readonly name: string;
  readonly type: string;
  readonly pointer: string;
  readonly scope: Scope;
  /** Containers around this activity, outermost first. */
  readonly ancestors: readonly LocatedActivity[];
}

/** A list of activities that run as one DAG: the pipeline's top level, or one branch/body of a container. */
export interface Scope {
  /** `/properties/activities` or e.g. `/properties/activities/2/typeProperties/ifTrueActivities`. */
  readonly pointer: string;
  /** The container this scope belongs to; undefined for the pipeline's top level. */
  readonly container: LocatedActivity | undefined;
  /** Which list of the container: `activities`, `ifTrueActivities`, `cases/0/activities` … */
  readonly branch: string;
  readonly activities: LocatedActivity[];
}

/**
 * The nested activity lists of a container activity, by ADF's type (ForEach, IfCondition, Switch, Until),
 * as [relative pointer tokens, list]. Other types have none.
 */
export function childActivityLists(activity: RawActivity): Array<{ tokens: Array<string | number>; list: unknown[] }> {
  const type = typeof activity.type === 'string' ? activity.type.toLowerCase() : '';
  const tp = isPlainObject(activity.typeProperties) ? (activity.typeProperties as Record<string, unknown>) : undefined;
  if (!tp) return [];
  const out: Array<{ tokens: Array<string | number>; list: unknown[] }> = [];
  const add = (list: unknown, ...tokens: Array<string | number>): void => {
    if (Array.isArray(list)) out.push({ tokens: ['typeProperties', ...tokens], list });
  };
  switch (type) {
    case 'foreach':
    case 'until':
      add(tp.activities, 'activities');
      break;
    case 'ifcondition':
      add(tp.ifTrueActivities, 'ifTrueActivities');
      add(tp.ifFalseActivities, 'ifFalseActivities');
      break;
    case 'switch':
      if (Array.isArray(tp.cases)) tp.cases.forEach((c, i) => isPlainObject(c) && add(c.activities, 'cases', i, 'activities'));
      add(tp.defaultActivities, 'defaultActivities');
      break;
    default:
      break;
  }
  return out;
}

/** True for the container types whose nested lists are walked. */
export function isContainerType(type: string): boolean {
  return ['foreach', 'until', 'ifcondition', 'switch'].includes(type.toLowerCase());
}

/**
 * Walks a pipeline's activities, nested lists included, and returns every scope (top level first) and
 * every activity in document order. Entries that are not objects are skipped (the schema check reports them).
 */
export function collectScopes(activities: unknown, pointer = '/properties/activities'): { scopes: Scope[]; all: LocatedActivity[] } {
  const scopes: Scope[] = [];
  const all: LocatedActivity[] = [];
  const walk = (list: unknown[], scopePointer: string, container: LocatedActivity | undefined, branch: string): void => {
    const scope: Scope = { pointer: scopePointer, container, branch, activities: [] };
    scopes.push(scope);
    const ancestors = container ? [...container.ancestors, container] : [];
    list.forEach((raw, i) => {
      if (!isPlainObject(raw)) return;
      const activity = raw as RawActivity;
      const located: LocatedActivity = {
        activity,
        name: typeof activity.name === 'string' ? activity.name : '',
        type: typeof activity.type === 'string' ? activity.type : '',
        pointer: joinPointer(scopePointer, i),
        scope,
        ancestors,
      };
      scope.activities.push(located);
      all.push(located);
      for (const child of childActivityLists(activity)) {
        walk(child.list, joinPointer(located.pointer, ...child.tokens), located, child.tokens.slice(1).join('/'));
      }
    });
  };
  walk(Array.isArray(activities) ? activities : [], pointer, undefined, '');
  return { scopes, all };
}

/** The `dependsOn` entries of an activity that are well-formed enough to follow. */
export function dependencies(activity: RawActivity): Array<{ name: string; index: number }> {
  if (!Array.isArray(activity.dependsOn)) return [];
  const out: Array<{ name: string; index: number }> = [];
  activity.dependsOn.forEach((d, index) => {
    if (isPlainObject(d) && typeof d.activity === 'string') out.push({ name: d.activity, index });
  });
  return out;
}
