import type { Engine, RunSummary, StatusMessage } from '@sluice/engine/runtime';

/** Upper bounds (seconds) of the activity duration histogram. */
const BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
const TERMINAL = new Set(['Succeeded', 'Failed', 'Cancelled', 'Skipped', 'TimedOut']);
/** A worker whose heartbeat is older than this is not counted (heartbeats come every 5 s). */
export const WORKER_FRESH_MS = 30_000;

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/**
 * Sluice's Prometheus metrics, in the text exposition format written by hand (no client library):
 * runs by status and queue depth read from Redis at scrape time, workers seen from their heartbeats, and
 * an activity duration histogram (from queued to end, per type and status) fed with {@link observe} by the
 * status messages this process hears while it runs.
 */
export class Metrics {
  readonly #histograms = new Map<string, Histogram>();
  readonly #started = new Map<string, number>();

  constructor(private readonly engine: Engine) {}

  /** Feeds one status message. */
  observe(m: StatusMessage): void {
    if (m.kind !== 'activity') return;
    if (!TERMINAL.has(m.status)) {
      if (!this.#started.has(m.activityRunId)) this.#started.set(m.activityRunId, Date.parse(m.at));
      if (this.#started.size > 100_000) this.#started.delete(this.#started.keys().next().value as string);
      return;
    }
    const start = this.#started.get(m.activityRunId);
    this.#started.delete(m.activityRunId);
    if (start === undefined) return;
    const seconds = Math.max(0, (Date.parse(m.at) - start) / 1000);
    const key = `${m.activityType}\u0000${m.status}`;
    let h = this.#histograms.get(key);
    if (!h) {
      h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.#histograms.set(key, h);
    }
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) (h as Histogram).counts[i]! += 1;
    });
    h.sum += seconds;
    h.count += 1;
  }

  /** Workers whose heartbeat is recent. */
  async workersSeen(): Promise<number> {
    const all = await this.engine.redis.hvals(this.engine.keys.workers());
    const now = Date.now();
    return all.filter((t) => {
      try {
        return now - Date.parse((JSON.parse(t) as { at: string }).at) < WORKER_FRESH_MS;
      } catch {
        return false;
      }
    }).length;
  }

  async #runsByStatus(limit = 10_000): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    const ids = await this.engine.redis.zrevrange(this.engine.keys.runsByTime(), 0, limit - 1);
    for (let i = 0; i < ids.length; i += 500) {
      const texts = await this.engine.redis.mget(ids.slice(i, i + 500).map((id) => this.engine.keys.summary(id)));
      for (const t of texts) {
        if (!t) continue;
        const s = JSON.parse(t) as RunSummary;
        counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
      }
    }
    return counts;
  }

  /** The exposition text. */
  async render(): Promise<string> {
    const lines: string[] = [];
    lines.push('# HELP sluice_runs Pipeline runs kept in Redis (the newest 10,000), by status.', '# TYPE sluice_runs gauge');
    for (const [status, n] of [...(await this.#runsByStatus())].sort()) lines.push(`sluice_runs{status="${escapeLabel(status)}"} ${n}`);
    lines.push('# HELP sluice_queue_jobs Jobs in the engine queues, by queue and state.', '# TYPE sluice_queue_jobs gauge');
    for (const [name, queue] of [['activities', this.engine.queues.activities], ['timers', this.engine.queues.timers]] as const) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      for (const state of ['waiting', 'active', 'delayed', 'prioritized']) lines.push(`sluice_queue_jobs{queue="${name}",state="${state}"} ${counts[state] ?? 0}`);
    }
    lines.push('# HELP sluice_workers Workers with a heartbeat in the last 30 seconds.', '# TYPE sluice_workers gauge', `sluice_workers ${await this.workersSeen()}`);
    lines.push('# HELP sluice_activity_duration_seconds Activity runs from queued to end, as seen by this API process.', '# TYPE sluice_activity_duration_seconds histogram');
    for (const [key, h] of [...this.#histograms].sort(([a], [b]) => a.localeCompare(b))) {
      const [type, status] = key.split('\u0000') as [string, string];
      const labels = `type="${escapeLabel(type)}",status="${escapeLabel(status)}"`;
      BUCKETS.forEach((b, i) => lines.push(`sluice_activity_duration_seconds_bucket{${labels},le="${b}"} ${h.counts[i]}`));
      lines.push(`sluice_activity_duration_seconds_bucket{${labels},le="+Inf"} ${h.count}`);
      lines.push(`sluice_activity_duration_seconds_sum{${labels}} ${h.sum}`);
      lines.push(`sluice_activity_duration_seconds_count{${labels}} ${h.count}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
