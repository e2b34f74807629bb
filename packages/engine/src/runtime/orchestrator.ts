import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { stepAll } from '../scheduler/index.js';
import { isTerminalRunStatus, type ActivityRunState, type RunCommand, type RunEvent, type RunState } from '../scheduler/types.js';
import type { Keys } from './keys.js';
import { summarize } from './records.js';
import { COMMIT_STEP, PUSH_AND_LOCK, READ_BATCH, runScript } from './scripts.js';
import type { RunStateStore } from './state-store.js';

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
  /** Called when a background drive fails (its events stay for the next driver). Default: a process warning. */
  onError?: (error: unknown, runId: string) => void;
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
  readonly #pending = new Set<Promise<void>>();
  readonly #onError: (error: unknown, runId: string) => void;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly store: RunStateStore,
    private readonly sink: CommandSink,
    options: OrchestratorOptions = {},
  ) {
    this.#lockMs = options.lockMs ?? 30_000;
    this.#batchSize = options.batchSize ?? 500;
    this.#onError = options.onError ?? ((error, runId) => process.emitWarning(`Sluice: driving run ${runId} failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  /**
   * Appends events to a run and drives it if nobody is. Resolves once the events are durable and a driver
   * has them. `attempt` records an activity attempt in the same round trip (the worker's end of an attempt).
   */
  async deliver(runId: string, events: readonly RunEvent[], attempt?: { activityRunId: string; attempt: number; record: string }): Promise<void> {
    const token = randomUUID();
    const locked = (await runScript(
      this.redis, PUSH_AND_LOCK,
      [this.keys.events(runId), this.keys.lock(runId), this.keys.attempts(runId)],
      [token, this.#lockMs, attempt ? `${attempt.activityRunId}#${attempt.attempt}` : '', attempt?.record ?? '', ...events.map((e) => JSON.stringify(e))],
    )) as number;
    if (locked === 1) this.#detach(this.#driveLocked(runId, token), runId);
  }

  /**
   * Drives in the background: the events are durable once pushed, so the caller (a worker finishing a job)
   * need not wait for the run's next step — it would hold a concurrency slot doing orchestration. A failed
   * drive leaves its events and outbox in Redis for the next driver or the reaper; the error is reported.
   */
  #detach(drive: Promise<void>, runId: string): void {
    const tracked = drive.catch((e: unknown) => this.#onError(e, runId)).finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
  }

  /** Resolves when every drive this orchestrator started has ended (before closing connections). */
  async idle(): Promise<void> {
    while (this.#pending.size) await Promise.all([...this.#pending]);
  }

  /** Becomes the run's driver if nobody is, and applies every waiting event and outbox (the reaper's entry). */
  async drive(runId: string): Promise<void> {
    const token = randomUUID();
    if ((await this.redis.set(this.keys.lock(runId), token, 'PX', this.#lockMs, 'NX')) !== 'OK') return;
    await this.#driveLocked(runId, token);
  }

  async #driveLocked(runId: string, token: string): Promise<void> {
    const lock = this.keys.lock(runId);
    let held: { state: RunState; version: number } | undefined;
    let outboxDone = false;
    for (;;) {
      const read = (await runScript(
        this.redis, READ_BATCH,
        [lock, this.keys.events(runId), this.keys.outbox(runId), this.keys.version(runId)],
        [token, this.#batchSize, this.#lockMs, outboxDone ? '1' : '0'],
      )) as [number, string | null, string | null, ...string[]];
      outboxDone = false;
      if (read[0] !== 1) return; // released (nothing to do) or no longer ours
      const [, outbox, versionText, ...raw] = read;
      const version = Number(versionText ?? 0);
      if (!held || held.version !== version) held = await this.store.load(runId, version);
      if (!held) {
        // No state: the run expired or never existed. Drop its events and outbox.
        await this.redis.multi().ltrim(this.keys.events(runId), raw.length, -1).del(this.keys.outbox(runId)).exec();
        continue;
      }
      if (outbox) {
        // Commands committed by a driver that stopped before carrying them out (all are idempotent).
        await this.sink.execute(held.state, JSON.parse(outbox) as RunCommand[]);
        outboxDone = true;
        continue;
      }
      let committed: number;
      let next: RunState;
      let commands: RunCommand[];
      try {
        // The driver owns its copy of the state: the scheduler edits it in place, and on any failure below the
        // copy is dropped (the next driver reads the committed state back).
        const applied = this.#apply(held.state, raw);
        ({ next, commands } = applied);
        const delta = this.store.delta(next, applied.changed, applied.changedFrames);
        committed = (await runScript(
          this.redis, COMMIT_STEP,
          [lock, this.keys.state(runId), this.keys.summary(runId), this.keys.events(runId), this.keys.outbox(runId), this.keys.activeRuns(),
            this.keys.activityRecords(runId), this.keys.frames(runId), this.keys.version(runId)],
          [
            token, delta.core, JSON.stringify(summarize(next)), raw.length, commands.length ? JSON.stringify(commands) : '', this.#lockMs,
            isTerminalRunStatus(next.status) ? '1' : '0', runId, this.keys.runChannel(runId),
            delta.activities.length, ...delta.activities.flat(), delta.frames.length, ...delta.frames.flat(),
            this.keys.runsChannel(), applied.runMessage ? JSON.stringify(applied.runMessage) : '',
            ...applied.messages.map((m) => JSON.stringify(m)),
          ],
        )) as number;
      } catch (e) {
        this.store.forget(runId);
        throw e;
      }
      if (committed !== 1) {
        // Lost the lock (we were too slow): the new driver redoes the work.
        this.store.forget(runId);
        return;
      }
      held = { state: next, version: version + 1 };
      this.store.remember(runId, held.version, next);
      if (commands.length) {
        await this.sink.execute(next, commands);
        outboxDone = true;
      }
    }
  }

  #apply(state: RunState, raw: readonly string[]): {
    next: RunState; commands: RunCommand[]; messages: StatusMessage[]; runMessage: StatusMessage | undefined; changed: ActivityRunState[]; changedFrames: string[];
  } {
    const events: RunEvent[] = [];
    for (const text of raw) {
      try {
        events.push(JSON.parse(text) as RunEvent);
      } catch (e) {
        // Events are Sluice's own: one that does not parse is a bug. It cannot be applied; say so, and go on.
        this.#onError(new Error(`dropped a malformed event: ${text.slice(0, 200)}`, { cause: e }), state.runId);
      }
    }
    const before = state.status;
    const result = stepAll(state, events, (event) => ({ now: event.at ?? new Date().toISOString(), newId: () => randomUUID() }), { inPlace: true });
    const next = result.state;
    const at = new Date().toISOString();
    const messages: StatusMessage[] = result.changed.map((a) => ({
      kind: 'activity', runId: next.runId, activityRunId: a.activityRunId, activityName: a.activityName, activityType: a.activityType,
      key: a.key, status: a.status, at: a.end ?? a.start ?? at, ...(a.iteration !== undefined ? { iteration: a.iteration } : {}),
    }));
    const runMessage: StatusMessage | undefined = next.status === before ? undefined
      : { kind: 'run', runId: next.runId, pipelineName: next.pipelineName, status: next.status, at: next.runEnd ?? at, ...(next.message ? { message: next.message } : {}) };
    return { next, commands: result.commands, messages, runMessage, changed: result.changed, changedFrames: result.changedFrames };
  }
}
