import type { Engine, PipelineRun, StatusMessage } from '@sluice/engine/runtime';
import { AlertStore, type AlertRule } from './rules.js';
import { postWebhook, type WebhookOptions } from './webhook.js';

/** The body POSTed to a webhook. */
export interface AlertPayload {
  alert: string;
  runId: string;
  pipelineName: string;
  status: string;
  /** Why it fired: the run's status, or its elapsed time passing the rule's threshold. */
  reason: 'status' | 'duration';
  durationMs: number;
  startedAt: string;
  endedAt: string | null;
  error: { errorCode?: string; message?: string; failureType?: string } | null;
  /** The run in the API (`{server}/api/runs/{id}`), when the service knows the server's URL. */
  link: string | null;
}

/** One recorded firing (the `{prefix}:alerts:firings` stream, read by `GET /api/alert-firings`). */
export interface AlertFiring {
  id: string;
  at: string;
  rule: string;
  runId: string;
  pipelineName: string;
  status: string;
  reason: 'status' | 'duration';
  webhookStatus: number | null;
  attempts: number;
  ok: boolean;
  error?: string;
}

/** Options of {@link startAlertService}. */
export interface AlertServiceOptions {
  engine: Engine;
  /** The API's base URL, for the `link` of each alert (none: `link` is null). */
  link?: string;
  /** Milliseconds between checks of running runs against `longerThanSeconds` rules (default 5,000). */
  sweepMs?: number;
  webhook?: WebhookOptions;
  /** Firings kept in the stream (approximately; default 10,000). */
  keep?: number;
  /** Called when evaluating or recording fails (default: a process warning); alerts must never crash the API. */
  onError?: (error: unknown) => void;
}

