/**
 * What the trigger service keeps in Redis: runtime state (Started/Stopped), trigger runs, fire locks (each
 * scheduled time or window fires once across processes), tumbling-window states, storage snapshots,
 * message de-duplication and delivery attempts, and runs whose outcome the service still waits for.
 * Every key comes from {@link Keys} (`{prefix}:trigger:<name>:…`).
 */
import type { Redis } from 'ioredis';
import type { JsonValue } from '../../expressions/values.js';
import type { ObjectSnapshot, ObjectStamp } from '../../triggers/storage-events.js';
import type { WindowState } from '../../triggers/tumbling.js';
import type { Keys } from '../keys.js';

/** ADF's trigger runtime state. */
export type TriggerRuntimeState = 'Started' | 'Stopped';

/** One firing of a trigger (ADF's "trigger run"), as recorded and listed. */
export interface TriggerRun {
  triggerRunId: string;
  triggerName: string;
  triggerType: string;
  /** When it fired (ISO). */
  triggerRunTimestamp: string;
  /** `Succeeded` when every pipeline run was started; `Failed` when one could not be (message says why). */
  status: 'Succeeded' | 'Failed';
  message?: string;
  /** Pipeline runs started, by pipeline name → run id. */
  triggeredPipelines: Record<string, string>;
  /** The scheduled time, window, storage event or message ids. */
  properties: Record<string, JsonValue>;
  /** Queue messages in this run (ids). */
  messageIds?: string[];
}

/** A run whose end the service waits for: a window run (status mirror, retry) or a message run (retry, dead letter). */
export interface PendingRun {
  runId: string;
  triggerName: string;
  kind: 'window' | 'message';
  windowIndex?: number;
  /** For message runs: the messages (id, subject, body) to retry or dead-letter. */
  messages?: Array<{ id: string; subject?: string; body: JsonValue }>;
}

/**
 * Claims message ids. KEYS: one `msg:<id>` key per message. ARGV: run id, TTL seconds. Returns, per key, ''
 * when this call claimed it, else the run id stored by the earlier claim. One round trip for a whole batch.
 */
const LUA_CLAIM_MESSAGES = `
local out = {}
for i, k in ipairs(KEYS) do
  if redis.call('SET', k, ARGV[1], 'EX', ARGV[2], 'NX') then out[i] = '' else out[i] = redis.call('GET', k) or '' end
end
return out`;

/** The value of a fire claim once its firing is recorded. */
const SETTLED = 'fired';

const LUA_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** Redis access of the trigger service (see the module comment). */
export class TriggerStore {
  constructor(readonly redis: Redis, readonly keys: Keys, readonly retentionSeconds: number) {}

  /** The runtime state: the stored one, else the document's `runtimeState`, else Stopped (as ADF's new triggers). */
  async runtimeState(name: string, documentState?: unknown): Promise<TriggerRuntimeState> {
    const stored = await this.redis.hget(this.keys.triggerStates(), name.toLowerCase());
    if (stored === 'Started' || stored === 'Stopped') return stored;
    return documentState === 'Started' ? 'Started' : 'Stopped';
  }

  /** All stored runtime states (lower-cased names). */
  async runtimeStates(): Promise<Record<string, string>> {
    return this.redis.hgetall(this.keys.triggerStates());
  }

  /** Sets the runtime state and tells every trigger service. */
  async setRuntimeState(name: string, state: TriggerRuntimeState): Promise<void> {
    await this.redis.hset(this.keys.triggerStates(), name.toLowerCase(), state);
    await this.redis.publish(this.keys.triggersChannel(), JSON.stringify({ name, state }));
  }

  /**
   * Claims one firing (a scheduled time, a window attempt, a storage event): true for exactly one caller
   * across all processes (`SET key NX PX`).
   */
  async claim(name: string, what: string, ttlMs: number, owner = '1'): Promise<boolean> {
    return (await this.redis.set(this.keys.trigger(name, `fire:${what}`), owner, 'PX', Math.max(1000, Math.round(ttlMs)), 'NX')) === 'OK';
  }

