import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '@sluice/engine/runtime';
import { testActivities } from '../fixtures/activities.mjs';
import { act, after, pipeline, testPrefix } from '../helpers/engine.js';
import { audit, waitAllTerminal } from './support/audit.js';
import { percentile, redisMemory, startMany } from './support/measure.js';
import { SCALE, kill, ownRedis, startWorker, writeResult, type OwnRedis, type WorkerProcess } from './support/processes.js';

// Load (full scale only: `pnpm test:chaos`): 1,000 concurrent pipeline runs, and 10,000 activities queued before any
// worker starts, on a private Redis (so INFO memory is ours alone) with several worker processes. Reports
// throughput, scheduling latency and Redis memory; asserts only that nothing is lost (no timed assertions).
const WORKERS = Number(process.env.SLUICE_LOAD_WORKERS ?? 4);
const CONCURRENCY = 16;
let redis: OwnRedis | undefined;
let engine: Engine | undefined;
const workers: WorkerProcess[] = [];

afterAll(async () => {
  for (const w of workers) await kill(w.child);
  await engine?.close().catch(() => undefined);
  if (redis) {
    await redis.stop('SIGKILL');
    rmSync(redis.dir, { recursive: true, force: true });
  }
});

describe.skipIf(SCALE === 'short')('load', () => {
  it('1,000 concurrent runs, then 10,000 queued activities, on several worker processes', async () => {
    redis = await ownRedis(false);
    engine = createEngine({ redis: redis.url, prefix: testPrefix(), activities: testActivities });
    const e = engine;
    await e.factory.put('pipeline', pipeline('LoadRun', [act('A', 'TestEcho', { value: 1 }), act('B', 'TestEcho', { value: 2 }, { dependsOn: [after('A')] })]));
    await e.factory.put('pipeline', pipeline('LoadFan', [act('Each', 'ForEach', { items: { value: '@range(0, 50)', type: 'Expression' }, batchCount: 50, activities: [act('W', 'TestEcho', { value: '@item()' })] })]));
    const memIdle = await redisMemory(e.redis);
    for (let i = 0; i < WORKERS; i++) workers.push(await startWorker(redis.url, e.keys.prefix, { CONCURRENCY: String(CONCURRENCY), LOCK_MS: '30000', STALLED_MS: '30000' }));

    // 1. 1,000 concurrent runs of a two-activity chain.
    const t0 = Date.now();
    const runs = await startMany(1000, 50, async () => (await e.startRun('LoadRun')).runId);
    const startedMs = Date.now() - t0;
    const memAfterStart = await redisMemory(e.redis);
    const stuck1 = await waitAllTerminal(e, runs, 600_000);
    const allDoneMs = Date.now() - t0;
    const startLatency: number[] = [];
    const chainLatency: number[] = [];
    for (const id of runs) {
      const run = await e.getRun(id);
      const acts = await e.queries.listActivityRuns(id);
      const a = acts.find((x) => x.activityName === 'A');
      const b = acts.find((x) => x.activityName === 'B');
      if (a?.activityRunStart) startLatency.push(Date.parse(a.attempts[0]?.start ?? a.activityRunStart) - Date.parse(run.runStart));
      if (a?.activityRunEnd && b?.attempts[0]?.start) chainLatency.push(Date.parse(b.attempts[0].start) - Date.parse(a.activityRunEnd));
    }
    const audit1 = (await audit(e, runs)).audit;
    const memAfterRuns = await redisMemory(e.redis);

    // 2. 10,000 activities queued before any worker runs: 200 runs × ForEach of 50, workers stopped, then started.
    for (const w of workers.splice(0)) await kill(w.child, 'SIGTERM');
    const t1 = Date.now();
    const fans = await startMany(200, 50, async () => (await e.startRun('LoadFan')).runId);
    const waitingDeadline = Date.now() + 120_000;
    let queued = 0;
    while (Date.now() < waitingDeadline) {
      const counts = await e.queues.activities.getJobCounts('wait', 'prioritized', 'delayed');
      queued = (counts.wait ?? 0) + (counts.prioritized ?? 0);
      if (queued >= 10_000) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const enqueueMs = Date.now() - t1;
    const memQueued = await redisMemory(e.redis);
    const t2 = Date.now();
    for (let i = 0; i < WORKERS; i++) workers.push(await startWorker(redis.url, e.keys.prefix, { CONCURRENCY: String(CONCURRENCY), LOCK_MS: '30000', STALLED_MS: '30000' }));
    const stuck2 = await waitAllTerminal(e, fans, 900_000);
    const drainMs = Date.now() - t2;
    const audit2 = (await audit(e, fans, runs)).audit;
    const memEnd = await redisMemory(e.redis);

    const result = {
      workers: WORKERS, workerConcurrency: CONCURRENCY,
      concurrentRuns: {
        runs: 1000, activities: audit1.activityRuns, startAllMs: startedMs, allTerminalMs: allDoneMs,
        runsPerSecond: Math.round((1000 / allDoneMs) * 1000 * 10) / 10, activitiesPerSecond: Math.round((audit1.activityRuns / allDoneMs) * 1000),
        runStartToFirstActivityMs: { p50: percentile(startLatency, 50), p99: percentile(startLatency, 99), max: percentile(startLatency, 100) },
        predecessorEndToSuccessorStartMs: { p50: percentile(chainLatency, 50), p99: percentile(chainLatency, 99), max: percentile(chainLatency, 100) },
        byStatus: audit1.byStatus, problems: audit1.problems, duplicateSuccesses: audit1.duplicateSuccesses.length, stuck: stuck1.length,
      },
      queuedActivities: {
        runs: 200, activities: audit2.activityRuns - 200, queuedPeak: queued, enqueueMs, drainMs,
        activitiesPerSecond: Math.round(((audit2.activityRuns - 200) / drainMs) * 1000),
        byStatus: audit2.byStatus, problems: audit2.problems, stuck: stuck2.length,
      },
      redisMemoryMb: { idle: memIdle, after1000RunsStarted: memAfterStart, after1000RunsDone: memAfterRuns, with10000Queued: memQueued, end: memEnd },
    };
    writeResult('load', result);
    expect(stuck1).toEqual([]);
    expect(stuck2).toEqual([]);
    expect(audit1.problems).toEqual([]);
    expect(audit2.problems).toEqual([]);
    expect(audit1.byStatus).toEqual({ Succeeded: 1000 });
    expect(audit2.byStatus).toEqual({ Succeeded: 200 });
    expect(queued).toBeGreaterThanOrEqual(10_000);
  });
});
