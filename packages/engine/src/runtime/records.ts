import type { SluiceErrorData } from '../errors/index.js';
import type { JsonValue } from '../expressions/values.js';
import type { ActivityError, ActivityStatus, InvokedBy, RunState, RunStatus } from '../scheduler/types.js';
import { SECURE_MARKER, maskSecureStrings } from './secure-values.js';

/** A pipeline run as monitoring shows it (ADF's PipelineRun shape). */
export interface PipelineRun {
  runId: string;
  pipelineName: string;
  parameters: Record<string, JsonValue>;
  status: RunStatus;
  runStart: string;
  runEnd: string | null;
  durationInMs: number | null;
  message: string;
  error: ActivityError | null;
  invokedBy: InvokedBy;
  runGroupId: string;
  isLatest: boolean;
  returnValue: Record<string, JsonValue> | null;
}

/** One attempt of a work activity run. */
export interface ActivityAttempt {
  attempt: number;
  status: 'InProgress' | 'Succeeded' | 'Failed' | 'Cancelled';
  start: string;
  end?: string;
  workerId?: string;
  error?: SluiceErrorData | { code: string; message: string };
}

/** An activity run as monitoring shows it (ADF's ActivityRun shape, plus attempts and iteration). */
export interface ActivityRun {
  activityRunId: string;
  pipelineRunId: string;
  pipelineName: string;
  activityName: string;
  activityType: string;
  status: ActivityStatus;
  input: JsonValue;
  output: JsonValue;
  error: ActivityError | null;
  activityRunStart: string | null;
  activityRunEnd: string | null;
  durationInMs: number | null;
  /** How many attempts were made (0 for activities that never ran on a worker). */
  attempt: number;
  attempts: ActivityAttempt[];
  /** ForEach iteration (0-based) of the frame this run belongs to. */
  iteration: number | null;
  /** The scheduler's key (`frame/name`): unique within the run. */
  key: string;
}

/** A short summary kept beside each run's state, for listing runs without loading states. */
export interface RunSummary {
  runId: string;
  pipelineName: string;
  status: RunStatus;
  runStart: string;
  runEnd: string | null;
  message: string;
  runGroupId: string;
  invokedBy: InvokedBy;
  /** Parameters with SecureString values masked. */
  parameters: Record<string, JsonValue>;
  error: ActivityError | null;
}

export { SECURE_MARKER };

const duration = (start?: string | null, end?: string | null): number | null =>
  start && end ? Math.max(0, Date.parse(end) - Date.parse(start)) : null;

/** Masks SecureString parameters (by declaration) so they never leave the engine. */
export function maskParameters(state: RunState): Record<string, JsonValue> {
  const decl = (state.pipeline.properties.parameters ?? {}) as Record<string, { type?: string }>;
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(state.parameters)) {
    const type = Object.entries(decl).find(([n]) => n.toLowerCase() === k.toLowerCase())?.[1]?.type;
    out[k] = typeof type === 'string' && type.toLowerCase() === 'securestring' ? SECURE_MARKER : v;
  }
  return out;
}

/** Builds the summary of a run from its state. */
export function summarize(state: RunState): RunSummary {
  return {
    runId: state.runId, pipelineName: state.pipelineName, status: state.status, runStart: state.runStart,
    runEnd: state.runEnd ?? null, message: state.message ?? '', runGroupId: state.runGroupId, invokedBy: state.invokedBy,
    parameters: maskParameters(state), error: state.error ?? null,
  };
}

/** The monitoring view of a run. */
export function toPipelineRun(summary: RunSummary, state: RunState | undefined, isLatest: boolean): PipelineRun {
  return {
    runId: summary.runId, pipelineName: summary.pipelineName, parameters: summary.parameters, status: summary.status,
    runStart: summary.runStart, runEnd: summary.runEnd, durationInMs: duration(summary.runStart, summary.runEnd),
    message: summary.message, error: summary.error, invokedBy: summary.invokedBy, runGroupId: summary.runGroupId, isLatest,
    returnValue: state?.returnValue ?? null,
  };
}

function policyOf(state: RunState, pointer: string): { secureInput: boolean; secureOutput: boolean } {
  let node: unknown = state.pipeline;
  for (const token of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return { secureInput: false, secureOutput: false };
    node = (node as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  const policy = node && typeof node === 'object' ? (node as { policy?: { secureInput?: unknown; secureOutput?: unknown } }).policy : undefined;
  return { secureInput: policy?.secureInput === true, secureOutput: policy?.secureOutput === true };
}

/**
 * The monitoring views of a run's activity runs, in start order, with secured input/output hidden and every
 * SecureString value in an input masked (the stored input holds it sealed; no view shows even that).
 */
export function toActivityRuns(state: RunState, attempts: Record<string, ActivityAttempt[]>): ActivityRun[] {
  return Object.values(state.activities)
    .map((a) => {
      const { secureInput, secureOutput } = policyOf(state, a.pointer);
      const tries = attempts[a.activityRunId] ?? [];
      return {
        activityRunId: a.activityRunId, pipelineRunId: state.runId, pipelineName: state.pipelineName,
        activityName: a.activityName, activityType: a.activityType,
        // A worker records an attempt when it starts one; the scheduler only hears of the end.
        status: a.status === 'Queued' && tries.at(-1)?.status === 'InProgress' ? 'InProgress' : a.status,
        input: secureInput ? SECURE_MARKER : maskSecureStrings(a.input ?? null),
        output: secureOutput ? SECURE_MARKER : (a.output ?? null),
        error: a.error ?? null,
        activityRunStart: a.start ?? null, activityRunEnd: a.end ?? null, durationInMs: duration(a.start, a.end),
        attempt: Math.max(a.attempts ?? 0, tries.length), attempts: tries, iteration: a.iteration ?? null, key: a.key,
      };
    })
    .sort((x, y) => (x.activityRunStart ?? '\uffff').localeCompare(y.activityRunStart ?? '\uffff') || (x.activityRunEnd ?? '\uffff').localeCompare(y.activityRunEnd ?? '\uffff') || x.key.localeCompare(y.key));
}
