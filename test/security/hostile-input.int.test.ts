import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@sluice/engine/runtime';
import { act, pipeline } from '../helpers/engine.js';
import { dataEngine, fileDataset, localLinkedService, postgresLinkedService, putAll, ref, runPipeline, tableDataset, tempFolder } from '../data-plane/copy-harness.js';
import { startApi, type Api } from '../api/harness.js';

// Hostile input: SQL in data values written to a table sink, Web destinations outside the allow-list, oversized
// request bodies and expressions at the API.
const PG_USER = process.env.PGUSER ?? 'postgres';
let engine: Engine;
let root: string;
let db: pg.Client;
let api: Api;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  const t = await dataEngine();
  engine = t.engine;
  const dir = tempFolder('sluice-sec-hostile-');
  root = dir.path;
  db = new pg.Client({ host: '127.0.0.1', port: 5432, database: 'test', user: PG_USER });
  await db.connect();
  api = await startApi();
  cleanups.push(t.cleanup, dir.remove, () => db.end(), () => api.close());
  await putAll(engine, { linkedServices: [localLinkedService('Disk', root), postgresLinkedService('Warehouse')] });
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('SQL injection through data values into a table sink', () => {
  it('hostile values are stored as data and the table survives', async () => {
    const table = `sec_${randomUUID().slice(0, 8)}`;
    cleanups.push(async () => void (await db.query(`DROP TABLE IF EXISTS public."${table}"`)));
    const hostile = [
      `'); DROP TABLE ${table}; --`,
      `"; DROP TABLE ${table}; --`,
      `\\'; DELETE FROM ${table}; --`,
      `$$; DROP TABLE ${table}; $$`,
      `E'\\x00' OR 1=1`,
      `Robert'); DROP TABLE Students;--`,
    ];
    const lines = ['id,name', ...hostile.map((h, i) => `${i + 1},"${h.replaceAll('"', '""')}"`)];
    writeFileSync(join(root, 'hostile.csv'), `${lines.join('\n')}\n`);
    await putAll(engine, {
      datasets: [
        fileDataset('HostileCsv', 'DelimitedText', 'Disk', { fileName: 'hostile.csv' }, { columnDelimiter: ',', firstRowAsHeader: true, quoteChar: '"', escapeChar: '"' }, { schema: [{ name: 'id', type: 'Int32' }, { name: 'name', type: 'String' }] }),
        tableDataset('HostileTable', 'Warehouse', { schema: 'public', table }),
      ],
      pipelines: [pipeline('Inject', [act('Copy', 'Copy', { source: { type: 'DelimitedTextSource' }, sink: { type: 'PostgreSqlV2Sink', tableOption: 'autoCreate' } }, { inputs: [ref('HostileCsv')], outputs: [ref('HostileTable')] })])],
    });
    const first = await runPipeline(engine, 'Inject');
    expect(first.byName.Copy?.error ?? null).toBeNull();
    expect(first.status).toBe('Succeeded');
    const again = await runPipeline(engine, 'Inject'); // a second write into the existing table
    expect(again.status).toBe('Succeeded');
    const rows = await db.query<{ id: number; name: string }>(`SELECT id, name FROM public."${table}" ORDER BY id`);
    expect(rows.rowCount).toBe(hostile.length * 2);
    expect(rows.rows.filter((_r, i) => i % 2 === 0).map((r) => r.name)).toEqual(hostile);
    expect(rows.rows.filter((_r, i) => i % 2 === 1).map((r) => r.name)).toEqual(hostile);
  });

  it('a hostile table name from a parameter names one (odd) table; it does not run as SQL', async () => {
    const marker = `sec_${randomUUID().slice(0, 8)}`;
    await db.query(`CREATE TABLE public."${marker}" (id int)`);
    cleanups.push(async () => void (await db.query(`DROP TABLE IF EXISTS public."${marker}"`)));
    const evil = `x"; DROP TABLE public."${marker}"; --`;
    cleanups.push(async () => void (await db.query(`DROP TABLE IF EXISTS public."${evil.replaceAll('"', '""')}"`)));
    writeFileSync(join(root, 'one.csv'), 'id\n1\n');
    await putAll(engine, {
      datasets: [
        fileDataset('OneCsv', 'DelimitedText', 'Disk', { fileName: 'one.csv' }, { columnDelimiter: ',', firstRowAsHeader: true }, { schema: [{ name: 'id', type: 'Int32' }] }),
        { name: 'ParamTable', properties: { type: 'PostgreSqlV2Table', linkedServiceName: { referenceName: 'Warehouse', type: 'LinkedServiceReference' }, parameters: { t: { type: 'String' } }, typeProperties: { schema: 'public', table: { value: '@dataset().t', type: 'Expression' } } } },
      ],
      pipelines: [pipeline('InjectName', [act('Copy', 'Copy', { source: { type: 'DelimitedTextSource' }, sink: { type: 'PostgreSqlV2Sink', tableOption: 'autoCreate' } }, { inputs: [ref('OneCsv')], outputs: [ref('ParamTable', { t: '@pipeline().parameters.t' })] })], { parameters: { t: { type: 'String' } } })],
    });
    await runPipeline(engine, 'InjectName', { t: evil });
    const still = await db.query(`SELECT to_regclass('public."${marker}"') AS t`);
    expect(still.rows[0]?.t).not.toBeNull();
  });
});

