import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinActivities } from '@sluice/activities';
import { createEngine, type Engine } from '@sluice/engine/runtime';
import { testActivities } from '../fixtures/activities.mjs';
import { testPrefix } from '../helpers/engine.js';
import { audit, waitAllTerminal } from './support/audit.js';
import { controlPipeline, putAll } from './support/factory.js';
import { SCALE, kill, ownRedis, startWorker, writeResult, type OwnRedis, type WorkerProcess } from './support/processes.js';

// Redis (a private server with its append-only file, fsync always) killed with SIGKILL and restarted while runs are
// in flight: runs resume or end with a clear error, nothing is lost. Never the machine's Redis.
const RUNS = SCALE === 'short' ? 20 : 80;
const RESTARTS = SCALE === 'short' ? 1 : 3;
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

describe('Redis restarted mid-run (append-only file on)', () => {
  it(`${RUNS} runs survive ${RESTARTS} SIGKILL restart(s) of Redis: every run ends, none lost`, async () => {
    redis = await ownRedis();
    engine = createEngine({ redis: redis.url, prefix: testPrefix(), activities: [...testActivities, ...builtinActivities] });
    await putAll(engine, { pipelines: [controlPipeline()] });
    for (let i = 0; i < 2; i++) workers.push(await startWorker(redis.url, engine.keys.prefix));
    const t0 = Date.now();
    const started: string[] = [];
    for (let i = 0; i < RUNS; i++) started.push((await engine.startRun('ChaosControl', { parameters: { branch: i % 2 === 0 } })).runId);
    const outages: Array<{ at: number; downMs: number; inProgressBefore: number }> = [];
    for (let r = 0; r < RESTARTS; r++) {
      await new Promise((res) => setTimeout(res, 1500));
      let inProgress = 0;
      for (const id of started) if ((await engine.queries.summary(id))?.status === 'InProgress') inProgress++;
      const down = Date.now();
      await redis.stop('SIGKILL');
      await new Promise((res) => setTimeout(res, 2000));
      await redis.start();
      outages.push({ at: down - t0, downMs: Date.now() - down, inProgressBefore: inProgress });
    }
    const stuck = await waitAllTerminal(engine, started, SCALE === 'short' ? 180_000 : 400_000);
    const durationMs = Date.now() - t0;
    const workersAlive = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null).length;
    const { audit: a } = await audit(engine, started);
    const failed = [];
    for (const id of started) {
      const run = await engine.getRun(id);
      if (run.status !== 'Succeeded') failed.push({ runId: id, status: run.status, code: run.error?.errorCode, message: run.message });
    }
    writeResult('redis-restart', { ...a, runs: RUNS, restarts: RESTARTS, outages, durationMs, stuck: stuck.length, workersAlive, failed: failed.slice(0, 20) });
    expect(stuck).toEqual([]);
    expect(a.problems).toEqual([]);
    // A run that did not succeed ends with a coded error and a message.
    for (const f of failed) {
      expect(f.code, JSON.stringify(f)).toMatch(/^[A-Z_]+$/);
      expect(f.message.length).toBeGreaterThan(0);
    }
  });
});
