import type { ActivityResultView, ExpressionContext } from '../expressions/context.js';
import { resolveValue } from '../expressions/evaluate.js';
import type { JsonValue } from '../expressions/values.js';
import { errorFromThrown } from './activity-errors.js';
import { activityKey, frameActivities } from './document.js';
import { isTerminalActivityStatus, type ActivityError, type RunState } from './types.js';

/**
 * The expression context of an activity, as ADF builds it: `pipeline()` (parameters and system
 * variables), `variables()`, `activity()` for the activity runs that ended in the activity's frame and in
 * every frame around it, `item()` of the nearest ForEach iteration, `trigger()`/`triggerBody()`, and the
 * step's clock for `utcNow()`.
 */

/** The ids of a frame and of every frame around it, innermost first, ending with the top frame ''. */
export function frameChain(state: RunState, frameId: string): string[] {
  const chain: string[] = [];
  let id: string | undefined = frameId;
  while (id !== undefined && !chain.includes(id)) {
    chain.push(id);
    const frame: RunState['frames'][string] | undefined = state.frames[id];
    id = frame?.containerKey !== undefined ? state.activities[frame.containerKey]?.frameId : undefined;
  }
  return chain;
}

/** `pipeline()`: parameters, ADF's system variables from the run, then anything in `state.system`. */
export function pipelineObject(state: RunState): Record<string, JsonValue> {
  const by = state.invokedBy;
  const out: Record<string, JsonValue> = {
    DataFactory: 'Sluice',
    Pipeline: state.pipelineName,
    RunId: state.runId,
    GroupId: state.runGroupId,
    TriggerType: by.type,
    TriggerTime: state.runStart,
    globalParameters: {},
  };
  if (by.id !== undefined) out.TriggerId = by.id;
  if (by.name !== undefined) out.TriggerName = by.name;
  if (by.parentPipelineName !== undefined) out.TriggeredByPipelineName = by.parentPipelineName;
  if (by.parentRunId !== undefined) out.TriggeredByPipelineRunId = by.parentRunId;
  Object.assign(out, state.system);
  out.parameters = state.parameters;
  return out;
}

/** The activity runs `@activity()` can read from a frame: ended runs of the frame and enclosing frames. */
export function visibleActivities(state: RunState, frameId: string): Record<string, ActivityResultView> {
  const out: Record<string, ActivityResultView> = {};
  for (const id of frameChain(state, frameId)) {
    const frame = state.frames[id];
    if (!frame) continue;
    for (const fa of frameActivities(state, frame.pointer)) {
      const record = state.activities[activityKey(id, fa.name)];
      if (!record || !isTerminalActivityStatus(record.status) || fa.name in out) continue;
      const view: ActivityResultView = { Status: record.status };
      if (record.output !== undefined) view.output = record.output;
      if (record.error !== undefined) view.error = { errorCode: record.error.errorCode, message: record.error.message, failureType: record.error.failureType, target: record.error.target };
      out[fa.name] = view;
    }
  }
  return out;
}

/** The item of the nearest enclosing ForEach iteration, wrapped (an item may itself be null). */
export function currentItem(state: RunState, frameId: string): { value: JsonValue } | undefined {
  for (const id of frameChain(state, frameId)) {
    const frame = state.frames[id];
    if (frame?.iteration !== undefined) return { value: frame.item ?? null };
  }
  return undefined;
}

/** The full expression context of an activity of `frameId`; `item` overrides `item()` (Filter). */
export function contextFor(state: RunState, frameId: string, now: string, item?: { value: JsonValue }): ExpressionContext {
  const ctx: ExpressionContext = {
    pipeline: pipelineObject(state),
    variables: state.variables,
    now: () => new Date(now),
  };
  // Built on first use: most properties never call activity(), and the view walks every enclosing frame.
  let activities: Record<string, ActivityResultView> | undefined;
  Object.defineProperty(ctx, 'activities', { enumerable: true, get: () => (activities ??= visibleActivities(state, frameId)) });
  const it = item ?? currentItem(state, frameId);
  if (it) ctx.item = it.value;
  if (state.trigger !== undefined) ctx.trigger = state.trigger;
  if (state.triggerBody !== undefined) ctx.triggerBody = state.triggerBody;
  return ctx;
}

/** The outcome of resolving a property: its value, or the activity's error. */
export type Resolved<T = JsonValue> = { ok: true; value: T } | { ok: false; error: ActivityError };

/**
 * Resolves a property value (strings, `{value, type: 'Expression'}` objects, nested JSON) for an activity;
 * an error becomes the activity's error, located at `pointer`.
 */
export function resolveFor(ctx: ExpressionContext, value: unknown, target: string, pointer: string): Resolved {
  try {
    return { ok: true, value: resolveValue(value, ctx) };
  } catch (thrown) {
    return { ok: false, error: errorFromThrown(thrown, target, pointer) };
  }
}
