import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { isSluiceError } from '../errors/index.js';
import type { RunState } from '../scheduler/types.js';
import { createActivityProcessor, type ActivityJobResult } from './activity-worker.js';
import type { Engine } from './engine.js';
import { ACTIVITY_QUEUE, TIMER_QUEUE, type ActivityJobData, type TimerJobData } from './queues.js';
import { openRedis, type RedisConnection } from './redis.js';
import { startDriveLoop, type DriveLoop } from './drive-loop.js';

/** Options of a worker. */
export interface WorkerOptions {
  /** Work activities run at once by this worker (default 4). */
  concurrency?: number;
  /** BullMQ lock duration: a job whose worker stops renewing it this long is taken over (default 30 s). */
  lockDurationMs?: number;
  /** How often BullMQ looks for stalled jobs (default 30 s). */
  stalledIntervalMs?: number;
  /** How often the reaper looks for stranded runs (default 10 s; 0 turns it off). */
  reaperIntervalMs?: number;
  /** An activity still Queued/InProgress with no live job for this long is failed as WORKER_LOST (default 60 s). */
  lostAfterMs?: number;
  logLimit?: number;
  maxOutputBytes?: number;
}

/**
 * A worker: consumes work activities (BullMQ), drives newly started runs, fires timers, aborts activities when asked (pub/sub), and
 * runs the reaper, which drives runs whose driver died and fails activities whose job vanished, so no run
 * stays InProgress forever.
 */
export class EngineWorker {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  #activityWorker: Worker<ActivityJobData, ActivityJobResult> | undefined;
  #timerWorker: Worker<TimerJobData> | undefined;
  #connections: Redis[] = [];
  #subscriber: Redis | undefined;
  #driveLoop: DriveLoop | undefined;
  #timers: NodeJS.Timeout[] = [];
  #onClose: Array<() => void> = [];
  #closed = false;

  constructor(private readonly engine: Engine, private readonly connection: RedisConnection | undefined, private readonly options: WorkerOptions & { logLimit: number; maxOutputBytes: number }) {}

