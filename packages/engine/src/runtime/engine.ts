import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ActivityDefinition } from '../activities/contract.js';
import { ActivityRegistry } from '../activities/registry.js';
import { SluiceError } from '../errors/index.js';
import type { JsonValue } from '../expressions/values.js';
import { createRerunState, createRunState } from '../scheduler/index.js';
import { globalParameterValues } from '../validation/global-parameters.js';
import { isTerminalRunStatus, type InvokedBy, type RunCommand, type RunEvent, type RunState } from '../scheduler/types.js';
import { BullCommandSink } from './commands.js';
import { FactoryStore, type StoredResource } from './factory-store.js';
import { Keys } from './keys.js';
import { Orchestrator, type StatusMessage } from './orchestrator.js';
import { EngineQueues } from './queues.js';
import { summarize, toPipelineRun, type PipelineRun } from './records.js';
import { openRedis, type RedisConnection } from './redis.js';
import { RunQueries } from './run-queries.js';
import { SecretCipher } from './secrets.js';
import { LocalArtifactStore, RedisModelRegistry, type ArtifactStore } from './model-registry.js';
import { RunStateStore } from './state-store.js';
import { START_RUN, runScript } from './scripts.js';
import { EngineWorker, type WorkerOptions } from './worker.js';

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /** Redis URL or ioredis options (default `REDIS_URL`, else `redis://127.0.0.1:6379`). */
  redis?: RedisConnection;
  /** Key prefix, so several installations can share one Redis (default `sluice`). */
  prefix?: string;
  /** Work activity definitions this process can run (workers need them; the API only to list them). */
  activities?: Iterable<ActivityDefinition> | ActivityRegistry;
  /** Days a finished run is kept (default 30). */
  retentionDays?: number;
  /** Log lines kept per activity run (default 1,000). */
  logLimit?: number;
  /** Outputs larger than this many JSON bytes are cut with a marker (default 4 MB, as ADF). */
  maxOutputBytes?: number;
  /** How long an orchestrator may hold a run without renewing (default 30 s). */
  lockMs?: number;
  /** Key sealing linked-service secrets at rest (`SLUICE_SECRET_KEY`: base64 32 bytes or a passphrase). */
  secretKey?: string;
  /** Where model artifacts are kept: a store, or a local folder (default `.sluice/artifacts`). */
  artifacts?: ArtifactStore | string;
}

/** Options of {@link Engine.startRun}. */
export interface StartRunOptions {
  parameters?: Record<string, unknown>;
  /** A pipeline document to run instead of the stored one with that name (`sluice run FILE`). */
  pipeline?: { name: string; properties: Record<string, unknown> };
  /** Fixes the run id (child runs, idempotent starts). A second start with the same id returns the first run. */
  runId?: string;
  invokedBy?: InvokedBy;
  /** Extra `@pipeline()` fields (TriggerTime, TriggerName …). */
  system?: Record<string, JsonValue>;
  trigger?: Record<string, JsonValue>;
  triggerBody?: JsonValue;
}

/** How to rerun a finished run (ADF's rerun options). */
export type RerunMode = { type: 'all' } | { type: 'fromFailed' } | { type: 'fromActivity'; activityName: string };

/** Stored pipelines kept per process for run starts (most installations have fewer). */
const PIPELINE_CACHE_SIZE = 500;

/**
 * A Sluice engine: starts, queries, cancels and reruns pipeline runs stored in Redis, and runs workers.
 * Any number of engines (API processes, workers, CLIs) share one Redis and prefix. A run's first step is
 * driven by a worker (the drive requests); later steps by whichever process delivers their events.
 */
export class Engine {
  readonly keys: Keys;
  readonly factory: FactoryStore;
  /** The model registry and experiment tracking (Train, Predict, Evaluate, the serving route). */
  readonly models: RedisModelRegistry;
  readonly registry: ActivityRegistry;
  readonly queries: RunQueries;
  /** Run states in Redis (written in pieces; see RunStateStore). */
  readonly states: RunStateStore;
  readonly orchestrator: Orchestrator;
  readonly queues: EngineQueues;
  readonly retentionSeconds: number;
  readonly #redis: Redis;
  readonly #connection: RedisConnection | undefined;
  readonly #options: EngineOptions;
  readonly #workers = new Set<EngineWorker>();
  readonly #subscribers = new Set<Redis>();
  /** Stored pipelines this process started runs of, with their ETags (checked by START_RUN on every start). */
  readonly #pipelines = new Map<string, { doc: StoredResource; etag: string }>();
  #globals: { values: Record<string, JsonValue>; etag: string } | undefined;

