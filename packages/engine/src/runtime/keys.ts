/**
 * The Redis keys of one Sluice installation. Every key starts with `{prefix}` — a Redis Cluster hash tag —
 * so all of them live in one slot and multi-key transactions and scripts are valid on a cluster. BullMQ's
 * queues use the same tagged prefix.
 */
export class Keys {
  /** `{sluice}` for prefix `sluice`. */
  readonly base: string;

  constructor(readonly prefix: string) {
    if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) throw new Error(`Invalid key prefix '${prefix}': use letters, digits, '_', '.', '-'.`);
    this.base = `{${prefix}}`;
  }

  /** The scheduler state of a run without its pipeline, frames and activity runs (JSON, with a `version`). */
  state(runId: string): string { return `${this.base}:run:${runId}:state`; }
  /** The version of a run's stored state (incremented by every commit; absent = 0). */
  version(runId: string): string { return `${this.base}:run:${runId}:version`; }
  /** The pipeline document a run runs (JSON, written once). */
  pipeline(runId: string): string { return `${this.base}:run:${runId}:pipeline`; }
  /** The run's activity run records (hash key → JSON), written as they change. */
  activityRecords(runId: string): string { return `${this.base}:run:${runId}:activities`; }
  /** The run's frames (hash id → JSON), written as they change. */
  frames(runId: string): string { return `${this.base}:run:${runId}:frames`; }
  /** The run's summary (JSON), for lists. */
  summary(runId: string): string { return `${this.base}:run:${runId}:summary`; }
  /** Events waiting to be applied to a run (list of JSON). */
  events(runId: string): string { return `${this.base}:run:${runId}:events`; }
  /** The orchestrator lock of a run: who applies its events now. */
  lock(runId: string): string { return `${this.base}:run:${runId}:lock`; }
  /** Commands decided but maybe not yet carried out (JSON), for crash recovery. */
  outbox(runId: string): string { return `${this.base}:run:${runId}:outbox`; }
  /** Attempt records of the run's activity runs (hash `activityRunId#attempt` → JSON). */
  attempts(runId: string): string { return `${this.base}:run:${runId}:attempts`; }
  /** Attempt counters (hash activityRunId → count), incremented when a worker starts an attempt. */
  attemptCounters(runId: string): string { return `${this.base}:run:${runId}:attempt-counters`; }
  /** Log lines of one activity run (bounded list of JSON). */
  logs(runId: string, activityRunId: string): string { return `${this.base}:run:${runId}:logs:${activityRunId}`; }

  /** Runs by start time (sorted set, score = epoch ms). */
  runsByTime(): string { return `${this.base}:runs`; }
  /** Runs of one pipeline by start time. */
  runsByPipeline(pipeline: string): string { return `${this.base}:runs:pipeline:${pipeline.toLowerCase()}`; }
  /** Runs not yet finished (set), watched by the reaper. */
  activeRuns(): string { return `${this.base}:runs:active`; }
  /** The latest run of a rerun group. */
  groupLatest(groupId: string): string { return `${this.base}:group:${groupId}:latest`; }
  /** Running runs of a pipeline (set), for `concurrency`. */
  pipelineRunning(pipeline: string): string { return `${this.base}:pipeline:${pipeline.toLowerCase()}:running`; }
  /** Runs waiting for a concurrency slot (list, oldest first). */
  pipelineQueued(pipeline: string): string { return `${this.base}:pipeline:${pipeline.toLowerCase()}:queued`; }

  /** Factory definitions of one kind (hash lower-cased name → JSON document). */
  factory(kind: string): string { return `${this.base}:factory:${kind}`; }
  /** The factory's global parameters (JSON `{name: {type, value}}`). */
  factoryGlobals(): string { return `${this.base}:factory:globals`; }
  /** The ETag of the global parameters (a counter; absent = '0'). */
  factoryGlobalsEtag(): string { return `${this.base}:factory:globals:etag`; }
  /** The ETags of a kind's definitions (hash lower-cased name → ETag). */
  factoryEtags(kind: string): string { return `${this.base}:factory:${kind}:etags`; }

  /** Pub/sub channel of run-level status changes of every run (lists, waiting for a run to end). */
  runsChannel(): string { return `${this.base}:status`; }
  /** Pub/sub channel of one run's status changes: its activity runs and the run itself (live views). */
  runChannel(runId: string): string { return `${this.base}:status:${runId}`; }
  /** Pattern matching every run's channel. */
  runChannelPattern(): string { return `${this.base}:status:*`; }
  /** Pub/sub channel asking workers to abort activity runs. */
  cancelChannel(): string { return `${this.base}:cancel`; }
  /** Workers' heartbeats (hash workerId → JSON). */
  workers(): string { return `${this.base}:workers`; }
  /** Runs waiting for a driver (list of run ids): the API records a run and leaves its first step to a worker. */
  driveRequests(): string { return `${this.base}:runs:drive`; }
  /** The reaper's lock (one reaper at a time across workers). */
  reaperLock(): string { return `${this.base}:reaper`; }

  /** Triggers' runtime state (hash lower-cased trigger name → `Started` / `Stopped`). */
  triggerStates(): string { return `${this.base}:triggers:state`; }
  /** Pub/sub channel telling trigger services that a trigger was started, stopped or changed. */
  triggersChannel(): string { return `${this.base}:triggers:changed`; }
  /** Webhook secrets generated by Sluice (hash lower-cased trigger name → secret). */
  triggerSecrets(): string { return `${this.base}:triggers:secrets`; }
  /** One trigger's keys: `…:trigger:<name>:<part>` (fire locks, runs, windows, snapshot, message ids …). */
  trigger(name: string, part: string): string { return `${this.base}:trigger:${name.toLowerCase()}:${part}`; }
  /** One trigger run record (JSON). */
  triggerRun(triggerRunId: string): string { return `${this.base}:trigger-run:${triggerRunId}`; }
}
