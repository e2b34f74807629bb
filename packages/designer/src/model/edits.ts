/**
 * Pure edits of one activity list: add, rename, remove, connect, change an edge's conditions, copy and
 * paste. Each returns a new list and keeps `dependsOn` consistent, so the canvas never leaves a dangling
 * dependency behind (the validator would reject it).
 */
import { normaliseConditions } from './graph.js';
import { isContainer } from './scopes.js';
import type { ActivityDoc, DependencyCondition } from './types.js';

/** A name not used in `taken`: `base` itself, else its stem numbered `Wait1`, `Wait2` … (ADF Studio's style). */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  if (base && !used.has(base.toLowerCase())) return base;
  const stem = base.replace(/\d+$/, '') || 'Activity';
  for (let i = 1; ; i += 1) {
    const candidate = `${stem}${i}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** Every activity name in a list and inside its containers (names are unique pipeline-wide in ADF). */
export function allNames(activities: readonly ActivityDoc[]): string[] {
  const out: string[] = [];
  const walk = (list: readonly ActivityDoc[]): void => {
    for (const a of list) {
      out.push(a.name);
      const tp = a.typeProperties ?? {};
      for (const key of ['activities', 'ifTrueActivities', 'ifFalseActivities', 'defaultActivities']) {
        if (Array.isArray(tp[key])) walk(tp[key] as ActivityDoc[]);
      }
      if (Array.isArray(tp.cases)) for (const c of tp.cases as Array<{ activities?: ActivityDoc[] }>) walk(c.activities ?? []);
    }
  };
  walk(activities);
  return out;
}

/** The typeProperties a new activity of a type starts with (containers get their empty lists). */
export function initialTypeProperties(type: string): Record<string, unknown> {
  switch (type.toLowerCase()) {
    case 'foreach':
      return { items: { value: '@createArray()', type: 'Expression' }, activities: [] };
    case 'until':
      return { expression: { value: '@equals(1, 1)', type: 'Expression' }, activities: [] };
    case 'ifcondition':
      return { expression: { value: '@true', type: 'Expression' }, ifTrueActivities: [], ifFalseActivities: [] };
    case 'switch':
      return { on: { value: "@string('')", type: 'Expression' }, cases: [], defaultActivities: [] };
    default:
      return {};
  }
}

/** Appends a new activity of `type`, named after `baseName` and unique among `takenNames`. */
export function addActivity(list: readonly ActivityDoc[], type: string, baseName: string, takenNames: Iterable<string>): { list: ActivityDoc[]; name: string } {
  const name = uniqueName(`${baseName.replace(/[^A-Za-z0-9_]/g, '') || type}1`, takenNames);
  const activity: ActivityDoc = { name, type, dependsOn: [], typeProperties: initialTypeProperties(type) };
  if (!isContainer(type)) activity.policy = { timeout: '0.12:00:00', retry: 0, retryIntervalInSeconds: 30 };
  return { list: [...list, activity], name };
}

/** Renames an activity and every `dependsOn` that points at it. */
export function renameActivity(list: readonly ActivityDoc[], from: string, to: string): ActivityDoc[] {
  return list.map((a) => ({
    ...(a.name === from ? { ...a, name: to } : a),
    ...(a.dependsOn ? { dependsOn: a.dependsOn.map((d) => (d.activity === from ? { ...d, activity: to } : d)) } : {}),
  }));
}

/** Removes activities and the dependencies on them. */
export function removeActivities(list: readonly ActivityDoc[], names: ReadonlySet<string>): ActivityDoc[] {
  return list
    .filter((a) => !names.has(a.name))
    .map((a) => (a.dependsOn?.some((d) => names.has(d.activity)) ? { ...a, dependsOn: a.dependsOn.filter((d) => !names.has(d.activity)) } : a));
}

/**
 * Sets the conditions of the dependency `from → to`; an empty set removes the dependency. Refuses a
 * self-loop (returns the list unchanged).
 */
export function setDependency(list: readonly ActivityDoc[], from: string, to: string, conditions: readonly DependencyCondition[]): ActivityDoc[] {
  if (from === to) return [...list];
  const normal = normaliseConditions(conditions);
  return list.map((a) => {
    if (a.name !== to) return a;
    const rest = (a.dependsOn ?? []).filter((d) => d.activity !== from);
    const existing = (a.dependsOn ?? []).find((d) => d.activity === from);
    if (normal.length === 0) return { ...a, dependsOn: rest };
    const index = existing ? (a.dependsOn ?? []).indexOf(existing) : rest.length;
    const next = [...rest];
    next.splice(index, 0, { ...(existing ?? {}), activity: from, dependencyConditions: normal });
    return { ...a, dependsOn: next };
  });
}

/** Adds one condition to `from → to` (creating the dependency); the other conditions stay. */
export function connect(list: readonly ActivityDoc[], from: string, to: string, condition: DependencyCondition): ActivityDoc[] {
  const current = list.find((a) => a.name === to)?.dependsOn?.find((d) => d.activity === from)?.dependencyConditions ?? [];
  return setDependency(list, from, to, [...current, condition]);
}

/** The dependency conditions of `from → to`, or [] when there is none. */
export function dependencyConditions(list: readonly ActivityDoc[], from: string, to: string): DependencyCondition[] {
  return normaliseConditions(list.find((a) => a.name === to)?.dependsOn?.find((d) => d.activity === from)?.dependencyConditions ?? []);
}

/** True when adding `from → to` would close a cycle (ADF refuses cyclic pipelines). */
export function wouldCycle(list: readonly ActivityDoc[], from: string, to: string): boolean {
  if (from === to) return true;
  const byName = new Map(list.map((a) => [a.name, a]));
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const name = stack.pop()!;
    if (name === to) return true;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const d of byName.get(name)?.dependsOn ?? []) stack.push(d.activity);
  }
  return false;
}

/** Deep copy of the chosen activities for the clipboard (dependencies among them are kept). */
export function copyActivities(list: readonly ActivityDoc[], names: ReadonlySet<string>): ActivityDoc[] {
  return list.filter((a) => names.has(a.name)).map((a) => structuredClone(a));
}

/**
 * Pastes clipboard activities: each gets a unique name, dependencies between pasted activities follow
 * the renames, dependencies on anything else are dropped. Returns the new list and the new names.
 */
export function pasteActivities(list: readonly ActivityDoc[], clipboard: readonly ActivityDoc[], takenNames: Iterable<string>): { list: ActivityDoc[]; names: string[] } {
  const taken = new Set(takenNames);
  const renames = new Map<string, string>();
  for (const a of clipboard) {
    const finalName = uniqueName(a.name, taken);
    taken.add(finalName);
    renames.set(a.name, finalName);
  }
  const pasted = clipboard.map((a) => {
    const copy = structuredClone(a);
    copy.name = renames.get(a.name)!;
    copy.dependsOn = (a.dependsOn ?? []).filter((d) => renames.has(d.activity)).map((d) => ({ ...d, activity: renames.get(d.activity)! }));
    if (copy.typeProperties) renameNested(copy.typeProperties, taken);
    return copy;
  });
  return { list: [...list, ...pasted], names: pasted.map((a) => a.name) };
}

/** Gives the activities inside a pasted container fresh names too (names are unique pipeline-wide). */
function renameNested(typeProperties: Record<string, unknown>, taken: Set<string>): void {
  const lists: ActivityDoc[][] = [];
  for (const key of ['activities', 'ifTrueActivities', 'ifFalseActivities', 'defaultActivities']) {
    if (Array.isArray(typeProperties[key])) lists.push(typeProperties[key] as ActivityDoc[]);
  }
  if (Array.isArray(typeProperties.cases)) for (const c of typeProperties.cases as Array<{ activities?: ActivityDoc[] }>) if (c.activities) lists.push(c.activities);
  for (const list of lists) {
    const renames = new Map<string, string>();
    for (const a of list) {
      const name = uniqueName(a.name, taken);
      taken.add(name);
      renames.set(a.name, name);
    }
    for (const a of list) {
      a.name = renames.get(a.name)!;
      if (a.dependsOn) a.dependsOn = a.dependsOn.map((d) => ({ ...d, activity: renames.get(d.activity) ?? d.activity }));
      if (a.typeProperties) renameNested(a.typeProperties, taken);
    }
  }
}
