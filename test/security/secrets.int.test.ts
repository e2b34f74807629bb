import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { createServer as createHttpServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { builtinActivities, previewDataset, testLinkedService } from '@sluice/activities';
import { ApiKeyStore, createServer } from '@sluice/api';
import { ActivityRegistry, TypeCatalog, builtinDatasetTypes, builtinLinkedServiceTypes, controlActivities } from '@sluice/engine';
import type { Engine } from '@sluice/engine/runtime';
import { testActivities } from '../fixtures/activities.mjs';
import { testEngine } from '../helpers/engine.js';
import { freePort } from '../chaos/support/processes.js';

// Secrets never leave: a password planted in linked services (SecureString) and a Web activity, used by runs that
// succeed and runs that fail; then every API response, every server log line, every run's activity inputs, outputs,
// errors and logs, and every Redis value under the prefix are scanned for the clear text.
const SECRET = 'S3cr3t-Planted-9c41e7';
let engine: Engine;
let app: FastifyInstance;
let base: string;
let admin: string;
let http: Server;
let httpBase: string;
const logs: string[] = [];
const responses: string[] = [];
let cleanup: () => Promise<void>;

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; text: string }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- any route's answer
  const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${admin}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  responses.push(`${method} ${path} ${res.status} ${JSON.stringify([...(res.headers as unknown as Iterable<[string, string]>)])} ${text}`);
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text; // metrics are text
  }
  return { status: res.status, body: parsed, text };
}