  constructor(options: EngineOptions = {}) {
    this.#options = options;
    this.#connection = options.redis;
    // The command connection: many activities and drivers share it, so commands issued in the same tick
    // travel together (auto-pipelining). Blocking connections (BullMQ workers, subscribers) are separate.
    this.#redis = openRedis(options.redis, { enableAutoPipelining: true });
    this.keys = new Keys(options.prefix ?? 'sluice');
    this.registry = options.activities instanceof ActivityRegistry ? options.activities : new ActivityRegistry(options.activities ?? []);
    this.factory = new FactoryStore(this.#redis, this.keys, options.secretKey ? { cipher: new SecretCipher(options.secretKey) } : {});
    const artifacts = typeof options.artifacts === 'object' ? options.artifacts : new LocalArtifactStore(options.artifacts ?? '.sluice/artifacts');
    this.models = new RedisModelRegistry(this.#redis, this.keys, artifacts);
    this.states = new RunStateStore(this.#redis, this.keys);
    this.queries = new RunQueries(this.#redis, this.keys, this.states);
    this.queues = new EngineQueues(this.#redis, this.keys);
    this.retentionSeconds = Math.round((options.retentionDays ?? 30) * 86_400);
    const sink = new BullCommandSink(this.#redis, this.keys, this.queues, {
      startChildRun: (parent, c) => this.#startChildRun(parent, c),
      cancelRun: (id, reason) => this.cancelRun(id, reason),
      runExists: async (id) => (await this.#redis.exists(this.keys.summary(id))) === 1,
    }, this.retentionSeconds);
    this.orchestrator = new Orchestrator(this.#redis, this.keys, this.states, sink, { ...(options.lockMs ? { lockMs: options.lockMs } : {}) });
    sink.orchestrator = this.orchestrator;
  }

  /** The command connection (for tests and tools that inspect Redis). */
  get redis(): Redis {
    return this.#redis;
  }

  /**
   * Starts a run of a stored pipeline (or of `options.pipeline`). Checks parameters (REQUIRED_PARAMETER_MISSING,
   * PARAMETER_TYPE_MISMATCH), records the run, and either starts it or — when the pipeline's `concurrency`
   * is reached — leaves it `Queued` until a slot frees.
   */
  async startRun(pipelineName: string, options: StartRunOptions = {}): Promise<PipelineRun> {
    const runId = options.runId ?? randomUUID();
    for (let attempt = 0; ; attempt++) {
      // An unsaved document (a debug run) has its SecureStrings sealed as a saved one does: runs keep them sealed.
      // A start with a given run id that exists already answers that run (START_RUN finds it), even when its
      // pipeline was deleted since.
      const source = options.pipeline
        ? { doc: await this.factory.sealUnsaved('pipeline', options.pipeline), etag: undefined }
        : await this.#storedPipeline(pipelineName).catch(async (e: unknown) => {
          if (options.runId && (await this.#redis.exists(this.keys.summary(options.runId)))) return undefined;
          throw e;
        });
      if (!source) return this.getRun(runId);
      const pipeline = source.doc;
      const globals = await this.#globalParameters();
      const state = createRunState({
        runId, pipeline: { name: pipeline.name, properties: pipeline.properties }, parameters: options.parameters ?? {}, now: new Date().toISOString(),
        runGroupId: runId, invokedBy: options.invokedBy ?? { type: 'Manual', name: 'Manual' },
        // ADF's @pipeline().globalParameters: the factory's values when the run starts (reruns keep them).
        system: { ...options.system, globalParameters: globals.values },
        ...(options.trigger ? { trigger: options.trigger } : {}),
        ...(options.triggerBody !== undefined ? { triggerBody: options.triggerBody } : {}),
      });
      const run = await this.#record(state, { pipeline: source.etag === undefined ? undefined : { name: pipeline.name, etag: source.etag }, globalsEtag: globals.etag });
      if (run) return run;
      // The cached document or global parameters were replaced meanwhile: read them again and rebuild the run.
      this.#pipelines.delete(pipelineName.toLowerCase());
      this.#globals = undefined;
      if (attempt >= 5) throw new SluiceError('PRECONDITION_FAILED', `The pipeline '${pipelineName}' kept changing while a run of it was being started.`);
    }
  }

  /** The global parameters' values and ETag, cached like pipelines (START_RUN checks the ETag). */
  async #globalParameters(): Promise<{ values: Record<string, JsonValue>; etag: string }> {
    if (this.#globals) return this.#globals;
    const { globalParameters, etag } = await this.factory.globalParameters();
    this.#globals = { values: globalParameterValues(globalParameters), etag };
    return this.#globals;
  }

  /**
   * A stored pipeline and its ETag, from this process's cache when it has them: START_RUN checks the ETag in the
   * same round trip that records the run, so a stale copy is never run (the start is rebuilt from the new one).
   */
  async #storedPipeline(name: string): Promise<{ doc: StoredResource; etag: string }> {
    const key = name.toLowerCase();
    const hit = this.#pipelines.get(key);
    if (hit) return hit;
    const found = await this.factory.findWithEtag('pipeline', name);
    if (!found) return { doc: await this.factory.get('pipeline', name), etag: '' }; // throws PIPELINE_NOT_FOUND
    this.#pipelines.set(key, found);
    if (this.#pipelines.size > PIPELINE_CACHE_SIZE) this.#pipelines.delete(this.#pipelines.keys().next().value as string);
    return found;
  }

  /**
   * Records a new run in one round trip (START_RUN) and leaves its first step to the workers, who pop the drive
   * requests: the process that starts runs (the API, a trigger service) does not also schedule them, so a start
   * costs one script and answers as soon as the run is durable. Without a running worker the run stays Queued.
   */
  async #record(state: RunState, check?: { pipeline?: { name: string; etag: string } | undefined; globalsEtag: string }): Promise<PipelineRun | undefined> {
    const { runId, pipelineName } = state;
    const summary = summarize(state);
    const queued: StatusMessage = { kind: 'run', runId, pipelineName, status: 'Queued', at: state.runStart };
    const started: RunEvent = { type: 'RunStarted', at: new Date().toISOString() };
    const frames = Object.entries(state.frames).flatMap(([id, f]) => [id, JSON.stringify(f)]);
    const activities = Object.entries(state.activities).flatMap(([k, a]) => [k, JSON.stringify(a)]);
    const limit = Number(state.pipeline.properties.concurrency ?? 0) || 0;
    const k = this.keys;
    const code = (await runScript(this.#redis, START_RUN, [
      k.state(runId), k.pipeline(runId), k.summary(runId), k.runsByTime(), k.runsByPipeline(pipelineName), k.activeRuns(),
      k.groupLatest(state.runGroupId), k.pipelineRunning(pipelineName), k.pipelineQueued(pipelineName), k.events(runId), k.driveRequests(),
      k.frames(runId), k.activityRecords(runId), k.factoryEtags('pipeline'), k.factoryGlobalsEtag(),
    ], [
      this.states.newCore(state), JSON.stringify(state.pipeline), JSON.stringify(summary), Date.parse(state.runStart), runId, limit,
      k.runsChannel(), k.runChannel(runId), JSON.stringify(queued), JSON.stringify(started),
      check?.pipeline ? check.pipeline.name.toLowerCase() : '', check?.pipeline?.etag ?? '',
      // A rerun keeps the global parameters of the run it reruns: no check.
      check?.globalsEtag ?? '', frames.length / 2, ...frames, ...activities,
    ])) as number;
    if (code === -1) return undefined;
    if (code === 0) return this.getRun(runId);
    return toPipelineRun(summary, state, true);
  }

  async #startChildRun(parent: RunState, c: Extract<RunCommand, { type: 'StartChildRun' }>): Promise<void> {
    try {
      await this.startRun(c.pipelineName, {
        runId: c.activityRunId,
        parameters: c.parameters,
        invokedBy: {
          type: 'PipelineActivity', name: c.key.split('/').pop() ?? c.key, parentRunId: parent.runId, parentPipelineName: parent.pipelineName,
          parentActivityKey: c.key, waitOnCompletion: c.waitOnCompletion,
        },
        system: { TriggeredByPipelineName: parent.pipelineName, TriggeredByPipelineRunId: parent.runId },
      });
    } catch (e) {
      const error = e instanceof SluiceError ? e : new SluiceError('INTERNAL', String(e));
      if (c.waitOnCompletion) {
        await this.orchestrator.deliver(parent.runId, [{
          type: 'ActivityCompleted', key: c.key, status: 'Failed', at: new Date().toISOString(),
          error: { errorCode: error.code, message: error.message, failureType: 'UserError', target: c.key.split('/').pop() ?? c.key, details: error.toJSON() },
        }]);
      }
    }
  }

  /** A run in ADF's shape. Throws RUN_NOT_FOUND. */
  getRun(runId: string): Promise<PipelineRun> {
    return this.queries.getRun(runId);
  }

  /** Asks a run to stop: running activities are aborted, pending ones end Cancelled. Returns the run as it is now. */
  async cancelRun(runId: string, reason?: string): Promise<PipelineRun> {
    const run = await this.getRun(runId);
    if (isTerminalRunStatus(run.status)) return run;
    await this.#redis.lrem(this.keys.pipelineQueued(run.pipelineName), 0, runId);
    await this.orchestrator.deliver(runId, [{ type: 'CancelRequested', at: new Date().toISOString(), ...(reason ? { reason } : {}) }]);
    return this.getRun(runId);
  }

  /**
   * Reruns a finished run: everything, from the failed activity (succeeded activities' outputs are reused),
   * or from a chosen activity. The new run shares the old one's `runGroupId` and becomes the group's latest.
   */
  async rerun(runId: string, mode: RerunMode = { type: 'fromFailed' }): Promise<PipelineRun> {
    const previous = await this.queries.state(runId);
    if (!isTerminalRunStatus(previous.status)) {
      throw new SluiceError('RUN_NOT_FINISHED', `Run '${runId}' is ${previous.status}: only a finished run can be rerun.`);
    }
    const state = createRerunState(previous, mode, { runId: randomUUID(), now: new Date().toISOString() });
    const run = await this.#record(state);
    if (!run) throw new SluiceError('RUN_NOT_FOUND', `The rerun of '${runId}' could not be recorded.`); // only a checked start answers nothing
    return run;
  }

  /**
   * Waits until a run ends and returns it. Listens to run-level status messages (and, with `onStatus`, to the
   * run's activity-level ones) and polls as a fallback. Throws WAIT_TIMEOUT after `timeoutMs` (the run goes on).
   */
  async waitForRun(runId: string, options: { timeoutMs?: number; onStatus?: (m: StatusMessage) => void } = {}): Promise<PipelineRun> {
    const deadline = Date.now() + (options.timeoutMs ?? 24 * 3600_000);
    let wake: (() => void) | undefined;
    const unsubscribe = await this.subscribe((m) => {
      if (m.runId !== runId) return;
      options.onStatus?.(m);
      if (m.kind === 'run' && isTerminalRunStatus(m.status)) wake?.();
    }, options.onStatus ? { runId } : {});
    try {
      for (;;) {
        const run = await this.getRun(runId);
        if (isTerminalRunStatus(run.status)) return run;
        const left = deadline - Date.now();
        if (left <= 0) throw new SluiceError('WAIT_TIMEOUT', `Run '${runId}' did not finish in time (it is ${run.status}).`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, Math.min(1000, left));
        });
      }
    } finally {
      await unsubscribe();
    }
  }

  /**
   * Calls `listener` with status changes. By default, run-level changes of every run; with `runId`, every
   * change of that run (its activity runs too); with `activities: true`, every change of every run. Returns
   * the unsubscribe function.
   */
  async subscribe(listener: (message: StatusMessage) => void, scope: { runId?: string; activities?: boolean } = {}): Promise<() => Promise<void>> {
    const sub = openRedis(this.#connection);
    this.#subscribers.add(sub);
    const deliver = (text: string): void => {
      try {
        listener(JSON.parse(text) as StatusMessage);
      } catch {
        // a listener's own error must not break the subscription
      }
    };
    if (scope.activities) {
      sub.on('pmessage', (_pattern: string, _channel: string, text: string) => deliver(text));
      await sub.psubscribe(this.keys.runChannelPattern());
    } else {
      sub.on('message', (_channel: string, text: string) => deliver(text));
      await sub.subscribe(scope.runId ? this.keys.runChannel(scope.runId) : this.keys.runsChannel());
    }
    return async () => {
      this.#subscribers.delete(sub);
      await sub.quit().catch(() => undefined);
    };
  }

  /** Starts a worker in this process: it runs work activities, fires timers and recovers stranded runs. */
  async startWorker(options: WorkerOptions = {}): Promise<EngineWorker> {
    const worker = new EngineWorker(this, this.#connection, {
      logLimit: this.#options.logLimit ?? 1000,
      maxOutputBytes: this.#options.maxOutputBytes ?? 4 * 1024 * 1024,
      ...options,
    });
    await worker.start();
    this.#workers.add(worker);
    worker.onClose(() => this.#workers.delete(worker));
    return worker;
  }

  /** Closes workers, subscriptions, queues and connections. */
  async close(): Promise<void> {
    await Promise.all([...this.#workers].map((w) => w.close()));
    await this.orchestrator.idle();
    await Promise.all([...this.#subscribers].map((s) => s.quit().catch(() => undefined)));
    await this.queues.close();
    await this.#redis.quit().catch(() => undefined);
  }
}

/** Creates an engine (see {@link Engine}). */
export function createEngine(options: EngineOptions = {}): Engine {
  return new Engine(options);
}
