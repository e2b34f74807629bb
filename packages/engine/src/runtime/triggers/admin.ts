/**
 * What the API and the command line do with triggers, without running any: start and stop them (ADF's
 * `runtimeState`), list their runs, list and rerun tumbling windows, read dead letters, and accept webhook
 * calls. Works from any process that has an engine; the trigger services pick changes up.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SluiceError } from '../../errors/index.js';
import { isPlainObject, type JsonValue } from '../../expressions/values.js';
import type { TumblingWindowTriggerTypeProperties, WebhookTriggerTypeProperties } from '../../model/trigger-types.js';
import { eventFiring } from '../../triggers/trigger-context.js';
import { windowBounds, windowGrid, windowIndexStartingAt, type WindowStatus } from '../../triggers/tumbling.js';
import type { Engine } from '../engine.js';
import type { StoredResource } from '../factory-store.js';
import { firePipelines, stableId } from './fire.js';
import { TriggerStore, type TriggerRun, type TriggerRuntimeState } from './trigger-store.js';

/** A trigger with its runtime state, for lists. */
export interface TriggerStatus {
  name: string;
  type: string;
  runtimeState: TriggerRuntimeState;
}

/** A tumbling window as listed (ADF's trigger run of a window). */
export interface WindowView {
  windowStartTime: string;
  windowEndTime: string;
  status: WindowStatus;
  attempts: number;
  runIds: string[];
}

/** A dead-lettered message record. */
export interface DeadLetterRecord {
  id: string;
  at: string;
  /** The last failed run; null when no run could start. */
  runId: string | null;
  attempts: number;
  destination: string | null;
  reason: string;
}

/** A webhook request as the route hands it over. */
export interface WebhookRequest {
  /** The raw body (the HMAC is computed over these bytes). */
  rawBody: string;
  headers: Record<string, string | string[] | undefined>;
  method: string;
  /** Makes a retried request start no second run (`Idempotency-Key` header). */
  idempotencyKey?: string;
}

const header = (h: WebhookRequest['headers'], name: string): string | undefined => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Trigger administration (see the module comment). */
export class TriggerAdmin {
  readonly store: TriggerStore;

  constructor(readonly engine: Engine) {
    this.store = new TriggerStore(engine.redis, engine.keys, engine.retentionSeconds);
  }