beforeAll(async () => {
  const t = testEngine({ activities: [...testActivities, ...builtinActivities], secretKey: 'security test passphrase' });
  engine = t.engine;
  cleanup = t.cleanup;
  await engine.startWorker({ concurrency: 4 });
  const logStream = new Writable({ write(chunk: Buffer, _e, cb) { logs.push(chunk.toString()); cb(); } });
  const catalog = { activities: new ActivityRegistry([...controlActivities, ...testActivities, ...builtinActivities]), datasetTypes: new TypeCatalog('dataset', builtinDatasetTypes), linkedServiceTypes: new TypeCatalog('linkedService', builtinLinkedServiceTypes) };
  app = await createServer({ engine, catalog, logStream, logLevel: 'trace', dataPlane: { testLinkedService, previewDataset } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  admin = (await new ApiKeyStore(engine.redis, engine.keys).create('security admin', 'admin')).key;
  // An HTTP endpoint that fails (500) and one that needs the password.
  http = createHttpServer((req, res) => {
    const ok = req.headers.authorization === `Basic ${Buffer.from(`svc:${SECRET}`).toString('base64')}`;
    res.writeHead(req.url === '/fail' ? 500 : ok ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify({ ok }));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  httpBase = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app?.close();
  await new Promise<void>((r) => http.close(() => r()));
  await cleanup?.();
});

/** Every place a secret could leak, scanned for the clear text after the given runs. */
async function scan(runs: Record<string, string>): Promise<{ responses: string[]; logs: string[]; activityRuns: string[]; redisKeys: string[]; counts: { responses: number; logs: number; keys: number } }> {
  // Everything a client can see: documents, runs, activity runs (inputs, outputs, errors), logs, test-connection.
  await call('GET', '/api/linkedservices');
  await call('GET', '/api/linkedservices/Warehouse');
  await call('GET', '/api/linkedservices/Warehouse/versions');
  await call('GET', '/api/linkedservices/Warehouse/versions/1');
  await call('POST', '/api/linkedservices/Warehouse/test');
  await call('POST', '/api/linkedservices/DeadWarehouse/test');
  await call('GET', '/api/pipelines');
  await call('GET', '/api/runs?limit=100');
  await call('GET', '/api/audit?limit=100');
  await call('GET', '/metrics');
  for (const [name, runId] of Object.entries(runs)) {
    await call('GET', `/api/pipelines/${name}`);
    const run = await call('GET', `/api/runs/${runId}`);
    for (const a of (run.body?.activityRuns ?? []) as Array<{ activityRunId: string }>) await call('GET', `/api/runs/${runId}/activities/${a.activityRunId}/logs`);
  }
  const around = (r: string): string => `${r.slice(0, 60)} … ${r.slice(Math.max(0, r.indexOf(SECRET) - 200), r.indexOf(SECRET) + 30)}`;
  const activityRuns: string[] = [];
  for (const runId of Object.values(runs)) {
    for (const a of await engine.queries.listActivityRuns(runId)) {
      const text = JSON.stringify(a) + JSON.stringify(await engine.queries.getLogs(runId, a.activityRunId));
      if (text.includes(SECRET)) activityRuns.push(`${a.activityName}: ${around(text)}`);
    }
  }
  // Every Redis value under the prefix (strings, hashes, lists, sets, sorted sets, streams), BullMQ's jobs included.
  const redis = engine.redis;
  let cursor = '0';
  const redisKeys: string[] = [];
  let keys = 0;
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${engine.keys.base}*`, 'COUNT', 500);
    cursor = next;
    for (const key of found) {
      keys++;
      const type = await redis.type(key);
      let text = '';
      if (type === 'string') text = (await redis.get(key)) ?? '';
      else if (type === 'hash') text = JSON.stringify(await redis.hgetall(key));
      else if (type === 'list') text = JSON.stringify(await redis.lrange(key, 0, -1));
      else if (type === 'set') text = JSON.stringify(await redis.smembers(key));
      else if (type === 'zset') text = JSON.stringify(await redis.zrange(key, '0', '-1'));
      else if (type === 'stream') text = JSON.stringify(await redis.xrange(key, '-', '+'));
      if (text.includes(SECRET)) redisKeys.push(key);
    }
  } while (cursor !== '0');
  return {
    responses: responses.filter((r) => r.includes(SECRET)).map(around),
    logs: logs.filter((l) => l.includes(SECRET)).map(around),
    activityRuns,
    redisKeys,
    counts: { responses: responses.length, logs: logs.length, keys },
  };
}

const secure = { type: 'SecureString', value: SECRET };

/** Stores pipelines, starts one run of each, waits for them; returns run ids by pipeline name and their statuses. */
async function runAll(pipelines: Record<string, unknown[]>): Promise<{ runs: Record<string, string>; statuses: Record<string, string> }> {
  const runs: Record<string, string> = {};
  for (const [name, activities] of Object.entries(pipelines)) {
    expect((await call('PUT', `/api/pipelines/${name}`, { name, properties: { activities } })).status, name).toBeLessThan(300);
    runs[name] = (await call('POST', `/api/pipelines/${name}/runs`, { parameters: {} })).body.runId as string;
  }
  const statuses: Record<string, string> = {};
  for (const [name, runId] of Object.entries(runs)) statuses[name] = (await engine.waitForRun(runId, { timeoutMs: 60_000 })).status;
  return { runs, statuses };
}

describe('secrets never leave in clear', () => {
  beforeAll(async () => {
    const deadPort = await freePort();
    expect((await call('PUT', '/api/linkedservices/Warehouse', { name: 'Warehouse', properties: { type: 'PostgreSqlV2', typeProperties: { server: '127.0.0.1', port: 5432, database: 'test', username: process.env.PGUSER ?? 'postgres', password: secure, sslMode: 0 } } })).status).toBeLessThan(300);
    expect((await call('PUT', '/api/linkedservices/DeadWarehouse', { name: 'DeadWarehouse', properties: { type: 'PostgreSqlV2', typeProperties: { server: '127.0.0.1', port: deadPort, database: 'test', username: 'postgres', password: secure, sslMode: 0 } } })).status).toBeLessThan(300);
    for (const [name, ls] of [['Q', 'Warehouse'], ['DeadQ', 'DeadWarehouse']]) {
      expect((await call('PUT', `/api/datasets/${name}`, { name, properties: { type: 'PostgreSqlV2Table', linkedServiceName: { referenceName: ls, type: 'LinkedServiceReference' }, typeProperties: { schema: 'public', table: 'x' } } })).status).toBeLessThan(300);
    }
  });

  it('a password planted in linked services, used by runs that succeed and fail: no clear text in responses, logs, runs or Redis', async () => {
    const { runs, statuses } = await runAll({
      UsesSecret: [{ name: 'Read', type: 'Lookup', typeProperties: { source: { type: 'PostgreSqlV2Source', query: 'SELECT 1 AS one' }, dataset: { referenceName: 'Q', type: 'DatasetReference' } } }],
      FailsWithSecret: [{ name: 'Read', type: 'Lookup', typeProperties: { source: { type: 'PostgreSqlV2Source', query: 'SELECT 1 AS one' }, dataset: { referenceName: 'DeadQ', type: 'DatasetReference' } }, policy: { retry: 1, retryIntervalInSeconds: 0 } }],
      BadQueryWithSecret: [{ name: 'Bad', type: 'Lookup', typeProperties: { source: { type: 'PostgreSqlV2Source', query: 'SELECT * FROM no_such_table_for_secrets' }, dataset: { referenceName: 'Q', type: 'DatasetReference' } } }],
    });
    expect(statuses).toEqual({ UsesSecret: 'Succeeded', FailsWithSecret: 'Failed', BadQueryWithSecret: 'Failed' });
    const found = await scan(runs);
    expect(found.counts.responses).toBeGreaterThan(15);
    expect(found.counts.logs).toBeGreaterThan(0);
    expect(found.counts.keys).toBeGreaterThan(10);
    expect(found.responses).toEqual([]);
    expect(found.logs).toEqual([]);
    expect(found.activityRuns).toEqual([]);
    expect(found.redisKeys).toEqual([]);
  });

  // Formerly a BUG: a SecureString written in an activity's typeProperties (the Web activity's authentication.password,
  // as ADF allows) showed in clear in the activity run's input and the run store. Now every SecureString is sealed
  // when a document is saved (or debug-run), stays sealed in runs and BullMQ jobs, is opened only in the worker's
  // memory just before the activity runs, and is masked in every activity run view.
  it('a SecureString in a Web activity\'s authentication never shows in clear, and is used', async () => {
    const web = (name: string, path: string) => ({ name, type: 'WebActivity', typeProperties: { url: `${httpBase}${path}`, method: 'GET', authentication: { type: 'Basic', username: 'svc', password: secure } }, policy: { retry: 0 } });
    const { runs, statuses } = await runAll({ WebOk: [web('Call', '/ok')], WebFails: [web('Call', '/fail')] });
    expect(statuses).toEqual({ WebOk: 'Succeeded', WebFails: 'Failed' });
    const ok = (await engine.queries.listActivityRuns(runs.WebOk as string))[0];
    expect(JSON.stringify(ok?.output)).toContain('"ok":true'); // the password was used
    const found = await scan(runs);
    expect(found.responses).toEqual([]);
    expect(found.logs).toEqual([]);
    expect(found.activityRuns).toEqual([]);
    expect(found.redisKeys).toEqual([]);
  });

  it('a debug run of an unsaved pipeline seals its SecureStrings too, and the mask read back keeps the stored one', async () => {
    const web = { name: 'Call', type: 'WebActivity', typeProperties: { url: `${httpBase}/ok`, method: 'GET', authentication: { type: 'Basic', username: 'svc', password: secure } }, policy: { retry: 0 } };
    const fresh = await call('POST', '/api/pipelines/WebDebug/debug', { pipeline: { properties: { activities: [web] } } });
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(201);
    // The designer debugs what it read: the saved WebOk with its password masked; the stored secret is used.
    const read = await call('GET', '/api/pipelines/WebOk');
    expect(JSON.stringify(read.body)).toContain('"value":"**********"');
    const masked = await call('POST', '/api/pipelines/WebOk/debug', { pipeline: read.body });
    expect(masked.status, JSON.stringify(masked.body)).toBe(201);
    const runs = { WebDebug: fresh.body.runId as string, WebOk: masked.body.runId as string };
    for (const runId of Object.values(runs)) {
      const run = await engine.waitForRun(runId, { timeoutMs: 60_000 });
      expect(run.status, runId).toBe('Succeeded');
      expect(JSON.stringify((await engine.queries.listActivityRuns(runId))[0]?.output)).toContain('"ok":true');
    }
    const found = await scan(runs);
    expect(found.responses).toEqual([]);
    expect(found.activityRuns).toEqual([]);
    expect(found.redisKeys).toEqual([]);
  });
});
