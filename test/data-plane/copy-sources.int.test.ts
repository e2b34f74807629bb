import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@sluice/engine/runtime';
import { act, after, pipeline } from '../helpers/engine.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { dataEngine, fileDataset, localLinkedService, postgresLinkedService, putAll, ref, runPipeline, tableDataset, tempFolder } from './copy-harness.js';

// More sources and sinks: a paginated REST API, MariaDB, rejects redirected to S3, GetMetadata on a table.
const PG_USER = process.env.SLUICE_TEST_PG_USER ?? 'postgres';
let db: pg.Client;
let maria: mysql.Connection;
let s3: TestS3;
let api: Server;
let apiUrl: string;

beforeAll(async () => {
  db = new pg.Client({ host: '127.0.0.1', port: 5432, database: 'test', user: PG_USER });
  await db.connect();
  maria = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' });
  s3 = await startS3();
  // 25 items, 10 per page, next link in the body.
  api = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const page = Number(url.searchParams.get('page') ?? '1');
    const items = Array.from({ length: 25 }, (_, i) => ({ id: i + 1, label: `item ${i + 1}`, price: (i + 1) * 1.5 })).slice((page - 1) * 10, page * 10);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ items, next: page < 3 ? `${apiUrl}items?page=${page + 1}` : null }));
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await db.end();
  await maria.end();
  await s3.close();
  api.closeAllConnections();
  await new Promise((r) => api.close(r));
});

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function setup(): Promise<{ engine: Engine; root: string }> {
  const t = await dataEngine();
  const dir = tempFolder('sluice-sources-');
  cleanups.push(t.cleanup, dir.remove);
  const lake = s3.linkedService('Lake');
  await putAll(t.engine, {
    linkedServices: [
      localLinkedService('Disk', dir.path),
      postgresLinkedService('Warehouse'),
      { name: 'Maria', properties: { type: 'MariaDB', typeProperties: { server: '127.0.0.1', port: 3306, database: 'test', username: 'root', password: '' } } },
      { name: 'Lake', properties: { type: lake.type, typeProperties: lake.typeProperties } },
      { name: 'Api', properties: { type: 'RestService', typeProperties: { url: apiUrl, authenticationType: 'Anonymous' } } },
    ],
  });
  return { engine: t.engine, root: dir.path };
}

const csv = { columnDelimiter: ',', firstRowAsHeader: true, quoteChar: '"', escapeChar: '"' };

