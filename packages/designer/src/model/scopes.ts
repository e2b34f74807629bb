/**
 * Container activities (ForEach, Until, If Condition, Switch) hold inner activity lists. The canvas
 * shows one list at a time; a {@link ScopePath} says which one, from the pipeline's top level down,
 * and the helpers here read and replace that list immutably (so undo keeps plain snapshots).
 */
import type { ActivityDoc, PipelineDoc } from './types.js';

/** One step down into a container: the container's name and which of its lists. */
export interface ScopeStep {
  activity: string;
  /** `activities`, `ifTrueActivities`, `ifFalseActivities`, `defaultActivities` or `cases/<index>`. */
  slot: string;
}

/** The path from the pipeline's top-level activities to the list shown on the canvas ([] = top level). */
export type ScopePath = readonly ScopeStep[];

/** An inner list a container offers, with the label a breadcrumb or a node button shows. */
export interface ContainerSlot {
  slot: string;
  label: string;
  count: number;
}

function list(value: unknown): ActivityDoc[] {
  return Array.isArray(value) ? (value as ActivityDoc[]) : [];
}

/** The inner lists of a container activity; empty for any other type (matched case-insensitively). */
export function containerSlots(activity: ActivityDoc): ContainerSlot[] {
  const tp = activity.typeProperties ?? {};
  switch (activity.type.toLowerCase()) {
    case 'foreach':
    case 'until':
      return [{ slot: 'activities', label: 'Activities', count: list(tp.activities).length }];
    case 'ifcondition':
      return [
        { slot: 'ifTrueActivities', label: 'True', count: list(tp.ifTrueActivities).length },
        { slot: 'ifFalseActivities', label: 'False', count: list(tp.ifFalseActivities).length },
      ];
    case 'switch': {
      const cases = Array.isArray(tp.cases) ? (tp.cases as Array<{ value?: unknown; activities?: unknown }>) : [];
      return [
        ...cases.map((c, i) => ({ slot: `cases/${i}`, label: `Case ${String(c.value ?? i)}`, count: list(c.activities).length })),
        { slot: 'defaultActivities', label: 'Default', count: list(tp.defaultActivities).length },
      ];
    }
    default:
      return [];
  }
}

/** True when the activity type holds inner activities. */
export function isContainer(type: string): boolean {
  return ['foreach', 'until', 'ifcondition', 'switch'].includes(type.toLowerCase());
}

/** Reads one slot of a container. */
export function readSlot(activity: ActivityDoc, slot: string): ActivityDoc[] {
  const tp = activity.typeProperties ?? {};
  const m = /^cases\/(\d+)$/.exec(slot);
  if (m) {
    const cases = Array.isArray(tp.cases) ? (tp.cases as Array<{ activities?: unknown }>) : [];
    return list(cases[Number(m[1])]?.activities);
  }
  return list(tp[slot]);
}

/** Returns a copy of the container with one slot replaced. */
export function writeSlot(activity: ActivityDoc, slot: string, activities: ActivityDoc[]): ActivityDoc {
  const tp = { ...(activity.typeProperties ?? {}) };
  const m = /^cases\/(\d+)$/.exec(slot);
  if (m) {
    const cases = Array.isArray(tp.cases) ? [...(tp.cases as Array<Record<string, unknown>>)] : [];
    const i = Number(m[1]);
    cases[i] = { ...(cases[i] ?? {}), activities };
    tp.cases = cases;
  } else {
    tp[slot] = activities;
  }
  return { ...activity, typeProperties: tp };
}

/** The activity list a path points at; throws when a step names no container (a stale path). */
export function getActivities(pipeline: PipelineDoc, path: ScopePath): ActivityDoc[] {
  let current = pipeline.properties.activities ?? [];
  for (const step of path) {
    const container = current.find((a) => a.name === step.activity);
    if (!container) throw new Error(`No activity '${step.activity}' in this scope.`);
    current = readSlot(container, step.slot);
  }
  return current;
}

/** Returns a new pipeline whose list at `path` is `activities`; everything else is shared, not copied. */
export function setActivities(pipeline: PipelineDoc, path: ScopePath, activities: ActivityDoc[]): PipelineDoc {
  const replace = (current: ActivityDoc[], depth: number): ActivityDoc[] => {
    if (depth === path.length) return activities;
    const step = path[depth]!;
    return current.map((a) => (a.name === step.activity ? writeSlot(a, step.slot, replace(readSlot(a, step.slot), depth + 1)) : a));
  };
  return { ...pipeline, properties: { ...pipeline.properties, activities: replace(pipeline.properties.activities ?? [], 0) } };
}

/** The JSON pointer of the list a path points at (`/properties/activities/2/typeProperties/ifTrueActivities`). */
export function scopePointer(pipeline: PipelineDoc, path: ScopePath): string {
  let pointer = '/properties/activities';
  let current = pipeline.properties.activities ?? [];
  for (const step of path) {
    const index = current.findIndex((a) => a.name === step.activity);
    const container = current[index];
    if (!container) throw new Error(`No activity '${step.activity}' in this scope.`);
    const m = /^cases\/(\d+)$/.exec(step.slot);
    pointer += `/${index}/typeProperties/${m ? `cases/${m[1]}/activities` : step.slot}`;
    current = readSlot(container, step.slot);
  }
  return pointer;
}

/** Where a JSON pointer into a pipeline lands: the scope, the activity, and the rest of the pointer inside it. */
export interface PointerTarget {
  path: ScopeStep[];
  activity?: string;
  /** The part of the pointer inside the activity (`/typeProperties/waitTimeInSeconds`), or '' for the activity itself. */
  rest: string;
}

/**
 * Resolves a problem's JSON pointer to the activity it concerns, however deep in containers, so a
 * problem can be drawn on its node and its field. Pointers outside activities give no activity.
 */
export function locatePointer(pipeline: PipelineDoc, pointer: string): PointerTarget {
  const tokens = pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (tokens[0] !== 'properties' || tokens[1] !== 'activities') return { path: [], rest: pointer };
  let current = pipeline.properties.activities ?? [];
  const path: ScopeStep[] = [];
  let i = 2;
  for (;;) {
    const activity = current[Number(tokens[i])];
    if (tokens[i] === undefined || !activity) return { path, rest: '' };
    i += 1;
    const restTokens = tokens.slice(i);
    let slot: string | undefined;
    let consumed = 0;
    if (restTokens[0] === 'typeProperties') {
      if (restTokens[1] === 'cases' && restTokens[3] === 'activities' && restTokens[4] !== undefined) {
        slot = `cases/${restTokens[2]}`;
        consumed = 4;
      } else if (['activities', 'ifTrueActivities', 'ifFalseActivities', 'defaultActivities'].includes(restTokens[1] ?? '') && restTokens[2] !== undefined && isContainer(activity.type)) {
        slot = restTokens[1];
        consumed = 2;
      }
    }
    if (!slot) return { path, activity: activity.name, rest: restTokens.length ? `/${restTokens.join('/')}` : '' };
    path.push({ activity: activity.name, slot });
    current = readSlot(activity, slot);
    i += consumed;
  }
}
