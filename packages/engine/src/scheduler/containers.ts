import { isPlainObject, typeName, type JsonValue } from '../expressions/values.js';
import { innerFailure, userError } from './activity-errors.js';
import { asBoolean } from './control-activities.js';
import { activityKind, resolvePointer, typeProperties, type FrameActivity } from './document.js';
import { contextFor, resolveFor } from './expression-context.js';
import type { FrameOutcome } from './outcome.js';
import { parseTimeSpan } from './policy.js';
import type { ActivityRunState, FrameState } from './types.js';
import { addRecord, containerNumber, containerString, editRecord, finishRecord, openFrame, type Working } from './working.js';

/**
 * The containers: ForEach, If Condition, Switch and Until. Each opens frames of inner activities
 * (`${containerKey}#${n}`) and ends when they have: a container fails when an inner frame fails, and its
 * error names the inner failure. Bookkeeping lives in the record's `container`.
 */

/** ADF's default ForEach `batchCount`: 20 iterations at once. */
export const DEFAULT_BATCH_COUNT = 20;
/** ADF's largest ForEach `batchCount`: larger values are capped to 50. */
export const MAX_BATCH_COUNT = 50;
/** ADF's default Until timeout: 7 days. */
export const DEFAULT_UNTIL_TIMEOUT_MS = 7 * 24 * 60 * 60 * 1000;
/** The most Until iterations one step may run (bodies that end at once): a guard against endless loops. */
export const MAX_SYNC_UNTIL_ITERATIONS = 1000;

const listPointer = (record: ActivityRunState, ...tokens: Array<string | number>): string => [record.pointer, 'typeProperties', ...tokens].join('/');

function fail(w: Working, frameId: string, fa: FrameActivity, error: ReturnType<typeof userError>): void {
  addRecord(w, frameId, fa, { status: 'Failed', error });
}

/**
 * Starts a ForEach: `items` must be an array; iterations run `batchCount` at a time (1 when
 * `isSequential`). As in ADF, items are dealt to the batch slots up front: when iteration i ends, the
 * slot continues with item i + batchCount. An empty array succeeds at once.
 */
export function startForEach(w: Working, frameId: string, fa: FrameActivity): void {
  const tp = typeProperties(fa.def);
  const ctx = contextFor(w.state, frameId, w.env.now);
  const items = resolveFor(ctx, tp.items, fa.name, `${fa.pointer}/typeProperties/items`);
  if (!items.ok) return fail(w, frameId, fa, items.error);
  if (!Array.isArray(items.value)) {
    return fail(w, frameId, fa, userError('EXPRESSION_TYPE', `The items of ForEach '${fa.name}' must evaluate to an array, but evaluated to a value of type '${typeName(items.value)}'.`, fa.name, { pointer: `${fa.pointer}/typeProperties/items` }));
  }
  const settings = resolveFor(ctx, { isSequential: tp.isSequential ?? false, batchCount: tp.batchCount ?? DEFAULT_BATCH_COUNT }, fa.name, `${fa.pointer}/typeProperties`);
  if (!settings.ok) return fail(w, frameId, fa, settings.error);
  const s = settings.value as Record<string, JsonValue>;
  const requested = typeof s.batchCount === 'string' ? Number(s.batchCount) : s.batchCount;
  const batch = asBoolean(s.isSequential, false) ? 1 : Math.min(MAX_BATCH_COUNT, Math.max(1, typeof requested === 'number' && Number.isFinite(requested) ? Math.floor(requested) : DEFAULT_BATCH_COUNT));
  const n = items.value.length;
  if (n === 0) return void addRecord(w, frameId, fa, { status: 'Succeeded', output: {} });
  const record = addRecord(w, frameId, fa, { status: 'InProgress', container: { items: items.value, batch, finished: 0 } });
  for (let i = 0; i < Math.min(batch, n); i++) openIteration(w, record, i);
}

function openIteration(w: Working, record: ActivityRunState, i: number): void {
  const items = record.container?.items;
  const item = Array.isArray(items) ? items[i] ?? null : null;
  openFrame(w, { id: `${record.key}#${i}`, pointer: listPointer(record, 'activities'), containerKey: record.key, item, iteration: i });
}

