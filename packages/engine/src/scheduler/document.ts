import { isPlainObject } from '../expressions/values.js';
import { joinPointer } from '../validation/problem.js';
import type { RunState } from './types.js';

/**
 * Reading the pipeline document a run carries (`state.pipeline`): the activity list of a frame, an
 * activity's kind, its `dependsOn` entries. The scheduler never trusts the document's shape (validation
 * runs before a run starts, but a run must not crash on a document that slipped through).
 */

/** A raw activity object from the pipeline document. */
export type RawActivity = Record<string, unknown>;

/** One activity of a frame's list, located in the document. */
export interface FrameActivity {
  readonly def: RawActivity;
  /** The declared name (keys and `@activity()` use it). */
  readonly name: string;
  /** JSON pointer of the activity in the pipeline document. */
  readonly pointer: string;
}

/** The kinds of activity the scheduler tells apart; everything else is `work` (run on a worker). */
export type ActivityKind =
  | 'foreach' | 'ifcondition' | 'switch' | 'until'
  | 'wait' | 'setvariable' | 'appendvariable' | 'filter' | 'fail' | 'executepipeline'
  | 'work';

const CONTROL_KINDS = new Set<ActivityKind>([
  'foreach', 'ifcondition', 'switch', 'until', 'wait', 'setvariable', 'appendvariable', 'filter', 'fail', 'executepipeline',
]);

/** The kind of an activity type, matched case-insensitively (`ForEach`, `foreach` …). */
export function activityKind(type: string): ActivityKind {
  const t = type.toLowerCase() as ActivityKind;
  return CONTROL_KINDS.has(t) ? t : 'work';
}

/** True for containers: activities that open frames of inner activities. */
export function isContainerKind(kind: ActivityKind): boolean {
  return kind === 'foreach' || kind === 'ifcondition' || kind === 'switch' || kind === 'until';
}

/** The run key of an activity in a frame (see {@link ActivityRunState.key}). */
export function activityKey(frameId: string, name: string): string {
  return `${frameId}/${name}`;
}

function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The value at an RFC 6901 pointer inside `root`, or undefined when the path does not exist. */
export function resolvePointer(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let current: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const token = unescapeToken(raw);
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isPlainObject(current)) current = (current as Record<string, unknown>)[token];
    else return undefined;
  }
  return current;
}

const cache = new WeakMap<object, Map<string, FrameActivity[]>>();

/**
 * The activities of the list at `pointer` in the run's pipeline document, in document order. Entries that
 * are not objects or have no name are left out. Cached per document object (the document never changes
 * during a run).
 */
export function frameActivities(state: RunState, pointer: string): FrameActivity[] {
  let byPointer = cache.get(state.pipeline);
  if (!byPointer) {
    byPointer = new Map();
    cache.set(state.pipeline, byPointer);
  }
  const hit = byPointer.get(pointer);
  if (hit) return hit;
  const list = resolvePointer(state.pipeline, pointer);
  const out: FrameActivity[] = [];
  if (Array.isArray(list)) {
    list.forEach((def, i) => {
      if (isPlainObject(def) && typeof def.name === 'string') out.push({ def: def as RawActivity, name: def.name, pointer: joinPointer(pointer, i) });
    });
  }
  byPointer.set(pointer, out);
  return out;
}

/** Finds an activity of a list by name, case-insensitively (ADF's names are case-insensitive). */
export function findByName(list: readonly FrameActivity[], name: string): FrameActivity | undefined {
  const lower = name.toLowerCase();
  return list.find((a) => a.name.toLowerCase() === lower);
}

/** One `dependsOn` entry: the upstream activity and the conditions (OR'd), as written. */
export interface DependencyEntry {
  readonly activity: string;
  readonly conditions: readonly string[];
}

/** The well-formed `dependsOn` entries of an activity. */
export function dependencyEntries(def: RawActivity): DependencyEntry[] {
  if (!Array.isArray(def.dependsOn)) return [];
  const out: DependencyEntry[] = [];
  for (const d of def.dependsOn) {
    if (!isPlainObject(d) || typeof d.activity !== 'string') continue;
    const conditions = Array.isArray(d.dependencyConditions) ? d.dependencyConditions.filter((c): c is string => typeof c === 'string') : [];
    out.push({ activity: d.activity, conditions });
  }
  return out;
}

/** The activity's `typeProperties` object (empty when missing). */
export function typeProperties(def: RawActivity): Record<string, unknown> {
  return isPlainObject(def.typeProperties) ? (def.typeProperties as Record<string, unknown>) : {};
}

/** True when the activity is deactivated (`state: "Inactive"`, any casing). */
export function isInactive(def: RawActivity): boolean {
  return typeof def.state === 'string' && def.state.toLowerCase() === 'inactive';
}

/** What an inactive activity is marked as (`onInactiveMarkAs`, default Succeeded). */
export function inactiveMark(def: RawActivity): 'Succeeded' | 'Failed' | 'Skipped' {
  const mark = typeof def.onInactiveMarkAs === 'string' ? def.onInactiveMarkAs.toLowerCase() : '';
  if (mark === 'failed') return 'Failed';
  if (mark === 'skipped') return 'Skipped';
  return 'Succeeded';
}

/** True when `policy.secureInput` is set: the resolved input is not recorded. */
export function hasSecureInput(def: RawActivity): boolean {
  return isPlainObject(def.policy) && def.policy.secureInput === true;
}
