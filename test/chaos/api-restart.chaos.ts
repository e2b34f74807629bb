import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { builtinActivities } from '@sluice/activities';
import { ApiKeyStore, createServer } from '@sluice/api';
import { ActivityRegistry, TypeCatalog, builtinDatasetTypes, builtinLinkedServiceTypes, controlActivities } from '@sluice/engine';
import { createEngine, type Engine } from '@sluice/engine/runtime';
import { testActivities } from '../fixtures/activities.mjs';
import { REDIS_URL, testPrefix } from '../helpers/engine.js';
import { dropKeys } from '../helpers/process.js';
import { audit, waitAllTerminal } from './support/audit.js';
import { controlPipeline } from './support/factory.js';
import { SCALE, kill, startWorker, writeResult, type WorkerProcess } from './support/processes.js';

// The API restarted (closed, then started again on the same prefix) while runs go on in worker processes: the
// runs continue, and the new API instance lists and serves every one of them; the API key made before still works.
const RUNS = SCALE === 'short' ? 20 : 100;
const RESTARTS = SCALE === 'short' ? 2 : 5;
const prefix = testPrefix();
const workers: WorkerProcess[] = [];
let current: { app: FastifyInstance; engine: Engine; base: string } | undefined;
let observer: Engine | undefined;

async function startApiOn(): Promise<{ app: FastifyInstance; engine: Engine; base: string }> {
  const engine = createEngine({ redis: REDIS_URL, prefix, activities: [...testActivities, ...builtinActivities] });
  const catalog = {
    activities: new ActivityRegistry([...controlActivities, ...testActivities, ...builtinActivities]),
    datasetTypes: new TypeCatalog('dataset', builtinDatasetTypes),
    linkedServiceTypes: new TypeCatalog('linkedService', builtinLinkedServiceTypes),
  };
  const app = await createServer({ engine, catalog, rateLimit: 10_000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, engine, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

afterAll(async () => {
  for (const w of workers) await kill(w.child);
  if (current) {
    await current.app.close();
    await current.engine.close();
  }
  await observer?.close();
  await dropKeys(prefix);
});

describe('API restarted mid-run', () => {
  it(`${RUNS} runs started through the API survive ${RESTARTS} API restarts`, async () => {
    for (let i = 0; i < 2; i++) workers.push(await startWorker(REDIS_URL, prefix));
    current = await startApiOn();
    const key = (await new ApiKeyStore(current.engine.redis, current.engine.keys).create('chaos', 'admin')).key;
    const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => { // eslint-disable-line @typescript-eslint/no-explicit-any -- route answers
      const res = await fetch(`${current?.base}${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    const doc = controlPipeline();
    expect((await call('PUT', `/api/pipelines/${doc.name}`, doc)).status).toBeLessThan(300);
    const t0 = Date.now();
    const started: string[] = [];
    const perRestart = Math.ceil(RUNS / (RESTARTS + 1));
    const restarts: Array<{ at: number; closeMs: number; startMs: number }> = [];
    for (let r = 0; r <= RESTARTS; r++) {
      for (let i = 0; i < perRestart && started.length < RUNS; i++) {
        const res = await call('POST', `/api/pipelines/${doc.name}/runs`, { parameters: { branch: i % 2 === 0 } });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        started.push(res.body.runId as string);
      }
      if (r === RESTARTS) break;
      await new Promise((res) => setTimeout(res, 500));
      const c0 = Date.now();
      await current.app.close();
      await current.engine.close();
      const c1 = Date.now();
      current = await startApiOn();
      restarts.push({ at: c0 - t0, closeMs: c1 - c0, startMs: Date.now() - c1 });
    }
    observer = createEngine({ redis: REDIS_URL, prefix });
    const stuck = await waitAllTerminal(observer, started, SCALE === 'short' ? 180_000 : 400_000);
    const durationMs = Date.now() - t0;
    // The last API instance serves every run, with its activity runs.
    const listed = new Set<string>();
    let token: string | undefined;
    do {
      const page = await call('GET', `/api/runs?limit=1000${token ? `&continuationToken=${token}` : ''}`);
      for (const r of page.body.value as Array<{ runId: string }>) listed.add(r.runId);
      token = page.body.continuationToken as string | undefined;
    } while (token);
    let served = 0;
    for (const id of started) {
      const run = await call('GET', `/api/runs/${id}`);
      if (run.status === 200 && Array.isArray(run.body.activityRuns) && run.body.activityRuns.length > 0) served++;
    }
    const { audit: a } = await audit(observer, started);
    writeResult('api-restart', { ...a, runs: RUNS, restarts, durationMs, stuck: stuck.length, listedByApi: listed.size, servedByApi: served });
    expect(stuck).toEqual([]);
    expect(a.problems).toEqual([]);
    expect(a.byStatus).toEqual({ Succeeded: RUNS });
    expect(started.every((id) => listed.has(id))).toBe(true);
    expect(served).toBe(RUNS);
  });
});
