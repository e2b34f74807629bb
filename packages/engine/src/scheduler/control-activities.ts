import { isPlainObject, typeName, type JsonValue } from '../expressions/values.js';
import { resolveValue } from '../expressions/evaluate.js';
import { errorFromThrown, userError } from './activity-errors.js';
import { hasSecureInput, typeProperties, type FrameActivity } from './document.js';
import { contextFor, resolveFor } from './expression-context.js';
import type { ActivityError } from './types.js';
import { addRecord, type Working } from './working.js';

/**
 * The control activities that do not open frames: Filter, Wait, Fail and Execute Pipeline (Set and
 * Append Variable are in `variables.ts`). Filter and Fail end in the step that starts them; Wait asks
 * for a timer; Execute Pipeline asks the runtime for a child run.
 */

function inputOf(fa: FrameActivity, input: JsonValue): { input?: JsonValue } {
  return hasSecureInput(fa.def) ? {} : { input };
}

/** Reads a boolean property written as a boolean or as "true"/"false" (ADF's own examples use strings). */
export function asBoolean(value: JsonValue | undefined, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  return fallback;
}

/** Runs a Filter activity: output `{ItemsCount, FilteredItemsCount, Value}` as in ADF. */
export function runFilter(w: Working, frameId: string, fa: FrameActivity): void {
  const tp = typeProperties(fa.def);
  const ctx = contextFor(w.state, frameId, w.env.now);
  const items = resolveFor(ctx, tp.items, fa.name, `${fa.pointer}/typeProperties/items`);
  if (!items.ok) return void addRecord(w, frameId, fa, { status: 'Failed', error: items.error });
  if (!Array.isArray(items.value)) {
    const error = userError('EXPRESSION_TYPE', `The items of Filter '${fa.name}' must evaluate to an array, but evaluated to a value of type '${typeName(items.value)}'.`, fa.name, { pointer: `${fa.pointer}/typeProperties/items` });
    return void addRecord(w, frameId, fa, { status: 'Failed', error });
  }
  const kept: JsonValue[] = [];
  const conditionPointer = `${fa.pointer}/typeProperties/condition`;
  for (const item of items.value) {
    let result: JsonValue;
    try {
      result = resolveValue(tp.condition, { ...ctx, item });
    } catch (thrown) {
      return void addRecord(w, frameId, fa, { status: 'Failed', error: errorFromThrown(thrown, fa.name, conditionPointer) });
    }
    if (typeof result !== 'boolean') {
      const error = userError('EXPRESSION_TYPE', `The condition of Filter '${fa.name}' must evaluate to a boolean, but evaluated to a value of type '${typeName(result)}'.`, fa.name, { pointer: conditionPointer });
      return void addRecord(w, frameId, fa, { status: 'Failed', error });
    }
    if (result) kept.push(item);
  }
  addRecord(w, frameId, fa, { status: 'Succeeded', output: { ItemsCount: items.value.length, FilteredItemsCount: kept.length, Value: kept } });
}

/** Runs a Wait activity: a timer of `waitTimeInSeconds`; `TimerFired` ends it (0 ends it at once). */
export function runWait(w: Working, frameId: string, fa: FrameActivity): void {
  const tp = typeProperties(fa.def);
  const ctx = contextFor(w.state, frameId, w.env.now);
  const pointer = `${fa.pointer}/typeProperties/waitTimeInSeconds`;
  const r = resolveFor(ctx, tp.waitTimeInSeconds, fa.name, pointer);
  if (!r.ok) return void addRecord(w, frameId, fa, { status: 'Failed', error: r.error });
  const seconds = typeof r.value === 'string' && r.value.trim() !== '' ? Number(r.value) : r.value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    const error = userError('EXPRESSION_TYPE', `waitTimeInSeconds of Wait '${fa.name}' must be a non-negative number, got ${JSON.stringify(r.value)}.`, fa.name, { pointer });
    return void addRecord(w, frameId, fa, { status: 'Failed', error });
  }
  const input = inputOf(fa, { waitTimeInSeconds: seconds });
  if (seconds === 0) return void addRecord(w, frameId, fa, { status: 'Succeeded', ...input, output: {} });
  const record = addRecord(w, frameId, fa, { status: 'InProgress', ...input });
  w.commands.push({ type: 'StartTimer', key: record.key, at: new Date(Date.parse(w.env.now) + seconds * 1000).toISOString() });
}

type Interpreted = { kind: 'missing' } | { kind: 'blank' } | { kind: 'bad' } | { kind: 'ok'; text: string };

