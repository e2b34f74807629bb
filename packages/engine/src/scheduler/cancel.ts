import { activityKey, activityKind, frameActivities } from './document.js';
import { isTerminalActivityStatus, type ActivityRunState } from './types.js';
import { addRecord, editFrame, finishRecord, type Working } from './working.js';

/**
 * Cancelling a run, as ADF does: nothing new starts, activities not started yet become Cancelled, every
 * running work activity and waited-on child run gets a `CancelActivity` command, and the run stays
 * `Cancelling` until they have all reported back; then it is `Cancelled`. Waits end at once (a timer
 * has nothing to abort), and containers end with the last of their inner work.
 */

/** True for activity runs the runtime is carrying out and must report back on. */
function inFlight(record: ActivityRunState): boolean {
  if (isTerminalActivityStatus(record.status)) return false;
  const kind = activityKind(record.activityType);
  return kind === 'work' || kind === 'executepipeline';
}

/** Handles `CancelRequested` for a run that is Queued or InProgress. */
export function requestCancel(w: Working, reason: string | undefined): void {
  const state = w.state;
  const wasQueued = state.status === 'Queued';
  state.status = 'Cancelling';
  state.message = reason ?? 'The pipeline run was cancelled.';
  if (wasQueued) return settleCancel(w);
  for (const frame of Object.values(state.frames)) {
    if (frame.status !== 'Running') continue;
    for (const fa of frameActivities(state, frame.pointer)) {
      if (!state.activities[activityKey(frame.id, fa.name)]) addRecord(w, frame.id, fa, { status: 'Cancelled', started: false });
    }
  }
  for (const record of Object.values(state.activities)) {
    if (isTerminalActivityStatus(record.status)) continue;
    if (inFlight(record)) w.commands.push({ type: 'CancelActivity', key: record.key, activityRunId: record.activityRunId });
    else if (activityKind(record.activityType) === 'wait') finishRecord(w, record.key, 'Cancelled');
  }
  settleCancel(w);
}

/** Ends a `Cancelling` run once nothing is in flight any more. */
export function settleCancel(w: Working): void {
  const state = w.state;
  if (state.status !== 'Cancelling') return;
  const records = Object.values(state.activities);
  if (records.some(inFlight)) return;
  for (const record of records) if (!isTerminalActivityStatus(record.status)) finishRecord(w, record.key, 'Cancelled');
  for (const frame of Object.values(state.frames)) if (frame.status === 'Running') editFrame(w, frame.id).status = 'Cancelled';
  state.status = 'Cancelled';
  state.runEnd = w.env.now;
  w.commands.push({ type: 'RunFinished', status: 'Cancelled' });
}
