import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { sluice } from '../helpers/cli.js';
import { dropKeys } from '../helpers/process.js';
import { testPrefix } from '../helpers/engine.js';
import { join } from 'node:path';
import pg from 'pg';
import { ListObjectsCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@sluice/engine/runtime';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { act, after, pipeline, until } from '../helpers/engine.js';
import { dataEngine, fileDataset, localLinkedService, postgresLinkedService, putAll, ref, runPipeline, tableDataset, tempFolder } from './copy-harness.js';

// Copy and Lookup between PostgreSQL, local disk and S3 (s3rver), run through the engine. Each test works
// in its own PostgreSQL schema and S3 bucket, dropped afterwards.
const PG_USER = process.env.SLUICE_TEST_PG_USER ?? 'postgres';
let db: pg.Client;
let s3: TestS3;
beforeAll(async () => {
  db = new pg.Client({ host: '127.0.0.1', port: 5432, database: 'test', user: PG_USER });
  await db.connect();
  s3 = await startS3();
});
afterAll(async () => {
  await db.end();
  await s3.close();
});

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

interface Setup { engine: Engine; root: string; schema: string; bucket: string }

async function setup(): Promise<Setup> {
  const t = await dataEngine();
  const dir = tempFolder('sluice-copydb-');
  const schema = `copy_${randomBytes(4).toString('hex')}`;
  await db.query(`CREATE SCHEMA ${schema}`);
  const bucket = await s3.createBucket();
  cleanups.push(t.cleanup, dir.remove, async () => { await db.query(`DROP SCHEMA ${schema} CASCADE`); }, () => s3.deleteBucket(bucket));
  const lake = s3.linkedService('Lake');
  await putAll(t.engine, {
    linkedServices: [
      localLinkedService('Disk', dir.path),
      postgresLinkedService('Warehouse'),
      { name: 'Lake', properties: { type: lake.type, typeProperties: lake.typeProperties } },
    ],
  });
  return { engine: t.engine, root: dir.path, schema, bucket };
}

async function keys(bucket: string): Promise<string[]> {
  const out = await s3.client.send(new ListObjectsCommand({ Bucket: bucket }));
  return (out.Contents ?? []).map((o) => o.Key as string).sort();
}

function write(root: string, path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

const csv = { columnDelimiter: ',', firstRowAsHeader: true };

describe('Copy into PostgreSQL', () => {
  it('Parquet → PostgreSQL: autoCreate, then upsert on keys, then a preCopyScript with insert', async () => {
    const { engine, root, schema } = await setup();
    const lines = ['id,name,amount,seen'];
    for (let i = 1; i <= 1200; i++) lines.push(`${i},name ${i},${(i * 1.25).toFixed(2)},2024-03-0${(i % 9) + 1}T10:00:00Z`);
    write(root, 'in/all.csv', `${lines.join('\n')}\n`);
    write(root, 'in/changes.csv', 'id,name,amount,seen\n5,renamed,99.99,2024-04-01T00:00:00Z\n1201,new,1.00,2024-04-01T00:00:00Z\n');
    const typed = { schema: [{ name: 'id', type: 'Int32' }, { name: 'name', type: 'String' }, { name: 'amount', type: 'Decimal', precision: 10, scale: 2 }, { name: 'seen', type: 'DateTime' }] };
    await putAll(engine, {
      datasets: [
        fileDataset('AllCsv', 'DelimitedText', 'Disk', { folderPath: 'in', fileName: 'all.csv' }, csv, typed),
        fileDataset('ChangesCsv', 'DelimitedText', 'Disk', { folderPath: 'in', fileName: 'changes.csv' }, csv, typed),
        fileDataset('AllParquet', 'Parquet', 'Disk', { folderPath: 'stage', fileName: 'all.parquet' }),
        fileDataset('ChangesParquet', 'Parquet', 'Disk', { folderPath: 'stage', fileName: 'changes.parquet' }),
        tableDataset('People', 'Warehouse', { schema, table: 'people' }),
      ],
      pipelines: [pipeline('Load', [
        act('ToParquet', 'Copy', { source: { type: 'DelimitedTextSource' }, sink: { type: 'ParquetSink' } }, { inputs: [ref('AllCsv')], outputs: [ref('AllParquet')] }),
        act('ChangesToParquet', 'Copy', { source: { type: 'DelimitedTextSource' }, sink: { type: 'ParquetSink' } }, { inputs: [ref('ChangesCsv')], outputs: [ref('ChangesParquet')] }),
        act('Create', 'Copy', { source: { type: 'ParquetSource' }, sink: { type: 'PostgreSqlV2Sink', tableOption: 'autoCreate' } },
          { inputs: [ref('AllParquet')], outputs: [ref('People')], dependsOn: [after('ToParquet'), after('ChangesToParquet')] }),
      ]),
      pipeline('Upsert', [
        act('Upsert', 'Copy', { source: { type: 'ParquetSource' }, sink: { type: 'PostgreSqlV2Sink', writeBehavior: 'upsert', upsertSettings: { keys: ['id'] } } },
          { inputs: [ref('ChangesParquet')], outputs: [ref('People')] }),
      ])],
    });
    const { status, byName } = await runPipeline(engine, 'Load');
    expect(byName.Create?.error ?? null).toBeNull();
    expect(status).toBe('Succeeded');
    expect(byName.Create?.output).toMatchObject({ rowsRead: 1200, rowsCopied: 1200, filesRead: 1, filesWritten: 0 });
    const created = await db.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'people' ORDER BY ordinal_position`, [schema]);
    expect(created.rows).toEqual([{ column_name: 'id', data_type: 'integer' }, { column_name: 'name', data_type: 'text' }, { column_name: 'amount', data_type: 'numeric' }, { column_name: 'seen', data_type: 'timestamp with time zone' }]);
    // An upsert matches rows on a unique key of the table.
    await db.query(`ALTER TABLE ${schema}.people ADD PRIMARY KEY (id)`);
    const upsert = await runPipeline(engine, 'Upsert');
    expect(upsert.byName.Upsert?.error ?? null).toBeNull();
    expect(upsert.byName.Upsert?.output).toMatchObject({ rowsCopied: 2 });
    const count = await db.query(`SELECT count(*)::int AS n, sum(amount)::text AS total FROM ${schema}.people`);
    expect(count.rows[0]).toEqual({ n: 1201, total: String((Array.from({ length: 1200 }, (_, i) => (i + 1) * 1.25).reduce((a, b) => a + b, 0) - 6.25 + 99.99 + 1).toFixed(2)) });
    const five = await db.query(`SELECT name, amount::text, seen FROM ${schema}.people WHERE id = 5`);
    expect(five.rows[0]).toEqual({ name: 'renamed', amount: '99.99', seen: new Date('2024-04-01T00:00:00Z') });

    // A pre-copy script runs in the copy's transaction: truncate, then insert the changes only.
    await putAll(engine, { pipelines: [pipeline('Reload', [
      act('Reload', 'Copy', { source: { type: 'ParquetSource' }, sink: { type: 'PostgreSqlV2Sink', preCopyScript: `DELETE FROM ${schema}.people WHERE id > 2` } }, { inputs: [ref('ChangesParquet')], outputs: [ref('People')] }),
    ])] });
    const reload = await runPipeline(engine, 'Reload');
    expect(reload.status).toBe('Succeeded');
    const ids = await db.query(`SELECT id FROM ${schema}.people ORDER BY id`);
    expect(ids.rows.map((r: { id: number }) => r.id)).toEqual([1, 2, 5, 1201]);
  });

  it('a failing row rolls the whole table copy back: no partial batch is visible', async () => {
    const { engine, root, schema } = await setup();
    await db.query(`CREATE TABLE ${schema}.t (id int PRIMARY KEY, name text NOT NULL)`);
    const lines = ['id,name'];
    for (let i = 1; i <= 2500; i++) lines.push(`${i},n${i}`);
    lines.push('2501,'); // null name: refused by NOT NULL after 2,500 rows were written
    write(root, 'in/t.csv', `${lines.join('\n')}\n`);
    await putAll(engine, {
      datasets: [fileDataset('T', 'DelimitedText', 'Disk', { folderPath: 'in', fileName: 't.csv' }, { ...csv, nullValue: '' }), tableDataset('Table', 'Warehouse', { schema, table: 't' })],
      pipelines: [pipeline('Fails', [act('Copy', 'Copy', { source: { type: 'DelimitedTextSource' }, sink: { type: 'PostgreSqlV2Sink', writeBatchSize: 500 } }, { inputs: [ref('T')], outputs: [ref('Table')] })])],
    });
    const { status, byName } = await runPipeline(engine, 'Fails');
    expect(status).toBe('Failed');
    expect(['COPY_ROW_INVALID', 'DB_ROW_REJECTED']).toContain(byName.Copy?.error?.errorCode);
    expect(byName.Copy?.error?.message).toContain('2501');
    expect((await db.query(`SELECT count(*)::int AS n FROM ${schema}.t`)).rows[0]).toEqual({ n: 0 });
  });
});

describe('Copy into PostgreSQL: cancel', () => {
  it('cancel mid-copy rolls the table transaction back: no row is visible', async () => {
    const { engine, schema } = await setup();
    await db.query(`CREATE TABLE ${schema}.t (id int, name text)`);
    // An HTTP source that sends 5,000 rows and then holds the response open: the copy is certainly mid-way.
    let sent = false;
    const open: ServerResponse[] = [];
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv' });
      if (req.method === 'HEAD') return void res.end();
      const lines = ['id,name'];
      for (let i = 1; i <= 5000; i++) lines.push(`${i},n${i}`);
      res.write(`${lines.join('\n')}\n`, () => { sent = true; });
      open.push(res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(async () => {
      for (const r of open) r.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    });
    await putAll(engine, {
      linkedServices: [{ name: 'Web', properties: { type: 'HttpServer', typeProperties: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, authenticationType: 'Anonymous' } } }],
      datasets: [
        fileDataset('Remote', 'DelimitedText', 'Web', { type: 'HttpServerLocation', relativeUrl: 'rows.csv' }, csv),
        tableDataset('Table', 'Warehouse', { schema, table: 't' }),
      ],
      pipelines: [pipeline('Stream', [act('Copy', 'Copy', { source: { type: 'DelimitedTextSource' }, sink: { type: 'PostgreSqlV2Sink', writeBatchSize: 500 } }, { inputs: [ref('Remote')], outputs: [ref('Table')] })])],
    });
    const started = await engine.startRun('Stream');
    // Rows are in the open transaction (invisible to others) once the source has sent them and the sink wrote a batch.
    await until(async () => {
      if (!sent) return undefined;
      // The sink's transaction holds a RowExclusiveLock on the table once it has inserted a batch.
      const r = await db.query(`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE ns.nspname = $1 AND c.relname = 't' AND l.mode = 'RowExclusiveLock'`, [schema]);
      return (r.rows[0] as { n: number }).n > 0 ? true : undefined;
    });
    await engine.cancelRun(started.runId);
    expect((await engine.waitForRun(started.runId, { timeoutMs: 20_000 })).status).toBe('Cancelled');
    // The transaction ends (rolled back) and no row ever becomes visible.
    await until(async () => {
      const r = await db.query(`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE ns.nspname = $1`, [schema]);
      return (r.rows[0] as { n: number }).n === 0 ? true : undefined;
    });
    expect((await db.query(`SELECT count(*)::int AS n FROM ${schema}.t`)).rows[0]).toEqual({ n: 0 });
  });
});

describe('Copy out of PostgreSQL', () => {
  it('PostgreSQL query → Parquet on S3, read back with Lookup', async () => {
    const { engine, schema, bucket } = await setup();
    await db.query(`CREATE TABLE ${schema}.sales AS SELECT g AS id, 'item ' || g AS item, (g * 0.5)::numeric(10,2) AS price, timestamptz '2024-01-01' + g * interval '1 hour' AS at FROM generate_series(1, 3000) g`);
    await putAll(engine, {
      datasets: [
        tableDataset('Sales', 'Warehouse', { schema, table: 'sales' }),
        fileDataset('SalesLake', 'Parquet', 'Lake', { bucketName: bucket, folderPath: 'sales', fileName: 'sales.parquet' }),
      ],
      pipelines: [pipeline('Export', [
        act('Copy', 'Copy', { source: { type: 'PostgreSqlV2Source', query: `SELECT * FROM ${schema}.sales WHERE id <= 2500 ORDER BY id` }, sink: { type: 'ParquetSink' } }, { inputs: [ref('Sales')], outputs: [ref('SalesLake')] }),
        act('Read', 'Lookup', { source: { type: 'ParquetSource' }, dataset: ref('SalesLake'), firstRowOnly: false }, { dependsOn: [after('Copy')] }),
      ])],
    });
    const { status, byName } = await runPipeline(engine, 'Export');
    expect(byName.Copy?.error ?? null).toBeNull();
    expect(status).toBe('Succeeded');
    expect(byName.Copy?.output).toMatchObject({ rowsCopied: 2500, filesWritten: 1, executionPath: 'duckdb' });
    expect(await keys(bucket)).toEqual(['sales/sales.parquet']);
    const read = byName.Read?.output as { count: number; value: Array<Record<string, unknown>> };
    expect(read.count).toBe(2500);
    expect(read.value[0]).toEqual({ id: 1, item: 'item 1', price: '0.50', at: '2024-01-01T01:00:00.000Z' });
  });

  it('Lookup → ForEach → Copy: every table of a schema to its own Parquet file on S3 (the done-when pipeline)', async () => {
    const { engine, schema, bucket } = await setup();
    await db.query(`CREATE TABLE ${schema}.customers AS SELECT g AS id, 'c' || g AS name FROM generate_series(1, 40) g`);
    await db.query(`CREATE TABLE ${schema}.orders AS SELECT g AS id, g % 40 + 1 AS customer, g * 2.5 AS total FROM generate_series(1, 300) g`);
    await db.query(`CREATE TABLE ${schema}.products AS SELECT g AS id, 'p' || g AS label, g % 2 = 0 AS active FROM generate_series(1, 12) g`);
    await putAll(engine, {
      datasets: [
        { name: 'SourceTable', properties: {
          type: 'PostgreSqlV2Table', linkedServiceName: { referenceName: 'Warehouse', type: 'LinkedServiceReference' },
          parameters: { schemaName: { type: 'String' }, tableName: { type: 'String' } },
          typeProperties: { schema: { value: '@dataset().schemaName', type: 'Expression' }, table: { value: '@dataset().tableName', type: 'Expression' } },
        } },
        { name: 'LakeTable', properties: {
          type: 'Parquet', linkedServiceName: { referenceName: 'Lake', type: 'LinkedServiceReference' },
          parameters: { folder: { type: 'String' }, file: { type: 'String' } },
          typeProperties: { location: { type: 'AmazonS3CompatibleLocation', bucketName: bucket, folderPath: { value: '@dataset().folder', type: 'Expression' }, fileName: { value: '@dataset().file', type: 'Expression' } } },
        } },
      ],
      pipelines: [pipeline('CopyTablesToLake', [
        act('ListTables', 'Lookup', {
          source: { type: 'PostgreSqlV2Source', query: "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = '@{pipeline().parameters.schema}' ORDER BY table_name" },
          dataset: ref('SourceTable', { schemaName: 'information_schema', tableName: 'tables' }),
          firstRowOnly: false,
        }),
        act('EachTable', 'ForEach', {
          items: { value: "@activity('ListTables').output.value", type: 'Expression' },
          isSequential: false,
          batchCount: 3,
          activities: [act('CopyTable', 'Copy', { source: { type: 'PostgreSqlV2Source' }, sink: { type: 'ParquetSink' } }, {
            inputs: [ref('SourceTable', { schemaName: '@item().table_schema', tableName: '@item().table_name' })],
            outputs: [ref('LakeTable', { folder: "@concat('raw/', item().table_name)", file: "@concat(item().table_name, '.parquet')" })],
          })],
        }, { dependsOn: [after('ListTables')] }),
      ], { parameters: { schema: { type: 'String' } } })],
    });
    const { status, all, byName } = await runPipeline(engine, 'CopyTablesToLake', { schema });
    const copies = all.filter((a) => a.activityName === 'CopyTable');
    expect(copies.map((c) => c.error ?? null)).toEqual([null, null, null]);
    expect(status).toBe('Succeeded');
    expect((byName.ListTables?.output as { count: number }).count).toBe(3);
    expect(copies.map((c) => (c.output as { rowsCopied: number }).rowsCopied).sort((a, b) => a - b)).toEqual([12, 40, 300]);
    expect(await keys(bucket)).toEqual(['raw/customers/customers.parquet', 'raw/orders/orders.parquet', 'raw/products/products.parquet']);
  });

  it('incremental load: Lookup the watermark, then Copy only newer rows with an expression-built query', async () => {
    const { engine, schema } = await setup();
    await db.query(`CREATE TABLE ${schema}.events (id int, ts timestamptz)`);
    await db.query(`INSERT INTO ${schema}.events SELECT g, timestamptz '2024-05-01T00:00:00Z' + g * interval '1 minute' FROM generate_series(1, 100) g`);
    await db.query(`CREATE TABLE ${schema}.watermark (name text, wm timestamptz)`);
    await db.query(`INSERT INTO ${schema}.watermark VALUES ('events', timestamptz '2024-05-01T00:00:00Z' + 90 * interval '1 minute')`);
    await putAll(engine, {
      datasets: [
        tableDataset('Events', 'Warehouse', { schema, table: 'events' }),
        tableDataset('Watermark', 'Warehouse', { schema, table: 'watermark' }),
        fileDataset('Delta', 'DelimitedText', 'Disk', { folderPath: 'delta', fileName: 'events.csv' }, csv),
      ],
      pipelines: [pipeline('Incremental', [
        act('OldWatermark', 'Lookup', { source: { type: 'PostgreSqlV2Source', query: `SELECT to_char(wm AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS wm FROM ${schema}.watermark WHERE name = 'events'` }, dataset: ref('Watermark') }),
        act('CopyDelta', 'Copy', {
          source: { type: 'PostgreSqlV2Source', query: `SELECT id, ts FROM ${schema}.events WHERE ts > '@{activity('OldWatermark').output.firstRow.wm}' ORDER BY id` },
          sink: { type: 'DelimitedTextSink' },
        }, { inputs: [ref('Events')], outputs: [ref('Delta')], dependsOn: [after('OldWatermark')] }),
      ])],
    });
    const { status, byName } = await runPipeline(engine, 'Incremental');
    expect(byName.CopyDelta?.error ?? null).toBeNull();
    expect(status).toBe('Succeeded');
    expect(byName.OldWatermark?.output).toEqual({ firstRow: { wm: '2024-05-01T01:30:00Z' } });
    expect(byName.CopyDelta?.output).toMatchObject({ rowsCopied: 10 });
  });
});

describe('sluice run', () => {
  it('runs the Lookup → ForEach → Copy factory from a folder in ADF’s layout (--local)', async () => {
    const { root, schema, bucket } = await setup();
    await db.query(`CREATE TABLE ${schema}.a AS SELECT g AS id FROM generate_series(1, 7) g`);
    await db.query(`CREATE TABLE ${schema}.b AS SELECT g AS id, 'x' || g AS label FROM generate_series(1, 3) g`);
    const lake = s3.linkedService('Lake');
    const factory = join(root, 'factory');
    const put = (kind: string, doc: { name: string; properties: Record<string, unknown> }): void => {
      mkdirSync(join(factory, kind), { recursive: true });
      writeFileSync(join(factory, kind, `${doc.name}.json`), JSON.stringify(doc, null, 2));
    };
    put('linkedService', { name: 'Warehouse', properties: { type: 'PostgreSqlV2', typeProperties: { server: '127.0.0.1', port: 5432, database: 'test', username: PG_USER, sslMode: 0 } } });
    put('linkedService', { name: 'Lake', properties: { type: lake.type, typeProperties: lake.typeProperties } });
    put('dataset', { name: 'SourceTable', properties: {
      type: 'PostgreSqlV2Table', linkedServiceName: { referenceName: 'Warehouse', type: 'LinkedServiceReference' },
      parameters: { schemaName: { type: 'String' }, tableName: { type: 'String' } },
      typeProperties: { schema: { value: '@dataset().schemaName', type: 'Expression' }, table: { value: '@dataset().tableName', type: 'Expression' } } } });
    put('dataset', { name: 'LakeTable', properties: {
      type: 'Parquet', linkedServiceName: { referenceName: 'Lake', type: 'LinkedServiceReference' },
      parameters: { table: { type: 'String' } },
      typeProperties: { location: { type: 'AmazonS3CompatibleLocation', bucketName: bucket, folderPath: 'raw', fileName: { value: "@concat(dataset().table, '.parquet')", type: 'Expression' } } } } });
    put('pipeline', pipeline('CopyTablesToLake', [
      act('ListTables', 'Lookup', {
        source: { type: 'PostgreSqlV2Source', query: "SELECT table_name FROM information_schema.tables WHERE table_schema = '@{pipeline().parameters.schema}' ORDER BY table_name" },
        dataset: { referenceName: 'SourceTable', type: 'DatasetReference', parameters: { schemaName: 'information_schema', tableName: 'tables' } },
        firstRowOnly: false,
      }),
      act('EachTable', 'ForEach', { items: { value: "@activity('ListTables').output.value", type: 'Expression' }, activities: [
        act('CopyTable', 'Copy', { source: { type: 'PostgreSqlV2Source' }, sink: { type: 'ParquetSink' } }, {
          inputs: [{ referenceName: 'SourceTable', type: 'DatasetReference', parameters: { schemaName: '@pipeline().parameters.schema', tableName: '@item().table_name' } }],
          outputs: [{ referenceName: 'LakeTable', type: 'DatasetReference', parameters: { table: '@item().table_name' } }],
        }),
      ] }, { dependsOn: [after('ListTables')] }),
    ], { parameters: { schema: { type: 'String' } } }));
    const prefix = testPrefix();
    const before = process.env.SLUICE_PREFIX;
    process.env.SLUICE_PREFIX = prefix;
    try {
      const r = await sluice('run', 'CopyTablesToLake', '--factory', factory, '--local', '--json', '-p', `schema=${schema}`);
      expect(r.code).toBe(0);
      const run = JSON.parse(r.out) as { status: string; activityRuns: Array<{ activityName: string; output: { rowsCopied?: number } }> };
      expect(run.status).toBe('Succeeded');
      expect(run.activityRuns.filter((a) => a.activityName === 'CopyTable').map((a) => a.output.rowsCopied).sort()).toEqual([3, 7]);
      expect(await keys(bucket)).toEqual(['raw/a.parquet', 'raw/b.parquet']);
    } finally {
      if (before === undefined) delete process.env.SLUICE_PREFIX;
      else process.env.SLUICE_PREFIX = before;
      await dropKeys(prefix);
    }
  });
});

describe('Lookup', () => {
  it('first row, all rows, and ADF’s limits: 5,000 rows kept, more than 4 MB is LOOKUP_TOO_LARGE', async () => {
    const { engine, schema } = await setup();
    await db.query(`CREATE TABLE ${schema}.big AS SELECT g AS id, repeat('x', 1000) AS pad FROM generate_series(1, 6000) g`);
    await putAll(engine, {
      datasets: [tableDataset('Big', 'Warehouse', { schema, table: 'big' })],
      pipelines: [pipeline('Lookups', [
        act('First', 'Lookup', { source: { type: 'PostgreSqlV2Source', query: `SELECT id FROM ${schema}.big ORDER BY id DESC` }, dataset: ref('Big') }),
        act('Empty', 'Lookup', { source: { type: 'PostgreSqlV2Source', query: `SELECT id FROM ${schema}.big WHERE id < 0` }, dataset: ref('Big') }),
        act('Some', 'Lookup', { source: { type: 'PostgreSqlV2Source', query: `SELECT id FROM ${schema}.big WHERE id <= 3 ORDER BY id` }, dataset: ref('Big'), firstRowOnly: false }),
        act('Capped', 'Lookup', { source: { type: 'PostgreSqlV2Source', query: `SELECT id FROM ${schema}.big ORDER BY id` }, dataset: ref('Big'), firstRowOnly: false }),
        act('TooLarge', 'Lookup', { source: { type: 'PostgreSqlV2Source' }, dataset: ref('Big'), firstRowOnly: false }),
      ])],
    });
    const { byName } = await runPipeline(engine, 'Lookups');
    expect(byName.First?.output).toEqual({ firstRow: { id: 6000 } });
    expect(byName.Empty?.output).toEqual({});
    expect(byName.Some?.output).toEqual({ count: 3, value: [{ id: 1 }, { id: 2 }, { id: 3 }] });
    const capped = byName.Capped?.output as { count: number; value: Array<{ id: number }> };
    expect(capped.count).toBe(5000);
    expect(capped.value.at(-1)).toEqual({ id: 5000 });
    expect(byName.TooLarge?.error?.errorCode).toBe('LOOKUP_TOO_LARGE');
  });
});
