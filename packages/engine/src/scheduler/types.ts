import type { SluiceErrorData } from '../errors/index.js';
import type { JsonValue } from '../expressions/values.js';

/**
 * The pure scheduler's vocabulary. The scheduler is a function `(state, event, env) → (state, commands)`:
 * no I/O, no clock, no randomness — time and ids come in through {@link StepEnv}. The runtime stores the
 * state, feeds it events (an activity finished, a timer fired, a cancel was asked) and carries out the
 * commands (run this activity on a worker, start this timer, start this child run).
 */

/** ADF's statuses of an activity run. */
export type ActivityStatus = 'Queued' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped' | 'Cancelled';

/** ADF's statuses of a pipeline run (`Cancelling` while running activities are being aborted). */
export type RunStatus = 'Queued' | 'InProgress' | 'Succeeded' | 'Failed' | 'Cancelling' | 'Cancelled';

/** True for statuses that never change again. */
export function isTerminalActivityStatus(s: ActivityStatus): boolean {
  return s === 'Succeeded' || s === 'Failed' || s === 'Skipped' || s === 'Cancelled';
}

/** True for run statuses that never change again. */
export function isTerminalRunStatus(s: RunStatus): boolean {
  return s === 'Succeeded' || s === 'Failed' || s === 'Cancelled';
}

/** An activity's error, in ADF's shape (`@activity('X').error`). */
export interface ActivityError {
  errorCode: string;
  message: string;
  failureType: 'UserError' | 'SystemError';
  /** The activity's name. */
  target: string;
  /** Sluice's structured error when there is one (code, location). */
  details?: SluiceErrorData;
}

/** The retry and timeout policy of a work activity, parsed from `policy`. */
export interface ActivityPolicy {
  /** From `policy.timeout` ("d.hh:mm:ss"); ADF's default is 12 hours. */
  timeoutMs: number;
  /** From `policy.retry` (default 0): the activity runs at most `retry + 1` times. */
  retry: number;
  /** From `policy.retryIntervalInSeconds` (default 30). */
  retryIntervalSeconds: number;
  secureInput: boolean;
  secureOutput: boolean;
}

/**
 * One instance of an activity list: the pipeline's top level, one ForEach iteration, the chosen branch of
 * an If or Switch, one Until iteration. `dependsOn` is resolved among the activities of one frame.
 */
export interface FrameState {
  /** '' for the top level; else `${containerKey}#${n}` (the n-th frame the container opened). */
  readonly id: string;
  /** JSON pointer of the activity list in the pipeline document (`/properties/activities/2/typeProperties/activities`). */
  readonly pointer: string;
  /** The activity run key of the container that opened this frame; undefined for the top level. */
  readonly containerKey?: string;
  /** ForEach: the item of this iteration (`item()`), and its index. */
  readonly item?: JsonValue;
  readonly iteration?: number;
  /** 'Running' until every activity of the frame is terminal, then its outcome by ADF's leaf rule. */
  status: 'Running' | 'Succeeded' | 'Failed' | 'Cancelled';
}

/** The scheduler's record of one activity run (one per ForEach iteration for inner activities). */
export interface ActivityRunState {
  /** Unique within the run: `${frameId}/${activityName}`. */
  readonly key: string;
  /** Unique id of this activity run (from `env.newId()`), stable across retries. */
  readonly activityRunId: string;
  readonly activityName: string;
  readonly activityType: string;
  readonly frameId: string;
  /** JSON pointer of the activity in the pipeline document. */
  readonly pointer: string;
  status: ActivityStatus;
  /** Resolved typeProperties (what the activity received), for monitoring. */
  input?: JsonValue;
  output?: JsonValue;
  error?: ActivityError;
  /** How many attempts were made (work activities; 1 when it ran once). */
  attempts?: number;
  start?: string;
  end?: string;
  /** ForEach iteration index of the frame this activity run belongs to, if any. */
  iteration?: number;
  /** Container bookkeeping: frames opened, next item index, Until iteration count … (scheduler-private). */
  container?: Record<string, JsonValue>;
}

/** Who or what started a run (ADF's `invokedBy`). */
export interface InvokedBy {
  /** `Manual`, `ScheduleTrigger`, `TumblingWindowTrigger`, `PipelineActivity`, `QueueMessageTrigger` … */
  type: string;
  name?: string;
  id?: string;
  /** For child runs: the parent run and the ExecutePipeline activity that started it. */
  parentRunId?: string;
  parentPipelineName?: string;
  parentActivityKey?: string;
  /** For child runs: whether the parent waits for this run's end (ExecutePipeline's `waitOnCompletion`). */
  waitOnCompletion?: boolean;
}

