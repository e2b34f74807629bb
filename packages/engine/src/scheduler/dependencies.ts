import { userError } from './activity-errors.js';
import { activityKey, dependencyEntries, findByName, type FrameActivity } from './document.js';
import { isTerminalActivityStatus, type ActivityError, type ActivityStatus, type RunState } from './types.js';

/**
 * ADF's dependency rule. The conditions of one `dependsOn` entry are OR'd, separate entries are AND'd:
 * `Succeeded`, `Failed` and `Skipped` match the upstream's final status, `Completed` matches Succeeded or
 * Failed. An activity is decided once every upstream activity has ended: it runs when every entry holds,
 * and is Skipped otherwise (so skipping propagates down a chain of Succeeded edges).
 */

/** What the scheduler can do with an activity that has not started yet. */
export type Readiness =
  | { kind: 'wait' }
  | { kind: 'ready' }
  | { kind: 'skip' }
  | { kind: 'invalid'; error: ActivityError };

/**
 * The status an ended activity shows its dependents. A Cancelled activity (a child run cancelled on its
 * own, say) counts as Failed, as ADF reports it; Queued and InProgress have no outcome yet.
 */
export function dependencyOutcome(status: ActivityStatus): 'Succeeded' | 'Failed' | 'Skipped' | undefined {
  if (status === 'Succeeded' || status === 'Failed' || status === 'Skipped') return status;
  if (status === 'Cancelled') return 'Failed';
  return undefined;
}

/** True when a condition (any casing) matches an upstream outcome. */
export function conditionMatches(condition: string, outcome: 'Succeeded' | 'Failed' | 'Skipped'): boolean {
  const c = condition.toLowerCase();
  if (c === 'completed') return outcome === 'Succeeded' || outcome === 'Failed';
  return c === outcome.toLowerCase();
}

/** Decides whether `fa` (not started yet) of frame `frameId` waits, runs or is skipped. */
export function readiness(state: RunState, frameId: string, fa: FrameActivity, siblings: readonly FrameActivity[]): Readiness {
  let satisfied = true;
  for (const entry of dependencyEntries(fa.def)) {
    const upstream = findByName(siblings, entry.activity);
    if (!upstream) {
      return {
        kind: 'invalid',
        error: userError('DEPENDENCY_NOT_FOUND', `Activity '${fa.name}' depends on '${entry.activity}', which is not an activity of the same scope.`, fa.name, { pointer: `${fa.pointer}/dependsOn` }),
      };
    }
    const record = state.activities[activityKey(frameId, upstream.name)];
    if (!record || !isTerminalActivityStatus(record.status)) return { kind: 'wait' };
    const outcome = dependencyOutcome(record.status);
    if (!outcome || !entry.conditions.some((c) => conditionMatches(c, outcome))) satisfied = false;
  }
  return satisfied ? { kind: 'ready' } : { kind: 'skip' };
}
