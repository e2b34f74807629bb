import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { step } from '../scheduler/index.js';
import { isTerminalRunStatus, type ActivityRunState, type RunCommand, type RunEvent, type RunState } from '../scheduler/types.js';
import type { Keys } from './keys.js';
import { summarize } from './records.js';
import { COMMIT_STEP, EXTEND_LOCK, RELEASE_LOCK } from './scripts.js';

/** Carries out what the scheduler decided. Every command must be idempotent: after a crash it runs again. */
export interface CommandSink {
  execute(state: RunState, commands: readonly RunCommand[]): Promise<void>;
}

/** A status change published on the status channel (live monitoring, `sluice run`'s progress, SSE). */
export type StatusMessage =
  | { kind: 'run'; runId: string; pipelineName: string; status: RunState['status']; at: string; message?: string }
  | { kind: 'activity'; runId: string; activityRunId: string; activityName: string; activityType: string; key: string; status: ActivityRunState['status']; at: string; iteration?: number };

/** Options of the orchestrator. */
export interface OrchestratorOptions {
  /** How long a driver holds a run's lock without renewing it (a crashed driver's lock expires). */
  lockMs?: number;
  /** Most events applied in one commit. */
  batchSize?: number;
}

/**
 * Applies events to runs, one driver per run at a time, anywhere in the cluster.
 *
 * Whoever produces an event (a worker that finished an activity, the API starting or cancelling a run,
 * a timer) appends it to the run's event list and then tries to become the run's driver by taking its lock.
 * The driver drains the list in batches: it applies the events with the pure scheduler, commits the new
 * state, the trimmed list and the commands (the outbox) in one atomic script, then carries the commands out
 * and clears the outbox. It releases the lock only when the list is empty, atomically, so an event appended
 * meanwhile is never left behind. A driver that dies leaves its outbox and events in Redis; the next driver
 * (or the reaper) picks them up, and commands are idempotent.
 */
export class Orchestrator {
  readonly #lockMs: number;
  readonly #batchSize: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly sink: CommandSink,
    options: OrchestratorOptions = {},
  ) {
    this.#lockMs = options.lockMs ?? 30_000;
    this.#batchSize = options.batchSize ?? 500;
  }

  /** Appends events to a run and drives it. Resolves once the events are durable and a driver has them. */
  async deliver(runId: string, events: readonly RunEvent[]): Promise<void> {
    if (events.length) await this.redis.rpush(this.keys.events(runId), ...events.map((e) => JSON.stringify(e)));
    await this.drive(runId);
  }

  /** Becomes the run's driver if nobody is, and applies every waiting event and outbox. */
  async drive(runId: string): Promise<void> {
    const token = randomUUID();
    const lock = this.keys.lock(runId);
    if ((await this.redis.set(lock, token, 'PX', this.#lockMs, 'NX')) !== 'OK') return;
    let state: RunState | undefined;
    for (;;) {
      state = await this.#flushOutbox(runId, token, state);
      const raw = await this.redis.lrange(this.keys.events(runId), 0, this.#batchSize - 1);
      if (raw.length === 0) {
        const released = (await this.redis.eval(RELEASE_LOCK, 2, lock, this.keys.events(runId), token)) as number;
        if (released !== 0) return;
        continue;
      }
      state ??= await this.#load(runId);
      if (!state) {
        // No state: the run expired or never existed. Drop its events.
        await this.redis.ltrim(this.keys.events(runId), raw.length, -1);
        continue;
      }
      const { next, commands, messages } = this.#apply(state, raw);
      const committed = (await this.redis.eval(
        COMMIT_STEP, 6,
        lock, this.keys.state(runId), `${this.keys.runStem(runId)}:summary`, this.keys.events(runId), this.keys.outbox(runId), this.keys.activeRuns(),
        token, JSON.stringify(next), JSON.stringify(summarize(next)), raw.length,
        commands.length ? JSON.stringify(commands) : '', this.#lockMs, isTerminalRunStatus(next.status) ? '1' : '0', runId,
        this.keys.statusChannel(), ...messages.map((m) => JSON.stringify(m)),
      )) as number;
      if (committed !== 1) return; // Lost the lock (we were too slow): the new driver redoes the work.
      state = next;
      if (commands.length) state = await this.#flushOutbox(runId, token, state, commands);
    }
  }

  #apply(state: RunState, raw: readonly string[]): { next: RunState; commands: RunCommand[]; messages: StatusMessage[] } {
    let next = state;
    const commands: RunCommand[] = [];
    const changed = new Map<string, ActivityRunState>();
    for (const text of raw) {
      let event: RunEvent;
      try {
        event = JSON.parse(text) as RunEvent;
      } catch {
        continue; // not ours to repair: a malformed event is dropped
      }
      const result = step(next, event, { now: event.at ?? new Date().toISOString(), newId: () => randomUUID() });
      next = result.state;
      commands.push(...result.commands);
      for (const a of result.changed) changed.set(a.key, a);
    }
    const at = new Date().toISOString();
    const messages: StatusMessage[] = [...changed.values()].map((a) => ({
      kind: 'activity', runId: next.runId, activityRunId: a.activityRunId, activityName: a.activityName, activityType: a.activityType,
      key: a.key, status: a.status, at: a.end ?? a.start ?? at, ...(a.iteration !== undefined ? { iteration: a.iteration } : {}),
    }));
    if (next.status !== state.status) {
      messages.push({ kind: 'run', runId: next.runId, pipelineName: next.pipelineName, status: next.status, at: next.runEnd ?? at, ...(next.message ? { message: next.message } : {}) });
    }
    return { next, commands, messages };
  }

  async #load(runId: string): Promise<RunState | undefined> {
    const text = await this.redis.get(this.keys.state(runId));
    return text ? (JSON.parse(text) as RunState) : undefined;
  }

  /** Carries out the outbox (given, or read back after a crash) and clears it while the lock is ours. */
  async #flushOutbox(runId: string, token: string, state: RunState | undefined, given?: RunCommand[]): Promise<RunState | undefined> {
    let commands = given;
    if (!commands) {
      const text = await this.redis.get(this.keys.outbox(runId));
      if (!text) return state;
      commands = JSON.parse(text) as RunCommand[];
    }
    const current = state ?? (await this.#load(runId));
    if (current) await this.sink.execute(current, commands);
    await this.redis.eval(EXTEND_LOCK, 2, this.keys.lock(runId), this.keys.outbox(runId), token, this.#lockMs);
    return current;
  }
}