/** Everything the scheduler knows about one pipeline run. Plain JSON: stored as it is. */
export interface RunState {
  readonly runId: string;
  readonly pipelineName: string;
  /** The pipeline document as it was when the run started (later edits do not change a running run). */
  readonly pipeline: { name: string; properties: Record<string, unknown> };
  /** Parameter values with defaults applied. */
  readonly parameters: Record<string, JsonValue>;
  variables: Record<string, JsonValue>;
  status: RunStatus;
  readonly runGroupId: string;
  readonly invokedBy: InvokedBy;
  /** `@pipeline()` fields beyond parameters: TriggerType, TriggerName, TriggerTime, TriggerId, globalParameters … */
  readonly system: Record<string, JsonValue>;
  /** `@trigger()` and `@triggerBody()` when a trigger started the run. */
  readonly trigger?: Record<string, JsonValue>;
  readonly triggerBody?: JsonValue;
  runStart: string;
  runEnd?: string;
  message?: string;
  error?: ActivityError;
  /** The pipeline's return value (Set Variable with `setSystemVariable: true`, `pipelineReturnValue`). */
  returnValue?: Record<string, JsonValue>;
  frames: Record<string, FrameState>;
  activities: Record<string, ActivityRunState>;
}

/** Things that happen to a run, fed to the scheduler one at a time. */
export type RunEvent =
  /** The run begins: schedule the first activities. */
  | { type: 'RunStarted'; at: string }
  /** A worker picked a work activity up (attempt is 1-based). */
  | { type: 'ActivityStarted'; key: string; attempt: number; at: string }
  /** A work activity ended for good (after its last attempt), or a child run ended (ExecutePipeline). */
  | { type: 'ActivityCompleted'; key: string; status: 'Succeeded' | 'Failed' | 'Cancelled'; output?: JsonValue; error?: ActivityError; attempts?: number; at: string }
  /** A timer asked for by a StartTimer command fired (Wait). */
  | { type: 'TimerFired'; key: string; at: string }
  /** A user asked to cancel the run. */
  | { type: 'CancelRequested'; at: string; reason?: string };

/** What the runtime must do after a step. Commands are idempotent by `activityRunId`/`key`. */
export type RunCommand =
  /** Run a work activity on a worker. */
  | {
      type: 'RunActivity';
      key: string;
      activityRunId: string;
      activityName: string;
      activityType: string;
      /** Resolved typeProperties. */
      input: JsonValue;
      /** Resolved `inputs`/`outputs` dataset references and `linkedServiceName`, as in the document with expressions evaluated. */
      inputs: JsonValue[];
      outputs: JsonValue[];
      linkedServiceName?: JsonValue;
      policy: ActivityPolicy;
      /** Sluice's optional `typeVersion` on the activity; latest when absent. */
      typeVersion?: number;
    }
  /** Fire `TimerFired` for `key` at `at`. */
  | { type: 'StartTimer'; key: string; at: string }
  /** Start a child pipeline run (ExecutePipeline); when `waitOnCompletion`, report its end as `ActivityCompleted` for `key`. */
  | {
      type: 'StartChildRun';
      key: string;
      activityRunId: string;
      pipelineName: string;
      parameters: Record<string, JsonValue>;
      waitOnCompletion: boolean;
      /**
       * The run id the child run takes: the scheduler sets it to `activityRunId`, and the activity's
       * `output.pipelineRunId` says so even when it does not wait. Optional: absent means `activityRunId`.
       */
      childRunId?: string;
    }
  /** Abort a running work activity (cancel) — or cancel a child run started for `key`. */
  | { type: 'CancelActivity'; key: string; activityRunId: string }
  /** The run reached a terminal status. */
  | { type: 'RunFinished'; status: RunStatus };

/** What a step needs from the outside world: the current time and fresh ids. */
export interface StepEnv {
  /** ISO timestamp of "now" (the event's time). */
  readonly now: string;
  /** A new unique id (activity run ids). */
  newId(): string;
}

/** The result of one step. `changed` lists the activity runs whose record changed (for the store and live updates). */
export interface StepResult {
  state: RunState;
  commands: RunCommand[];
  changed: ActivityRunState[];
  /** Ids of the frames opened or changed (so a store can write only those). */
  changedFrames: string[];
}
