import { failureOf, userError } from './activity-errors.js';
import { startForEach, startIfCondition, startSwitch, startUntil, onInnerFrameFinished } from './containers.js';
import { runExecutePipeline, runFail, runFilter, runWait } from './control-activities.js';
import { readiness } from './dependencies.js';
import { activityKey, activityKind, frameActivities, inactiveMark, isInactive, type FrameActivity } from './document.js';
import { frameOutcome, type FrameOutcome } from './outcome.js';
import type { ActivityError } from './types.js';
import { runAppendVariable, runSetVariable } from './variables.js';
import { startWorkActivity } from './work-activity.js';
import { addRecord, editFrame, frameIndex, hasUnfinished, type Working } from './working.js';

/**
 * The scheduling loop. After anything changes, the frames it touched are "dirty"; `drain` examines them
 * one at a time until none is left: start every activity whose dependencies are decided, skip the ones
 * that can no longer run, and when every activity of a frame has ended, apply the leaf rule and tell
 * the container (or end the run, for the top frame). Control activities end synchronously, so one
 * event may carry a run a long way (bounded for Until loops, see `containers.ts`).
 */

/** Examines dirty frames until none is left (no-op while the run is being cancelled). */
export function drain(w: Working): void {
  while (w.dirty.length > 0) {
    const frameId = w.dirty.shift() as string;
    if (w.state.status !== 'InProgress') continue;
    advanceFrame(w, frameId);
  }
}

function advanceFrame(w: Working, frameId: string): void {
  const frame = w.state.frames[frameId];
  if (!frame || frame.status !== 'Running') return;
  const list = frameActivities(w.state, frame.pointer);
  const index = frameIndex(w, frameId, list);
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const fa of index.pending) {
      if (w.state.activities[activityKey(frameId, fa.name)]) continue;
      const r = readiness(w.state, frameId, fa, list);
      if (r.kind === 'wait') continue;
      progressed = true;
      if (r.kind === 'skip') addRecord(w, frameId, fa, { status: 'Skipped', started: false });
      else if (r.kind === 'invalid') addRecord(w, frameId, fa, { status: 'Failed', error: r.error });
      else startActivity(w, frameId, fa);
    }
    index.pending = index.pending.filter((fa) => !w.state.activities[activityKey(frameId, fa.name)]);
  }
  if (hasUnfinished(w, index)) return;
  if (index.pending.length === 0) {
    return finishFrame(w, frameId, frameOutcome(w.state, frameId, list));
  }
  // Nothing runs and some activities can never be decided: their dependencies form a cycle.
  for (const fa of list) {
    if (w.state.activities[activityKey(frameId, fa.name)]) continue;
    const error = userError('PIPELINE_CYCLE', `Activity '${fa.name}' can never run: its dependencies form a cycle.`, fa.name, { pointer: `${fa.pointer}/dependsOn` });
    addRecord(w, frameId, fa, { status: 'Failed', error, started: false });
  }
  const outcome = frameOutcome(w.state, frameId, list);
  const failed = outcome.failed.length > 0 ? outcome.failed : list.map((fa) => w.state.activities[activityKey(frameId, fa.name)]).filter((r) => r?.status === 'Failed');
  finishFrame(w, frameId, { status: 'Failed', failed: failed.filter((r) => r !== undefined) });
}

/** Starts an activity whose dependencies hold: inactive ones are only marked, the rest run by kind. */
function startActivity(w: Working, frameId: string, fa: FrameActivity): void {
  if (isInactive(fa.def)) {
    addRecord(w, frameId, fa, { status: inactiveMark(fa.def), container: { inactive: true } });
    return;
  }
  const kind = activityKind(typeof fa.def.type === 'string' ? fa.def.type : '');
  switch (kind) {
    case 'foreach': return startForEach(w, frameId, fa);
    case 'ifcondition': return startIfCondition(w, frameId, fa);
    case 'switch': return startSwitch(w, frameId, fa);
    case 'until': return startUntil(w, frameId, fa);
    case 'setvariable': return runSetVariable(w, frameId, fa);
    case 'appendvariable': return runAppendVariable(w, frameId, fa);
    case 'filter': return runFilter(w, frameId, fa);
    case 'wait': return runWait(w, frameId, fa);
    case 'fail': return runFail(w, frameId, fa);
    case 'executepipeline': return runExecutePipeline(w, frameId, fa);
    case 'work': return startWorkActivity(w, frameId, fa);
  }
}

function finishFrame(w: Working, frameId: string, outcome: FrameOutcome): void {
  const frame = editFrame(w, frameId);
  frame.status = outcome.status;
  if (frameId === '') finishRun(w, outcome);
  else onInnerFrameFinished(w, frame, outcome);
}

/**
 * Ends the run with the top frame's outcome. A failed run's error names the first failed activity in
 * ADF's words: "Operation on target X failed: <its message>", keeping its error code.
 */
export function finishRun(w: Working, outcome: FrameOutcome): void {
  const state = w.state;
  state.status = outcome.status;
  state.runEnd = w.env.now;
  if (outcome.status === 'Failed') {
    const first = outcome.failed[0];
    const inner: ActivityError = first ? failureOf(first) : { errorCode: 'ACTIVITY_FAILED', message: 'The pipeline failed.', failureType: 'UserError', target: state.pipelineName };
    const target = first ? first.activityName : state.pipelineName;
    const error: ActivityError = { ...inner, message: `Operation on target ${target} failed: ${inner.message}`, target };
    state.error = error;
    state.message = error.message;
  }
  w.commands.push({ type: 'RunFinished', status: state.status });
}