describe('Web activity allow-list (SLUICE_WEB_ALLOWED_HOSTS)', () => {
  let server: Server;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_q, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  });

  it('refuses destinations outside the list with WEB_DESTINATION_NOT_ALLOWED and makes no request; allows listed ones', async () => {
    const saved = process.env.SLUICE_WEB_ALLOWED_HOSTS;
    process.env.SLUICE_WEB_ALLOWED_HOSTS = `localhost:${port},*.example.invalid`;
    try {
      const urls = [`http://127.0.0.1:${port}/x`, `http://[::1]:${port}/x`, `http://localhost:${port + 1}/x`, 'http://169.254.169.254/latest/meta-data', `http://localhost.evil.invalid:${port}/`, `http://2130706433:${port}/x`, `http://0x7f000001:${port}/x`, 'file:///etc/passwd'];
      await putAll(engine, { pipelines: urls.map((url, i) => pipeline(`Out${i}`, [act('Call', 'WebActivity', { url, method: 'GET' }, { policy: { retry: 0 } })])) });
      for (let i = 0; i < urls.length; i++) {
        const { status, byName } = await runPipeline(engine, `Out${i}`);
        expect(status, urls[i]).toBe('Failed');
        expect(['WEB_DESTINATION_NOT_ALLOWED', 'TYPE_PROPERTIES_INVALID', 'HTTP_REQUEST_FAILED'], `${urls[i]}: ${JSON.stringify(byName.Call?.error)}`).toContain(byName.Call?.error?.errorCode);
      }
      expect(hits).toBe(0);
      await putAll(engine, { pipelines: [pipeline('Allowed', [act('Call', 'WebActivity', { url: `http://localhost:${port}/ok`, method: 'GET' })])] });
      expect((await runPipeline(engine, 'Allowed')).status).toBe('Succeeded');
      expect(hits).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.SLUICE_WEB_ALLOWED_HOSTS;
      else process.env.SLUICE_WEB_ALLOWED_HOSTS = saved;
    }
  });
});

describe('oversized requests and expressions at the API', () => {
  it('a body over the limit is refused with 413 PAYLOAD_TOO_LARGE', async () => {
    const big = { name: 'Big', properties: { activities: [], description: 'x'.repeat(2 * 1024 * 1024) } };
    const res = await api.call('PUT', '/api/pipelines/Big', { body: big });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('an expression over 100,000 characters is refused with 400, not evaluated', async () => {
    const res = await api.call('POST', '/api/expressions/evaluate', { body: { expression: `@concat('${'a'.repeat(100_001)}')` } });
    expect(res.status).toBe(400);
    expect(res.body.code).toMatch(/^[A-Z_]+$/);
  });

  it('hostile expressions under the limit answer a coded 4xx, never a 500', async () => {
    for (const expression of ["@concat('a'", '@', '@{', "@json('{\"a\":')", "@xpath(xml('<a/>'), '//*[')", '@range(0, 100000000)', "@string(range(0, 100000))", "@base64ToString('!!!')"]) {
      const res = await api.call('POST', '/api/expressions/evaluate', { body: { expression } });
      expect(res.status, `${expression}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
    }
  });

  // A deeply nested expression under the 100,000-character limit used to overflow the parser's stack (a 500).
  it('a deeply nested expression under the size limit is a coded 400, not a 500', async () => {
    for (const expression of [`@pipeline()${'.x'.repeat(40_000)}`, `@${'concat('.repeat(12_000)}'a'${')'.repeat(12_000)}`]) {
      const res = await api.call('POST', '/api/expressions/evaluate', { body: { expression } });
      expect(res.status).toBe(400);
    }
  });
});
