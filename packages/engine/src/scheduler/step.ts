import { isPlainObject, type JsonValue } from '../expressions/values.js';
import { requestCancel, settleCancel } from './cancel.js';
import { activityKind } from './document.js';
import { drain } from './progress.js';
import { isTerminalActivityStatus, isTerminalRunStatus, type ActivityError, type RunEvent, type RunState, type StepEnv, type StepResult } from './types.js';
import { beginStep, containerString, editRecord, endStep, finishRecord, markDirty, unchanged } from './working.js';

/**
 * The pure scheduler: given a run's state and one event, returns the next state, the commands for the
 * runtime and the activity runs whose records changed. No I/O, no clock, no randomness: time and ids
 * come from `env`. The input state is never mutated.
 *
 * The runtime delivers events at least once, so `step` is idempotent: an event for a run that has ended,
 * for an unknown key, or completing an activity that has already ended changes nothing and yields no
 * command.
 *
 * @example
 * let { state, commands } = step(createRunState({ runId, pipeline, now }), { type: 'RunStarted', at: now }, env);
 * // carry out `commands`, then feed back ActivityStarted / ActivityCompleted / TimerFired events
 */
export function step(state: RunState, event: RunEvent, env: StepEnv): StepResult {
  if (isTerminalRunStatus(state.status)) return unchanged(state);
  switch (event.type) {
    case 'RunStarted': {
      if (state.status !== 'Queued') return unchanged(state);
      const w = beginStep(state, env);
      w.state.status = 'InProgress';
      w.state.runStart = event.at;
      markDirty(w, '');
      drain(w);
      return endStep(w);
    }
    case 'CancelRequested': {
      if (state.status === 'Cancelling') return unchanged(state);
      const w = beginStep(state, env);
      requestCancel(w, event.reason);
      return endStep(w);
    }
    case 'ActivityStarted':
      return activityStarted(state, event, env);
    case 'ActivityCompleted':
      return activityCompleted(state, event, env);
    case 'TimerFired':
      return timerFired(state, event, env);
  }
}

function activityStarted(state: RunState, event: Extract<RunEvent, { type: 'ActivityStarted' }>, env: StepEnv): StepResult {
  const record = state.activities[event.key];
  if (!record || isTerminalActivityStatus(record.status) || activityKind(record.activityType) !== 'work') return unchanged(state);
  const attempts = Math.max(event.attempt, record.attempts ?? 0);
  if (record.status === 'InProgress' && record.attempts === attempts) return unchanged(state);
  const w = beginStep(state, env);
  const edited = editRecord(w, event.key);
  edited.status = 'InProgress';
  edited.attempts = attempts;
  return endStep(w);
}

function defaultError(status: 'Failed' | 'Cancelled', name: string): ActivityError {
  return status === 'Cancelled'
    ? { errorCode: 'ACTIVITY_CANCELLED', message: `Activity '${name}' was cancelled.`, failureType: 'UserError', target: name }
    : { errorCode: 'ACTIVITY_FAILED', message: `Activity '${name}' failed.`, failureType: 'UserError', target: name };
}

function activityCompleted(state: RunState, event: Extract<RunEvent, { type: 'ActivityCompleted' }>, env: StepEnv): StepResult {
  const record = state.activities[event.key];
  if (!record || isTerminalActivityStatus(record.status)) return unchanged(state);
  const kind = activityKind(record.activityType);
  if (kind !== 'work' && kind !== 'executepipeline' && kind !== 'wait') return unchanged(state);
  const w = beginStep(state, env);
  let output: JsonValue | undefined = event.output;
  if (kind === 'executepipeline') {
    const base: Record<string, JsonValue> = { pipelineName: containerString(record, 'pipelineName') ?? '' };
    const childRunId = containerString(record, 'childRunId');
    if (childRunId !== undefined) base.pipelineRunId = childRunId;
    output = isPlainObject(event.output) ? { ...base, ...(event.output as Record<string, JsonValue>) } : base;
  }
  const result: { output?: JsonValue; error?: ActivityError; attempts?: number; at: string } = { at: event.at };
  if (output !== undefined) result.output = output;
  if (event.status !== 'Succeeded') result.error = event.error ?? defaultError(event.status, record.activityName);
  const attempts = event.attempts ?? record.attempts ?? (kind === 'work' ? 1 : undefined);
  if (attempts !== undefined) result.attempts = attempts;
  finishRecord(w, event.key, event.status, result);
  if (w.state.status === 'Cancelling') settleCancel(w);
  else drain(w);
  return endStep(w);
}

function timerFired(state: RunState, event: Extract<RunEvent, { type: 'TimerFired' }>, env: StepEnv): StepResult {
  const record = state.activities[event.key];
  if (state.status !== 'InProgress' || !record || isTerminalActivityStatus(record.status)) return unchanged(state);
  if (activityKind(record.activityType) !== 'wait') return unchanged(state);
  const w = beginStep(state, env);
  finishRecord(w, event.key, 'Succeeded', { output: {}, at: event.at });
  drain(w);
  return endStep(w);
}
