import { fromJson, isPlainObject, toJson, type JsonValue } from '../expressions/values.js';
import { resolveParameters } from './parameters.js';
import type { InvokedBy, RunState } from './types.js';

/** What starting a pipeline run needs. */
export interface CreateRunInput {
  readonly runId: string;
  /** The pipeline document (`{name, properties}`), kept in the state as it is now. */
  readonly pipeline: { name: string; properties: Record<string, unknown> };
  /** Given parameter values (names matched case-insensitively; strings coerced to the declared type). */
  readonly parameters?: Record<string, unknown>;
  /** ISO time the run is created (queued). */
  readonly now: string;
  /** ADF's `pipeline().GroupId`; reruns share it. Defaults to `runId`. */
  readonly runGroupId?: string;
  /** Who started the run; defaults to `{type: 'Manual'}`. */
  readonly invokedBy?: InvokedBy;
  /** More `pipeline()` fields: TriggerTime, globalParameters … */
  readonly system?: Record<string, JsonValue>;
  readonly trigger?: Record<string, JsonValue>;
  readonly triggerBody?: JsonValue;
}

/** The initial variable values: each declared `defaultValue`, or null when there is none. */
export function initialVariables(properties: Record<string, unknown>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  const declared = properties.variables;
  if (!isPlainObject(declared)) return out;
  for (const [name, spec] of Object.entries(declared)) {
    out[name] = isPlainObject(spec) && spec.defaultValue !== undefined ? toJson(fromJson(spec.defaultValue)) : null;
  }
  return out;
}

/**
 * The state of a new, `Queued` pipeline run: parameters checked and coerced (defaults applied), variables
 * at their defaults, the top frame `''` ready to schedule when `RunStarted` arrives. Throws a coded
 * `SluiceError` (`REQUIRED_PARAMETER_MISSING`, `PARAMETER_TYPE_MISMATCH`, `PARAMETER_NOT_FOUND`) with a
 * pointer to the parameter, so the API can refuse the run before anything is queued.
 *
 * @example createRunState({ runId: 'r1', pipeline, parameters: { n: '5' }, now: '2024-01-01T00:00:00Z' })
 */
export function createRunState(input: CreateRunInput): RunState {
  const properties = input.pipeline.properties;
  const state: RunState = {
    runId: input.runId,
    pipelineName: input.pipeline.name,
    pipeline: input.pipeline,
    parameters: resolveParameters(properties.parameters, input.parameters ?? {}),
    variables: initialVariables(properties),
    status: 'Queued',
    runGroupId: input.runGroupId ?? input.runId,
    invokedBy: input.invokedBy ?? { type: 'Manual' },
    system: input.system ?? {},
    runStart: input.now,
    frames: { '': { id: '', pointer: '/properties/activities', status: 'Running' } },
    activities: {},
  };
  return {
    ...state,
    ...(input.trigger !== undefined ? { trigger: input.trigger } : {}),
    ...(input.triggerBody !== undefined ? { triggerBody: input.triggerBody } : {}),
  };
}