  /** Marks a claimed firing as done, kept `ttlMs`: a claim that expires unmarked was lost with its process. */
  async settle(name: string, what: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.keys.trigger(name, `fire:${what}`), SETTLED, 'PX', Math.max(1000, Math.round(ttlMs)));
  }

  /** True when a claimed firing was marked done by {@link settle}. */
  async settled(name: string, what: string): Promise<boolean> {
    return (await this.redis.get(this.keys.trigger(name, `fire:${what}`))) === SETTLED;
  }

  /** A short lease so that one process at a time plans a trigger's windows or polls its storage. */
  async lease(name: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.keys.trigger(name, 'lease'), token, 'PX', ttlMs, 'NX')) === 'OK';
  }

  /** Releases the lease if this token still holds it. */
  async release(name: string, token: string): Promise<void> {
    await this.redis.eval(LUA_RELEASE, 1, this.keys.trigger(name, 'lease'), token);
  }

  /** Records a trigger run (kept `retentionSeconds`), newest listed first. */
  async recordRun(run: TriggerRun): Promise<void> {
    const score = Date.parse(run.triggerRunTimestamp);
    await this.redis.multi()
      .set(this.keys.triggerRun(run.triggerRunId), JSON.stringify(run), 'EX', this.retentionSeconds)
      .zadd(this.keys.trigger(run.triggerName, 'runs'), score, run.triggerRunId)
      .zremrangebyscore(this.keys.trigger(run.triggerName, 'runs'), '-inf', score - this.retentionSeconds * 1000)
      .exec();
  }

  /** Trigger runs of one trigger, newest first, optionally in `[from, to)` (epoch ms). */
  async listRuns(name: string, options: { from?: number; to?: number; limit?: number } = {}): Promise<TriggerRun[]> {
    const ids = await this.redis.zrevrangebyscore(this.keys.trigger(name, 'runs'), options.to !== undefined ? `(${options.to}` : '+inf', options.from ?? '-inf', 'LIMIT', 0, Math.min(options.limit ?? 100, 1000));
    if (ids.length === 0) return [];
    const texts = await this.redis.mget(ids.map((id) => this.keys.triggerRun(id)));
    return texts.filter((t): t is string => t !== null).map((t) => JSON.parse(t) as TriggerRun);
  }

  /** Window states of a tumbling-window trigger, by index. */
  async windows(name: string): Promise<Map<number, WindowState>> {
    const all = await this.redis.hgetall(this.keys.trigger(name, 'windows'));
    return new Map(Object.entries(all).map(([k, v]) => [Number(k), JSON.parse(v) as WindowState]));
  }

  /** The states of some windows (HMGET: a long history is never loaded whole). */
  async windowsAt(name: string, indices: Iterable<number>): Promise<Map<number, WindowState>> {
    const list = [...new Set(indices)];
    const out = new Map<number, WindowState>();
    if (list.length === 0) return out;
    const texts = await this.redis.hmget(this.keys.trigger(name, 'windows'), ...list.map(String));
    texts.forEach((t, i) => { if (t !== null) out.set(list[i]!, JSON.parse(t) as WindowState); });
    return out;
  }

  /** Stores one window's state. */
  async setWindow(name: string, index: number, state: WindowState): Promise<void> {
    await this.redis.hset(this.keys.trigger(name, 'windows'), String(index), JSON.stringify(state));
  }

  /** The first window that is not final (0 when none is stored). */
  async cursor(name: string): Promise<number> {
    return Number((await this.redis.hget(this.keys.trigger(name, 'meta'), 'cursor')) ?? 0);
  }

  /** Moves the cursor (a rerun moves it back). */
  async setCursor(name: string, cursor: number): Promise<void> {
    await this.redis.hset(this.keys.trigger(name, 'meta'), 'cursor', String(cursor));
  }

  /** The last storage listing, or undefined before the first poll. */
  async snapshot(name: string): Promise<ObjectSnapshot | undefined> {
    const [exists, all] = await Promise.all([this.redis.hget(this.keys.trigger(name, 'meta'), 'snapshotAt'), this.redis.hgetall(this.keys.trigger(name, 'snapshot'))]);
    if (exists === null) return undefined;
    return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, JSON.parse(v) as ObjectStamp]));
  }

  /** Replaces the storage listing. */
  async setSnapshot(name: string, snapshot: ObjectSnapshot, at: number): Promise<void> {
    const key = this.keys.trigger(name, 'snapshot');
    const m = this.redis.multi().del(key);
    const entries = Object.entries(snapshot);
    if (entries.length) m.hset(key, Object.fromEntries(entries.map(([k, v]) => [k, JSON.stringify(v)])));
    await m.hset(this.keys.trigger(name, 'meta'), 'snapshotAt', String(at)).exec();
  }

  /**
   * Claims message ids for a run (`SET NX EX` each). Returns, per id, undefined when this call claimed it,
   * else the run id recorded by the earlier claim (a redelivery or a duplicate publish).
   */
  async claimMessages(name: string, ids: string[], runId: string, ttlSeconds: number): Promise<Array<string | undefined>> {
    if (ids.length === 0) return [];
    const keys = ids.map((id) => this.keys.trigger(name, `msg:${id}`));
    const prior = (await this.redis.eval(LUA_CLAIM_MESSAGES, keys.length, ...keys, runId, ttlSeconds)) as string[];
    return prior.map((p) => (p === '' ? undefined : p));
  }

  /** Points message ids at another run (their earlier run was never recorded). */
  async reassignMessages(name: string, ids: string[], runId: string, ttlSeconds: number): Promise<void> {
    const m = this.redis.multi();
    for (const id of ids) m.set(this.keys.trigger(name, `msg:${id}`), runId, 'EX', ttlSeconds);
    await m.exec();
  }

  /** Counts a failed run of a message; returns the failures so far. */
  async countFailure(name: string, id: string, ttlSeconds: number): Promise<number> {
    const key = this.keys.trigger(name, `msg-failures:${id}`);
    const [[, n]] = (await this.redis.multi().incr(key).expire(key, ttlSeconds).exec()) as [[null, number], unknown];
    return n;
  }

  /** Adds a run whose end the service waits for. */
  async addPending(p: PendingRun, at: number): Promise<void> {
    await this.redis.multi()
      .hset(this.keys.trigger(p.triggerName, 'pending-info'), p.runId, JSON.stringify(p))
      .zadd(this.keys.trigger(p.triggerName, 'pending'), at, p.runId)
      .exec();
  }

  /** Runs a trigger waits for (oldest first). */
  async pending(name: string, limit = 500): Promise<string[]> {
    return this.redis.zrange(this.keys.trigger(name, 'pending'), '0', String(limit - 1));
  }

  /** Takes a pending run out (true for the one process that takes it) and returns it. */
  async takePending(name: string, runId: string): Promise<PendingRun | undefined> {
    const removed = await this.redis.zrem(this.keys.trigger(name, 'pending'), runId);
    if (removed !== 1) return undefined;
    const text = await this.redis.hget(this.keys.trigger(name, 'pending-info'), runId);
    await this.redis.hdel(this.keys.trigger(name, 'pending-info'), runId);
    return text ? (JSON.parse(text) as PendingRun) : undefined;
  }

  /** The webhook secret Sluice generated for a trigger, creating it once. */
  async webhookSecret(name: string, generate: () => string): Promise<string> {
    const key = this.keys.triggerSecrets();
    await this.redis.hsetnx(key, name.toLowerCase(), generate());
    return (await this.redis.hget(key, name.toLowerCase())) as string;
  }
}
