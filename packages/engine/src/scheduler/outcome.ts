import { dependencyOutcome } from './dependencies.js';
import { activityKey, dependencyEntries, findByName, type FrameActivity } from './document.js';
import type { ActivityRunState, RunState } from './types.js';

/**
 * ADF's leaf rule, which decides the outcome of a pipeline run and of every frame (a ForEach iteration,
 * an If/Switch branch, an Until iteration): evaluate every leaf activity (one no activity of the frame
 * depends on); a skipped leaf is judged by its parents instead, recursively. The frame succeeds if and
 * only if every node evaluated succeeded.
 *
 * This is why try-catch (A → handler on Failed) succeeds when A fails and the handler succeeds, while
 * do-if-else (A → S on Succeeded, A → F on Failed) fails: the skipped S is judged by the failed A.
 */

/** The outcome of an ended frame, with the failed activity runs that caused a failure (document order). */
export interface FrameOutcome {
  readonly status: 'Succeeded' | 'Failed';
  readonly failed: readonly ActivityRunState[];
}

/** Applies the leaf rule to a frame whose activities have all ended. */
export function frameOutcome(state: RunState, frameId: string, list: readonly FrameActivity[]): FrameOutcome {
  const dependedOn = new Set<string>();
  for (const fa of list) {
    for (const entry of dependencyEntries(fa.def)) {
      const upstream = findByName(list, entry.activity);
      if (upstream) dependedOn.add(upstream.name);
    }
  }
  const judged = new Map<string, boolean>();
  const failed = new Set<string>();
  const judge = (fa: FrameActivity, path: Set<string>): boolean => {
    const known = judged.get(fa.name);
    if (known !== undefined) return known;
    if (path.has(fa.name)) return true; // a cycle: nothing more to learn on this path
    const record = state.activities[activityKey(frameId, fa.name)];
    const outcome = record ? dependencyOutcome(record.status) : 'Failed';
    let ok: boolean;
    if (outcome === 'Skipped') {
      path.add(fa.name);
      ok = true;
      for (const entry of dependencyEntries(fa.def)) {
        const parent = findByName(list, entry.activity);
        if (parent && !judge(parent, path)) ok = false;
      }
      path.delete(fa.name);
    } else {
      ok = outcome === 'Succeeded';
      if (!ok) failed.add(fa.name);
    }
    judged.set(fa.name, ok);
    return ok;
  };
  let ok = true;
  for (const fa of list) if (!dependedOn.has(fa.name) && !judge(fa, new Set())) ok = false;
  const failedRecords = list
    .filter((fa) => failed.has(fa.name))
    .map((fa) => state.activities[activityKey(frameId, fa.name)])
    .filter((r): r is ActivityRunState => r !== undefined);
  return { status: ok ? 'Succeeded' : 'Failed', failed: failedRecords };
}