/** A running alert service; `close` stops it (deliveries under way finish first). */
export interface AlertService {
  readonly store: AlertStore;
  /** Counters for monitoring: run ends evaluated, rules fired by this process, deliveries that failed. */
  readonly stats: { evaluated: number; fired: number; failed: number };
  /** Resolves when every delivery started so far has been recorded (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const TERMINAL = new Set(['Succeeded', 'Failed', 'Cancelled']);
/** How long a (rule, run) marker is kept: longer than any run is retained. */
const FIRED_TTL_SECONDS = 90 * 24 * 3600;

const matchesPipeline = (rule: AlertRule, pipeline: string): boolean => !rule.pipeline || rule.pipeline === '*' || rule.pipeline.toLowerCase() === pipeline.toLowerCase();

/**
 * Starts the alert service of an API process: it subscribes to the engine's run-level status stream, and
 * when a run ends checks every rule (status in `on`, or elapsed time over `longerThanSeconds`); every
 * `sweepMs` it also checks the runs still going against the `longerThanSeconds` rules. A rule fires once per
 * run across every API process (a Redis `SET NX` marker decides which process delivers), the webhook gets
 * the run's summary (timeout, retries), and each firing is recorded in a capped Redis stream.
 */
export async function startAlertService(options: AlertServiceOptions): Promise<AlertService> {
  const { engine } = options;
  const store = new AlertStore(engine.redis, engine.keys.base);
  const pending = new Set<Promise<void>>();
  const onError = options.onError ?? ((e: unknown) => process.emitWarning(`Sluice alerts: ${e instanceof Error ? e.message : String(e)}`));
  let closed = false;
  const stats = { evaluated: 0, fired: 0, failed: 0 };

  const track = (p: Promise<void>): void => {
    const t = p.catch(onError).finally(() => pending.delete(t));
    pending.add(t);
  };

  const fire = async (rule: AlertRule, run: PipelineRun, reason: AlertPayload['reason']): Promise<void> => {
    // Once per (rule, run), whichever API process gets here first.
    if ((await engine.redis.set(store.firedKey(rule.name, run.runId), new Date().toISOString(), 'EX', FIRED_TTL_SECONDS, 'NX')) !== 'OK') return;
    const payload: AlertPayload = {
      alert: rule.name, runId: run.runId, pipelineName: run.pipelineName, status: run.status, reason,
      durationMs: run.durationInMs ?? Math.max(0, Date.now() - Date.parse(run.runStart)),
      startedAt: run.runStart, endedAt: run.runEnd, error: run.error ?? null,
      link: options.link ? `${options.link.replace(/\/+$/, '')}/api/runs/${encodeURIComponent(run.runId)}` : null,
    };
    const delivery = await postWebhook(rule.webhook.url, rule.webhook.headers ?? {}, payload, options.webhook);
    stats.fired += 1;
    if (!delivery.ok) stats.failed += 1;
    const record: Omit<AlertFiring, 'id'> = {
      at: new Date().toISOString(), rule: rule.name, runId: run.runId, pipelineName: run.pipelineName, status: run.status, reason,
      webhookStatus: delivery.status, attempts: delivery.attempts, ok: delivery.ok, ...(delivery.error ? { error: delivery.error } : {}),
    };
    await engine.redis.xadd(store.firingsKey, 'MAXLEN', '~', String(options.keep ?? 10_000), '*', 'firing', JSON.stringify(record));
  };

  const evaluateEnded = async (runId: string): Promise<void> => {
    try {
      const rules = await store.list();
      if (!rules.length) return;
      const run = await engine.getRun(runId);
      for (const rule of rules) {
        if (!matchesPipeline(rule, run.pipelineName)) continue;
        if (rule.on?.includes(run.status as 'Failed')) await fire(rule, run, 'status');
        else if (rule.longerThanSeconds !== undefined && (run.durationInMs ?? 0) > rule.longerThanSeconds * 1000) await fire(rule, run, 'duration');
      }
    } finally {
      stats.evaluated += 1;
    }
  };

  const sweep = async (): Promise<void> => {
    const rules = (await store.list()).filter((r) => r.longerThanSeconds !== undefined);
    if (!rules.length) return;
    const active = await engine.redis.smembers(engine.keys.activeRuns());
    const now = Date.now();
    for (const runId of active) {
      const run = await engine.getRun(runId).catch(() => undefined);
      if (!run || TERMINAL.has(run.status)) continue;
      for (const rule of rules) {
        if (matchesPipeline(rule, run.pipelineName) && now - Date.parse(run.runStart) > (rule.longerThanSeconds as number) * 1000) await fire(rule, run, 'duration');
      }
    }
  };

  const unsubscribe = await engine.subscribe((m: StatusMessage) => {
    if (closed || m.kind !== 'run' || !TERMINAL.has(m.status)) return;
    track(evaluateEnded(m.runId));
  });
  let sweeping = false;
  const timer = setInterval(() => {
    if (sweeping || closed) return;
    sweeping = true;
    track(sweep().finally(() => {
      sweeping = false;
    }));
  }, options.sweepMs ?? 5000);
  timer.unref();

  return {
    store,
    stats,
    idle: async () => {
      while (pending.size) await Promise.all([...pending]);
    },
    close: async () => {
      closed = true;
      clearInterval(timer);
      await unsubscribe();
      while (pending.size) await Promise.all([...pending]);
    },
  };
}

/** The newest firings first, optionally of one rule only. */
export async function listFirings(engine: Engine, options: { rule?: string; limit?: number } = {}): Promise<AlertFiring[]> {
  const store = new AlertStore(engine.redis, engine.keys.base);
  const limit = options.limit ?? 50;
  const out: AlertFiring[] = [];
  let end = '+';
  // Read newest first in pages until enough firings of the rule are found (the stream is capped, so this ends).
  for (;;) {
    const page = await engine.redis.xrevrange(store.firingsKey, end, '-', 'COUNT', Math.max(100, limit));
    for (const [id, fields] of page) {
      const text = fields[fields.indexOf('firing') + 1];
      if (!text) continue;
      const f = { id, ...(JSON.parse(text) as Omit<AlertFiring, 'id'>) };
      if (!options.rule || f.rule.toLowerCase() === options.rule.toLowerCase()) out.push(f);
      if (out.length >= limit) return out;
    }
    const last = page[page.length - 1];
    if (page.length < Math.max(100, limit) || !last) return out;
    end = `(${last[0]}`;
  }
}
