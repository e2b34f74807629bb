import { isPlainObject, type JsonValue } from '../expressions/values.js';
import { requestCancel, settleCancel } from './cancel.js';
import { activityKind } from './document.js';
import { drain } from './progress.js';
import { isTerminalActivityStatus, isTerminalRunStatus, type ActivityError, type RunEvent, type RunState, type StepEnv, type StepResult } from './types.js';
import { beginStep, containerString, editRecord, endStep, finishRecord, markDirty, unchanged, type Working } from './working.js';

/** The state an event is applied to: the step's working copy once one exists, the input state before. */
interface Cursor {
  readonly input: RunState;
  readonly inPlace: boolean;
  w?: Working;
}

const current = (c: Cursor): RunState => c.w?.state ?? c.input;

function working(c: Cursor, env: StepEnv): Working {
  if (!c.w) c.w = beginStep(c.input, env, c.inPlace);
  c.w.env = env;
  return c.w;
}

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
  const c: Cursor = { input: state, inPlace: false };
  apply(c, event, env);
  return c.w ? endStep(c.w) : unchanged(state);
}

/**
 * Applies several events in order, as `step` would one after another, but on one working copy: the state's
 * maps are copied once for the whole batch instead of once per event. The orchestrator applies the events
 * that piled up for a run this way. `envFor` gives each event its environment (its time).
 *
 * With `inPlace`, `state` itself is edited (and returned): for a caller that owns the state and drops the
 * old version, such as the runtime's driver. Everything else is as without it.
 */
export function stepAll(state: RunState, events: readonly RunEvent[], envFor: (event: RunEvent) => StepEnv, options: { inPlace?: boolean } = {}): StepResult {
  const c: Cursor = { input: state, inPlace: options.inPlace === true };
  for (const event of events) apply(c, event, envFor(event));
  return c.w ? endStep(c.w) : unchanged(state);
}

function apply(c: Cursor, event: RunEvent, env: StepEnv): void {
  const state = current(c);
  if (isTerminalRunStatus(state.status)) return;
  switch (event.type) {
    case 'RunStarted': {
      if (state.status !== 'Queued') return;
      const w = working(c, env);
      w.state.status = 'InProgress';
      w.state.runStart = event.at;
      markDirty(w, '');
      drain(w);
      return;
    }
    case 'CancelRequested': {
      if (state.status === 'Cancelling') return;
      requestCancel(working(c, env), event.reason);
      return;
    }
    case 'ActivityStarted':
      return activityStarted(c, event, env);
    case 'ActivityCompleted':
      return activityCompleted(c, event, env);
    case 'TimerFired':
      return timerFired(c, event, env);
  }
}

function activityStarted(c: Cursor, event: Extract<RunEvent, { type: 'ActivityStarted' }>, env: StepEnv): void {
  const record = current(c).activities[event.key];
  if (!record || isTerminalActivityStatus(record.status) || activityKind(record.activityType) !== 'work') return;
  const attempts = Math.max(event.attempt, record.attempts ?? 0);
  if (record.status === 'InProgress' && record.attempts === attempts) return;
  const w = working(c, env);
  const edited = editRecord(w, event.key);
  edited.status = 'InProgress';
  edited.attempts = attempts;
}

function defaultError(status: 'Failed' | 'Cancelled', name: string): ActivityError {
  return status === 'Cancelled'
    ? { errorCode: 'ACTIVITY_CANCELLED', message: `Activity '${name}' was cancelled.`, failureType: 'UserError', target: name }
    : { errorCode: 'ACTIVITY_FAILED', message: `Activity '${name}' failed.`, failureType: 'UserError', target: name };
}

function activityCompleted(c: Cursor, event: Extract<RunEvent, { type: 'ActivityCompleted' }>, env: StepEnv): void {
  const record = current(c).activities[event.key];
  if (!record || isTerminalActivityStatus(record.status)) return;
  const kind = activityKind(record.activityType);
  if (kind !== 'work' && kind !== 'executepipeline' && kind !== 'wait') return;
  const w = working(c, env);
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
}

function timerFired(c: Cursor, event: Extract<RunEvent, { type: 'TimerFired' }>, env: StepEnv): void {
  const state = current(c);
  const record = state.activities[event.key];
  if (state.status !== 'InProgress' || !record || isTerminalActivityStatus(record.status)) return;
  if (activityKind(record.activityType) !== 'wait') return;
  const w = working(c, env);
  finishRecord(w, event.key, 'Succeeded', { output: {}, at: event.at });
  drain(w);
}