  async #trigger(name: string): Promise<StoredResource> {
    return this.engine.factory.get('trigger', name); // TRIGGER_NOT_FOUND
  }

  /** Every trigger of the factory with its runtime state. */
  async list(): Promise<TriggerStatus[]> {
    const docs = await this.engine.factory.list('trigger');
    const states = await this.store.runtimeStates();
    return docs.map((d) => {
      const s = states[d.name.toLowerCase()] ?? d.properties.runtimeState;
      return { name: d.name, type: String(d.properties.type), runtimeState: s === 'Started' ? 'Started' : 'Stopped' };
    });
  }

  /** One trigger's runtime state. Throws TRIGGER_NOT_FOUND. */
  async status(name: string): Promise<TriggerStatus> {
    const doc = await this.#trigger(name);
    return { name: doc.name, type: String(doc.properties.type), runtimeState: await this.store.runtimeState(doc.name, doc.properties.runtimeState) };
  }

  /** Starts a trigger: every trigger service begins firing it. Throws TRIGGER_NOT_FOUND. */
  async start(name: string): Promise<TriggerStatus> {
    const doc = await this.#trigger(name);
    const was = await this.store.runtimeState(doc.name, doc.properties.runtimeState);
    if (was === 'Stopped' && String(doc.properties.type) === 'BlobEventsTrigger') {
      // Changes made while the trigger was stopped do not fire (as ADF): the next poll takes a fresh snapshot.
      await this.engine.redis.multi().del(this.engine.keys.trigger(doc.name, 'snapshot')).hdel(this.engine.keys.trigger(doc.name, 'meta'), 'snapshotAt').exec();
    }
    await this.store.setRuntimeState(doc.name, 'Started');
    return { name: doc.name, type: String(doc.properties.type), runtimeState: 'Started' };
  }

  /** Stops a trigger: no new firing; runs already started go on. Throws TRIGGER_NOT_FOUND. */
  async stop(name: string): Promise<TriggerStatus> {
    const doc = await this.#trigger(name);
    await this.store.setRuntimeState(doc.name, 'Stopped');
    return { name: doc.name, type: String(doc.properties.type), runtimeState: 'Stopped' };
  }

  /** Trigger runs, newest first. */
  async runs(name: string, options: { from?: string; to?: string; limit?: number } = {}): Promise<TriggerRun[]> {
    const doc = await this.#trigger(name);
    return this.store.listRuns(doc.name, {
      ...(options.from ? { from: Date.parse(options.from) } : {}), ...(options.to ? { to: Date.parse(options.to) } : {}), ...(options.limit ? { limit: options.limit } : {}),
    });
  }

  async #windowTrigger(name: string): Promise<{ doc: StoredResource; tp: TumblingWindowTriggerTypeProperties }> {
    const doc = await this.#trigger(name);
    if (String(doc.properties.type) !== 'TumblingWindowTrigger') {
      throw new SluiceError('TRIGGER_INVALID', `Trigger '${doc.name}' is a ${String(doc.properties.type)}, not a TumblingWindowTrigger: it has no windows.`);
    }
    return { doc, tp: doc.properties.typeProperties as unknown as TumblingWindowTriggerTypeProperties };
  }

  /** The windows that have run or are running, newest first. */
  async windows(name: string, limit = 100): Promise<WindowView[]> {
    const { doc, tp } = await this.#windowTrigger(name);
    const grid = windowGrid(tp);
    const all = [...(await this.store.windows(doc.name))].sort((a, b) => b[0] - a[0]).slice(0, limit);
    return all.map(([i, w]) => {
      const b = windowBounds(grid, i);
      return { windowStartTime: new Date(b.start).toISOString(), windowEndTime: new Date(b.end).toISOString(), status: w.status, attempts: w.attempts, runIds: w.runIds };
    });
  }

  /**
   * Reruns one window (ADF's "rerun" of a tumbling-window trigger run): the window waits again and the trigger
   * service starts a new run for it within maxConcurrency. Throws TRIGGER_WINDOW_NOT_FOUND for a time that
   * does not start a window, RUN_NOT_FINISHED while the window still runs.
   */
  async rerunWindow(name: string, windowStartTime: string): Promise<WindowView> {
    const { doc, tp } = await this.#windowTrigger(name);
    const grid = windowGrid(tp);
    const at = Date.parse(windowStartTime);
    const index = Number.isNaN(at) ? undefined : windowIndexStartingAt(grid, at);
    if (index === undefined) throw new SluiceError('TRIGGER_WINDOW_NOT_FOUND', `Trigger '${doc.name}' has no window starting at '${windowStartTime}'.`);
    const windows = await this.store.windows(doc.name);
    const w = windows.get(index);
    if (w?.status === 'Running') throw new SluiceError('RUN_NOT_FINISHED', `The window ${windowStartTime} of trigger '${doc.name}' is still running.`);
    const next = { status: 'Waiting' as const, runIds: w?.runIds ?? [], attempts: 0 };
    await this.store.setWindow(doc.name, index, next);
    if ((await this.store.cursor(doc.name)) > index) await this.store.setCursor(doc.name, index);
    const b = windowBounds(grid, index);
    return { windowStartTime: new Date(b.start).toISOString(), windowEndTime: new Date(b.end).toISOString(), ...next };
  }

  /** Messages a queue-message trigger sent to its dead-letter destination, newest first. */
  async deadLetters(name: string, limit = 100): Promise<DeadLetterRecord[]> {
    const doc = await this.#trigger(name);
    const texts = await this.engine.redis.lrange(this.engine.keys.trigger(doc.name, 'dead-letters'), 0, limit - 1);
    return texts.map((t) => JSON.parse(t) as DeadLetterRecord);
  }

  /**
   * The secret a webhook trigger checks: its `secret` property, else one Sluice generated and keeps in Redis.
   * Only an administrator should be shown it.
   */
  async webhookSecret(name: string): Promise<string> {
    const doc = await this.#trigger(name);
    const tp = doc.properties.typeProperties as WebhookTriggerTypeProperties;
    const own = tp.secret === undefined ? undefined : await this.#secretText(tp.secret);
    return own ?? this.store.webhookSecret(doc.name, () => randomBytes(24).toString('base64url'));
  }

  async #secretText(sealed: unknown): Promise<string | undefined> {
    const secret = this.engine.factory.reveal(sealed, 'The webhook trigger\'s /properties/typeProperties/secret');
    if (typeof secret === 'string') return secret;
    if (isPlainObject(secret)) {
      const type = String(secret.type ?? '').toLowerCase();
      if (type === 'securestring' && typeof secret.value === 'string') return secret.value;
      if (type === 'environmentvariable' && typeof secret.name === 'string') return process.env[secret.name];
    }
    return undefined;
  }

  /**
   * Accepts a webhook call: checks the trigger is a started WebhookTrigger, checks the secret
   * (WEBHOOK_UNAUTHORIZED), and starts its pipelines with `@triggerBody()` = the JSON body (or the text).
   * ApiKey: the secret in `headerName` (default `X-Sluice-Key`); Bearer: `Authorization: Bearer <secret>`;
   * HmacSignature: `sha256=<hex HMAC-SHA256 of the raw body>` in `headerName` (default `X-Sluice-Signature`).
   * Anonymous triggers still need the secret as ApiKey unless `authenticationType` is `Anonymous`.
   */
  async fireWebhook(name: string, request: WebhookRequest): Promise<TriggerRun> {
    const doc = await this.#trigger(name);
    if (String(doc.properties.type) !== 'WebhookTrigger') throw new SluiceError('TRIGGER_NOT_FOUND', `Trigger '${doc.name}' is not a WebhookTrigger.`);
    const tp = doc.properties.typeProperties as WebhookTriggerTypeProperties;
    if (tp.methods?.length && !tp.methods.includes(request.method.toUpperCase())) throw new SluiceError('WEBHOOK_UNAUTHORIZED', `Trigger '${doc.name}' does not accept ${request.method} requests.`);
    const auth = (tp.authenticationType ?? 'ApiKey').toLowerCase();
    if (auth !== 'anonymous') {
      const secret = await this.webhookSecret(doc.name);
      let ok: boolean;
      if (auth === 'bearer') ok = safeEqual(header(request.headers, 'authorization') ?? '', `Bearer ${secret}`);
      else if (auth === 'hmacsignature') {
        const given = (header(request.headers, tp.headerName ?? 'x-sluice-signature') ?? '').replace(/^sha256=/i, '');
        ok = safeEqual(given.toLowerCase(), createHmac('sha256', secret).update(request.rawBody).digest('hex'));
      } else ok = safeEqual(header(request.headers, tp.headerName ?? 'x-sluice-key') ?? '', secret);
      if (!ok) throw new SluiceError('WEBHOOK_UNAUTHORIZED', `The request does not carry trigger '${doc.name}''s secret.`);
    }
    if ((await this.store.runtimeState(doc.name, doc.properties.runtimeState)) !== 'Started') {
      throw new SluiceError('TRIGGER_INVALID', `Trigger '${doc.name}' is stopped: start it to accept calls.`);
    }
    let body: JsonValue;
    try {
      body = request.rawBody === '' ? null : (JSON.parse(request.rawBody) as JsonValue);
    } catch {
      body = request.rawBody;
    }
    const now = Date.now();
    const triggerRunId = request.idempotencyKey ? stableId(`${this.engine.keys.prefix}/${doc.name.toLowerCase()}/webhook/${request.idempotencyKey}`) : stableId(`${now}/${randomBytes(8).toString('hex')}`);
    if (request.idempotencyKey) {
      const earlier = await this.engine.redis.get(this.engine.keys.triggerRun(triggerRunId));
      if (earlier) return JSON.parse(earlier) as TriggerRun;
    }
    const firing = eventFiring(doc.name, 'WebhookTrigger', triggerRunId, now, body);
    return firePipelines({ engine: this.engine, store: this.store, doc, firing, triggerRunId, now, properties: { method: request.method.toUpperCase() } });
  }
}