function interpret(w: Working, frameId: string, fa: FrameActivity, field: 'message' | 'errorCode'): Interpreted {
  const tp = typeProperties(fa.def);
  if (!(field in tp)) return { kind: 'missing' };
  let value: JsonValue;
  try {
    value = resolveValue(tp[field], contextFor(w.state, frameId, w.env.now));
  } catch {
    return { kind: 'bad' };
  }
  if (typeof value === 'number' || typeof value === 'boolean') value = String(value);
  if (typeof value !== 'string') return value === null ? { kind: 'blank' } : { kind: 'bad' };
  return value.trim() === '' ? { kind: 'blank' } : { kind: 'ok', text: value };
}

/**
 * Runs a Fail activity: it fails with its own `message` and `errorCode` (both may be expressions), and
 * follows ADF's documented fallbacks when they cannot be interpreted.
 */
export function runFail(w: Working, frameId: string, fa: FrameActivity): void {
  const message = interpret(w, frameId, fa, 'message');
  const code = interpret(w, frameId, fa, 'errorCode');
  const unreadable = `Failed to interpret ${fa.name} fail message or error code`;
  let text: string;
  if (message.kind === 'ok') text = message.text;
  else if (message.kind === 'missing') text = "Fail message wasn't provided";
  else if (message.kind === 'bad' && code.kind === 'ok') text = `${fa.name} fail message parameter couldn't be interpreted as a string`;
  else text = unreadable;
  const errorCode = code.kind === 'ok' ? code.text : 'ErrorCodeNotString';
  const error: ActivityError = { errorCode, message: text, failureType: 'UserError', target: fa.name };
  addRecord(w, frameId, fa, { status: 'Failed', ...inputOf(fa, { message: text, errorCode }), error });
}

/**
 * Runs an Execute Pipeline activity: a `StartChildRun` command with the resolved parameters and the child
 * run id (the activity run's id, so `output.pipelineRunId` is known even without waiting). Without
 * `waitOnCompletion` (default true, as documented) the activity succeeds at once; with it, the child's
 * end arrives as `ActivityCompleted` for this activity.
 */
export function runExecutePipeline(w: Working, frameId: string, fa: FrameActivity): void {
  const tp = typeProperties(fa.def);
  const ctx = contextFor(w.state, frameId, w.env.now);
  const ref = isPlainObject(tp.pipeline) ? tp.pipeline.referenceName : undefined;
  const name = resolveFor(ctx, ref, fa.name, `${fa.pointer}/typeProperties/pipeline/referenceName`);
  if (!name.ok) return void addRecord(w, frameId, fa, { status: 'Failed', error: name.error });
  if (typeof name.value !== 'string' || name.value === '') {
    const error = userError('PIPELINE_NOT_FOUND', `Execute Pipeline '${fa.name}' names no pipeline (typeProperties.pipeline.referenceName).`, fa.name, { pointer: `${fa.pointer}/typeProperties/pipeline` });
    return void addRecord(w, frameId, fa, { status: 'Failed', error });
  }
  const params = resolveFor(ctx, tp.parameters ?? {}, fa.name, `${fa.pointer}/typeProperties/parameters`);
  if (!params.ok) return void addRecord(w, frameId, fa, { status: 'Failed', error: params.error });
  const wait = resolveFor(ctx, tp.waitOnCompletion ?? true, fa.name, `${fa.pointer}/typeProperties/waitOnCompletion`);
  if (!wait.ok) return void addRecord(w, frameId, fa, { status: 'Failed', error: wait.error });
  const waitOnCompletion = asBoolean(wait.value, true);
  const parameters = isPlainObject(params.value) ? (params.value as Record<string, JsonValue>) : {};
  const pipelineName = name.value;
  const input = inputOf(fa, { pipeline: { referenceName: pipelineName, type: 'PipelineReference' }, parameters, waitOnCompletion });
  const record = addRecord(w, frameId, fa, { status: waitOnCompletion ? 'InProgress' : 'Succeeded', ...input });
  // The child run takes the activity run's id, so `output.pipelineRunId` is known before it starts.
  const childRunId = record.activityRunId;
  record.container = { childRunId, pipelineName, waitOnCompletion };
  if (!waitOnCompletion) record.output = { pipelineRunId: childRunId, pipelineName };
  w.commands.push({ type: 'StartChildRun', key: record.key, activityRunId: record.activityRunId, pipelineName, parameters, waitOnCompletion, childRunId });
}
