import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@sluice/engine/runtime';
import { act, pipeline, until } from '../helpers/engine.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { dataEngine, fileDataset, localLinkedService, putAll, ref, runPipeline, tempFolder } from '../data-plane/copy-harness.js';
import { freePort, writeResult } from './support/processes.js';

// A store down: retries by the activity's policy, then a clear error that names the store.
const results: Record<string, unknown> = {};
let engine: Engine;
let cleanups: Array<() => Promise<void> | void> = [];
let root: string;

beforeAll(async () => {
  const t = await dataEngine();
  engine = t.engine;
  const dir = tempFolder('sluice-chaos-stores-');
  root = dir.path;
  cleanups = [t.cleanup, dir.remove];
  await putAll(engine, { linkedServices: [localLinkedService('Disk', root)] });
});
afterAll(async () => {
  writeResult('stores-down', results);
  for (const c of cleanups.reverse()) await c();
});

const policy = { retry: 2, retryIntervalInSeconds: 0 };

describe('a data store down', () => {
  it('PostgreSQL on a port nothing listens on: three attempts, then STORE_UNAVAILABLE naming the linked service', async () => {
    const port = await freePort();
    await putAll(engine, {
      linkedServices: [{ name: 'DeadWarehouse', properties: { type: 'PostgreSqlV2', typeProperties: { server: '127.0.0.1', port, database: 'test', username: 'postgres', sslMode: 0 } } }],
      datasets: [{ name: 'DeadTable', properties: { type: 'PostgreSqlV2Table', linkedServiceName: { referenceName: 'DeadWarehouse', type: 'LinkedServiceReference' }, typeProperties: { schema: 'public', table: 'x' } } }],
      pipelines: [pipeline('PgDown', [act('Read', 'Lookup', { source: { type: 'PostgreSqlV2Source', query: 'SELECT 1 AS one' }, dataset: ref('DeadTable') }, { policy })])],
    });
    const t0 = Date.now();
    const { status, byName, runId } = await runPipeline(engine, 'PgDown');
    const read = (await engine.queries.listActivityRuns(runId)).find((a) => a.activityName === 'Read');
    results.postgres = { port, status, attempts: read?.attempts.length, error: byName.Read?.error, durationMs: Date.now() - t0 };
    expect(status).toBe('Failed');
    expect(read?.attempts.map((a) => a.status)).toEqual(['Failed', 'Failed', 'Failed']);
    expect(byName.Read?.error?.errorCode).toBe('STORE_UNAVAILABLE');
    expect(byName.Read?.error?.message).toContain('DeadWarehouse');
    expect(byName.Read?.error?.message).toContain(`127.0.0.1:${port}`);
  });

  it('HTTP endpoint answering 500: the Web activity is tried 1 + retry times, then HTTP_REQUEST_FAILED with the status and host', async () => {
    let hits = 0;
    const server: Server = createServer((_req, res) => {
      hits++;
      res.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    await putAll(engine, { pipelines: [pipeline('Http500', [act('Call', 'WebActivity', { url, method: 'GET' }, { policy })])] });
    const { status, byName, runId } = await runPipeline(engine, 'Http500');
    const call = (await engine.queries.listActivityRuns(runId)).find((a) => a.activityName === 'Call');
    results.http500 = { hits, status, attempts: call?.attempts.length, error: byName.Call?.error };
    expect(status).toBe('Failed');
    expect(hits).toBe(3);
    expect(call?.attempts).toHaveLength(3);
    expect(byName.Call?.error?.errorCode).toBe('HTTP_REQUEST_FAILED');
    expect(byName.Call?.error?.message).toMatch(/500/);
    expect(byName.Call?.error?.message).toContain('127.0.0.1');
  });

  it('HTTP endpoint that never answers: each attempt times out (httpRequestTimeout), then HTTP_REQUEST_FAILED', async () => {
    let hits = 0;
    const server: Server = createServer(() => {
      hits++; // never answers
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`;
    await putAll(engine, { pipelines: [pipeline('HttpHang', [act('Call', 'WebActivity', { url, method: 'GET', httpRequestTimeout: '00:00:02' }, { policy: { retry: 1, retryIntervalInSeconds: 0 } })])] });
    const t0 = Date.now();
    const { status, byName, runId } = await runPipeline(engine, 'HttpHang');
    const call = (await engine.queries.listActivityRuns(runId)).find((a) => a.activityName === 'Call');
    results.httpHang = { hits, status, attempts: call?.attempts.length, error: byName.Call?.error, durationMs: Date.now() - t0 };
    expect(status).toBe('Failed');
    expect(hits).toBe(2);
    expect(call?.attempts).toHaveLength(2);
    expect(byName.Call?.error?.errorCode).toBe('HTTP_REQUEST_FAILED');
    expect(byName.Call?.error?.message).toMatch(/time/i);
  });

  it('S3 server closed in the middle of a copy: three attempts, then a store error naming the linked service and the object', async () => {
    const s3: TestS3 = await startS3({ buckets: ['chaos'] });
    let closed = false;
    cleanups.push(async () => { if (!closed) await s3.close(); });
    const ls = s3.linkedService('Lake');
    const lines = ['id,text'];
    for (let i = 0; i < 400_000; i++) lines.push(`${i},"some text to make the file large enough ${i}"`);
    writeFileSync(join(root, 'big.csv'), `${lines.join('\n')}\n`);
    const csv = { columnDelimiter: ',', firstRowAsHeader: true, quoteChar: '"', escapeChar: '"' };
    await putAll(engine, {
      linkedServices: [{ name: 'Lake', properties: { type: ls.type, typeProperties: ls.typeProperties } }],
      datasets: [
        fileDataset('BigLocal', 'DelimitedText', 'Disk', { fileName: 'big.csv' }, csv),
        fileDataset('BigLake', 'DelimitedText', 'Lake', { bucketName: 'chaos', folderPath: 'in', fileName: 'big.csv' }, csv),
      ],
      pipelines: [pipeline('S3Down', [act('Upload', 'Copy', { source: { type: 'DelimitedTextSource' }, sink: { type: 'DelimitedTextSink' }, fastPath: false }, { policy, inputs: [ref('BigLocal')], outputs: [ref('BigLake')] })])],
    });
    const { runId } = await engine.startRun('S3Down');
    await until(async () => ((await engine.queries.listActivityRuns(runId))[0]?.status === 'InProgress' ? true : undefined));
    await new Promise((r) => setTimeout(r, 300));
    const before = await engine.queries.listActivityRuns(runId);
    s3.client.destroy();
    await s3.close();
    closed = true;
    const run = await engine.waitForRun(runId, { timeoutMs: 120_000 });
    const upload = (await engine.queries.listActivityRuns(runId))[0];
    results.s3 = { statusWhenClosed: before[0]?.status, status: run.status, attempts: upload?.attempts.map((a) => [a.status, a.error?.code]), error: upload?.error };
    expect(run.status).toBe('Failed');
    expect(upload?.attempts.length).toBe(3);
    expect(['STORE_UNAVAILABLE', 'STORE_REQUEST_FAILED']).toContain(upload?.error?.errorCode);
    expect(upload?.error?.message).toContain("linked service 'Lake'");
    expect(upload?.error?.message).toContain('s3://chaos/in/big.csv');
  });
});
