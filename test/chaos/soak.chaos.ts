import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ApiKeyStore, createServer } from '@sluice/api';
import { ActivityRegistry, TypeCatalog, builtinDatasetTypes, builtinLinkedServiceTypes, controlActivities } from '@sluice/engine';
import { createEngine, type Engine } from '@sluice/engine/runtime';
import { testActivities } from '../fixtures/activities.mjs';
import { REDIS_URL, testPrefix } from '../helpers/engine.js';
import { dropKeys } from '../helpers/process.js';
import { audit } from './support/audit.js';
import { controlPipeline } from './support/factory.js';
import { percentile } from './support/measure.js';
import { kill, startWorker, writeResult, type WorkerProcess } from './support/processes.js';

// Soak: a steady stream of runs through the API and two worker processes for SLUICE_SOAK_MINUTES (30 when the
// variable is set without a number), sampling the worker processes' resident memory and the API process's heap.
// Runs only when asked: `SLUICE_SOAK_MINUTES=30 npx vitest run --config test/chaos/vitest.config.ts test/chaos/soak.chaos.ts`.
const MINUTES = process.env.SLUICE_SOAK_MINUTES === undefined ? 0 : Number(process.env.SLUICE_SOAK_MINUTES) || 30;
const prefix = testPrefix();
const workers: WorkerProcess[] = [];
let app: FastifyInstance | undefined;
let engine: Engine | undefined;

const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;
const median = (v: number[]): number => Math.round(percentile(v, 50) * 10) / 10;

afterAll(async () => {
  for (const w of workers) await kill(w.child);
  await app?.close();
  await engine?.close();
  await dropKeys(prefix);
});

describe.runIf(MINUTES > 0)('soak', () => {
  it(`a steady stream of runs for ${MINUTES} minutes`, async () => {
    engine = createEngine({ redis: REDIS_URL, prefix, activities: testActivities, retentionDays: 1 });
    const catalog = { activities: new ActivityRegistry([...controlActivities, ...testActivities]), datasetTypes: new TypeCatalog('dataset', builtinDatasetTypes), linkedServiceTypes: new TypeCatalog('linkedService', builtinLinkedServiceTypes) };
    app = await createServer({ engine, catalog, rateLimit: 1_000_000 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const key = (await new ApiKeyStore(engine.redis, engine.keys).create('soak', 'admin')).key;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const doc = controlPipeline();
    await fetch(`${base}/api/pipelines/${doc.name}`, { method: 'PUT', headers, body: JSON.stringify(doc) });
    for (let i = 0; i < 2; i++) workers.push(await startWorker(REDIS_URL, prefix, { CONCURRENCY: '8' }));
    const samples: Array<{ atS: number; workersRssMb: number[]; apiHeapMb: number; apiRssMb: number; finished: number }> = [];
    const started: string[] = [];
    let finished = 0;
    const t0 = Date.now();
    const end = t0 + MINUTES * 60_000;
    let nextSample = t0;
    while (Date.now() < end) {
      // About five runs a second, each waited for through the API (so the API serves reads as well as writes).
      const batch = await Promise.all(Array.from({ length: 5 }, async (_v, i) => {
        const res = await fetch(`${base}/api/pipelines/${doc.name}/runs`, { method: 'POST', headers, body: JSON.stringify({ parameters: { branch: i % 2 === 0 } }) });
        return ((await res.json()) as { runId: string }).runId;
      }));
      started.push(...batch);
      await new Promise((r) => setTimeout(r, 1000));
      for (const id of batch) await fetch(`${base}/api/runs/${id}`, { headers });
      if (Date.now() >= nextSample) {
        for (const id of started.slice(finished)) {
          const s = await engine.queries.summary(id);
          if (s && s.status !== 'InProgress' && s.status !== 'Queued') finished++;
          else break;
        }
        const mem = process.memoryUsage();
        samples.push({ atS: Math.round((Date.now() - t0) / 1000), workersRssMb: workers.map((w) => Math.round(rssMb(w.child.pid as number) * 10) / 10), apiHeapMb: Math.round((mem.heapUsed / 1048576) * 10) / 10, apiRssMb: Math.round((mem.rss / 1048576) * 10) / 10, finished });
        nextSample = Date.now() + Math.max(10_000, (MINUTES * 60_000) / 60);
      }
    }
    await new Promise((r) => setTimeout(r, 15_000));
    const { audit: a } = await audit(engine, started);
    const q = Math.max(1, Math.floor(samples.length / 4));
    const first = samples.slice(0, q);
    const last = samples.slice(-q);
    writeResult('soak', {
      minutes: MINUTES, runs: started.length, byStatus: a.byStatus, problems: a.problems.slice(0, 20),
      workerRssMb: { firstQuarterMedian: first[0]?.workersRssMb.map((_v, i) => median(first.map((s) => s.workersRssMb[i] as number))), lastQuarterMedian: last[0]?.workersRssMb.map((_v, i) => median(last.map((s) => s.workersRssMb[i] as number))) },
      apiHeapMb: { firstQuarterMedian: median(first.map((s) => s.apiHeapMb)), lastQuarterMedian: median(last.map((s) => s.apiHeapMb)) },
      samples,
    });
    expect(a.problems).toEqual([]);
  }, (MINUTES + 5) * 60_000); // the config's 15-minute test timeout is shorter than a 30-minute soak
});