  async start(): Promise<void> {
    const { engine, options } = this;
    const keys = engine.keys;
    const conn = (): Redis => {
      const c = openRedis(this.connection);
      this.#connections.push(c);
      return c;
    };
    const processor = createActivityProcessor({
      redis: engine.redis, keys, orchestrator: engine.orchestrator, registry: engine.registry, factory: engine.factory, models: engine.models,
      workerId: this.id, logLimit: options.logLimit, maxOutputBytes: options.maxOutputBytes, retentionSeconds: engine.retentionSeconds,
    });
    const common = {
      prefix: keys.base,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      // Attempts are counted by Sluice (a stall is an attempt); BullMQ must not give up on its own.
      maxStalledCount: 1000,
    };
    this.#activityWorker = new Worker<ActivityJobData, ActivityJobResult>(ACTIVITY_QUEUE, processor, {
      ...common, connection: conn(), concurrency: options.concurrency ?? 4,
    });
    this.#timerWorker = new Worker<TimerJobData>(TIMER_QUEUE, async (job) => {
      await engine.orchestrator.deliver(job.data.runId, [{ type: 'TimerFired', key: job.data.key, at: new Date().toISOString() }]);
    }, { ...common, connection: conn(), concurrency: 16 });
    // Errors of the BullMQ machinery (connection drops …) are retried by BullMQ; keep them off stderr noise.
    this.#activityWorker.on('error', () => undefined);
    this.#timerWorker.on('error', () => undefined);

    this.#subscriber = conn();
    this.#subscriber.on('message', (_c: string, text: string) => {
      try {
        const { activityRunId } = JSON.parse(text) as { activityRunId: string };
        this.#activityWorker?.cancelJob(activityRunId, 'cancelled');
      } catch {
        // ignore malformed cancel messages
      }
    });
    await this.#subscriber.subscribe(keys.cancelChannel());
    await Promise.all([this.#activityWorker.waitUntilReady(), this.#timerWorker.waitUntilReady()]);
    // The first step of every run started anywhere (API, triggers, ExecutePipeline) is driven by a worker.
    this.#driveLoop = startDriveLoop(openRedis(this.connection), keys, engine.orchestrator);

    const heartbeat = async (): Promise<void> => {
      await engine.redis.hset(keys.workers(), this.id, JSON.stringify({ id: this.id, host: hostname(), pid: process.pid, concurrency: options.concurrency ?? 4, at: new Date().toISOString() }));
    };
    await heartbeat();
    this.#timers.push(setInterval(() => void heartbeat().catch(() => undefined), 5000));
    const reaperEvery = options.reaperIntervalMs ?? 10_000;
    if (reaperEvery > 0) this.#timers.push(setInterval(() => void this.reap(reaperEvery).catch(() => undefined), reaperEvery));
  }

  /**
   * One pass of the reaper (one worker at a time across the cluster): drives runs with waiting events or
   * an outbox and no driver; fails activity runs whose job is gone; ends runs whose state is unreadable.
   */
  async reap(intervalMs = 10_000): Promise<void> {
    const { engine } = this;
    const keys = engine.keys;
    const redis = engine.redis;
    if ((await redis.set(keys.reaperLock(), this.id, 'PX', Math.max(1000, intervalMs - 500), 'NX')) !== 'OK') return;
    const lostAfter = this.options.lostAfterMs ?? 60_000;
    for (const runId of await redis.smembers(keys.activeRuns())) {
      if (await redis.exists(keys.lock(runId))) continue;
      if ((await redis.llen(keys.events(runId))) > 0 || (await redis.exists(keys.outbox(runId)))) {
        try {
          await engine.orchestrator.drive(runId);
        } catch (e) {
          // One run that cannot be driven must not stop the pass; an unreadable state ends its run.
          if (isSluiceError(e) && e.code === 'RUN_STATE_CORRUPT') await this.#failCorrupt(runId);
        }
        continue;
      }
      let state: RunState;
      try {
        const loaded = await engine.states.load(runId);
        if (!loaded) {
          await redis.srem(keys.activeRuns(), runId);
          continue;
        }
        state = loaded.state;
      } catch {
        await this.#failCorrupt(runId);
        continue;
      }
      for (const a of Object.values(state.activities)) {
        if (a.status !== 'Queued' && a.status !== 'InProgress') continue;
        const since = Date.parse(a.start ?? state.runStart);
        if (Date.now() - since < lostAfter) continue;
        const job = await engine.queues.activities.getJob(a.activityRunId);
        const jobState = job ? await job.getState() : 'missing';
        if (jobState === 'waiting' || jobState === 'active' || jobState === 'delayed' || jobState === 'prioritized') continue;
        if (await redis.exists(keys.summary(a.activityRunId))) continue; // a child run, not a job
        await engine.orchestrator.deliver(runId, [{
          type: 'ActivityCompleted', key: a.key, status: 'Failed', at: new Date().toISOString(),
          error: { errorCode: 'WORKER_LOST', message: `The job of activity '${a.activityName}' is gone (${jobState}) but the activity never reported its end.`, failureType: 'SystemError', target: a.activityName },
        }]);
      }
    }
  }

  async #failCorrupt(runId: string): Promise<void> {
    const redis = this.engine.redis;
    const keys = this.engine.keys;
    const summaryKey = keys.summary(runId);
    const text = await redis.get(summaryKey);
    if (text) {
      const summary = JSON.parse(text) as Record<string, unknown>;
      const at = new Date().toISOString();
      const message = 'The run state stored in Redis could not be read, so the run cannot go on.';
      await redis.set(summaryKey, JSON.stringify({ ...summary, status: 'Failed', runEnd: at, message, error: { errorCode: 'RUN_STATE_CORRUPT', message, failureType: 'SystemError', target: String(summary.pipelineName ?? '') } }));
    }
    await redis.srem(keys.activeRuns(), runId);
    // Stop what is still running for it: the activity records are stored apart from the core and can still
    // be read; their jobs end Cancelled (the run has ended).
    for (const text of await redis.hvals(keys.activityRecords(runId))) {
      try {
        const record = JSON.parse(text) as { activityRunId?: string; status?: string };
        if (record.activityRunId && (record.status === 'Queued' || record.status === 'InProgress')) {
          await redis.publish(keys.cancelChannel(), JSON.stringify({ activityRunId: record.activityRunId }));
          await (await this.engine.queues.activities.getJob(record.activityRunId))?.remove().catch(() => undefined);
        }
      } catch {
        // an unreadable record has nothing to stop
      }
    }
  }

  /** Registers a callback for when the worker closes. */
  onClose(callback: () => void): void {
    this.#onClose.push(callback);
  }

  /** Stops taking jobs, waits for running ones (unless `force`), and closes connections. */
  async close(force = false): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of this.#timers) clearInterval(t);
    await Promise.all([this.#driveLoop?.close(), this.#activityWorker?.close(force), this.#timerWorker?.close(force)]);
    await this.engine.orchestrator.idle();
    await this.engine.redis.hdel(this.engine.keys.workers(), this.id).catch(() => undefined);
    await Promise.all(this.#connections.map((c) => c.quit().catch(() => undefined)));
    for (const cb of this.#onClose) cb();
  }
}
