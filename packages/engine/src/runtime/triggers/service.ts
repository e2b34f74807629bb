/**
 * The trigger service: runs a driver for every Started trigger of the factory (schedule, tumbling window,
 * storage event, queue message) and follows start/stop and edits (a pub/sub message, and a re-read every
 * `reloadMs` as a fallback). Run as many services as you like against one Redis and prefix: schedule times
 * and windows fire once (fire locks and run ids derived from the firing), storage polls and window planning
 * are leased to one process at a time, and queue consumers share the broker's queue.
 */
import { CLAIM_MS } from './fire-claim.js';
import { randomUUID } from 'node:crypto';
import type { Engine } from '../engine.js';
import type { StoredResource } from '../factory-store.js';
import type { Redis } from 'ioredis';
import { TriggerAdmin } from './admin.js';
import { systemClock, type TriggerClock } from './clock.js';
import type { DriverContext, TriggerDriver, TriggerLog } from './driver.js';
import { localListerFactory, type ObjectListerFactory } from './object-lister.js';
import { queueDriver, type QueueDriverStats } from './queue/queue-driver.js';
import { scheduleDriver } from './schedule-driver.js';
import { storageDriver } from './storage-driver.js';
import { windowDriver } from './window-driver.js';

/** Options of {@link TriggerService}. */
export interface TriggerServiceOptions {
  engine: Engine;
  /** The clock (default: the system clock); tests inject a simulated one. */
  clock?: TriggerClock;
  /** How often windows, storage and run outcomes are polled, in ms (default 1,000). */
  pollMs?: number;
  /**
   * How long a claimed schedule time or storage event may stay unrecorded before another process fires it, in
   * real ms (default 30,000). Longer than any firing takes; tests shorten it.
   */
  claimMs?: number;
  /** How often the factory's triggers are re-read, in ms (default 10,000; start/stop is also pushed). */
  reloadMs?: number;
  /** Listers for storage-event triggers, tried in order (default: local folders). The API adds S3. */
  listers?: ObjectListerFactory[];
  /** Only these triggers (names, any case); default every trigger of the factory. */
  only?: string[];
  log?: TriggerLog;
}

interface Running {
  fingerprint: string;
  abort: AbortController;
  driver: TriggerDriver;
  stats?: QueueDriverStats;
}

/** Runs the factory's started triggers in this process (see the module comment). */
export class TriggerService {
  readonly admin: TriggerAdmin;
  readonly owner = randomUUID();
  readonly #options: TriggerServiceOptions;
  readonly #running = new Map<string, Running>();
  readonly #close = new AbortController();
  #subscriber: Redis | undefined;
  #reloader: NodeJS.Timeout | undefined;
  #reconciling: Promise<void> = Promise.resolve();

  constructor(options: TriggerServiceOptions) {
    this.#options = options;
    this.admin = new TriggerAdmin(options.engine);
  }

  /** Starts the drivers of the started triggers, and follows changes until {@link close}. */
  async start(): Promise<void> {
    // A connection like the engine's command connection, without auto-pipelining (it subscribes).
    const sub = this.#options.engine.redis.duplicate({ enableAutoPipelining: false });
    this.#subscriber = sub;
    sub.on('message', () => void this.reconcile());
    await sub.subscribe(this.#options.engine.keys.triggersChannel());
    await this.reconcile();
    this.#reloader = setInterval(() => void this.reconcile(), this.#options.reloadMs ?? 10_000);
  }

  /** Names of the triggers this process runs now. */
  get running(): string[] {
    return [...this.#running.keys()];
  }

  /** Resolves when this process's driver of the trigger listens (a queue consumer has subscribed). */
  async whenReady(name: string): Promise<void> {
    await this.#running.get(name.toLowerCase())?.driver.ready;
  }

  /** A queue trigger's counters (received, filtered, duplicates, runs, retries, deadLettered). */
  stats(name: string): QueueDriverStats | undefined {
    return this.#running.get(name.toLowerCase())?.stats;
  }

  /** Re-reads triggers and states; starts, restarts (after an edit) and stops drivers to match. */
  reconcile(): Promise<void> {
    this.#reconciling = this.#reconciling.then(() => this.#reconcile()).catch((e: unknown) => this.#log('error', `trigger service: ${e instanceof Error ? e.message : String(e)}`));
    return this.#reconciling;
  }

  async #reconcile(): Promise<void> {
    if (this.#close.signal.aborted) return;
    const only = this.#options.only?.map((n) => n.toLowerCase());
    const docs = (await this.#options.engine.factory.list('trigger')).filter((d) => !only || only.includes(d.name.toLowerCase()));
    const states = await this.admin.store.runtimeStates();
    const wanted = new Map<string, StoredResource>();
    for (const d of docs) {
      const state = states[d.name.toLowerCase()] ?? d.properties.runtimeState;
      if (state === 'Started') wanted.set(d.name.toLowerCase(), d);
    }
    for (const [key, r] of this.#running) {
      const doc = wanted.get(key);
      if (!doc || JSON.stringify(doc) !== r.fingerprint) await this.#stop(key);
    }
    for (const [key, doc] of wanted) if (!this.#running.has(key)) this.#start(key, doc);
  }

  #log: TriggerLog = (level, message, data) => this.#options.log?.(level, message, data);

  #start(key: string, doc: StoredResource): void {
    const abort = new AbortController();
    const ctx: DriverContext = {
      engine: this.#options.engine, store: this.admin.store, clock: this.#options.clock ?? systemClock, log: this.#log,
      signal: abort.signal, owner: this.owner, pollMs: this.#options.pollMs ?? 1000, claimMs: this.#options.claimMs ?? CLAIM_MS,
    };
    const type = String(doc.properties.type).toLowerCase();
    let driver: TriggerDriver;
    let stats: QueueDriverStats | undefined;
    if (type === 'scheduletrigger') driver = scheduleDriver(doc, ctx);
    else if (type === 'tumblingwindowtrigger') driver = windowDriver(doc, ctx);
    else if (type === 'blobeventstrigger') driver = storageDriver(doc, ctx, this.#options.listers ?? [localListerFactory]);
    else if (type === 'queuemessagetrigger') {
      const q = queueDriver(doc, ctx);
      driver = q;
      stats = q.stats;
    } else return; // webhook triggers fire through the API; unknown types are reported by validation
    this.#running.set(key, { fingerprint: JSON.stringify(doc), abort, driver, ...(stats ? { stats } : {}) });
    this.#log('info', `trigger '${doc.name}' (${String(doc.properties.type)}) started in this process`);
  }

  async #stop(key: string): Promise<void> {
    const r = this.#running.get(key);
    if (!r) return;
    this.#running.delete(key);
    r.abort.abort();
    await r.driver.done;
  }

  /** Stops every driver (runs already started go on) and closes connections. */
  async close(): Promise<void> {
    this.#close.abort();
    if (this.#reloader) clearInterval(this.#reloader);
    await this.#reconciling;
    await Promise.all([...this.#running.keys()].map((k) => this.#stop(k)));
    await this.#subscriber?.quit().catch(() => undefined);
  }
}

/**
 * Starts a trigger service for `engine` (what `sluice triggers` and `sluice start` call). Returns the running
 * service; `close()` it on shutdown.
 *
 * @example const triggers = await startTriggerService({ engine }); … await triggers.close();
 */
export async function startTriggerService(options: TriggerServiceOptions): Promise<TriggerService> {
  const service = new TriggerService(options);
  await service.start();
  return service;
}
