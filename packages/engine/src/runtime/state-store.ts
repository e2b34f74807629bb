import type { ChainableCommander, Redis } from 'ioredis';
import { SluiceError } from '../errors/index.js';
import type { ActivityRunState, FrameState, RunState } from '../scheduler/types.js';
import type { Keys } from './keys.js';

/** The part of a run state stored as one JSON value: everything but the pipeline, frames and activity runs. */
type Core = Omit<RunState, 'pipeline' | 'frames' | 'activities'>;

/** What changed between two states, ready to be written. */
export interface StateDelta {
  core: string;
  activities: Array<[string, string]>;
  frames: Array<[string, string]>;
}

/**
 * Stores run states in pieces, so that a step writes what it changed and not the whole run: the core
 * (status, variables …) as one JSON value, the pipeline document once, and activity runs and frames in
 * hashes, one field each; the scheduler says which activity runs and frames a step changed.
 *
 * A driver keeps the states it drives in memory between batches; the version (a counter every commit
 * increments) tells whether its copy is still the latest (another process may have driven the run since).
 */
export class RunStateStore {
  readonly #cache = new Map<string, { version: number; state: RunState }>();

  constructor(private readonly redis: Redis, private readonly keys: Keys, private readonly cacheSize = 200) {}

  /** The core of a new run's state (version 0): written first, with NX, so a run id is only ever created once. */
  newCore(state: RunState): string {
    const { pipeline: _p, frames: _f, activities: _a, ...core } = state;
    return JSON.stringify(core);
  }

  /** Adds the writes of the rest of a new run's state (after {@link newCore}) to a transaction. */
  writeNew(m: ChainableCommander, state: RunState): ChainableCommander {
    const { pipeline, frames, activities } = state;
    m.set(this.keys.pipeline(state.runId), JSON.stringify(pipeline));
    const frameFields = Object.entries(frames).flatMap(([id, f]) => [id, JSON.stringify(f)]);
    if (frameFields.length) m.hset(this.keys.frames(state.runId), ...frameFields);
    const activityFields = Object.entries(activities).flatMap(([k, a]) => [k, JSON.stringify(a)]);
    if (activityFields.length) m.hset(this.keys.activityRecords(state.runId), ...activityFields);
    return m;
  }

  /**
   * The run's state and version, or undefined when there is none. `knownVersion` (from a batch read) lets a
   * driver reuse its in-memory copy without reading the state back. Throws RUN_STATE_CORRUPT when the stored
   * pieces cannot be read.
   */
  async load(runId: string, knownVersion?: number): Promise<{ state: RunState; version: number } | undefined> {
    const cached = this.#cache.get(runId);
    if (cached && knownVersion !== undefined && cached.version === knownVersion) return cached;
    const [coreText, versionText, pipelineText, frames, activities] = await Promise.all([
      this.redis.get(this.keys.state(runId)),
      this.redis.get(this.keys.version(runId)),
      this.redis.get(this.keys.pipeline(runId)),
      this.redis.hgetall(this.keys.frames(runId)),
      this.redis.hgetall(this.keys.activityRecords(runId)),
    ]);
    if (!coreText) return undefined;
    const version = Number(versionText ?? 0);
    if (cached && cached.version === version) return cached;
    let state: RunState;
    try {
      if (!pipelineText) throw new Error('no pipeline document');
      state = {
        ...(JSON.parse(coreText) as Core),
        pipeline: JSON.parse(pipelineText) as RunState['pipeline'],
        frames: Object.fromEntries(Object.entries(frames).map(([k, v]) => [k, JSON.parse(v) as FrameState])),
        activities: Object.fromEntries(Object.entries(activities).map(([k, v]) => [k, JSON.parse(v) as ActivityRunState])),
      };
    } catch (e) {
      throw new SluiceError('RUN_STATE_CORRUPT', `The stored state of run '${runId}' cannot be read: ${e instanceof Error ? e.message : String(e)}.`);
    }
    this.remember(runId, version, state);
    return { state, version };
  }

  /** The pieces of `state` a step changed, serialised: the core, and the listed activity runs and frames. */
  delta(state: RunState, changedActivities: readonly ActivityRunState[], changedFrames: readonly string[]): StateDelta {
    const { pipeline: _p, frames, activities: _a, ...core } = state;
    return {
      core: JSON.stringify(core),
      activities: changedActivities.map((a) => [a.key, JSON.stringify(a)]),
      frames: changedFrames.flatMap((id) => (frames[id] ? [[id, JSON.stringify(frames[id])] as [string, string]] : [])),
    };
  }

  /** Records that this process holds `state` at `version` (after a commit). Terminal runs are let go. */
  remember(runId: string, version: number, state: RunState): void {
    this.#cache.delete(runId);
    if (state.status === 'Succeeded' || state.status === 'Failed' || state.status === 'Cancelled') return;
    this.#cache.set(runId, { version, state });
    if (this.#cache.size > this.cacheSize) this.#cache.delete(this.#cache.keys().next().value as string);
  }

  /** Forgets a run (after losing its lock: another driver may change it). */
  forget(runId: string): void {
    this.#cache.delete(runId);
  }

  /** Every key that holds part of a run's state. */
  stateKeys(runId: string): string[] {
    return [this.keys.state(runId), this.keys.version(runId), this.keys.pipeline(runId), this.keys.frames(runId), this.keys.activityRecords(runId)];
  }
}