/** Starts an If Condition: `expression` must be a boolean; one branch frame opens (an empty branch succeeds). */
export function startIfCondition(w: Working, frameId: string, fa: FrameActivity): void {
  const tp = typeProperties(fa.def);
  const pointer = `${fa.pointer}/typeProperties/expression`;
  const r = resolveFor(contextFor(w.state, frameId, w.env.now), tp.expression, fa.name, pointer);
  if (!r.ok) return fail(w, frameId, fa, r.error);
  if (typeof r.value !== 'boolean') {
    return fail(w, frameId, fa, userError('EXPRESSION_TYPE', `The expression of If Condition '${fa.name}' must evaluate to a boolean, but evaluated to a value of type '${typeName(r.value)}'.`, fa.name, { pointer }));
  }
  const branch = r.value ? 'ifTrueActivities' : 'ifFalseActivities';
  const record = addRecord(w, frameId, fa, { status: 'InProgress', container: { branch } });
  openFrame(w, { id: `${record.key}#0`, pointer: listPointer(record, branch), containerKey: record.key });
}

/**
 * Starts a Switch: `on` (ADF's JSON; `expression` in some docs) must evaluate to a string, compared with
 * each case's `value` exactly (case-sensitively); no match runs `defaultActivities`.
 */
export function startSwitch(w: Working, frameId: string, fa: FrameActivity): void {
  const tp = typeProperties(fa.def);
  const field = 'on' in tp ? 'on' : 'expression';
  const pointer = `${fa.pointer}/typeProperties/${field}`;
  const r = resolveFor(contextFor(w.state, frameId, w.env.now), tp[field], fa.name, pointer);
  if (!r.ok) return fail(w, frameId, fa, r.error);
  if (typeof r.value !== 'string') {
    return fail(w, frameId, fa, userError('EXPRESSION_TYPE', `The expression of Switch '${fa.name}' must evaluate to a string, but evaluated to a value of type '${typeName(r.value)}'.`, fa.name, { pointer }));
  }
  const cases = Array.isArray(tp.cases) ? tp.cases : [];
  const index = cases.findIndex((c) => isPlainObject(c) && c.value === r.value);
  const branch = index >= 0 ? `cases/${index}/activities` : 'defaultActivities';
  const record = addRecord(w, frameId, fa, { status: 'InProgress', container: { branch, on: r.value } });
  openFrame(w, { id: `${record.key}#0`, pointer: listPointer(record, ...branch.split('/')), containerKey: record.key });
}

/** Starts an Until: the body runs first, the expression is checked after each iteration. */
export function startUntil(w: Working, frameId: string, fa: FrameActivity): void {
  const tp = typeProperties(fa.def);
  let timeoutMs = DEFAULT_UNTIL_TIMEOUT_MS;
  if (tp.timeout !== undefined) {
    const pointer = `${fa.pointer}/typeProperties/timeout`;
    const r = resolveFor(contextFor(w.state, frameId, w.env.now), tp.timeout, fa.name, pointer);
    if (!r.ok) return fail(w, frameId, fa, r.error);
    const parsed = typeof r.value === 'string' ? parseTimeSpan(r.value) : undefined;
    if (parsed === undefined) return fail(w, frameId, fa, userError('SCHEMA_VIOLATION', `The timeout of Until '${fa.name}' must be a timespan like "0.00:10:00", got ${JSON.stringify(r.value)}.`, fa.name, { pointer }));
    timeoutMs = parsed;
  }
  const record = addRecord(w, frameId, fa, { status: 'InProgress', container: { iteration: 0, timeoutMs } });
  openFrame(w, { id: `${record.key}#0`, pointer: listPointer(record, 'activities'), containerKey: record.key });
}

function endContainer(w: Working, record: ActivityRunState): void {
  const failedKey = containerString(record, 'failedKey');
  const inner = failedKey !== undefined ? w.state.activities[failedKey] : undefined;
  if (inner) finishRecord(w, record.key, 'Failed', { error: innerFailure(record.activityName, inner) });
  else finishRecord(w, record.key, 'Succeeded', { output: {} });
}

