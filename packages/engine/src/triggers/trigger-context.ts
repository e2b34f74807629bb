/**
 * What a triggered run sees: `@trigger()` (name, type, times, `outputs.windowStartTime` …), `@triggerBody()`,
 * the `@pipeline().Trigger*` fields, and the pipeline parameters of the trigger's pipeline reference
 * evaluated against them (ADF evaluates `"@trigger().scheduledTime"` when the trigger fires).
 */
import { resolveValue } from '../expressions/evaluate.js';
import type { JsonValue } from '../expressions/values.js';

/** The `@trigger()` object and `@triggerBody()` of one firing. */
export interface TriggerFiring {
  /** `@trigger()`: `name`, `type`, `startTime`, `scheduledTime`, `outputs` … */
  trigger: Record<string, JsonValue>;
  triggerBody?: JsonValue;
}

/** `@trigger()` of a schedule trigger: the time it was due and the time it actually fired. */
export function scheduleFiring(name: string, triggerRunId: string, scheduledTime: number, startTime: number): TriggerFiring {
  const scheduled = new Date(scheduledTime).toISOString();
  return { trigger: { name, type: 'ScheduleTrigger', triggerRunId, scheduledTime: scheduled, startTime: new Date(startTime).toISOString() } };
}

/** `@trigger()` of a tumbling-window trigger: `outputs.windowStartTime` / `windowEndTime`. */
export function windowFiring(name: string, triggerRunId: string, windowStart: number, windowEnd: number, startTime: number): TriggerFiring {
  const windowStartTime = new Date(windowStart).toISOString();
  const windowEndTime = new Date(windowEnd).toISOString();
  return {
    trigger: {
      name, type: 'TumblingWindowTrigger', triggerRunId, scheduledTime: windowEndTime, startTime: new Date(startTime).toISOString(),
      outputs: { windowStartTime, windowEndTime },
    },
  };
}

/** `@trigger()` and `@triggerBody()` of an event (storage, queue message, webhook). */
export function eventFiring(name: string, type: string, triggerRunId: string, startTime: number, body: JsonValue): TriggerFiring {
  return { trigger: { name, type, triggerRunId, startTime: new Date(startTime).toISOString() }, triggerBody: body };
}

/** The `@pipeline()` fields ADF sets for a triggered run. */
export function triggerSystemFields(f: TriggerFiring): Record<string, JsonValue> {
  const t = f.trigger;
  return { TriggerType: t.type ?? null, TriggerName: t.name ?? null, TriggerId: t.triggerRunId ?? null, TriggerTime: t.startTime ?? null };
}

/**
 * The pipeline parameters a trigger passes, evaluated: `{"day": "@formatDateTime(trigger().scheduledTime, 'yyyy-MM-dd')"}`
 * → `{"day": "2024-03-01"}`. `now` fixes `utcNow()`. Throws the expression's coded error (EXPRESSION_*).
 */
export function triggerParameters(parameters: Record<string, unknown> | undefined, f: TriggerFiring, now: number): Record<string, JsonValue> {
  if (!parameters) return {};
  const resolved = resolveValue(parameters, {
    trigger: f.trigger,
    ...(f.triggerBody !== undefined ? { triggerBody: f.triggerBody, triggerOutputs: { body: f.triggerBody } } : {}),
    now: () => new Date(now),
  });
  return resolved as Record<string, JsonValue>;
}