describe('Copy from more sources', () => {
  it('REST resource with next-link pagination → MariaDB table (autoCreate)', async () => {
    const { engine } = await setup();
    const table = `rest_${randomBytes(4).toString('hex')}`;
    cleanups.push(async () => { await maria.query(`DROP TABLE IF EXISTS ${table}`); });
    await putAll(engine, {
      datasets: [
        { name: 'Items', properties: { type: 'RestResource', linkedServiceName: { referenceName: 'Api', type: 'LinkedServiceReference' }, typeProperties: { relativeUrl: 'items?page=1' } } },
        { name: 'ItemsTable', properties: { type: 'MariaDBTable', linkedServiceName: { referenceName: 'Maria', type: 'LinkedServiceReference' }, typeProperties: { table } } },
      ],
      pipelines: [pipeline('Rest', [act('Copy', 'Copy', {
        source: { type: 'RestSource', paginationRules: { AbsoluteUrl: '$.next' }, collectionReference: '$.items' },
        sink: { type: 'MariaDBSink', tableOption: 'autoCreate' },
        translator: { type: 'TabularTranslator', mappings: [
          { source: { path: "['id']" }, sink: { name: 'id', type: 'Int32' } },
          { source: { path: "['label']" }, sink: { name: 'label', type: 'String' } },
          { source: { path: "['price']" }, sink: { name: 'price', type: 'Double' } },
        ] },
      }, { inputs: [ref('Items')], outputs: [ref('ItemsTable')] })])],
    });
    const { status, byName } = await runPipeline(engine, 'Rest');
    expect(byName.Copy?.error ?? null).toBeNull();
    expect(status).toBe('Succeeded');
    expect(byName.Copy?.output).toMatchObject({ rowsRead: 25, rowsCopied: 25 });
    const [rows] = await maria.query(`SELECT count(*) AS n, sum(price) AS total, max(label) AS top FROM ${table}`);
    expect(rows).toEqual([{ n: 25, total: 487.5, top: 'item 9' }]);
  });

  it('skipped rows of a table copy go to the rejects location on S3 named by redirectIncompatibleRowSettings', async () => {
    const { engine, root } = await setup();
    const schema = `rej_${randomBytes(4).toString('hex')}`;
    await db.query(`CREATE SCHEMA ${schema}`);
    await db.query(`CREATE TABLE ${schema}.t (id int PRIMARY KEY, qty int)`);
    cleanups.push(async () => { await db.query(`DROP SCHEMA ${schema} CASCADE`); });
    const bucket = await s3.createBucket();
    cleanups.push(() => s3.deleteBucket(bucket));
    mkdirSync(join(root, 'in'));
    writeFileSync(join(root, 'in/t.csv'), 'id,qty\n1,10\n2,ten\n3,30\n');
    await putAll(engine, {
      datasets: [fileDataset('T', 'DelimitedText', 'Disk', { folderPath: 'in', fileName: 't.csv' }, csv), tableDataset('Table', 'Warehouse', { schema, table: 't' })],
      pipelines: [pipeline('Redirect', [act('Copy', 'Copy', {
        source: { type: 'DelimitedTextSource' }, sink: { type: 'PostgreSqlV2Sink' },
        enableSkipIncompatibleRow: true,
        redirectIncompatibleRowSettings: { linkedServiceName: { referenceName: 'Lake', type: 'LinkedServiceReference' }, path: `${bucket}/errors` },
      }, { inputs: [ref('T')], outputs: [ref('Table')] })])],
    });
    const { status, runId, byName } = await runPipeline(engine, 'Redirect');
    expect(byName.Copy?.error ?? null).toBeNull();
    expect(status).toBe('Succeeded');
    expect(byName.Copy?.output).toMatchObject({ rowsRead: 3, rowsCopied: 2, rowsSkipped: 1 });
    expect((await db.query(`SELECT id, qty FROM ${schema}.t ORDER BY id`)).rows).toEqual([{ id: 1, qty: 10 }, { id: 3, qty: 30 }]);
    const listed = await s3.client.send(new ListObjectsCommand({ Bucket: bucket }));
    const keys = (listed.Contents ?? []).map((o) => o.Key as string);
    expect(keys).toHaveLength(1);
    expect(keys[0]?.startsWith(`errors/_rejects/${runId}/`)).toBe(true);
    expect(String((byName.Copy?.output as { rejectsPath: string }).rejectsPath)).toContain(keys[0]);
    const body = await (await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: keys[0] }))).Body?.transformToString();
    const rejects = (body ?? '').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rejects).toEqual([expect.objectContaining({ file: 'in/t.csv', row: 2, column: 'qty', raw: { id: '2', qty: 'ten' } })]);
  });

  it('GetMetadata on a table: exists, structure and columnCount', async () => {
    const { engine } = await setup();
    const schema = `meta_${randomBytes(4).toString('hex')}`;
    await db.query(`CREATE SCHEMA ${schema}`);
    await db.query(`CREATE TABLE ${schema}.t (id bigint, name text, at timestamptz, ok boolean)`);
    cleanups.push(async () => { await db.query(`DROP SCHEMA ${schema} CASCADE`); });
    await putAll(engine, {
      datasets: [tableDataset('T', 'Warehouse', { schema, table: 't' }), tableDataset('Nope', 'Warehouse', { schema, table: 'nope' })],
      pipelines: [pipeline('TableMeta', [
        act('Meta', 'GetMetadata', { dataset: ref('T'), fieldList: ['exists', 'itemName', 'columnCount', 'structure'] }),
        act('Missing', 'GetMetadata', { dataset: ref('Nope'), fieldList: ['exists'] }),
      ])],
    });
    const { byName } = await runPipeline(engine, 'TableMeta');
    expect(byName.Meta?.output).toEqual({
      exists: true, itemName: `${schema}.t`, columnCount: 4,
      structure: [{ name: 'id', type: 'Int64' }, { name: 'name', type: 'String' }, { name: 'at', type: 'DateTime' }, { name: 'ok', type: 'Boolean' }],
    });
    expect(byName.Missing?.output).toEqual({ exists: false });
  });

  it('CSV files on S3 (wildcard folder and name) → Parquet on S3, on DuckDB and on the row pipeline alike; then Delete them', async () => {
    const { engine } = await setup();
    const bucket = await s3.createBucket();
    cleanups.push(() => s3.deleteBucket(bucket));
    for (const day of ['2024-01-01', '2024-01-02']) {
      const rows = ['id,day,amount'];
      for (let i = 1; i <= 500; i++) rows.push(`${i},${day},${i}.5`);
      await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: `landing/${day}/sales.csv`, Body: `${rows.join('\n')}\n` }));
    }
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'landing/2024-01-02/notes.txt', Body: 'not data' }));
    const schema = [{ name: 'id', type: 'Int32' }, { name: 'day', type: 'Date' }, { name: 'amount', type: 'Double' }];
    const selection = { type: 'AmazonS3CompatibleReadSettings', recursive: true, wildcardFolderPath: 'landing/2024-*', wildcardFileName: '*.csv' };
    await putAll(engine, {
      datasets: [
        fileDataset('Landing', 'DelimitedText', 'Lake', { bucketName: bucket, folderPath: 'landing' }, csv, { schema }),
        fileDataset('FastOut', 'Parquet', 'Lake', { bucketName: bucket, folderPath: 'lake', fileName: 'fast.parquet' }),
        fileDataset('RowOut', 'Parquet', 'Lake', { bucketName: bucket, folderPath: 'lake', fileName: 'rows.parquet' }),
      ],
      pipelines: [pipeline('S3Copy', [
        act('Fast', 'Copy', { source: { type: 'DelimitedTextSource', storeSettings: selection }, sink: { type: 'ParquetSink' } }, { inputs: [ref('Landing')], outputs: [ref('FastOut')] }),
        act('Rows', 'Copy', { source: { type: 'DelimitedTextSource', storeSettings: selection }, sink: { type: 'ParquetSink' }, fastPath: false }, { inputs: [ref('Landing')], outputs: [ref('RowOut')] }),
        act('ReadFast', 'Lookup', { source: { type: 'ParquetSource' }, dataset: ref('FastOut'), firstRowOnly: false }, { dependsOn: [after('Fast')] }),
        act('ReadRows', 'Lookup', { source: { type: 'ParquetSource' }, dataset: ref('RowOut'), firstRowOnly: false }, { dependsOn: [after('Rows')] }),
        act('Clean', 'Delete', { dataset: ref('Landing'), storeSettings: { ...selection } }, { dependsOn: [after('ReadFast'), after('ReadRows')] }),
      ])],
    });
    const { status, byName } = await runPipeline(engine, 'S3Copy');
    expect(byName.Fast?.error ?? null).toBeNull();
    expect(byName.Rows?.error ?? null).toBeNull();
    expect(status).toBe('Succeeded');
    expect(byName.Fast?.output).toMatchObject({ executionPath: 'duckdb', filesRead: 2, rowsCopied: 1000 });
    expect(byName.Rows?.output).toMatchObject({ executionPath: 'rows', filesRead: 2, rowsCopied: 1000 });
    const fast = (byName.ReadFast?.output as { value: unknown[] }).value;
    expect(fast[0]).toEqual({ id: 1, day: '2024-01-01', amount: 1.5 });
    expect(fast).toEqual((byName.ReadRows?.output as { value: unknown[] }).value);
    expect(byName.Clean?.output).toEqual({ filesDeleted: 2 });
    const listed = await s3.client.send(new ListObjectsCommand({ Bucket: bucket }));
    expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual(['lake/fast.parquet', 'lake/rows.parquet', 'landing/2024-01-02/notes.txt']);
  });
});