/** Reacts to the end of a frame a container opened: next iterations, or the container's own end. */
export function onInnerFrameFinished(w: Working, frame: FrameState, outcome: FrameOutcome): void {
  if (frame.containerKey === undefined) return;
  const current = w.state.activities[frame.containerKey];
  if (!current || current.status !== 'InProgress') return;
  const record = editRecord(w, current.key);
  const container = record.container ?? (record.container = {});
  const firstFailed = outcome.failed[0];
  if (outcome.status === 'Failed' && container.failedKey === undefined) container.failedKey = firstFailed ? firstFailed.key : frame.id;
  switch (activityKind(record.activityType)) {
    case 'foreach': {
      container.finished = containerNumber(record, 'finished') + 1;
      const items = Array.isArray(container.items) ? container.items : [];
      const next = (frame.iteration ?? 0) + containerNumber(record, 'batch');
      if (next < items.length) openIteration(w, record, next);
      if (container.finished >= items.length) endContainer(w, record);
      return;
    }
    case 'until':
      return untilIterationEnded(w, record, frame);
    default:
      return endContainer(w, record);
  }
}

/**
 * After an Until iteration: evaluate the expression with the body's activities visible; true ends the
 * loop (Failed if an iteration failed: an inner failure does not stop the loop, as in ADF), false checks
 * the timeout and opens the next iteration. A body that ends at once (only Set Variable, If …) loops
 * within one step, where the clock does not move: after {@link MAX_SYNC_UNTIL_ITERATIONS} such
 * iterations the Until fails instead of spinning until its timeout.
 */
function untilIterationEnded(w: Working, record: ActivityRunState, frame: FrameState): void {
  const container = record.container ?? (record.container = {});
  const iteration = containerNumber(record, 'iteration') + 1;
  container.iteration = iteration;
  const def = resolvePointer(w.state.pipeline, record.pointer);
  const tp = isPlainObject(def) ? typeProperties(def) : {};
  const pointer = `${record.pointer}/typeProperties/expression`;
  const r = resolveFor(contextFor(w.state, frame.id, w.env.now), tp.expression, record.activityName, pointer);
  if (!r.ok) return void finishRecord(w, record.key, 'Failed', { error: r.error });
  if (typeof r.value !== 'boolean') {
    return void finishRecord(w, record.key, 'Failed', { error: userError('EXPRESSION_TYPE', `The expression of Until '${record.activityName}' must evaluate to a boolean, but evaluated to a value of type '${typeName(r.value)}'.`, record.activityName, { pointer }) });
  }
  if (r.value) return endContainer(w, record);
  const timeoutMs = containerNumber(record, 'timeoutMs') || DEFAULT_UNTIL_TIMEOUT_MS;
  if (Date.parse(w.env.now) - Date.parse(record.start ?? w.env.now) >= timeoutMs) {
    const error = userError('ACTIVITY_TIMEOUT', `Until '${record.activityName}' timed out after ${iteration} iteration(s): its expression was still false when its timeout (${timeoutMs / 1000} seconds) ran out.`, record.activityName, { pointer: `${record.pointer}/typeProperties/timeout` });
    return void finishRecord(w, record.key, 'Failed', { error });
  }
  const spins = (w.loops.get(record.key) ?? 0) + 1;
  w.loops.set(record.key, spins);
  if (spins > MAX_SYNC_UNTIL_ITERATIONS) {
    const error = userError('ACTIVITY_TIMEOUT', `Until '${record.activityName}' ran ${MAX_SYNC_UNTIL_ITERATIONS} iterations without waiting on anything (no work activity, Wait or child run ran in its body) and its expression is still false; it was stopped rather than left spinning until its timeout.`, record.activityName, { pointer });
    return void finishRecord(w, record.key, 'Failed', { error });
  }
  openFrame(w, { id: `${record.key}#${iteration}`, pointer: listPointer(record, 'activities'), containerKey: record.key });
}
