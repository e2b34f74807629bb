import type { Redis } from 'ioredis';
import { SluiceError } from '../errors/index.js';
import type { RunState, RunStatus } from '../scheduler/types.js';
import type { Keys } from './keys.js';
import type { RunStateStore } from './state-store.js';
import { toActivityRuns, toPipelineRun, type ActivityAttempt, type ActivityRun, type PipelineRun, type RunSummary } from './records.js';

/** Filters of a run query (ADF's "query pipeline runs"). All optional; results are newest first. */
export interface RunQuery {
  pipelineName?: string;
  status?: RunStatus | RunStatus[];
  /** Runs that started at or after this instant (ISO). */
  from?: string;
  /** Runs that started before this instant (ISO). */
  to?: string;
  /** The trigger that started the runs (`invokedBy.name`). */
  triggerName?: string;
  /** How many runs at most (default 50, at most 1,000). */
  limit?: number;
  /** From the previous page's answer. */
  continuationToken?: string;
}

/** One page of runs. */
export interface RunPage {
  runs: PipelineRun[];
  continuationToken?: string;
}

/** One log line of an activity run. */
export interface LogLine {
  at: string;
  level: string;
  attempt: number;
  message: string;
  data?: Record<string, unknown>;
}

/** Reads runs back: one run, its activity runs and logs, and filtered, paginated lists. */
export class RunQueries {
  constructor(private readonly redis: Redis, private readonly keys: Keys, private readonly store: RunStateStore) {}

  async summary(runId: string): Promise<RunSummary | undefined> {
    const text = await this.redis.get(this.keys.summary(runId));
    return text ? (JSON.parse(text) as RunSummary) : undefined;
  }

  /** The scheduler state of a run. Throws RUN_NOT_FOUND. */
  async state(runId: string): Promise<RunState> {
    const loaded = await this.store.load(runId);
    if (!loaded) throw new SluiceError('RUN_NOT_FOUND', `No pipeline run has the id '${runId}'.`);
    return loaded.state;
  }

  async #isLatest(s: RunSummary): Promise<boolean> {
    const latest = await this.redis.get(this.keys.groupLatest(s.runGroupId));
    return latest === null || latest === s.runId;
  }

  /** A run in ADF's shape; throws RUN_NOT_FOUND. */
  async getRun(runId: string): Promise<PipelineRun> {
    const s = await this.summary(runId);
    if (!s) throw new SluiceError('RUN_NOT_FOUND', `No pipeline run has the id '${runId}'.`);
    const state = await this.state(runId).catch(() => undefined);
    return toPipelineRun(s, state, await this.#isLatest(s));
  }

  /** The activity runs of a run, with their attempts, in start order. */
  async listActivityRuns(runId: string): Promise<ActivityRun[]> {
    const state = await this.state(runId);
    const raw = await this.redis.hgetall(this.keys.attempts(runId));
    const attempts: Record<string, ActivityAttempt[]> = {};
    for (const [field, text] of Object.entries(raw)) {
      const id = field.slice(0, field.lastIndexOf('#'));
      (attempts[id] ??= []).push(JSON.parse(text) as ActivityAttempt);
    }
    for (const list of Object.values(attempts)) list.sort((a, b) => a.attempt - b.attempt);
    return toActivityRuns(state, attempts);
  }

  /** The log lines of one activity run (the last ones kept, oldest first). */
  async getLogs(runId: string, activityRunId: string): Promise<LogLine[]> {
    return (await this.redis.lrange(this.keys.logs(runId, activityRunId), 0, -1)).map((l) => JSON.parse(l) as LogLine);
  }

  /** Runs matching the query, newest first, a page at a time. Entries whose run expired are dropped from the index. */
  async listRuns(query: RunQuery = {}): Promise<RunPage> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 1000);
    const statuses = query.status === undefined ? undefined : new Set(Array.isArray(query.status) ? query.status : [query.status]);
    const index = query.pipelineName ? this.keys.runsByPipeline(query.pipelineName) : this.keys.runsByTime();
    const max = query.to ? `(${Date.parse(query.to)}` : '+inf';
    const min = query.from ? String(Date.parse(query.from)) : '-inf';
    let offset = query.continuationToken ? Number.parseInt(query.continuationToken, 10) || 0 : 0;
    const runs: PipelineRun[] = [];
    const pageSize = 200;
    for (;;) {
      const ids = await this.redis.zrevrangebyscore(index, max, min, 'LIMIT', offset, pageSize);
      if (ids.length === 0) return { runs };
      const texts = await this.redis.mget(ids.map((id) => this.keys.summary(id)));
      for (let i = 0; i < ids.length; i++) {
        offset++;
        const text = texts[i];
        if (!text) {
          await this.redis.zrem(index, ids[i] as string);
          offset--;
          continue;
        }
        const s = JSON.parse(text) as RunSummary;
        if (statuses && !statuses.has(s.status)) continue;
        if (query.triggerName && s.invokedBy.name !== query.triggerName) continue;
        runs.push(toPipelineRun(s, undefined, await this.#isLatest(s)));
        if (runs.length === limit) return { runs, continuationToken: String(offset) };
      }
      if (ids.length < pageSize) return { runs };
    }
  }
}
