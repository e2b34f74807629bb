import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDataFlow, type ResolvedDatasetLike } from './store-fixtures.js';
import { startS3, type TestS3 } from '../helpers/s3.js';

let s3: TestS3;
let bucket: string;
const temp = mkdtempSync(join(tmpdir(), 'sluice-df-stores-'));
beforeAll(async () => {
  s3 = await startS3();
  bucket = await s3.createBucket();
  await s3.putObject(bucket, 'in/2024/a.csv', 'day,region,amount\n2024-01-01,north,10\n2024-01-01,south,5\n');
  await s3.putObject(bucket, 'in/2024/b.csv', 'day,region,amount\n2024-01-02,north,7\n');
});
afterAll(async () => {
  await s3.deleteBucket(bucket);
  await s3.close();
  rmSync(temp, { recursive: true, force: true });
});

const s3Dataset = (name: string, type: string, folderPath: string, extra: Record<string, unknown> = {}): ResolvedDatasetLike => ({
  name, type, linkedService: s3.linkedService(),
  typeProperties: { location: { type: 'AmazonS3CompatibleLocation', bucketName: bucket, folderPath }, ...(type === 'DelimitedText' ? { firstRowAsHeader: true } : {}), ...extra },
});

describe('data flow sources and sinks on S3', () => {
  it('reads every file of a folder (staged locally) and writes Parquet partitioned by columns, overwrite then append', async () => {
    const datasets = { Sales: s3Dataset('Sales', 'DelimitedText', 'in/2024'), ByDay: s3Dataset('ByDay', 'Parquet', 'out/by-day') };
    const steps = (mode: string) => [
      { name: 'sales', type: 'source', dataset: { referenceName: 'Sales' } },
      { name: 'out', type: 'sink', inputs: ['sales'], dataset: { referenceName: 'ByDay' }, partitionBy: ['day'], mode },
    ];
    const first = await runDataFlow(steps('overwrite'), datasets, join(temp, '1'));
    expect(first.sinks[0]?.rowsWritten).toBe(3);
    // The data files, and `_SUCCESS` written last (the Spark/Hadoop convention for object stores).
    const keys = await s3.keys(bucket, 'out/by-day/');
    expect(keys.map((k) => k.replace(/[^/]+$/, ''))).toEqual(['out/by-day/', 'out/by-day/day=2024-01-01/', 'out/by-day/day=2024-01-02/']);
    expect(keys[0]).toBe('out/by-day/_SUCCESS');
    await runDataFlow(steps('append'), datasets, join(temp, '2'));
    expect(await s3.keys(bucket, 'out/by-day/')).toHaveLength(5);
    await runDataFlow(steps('overwrite'), datasets, join(temp, '3'));
    expect(await s3.keys(bucket, 'out/by-day/')).toHaveLength(3);
    // Read back through a data flow: hive partitions come back as files of the folder.
    const back = await runDataFlow([
      { name: 'p', type: 'source', dataset: { referenceName: 'ByDay' } },
      { name: 'agg', type: 'aggregate', inputs: ['p'], aggregates: [{ name: 'total', function: 'sum', column: 'amount' }] },
      { name: 'out', type: 'sink', inputs: ['agg'], dataset: { referenceName: 'Total' } },
    ], { ...datasets, Total: s3Dataset('Total', 'Json', 'out/total', { location: { type: 'AmazonS3CompatibleLocation', bucketName: bucket, folderPath: 'out/total', fileName: 'total.json' } }) }, join(temp, '4'));
    expect(back.steps.find((s) => s.name === 'p')?.rows).toBe(3);
    expect(JSON.parse(await s3.getText(bucket, 'out/total/total.json'))).toEqual({ total: 22 });
  });
});

describe('data flow sources and sinks on PostgreSQL tables', () => {
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: process.env.PGUSER ?? 'postgres', database: 'test' });
  const schema = `df_${randomUUID().slice(0, 8)}`;
  const ls = { name: 'Pg', type: 'PostgreSql', typeProperties: { host: '127.0.0.1', port: 5432, database: 'test', username: process.env.PGUSER ?? 'postgres' } };
  beforeAll(async () => {
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`CREATE TABLE ${schema}.orders (id int, customer text, amount numeric(10,2))`);
    await client.query(`INSERT INTO ${schema}.orders VALUES (1, 'ann', 10.50), (2, 'bob', 3), (3, 'ann', 4.25)`);
  });
  afterAll(async () => {
    await client.query(`DROP SCHEMA ${schema} CASCADE`);
    await client.end();
  });

  it('stages a table, aggregates it, and writes a new table (overwrite twice leaves one copy)', async () => {
    const datasets = {
      Orders: { name: 'Orders', type: 'PostgreSqlTable', linkedService: ls, typeProperties: { schema, table: 'orders' } },
      Totals: { name: 'Totals', type: 'PostgreSqlTable', linkedService: ls, typeProperties: { schema, table: 'totals' } },
    };
    const steps = [
      { name: 'orders', type: 'source', dataset: { referenceName: 'Orders' } },
      { name: 'totals', type: 'aggregate', inputs: ['orders'], groupBy: ['customer'], aggregates: [{ name: 'n', function: 'count' }, { name: 'total', function: 'sum', column: 'amount' }] },
      { name: 'out', type: 'sink', inputs: ['totals'], dataset: { referenceName: 'Totals' } },
    ];
    await runDataFlow(steps, datasets, join(temp, 'pg1'));
    const r = await runDataFlow(steps, datasets, join(temp, 'pg2'));
    expect(r.rowsWritten).toBe(2);
    const { rows } = await client.query(`SELECT customer, n::int AS n, total::float AS total FROM ${schema}.totals ORDER BY customer`);
    expect(rows).toEqual([{ customer: 'ann', n: 2, total: 14.75 }, { customer: 'bob', n: 1, total: 3 }]);
  });
});
