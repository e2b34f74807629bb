import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_URL, testPrefix } from '../../test/helpers/engine.js';
import { dropKeys } from '../../test/helpers/process.js';
// @ts-expect-error: the example's script is plain JavaScript
import { FACTORY, PG, copyTablesToLake, load } from './run.mjs';

// Runs the example on its own PostgreSQL schema and S3 bucket (s3rver on a free port) with the built `sluice`
// binary, and checks every table's Parquet object, read back from S3 with DuckDB, against PostgreSQL and
// expected.json. The example drops its schema and bucket at the end; the test checks that too.
interface TableResult { postgres: number; parquet: number; sameColumns: boolean; key: string; bytes: number }
interface ActivityRun { activityName: string; status: string; output?: { rowsCopied?: number; executionPath?: string } }
const expected = JSON.parse(readFileSync(new URL('./expected.json', import.meta.url), 'utf8')) as {
  status: string; returnValue: Record<string, number>; copies: number; tables: Record<string, number>;
};
const prefix = testPrefix();
const suffix = randomBytes(4).toString('hex');
const built = existsSync(fileURLToPath(new URL('../../packages/api/dist/cli/main.js', import.meta.url)));
afterAll(() => dropKeys(prefix));

async function schemaExists(schema: string): Promise<boolean> {
  const pg = (await load('pg')).default as { Client: new (o: object) => { connect(): Promise<void>; query(s: string, v: unknown[]): Promise<{ rowCount: number }>; end(): Promise<void> } };
  const db = new pg.Client({ ...PG, password: process.env.PGPASSWORD || undefined });
  await db.connect();
  try {
    return (await db.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema])).rowCount > 0;
  } finally {
    await db.end();
  }
}

// The example runs the built `sluice` binary (after `pnpm build`, as CI does before the examples).
describe.skipIf(!built)('examples/postgres-to-s3', () => {
  it('copies every table of the schema to its own Parquet object on S3 with `sluice run` (Lookup → ForEach → Copy)', async () => {
    const schema = `shop_${suffix}`;
    const bucket = `lake-${suffix}`;
    const lines: string[] = [];
    const { run, tables } = (await copyTablesToLake({ schema, bucket, port: 0, env: { REDIS_URL, SLUICE_PREFIX: prefix }, log: (l: string) => lines.push(l) })) as {
      run: { status: string; returnValue: Record<string, unknown>; activityRuns: ActivityRun[] }; tables: Record<string, TableResult>;
    };
    expect(run.status).toBe(expected.status);
    expect(run.returnValue).toEqual({ ...expected.returnValue, bucket, prefix: `raw/${schema}` });
    const copies = run.activityRuns.filter((a) => a.activityName === 'CopyTable');
    expect(copies).toHaveLength(expected.copies);
    expect(copies.every((c) => c.status === 'Succeeded')).toBe(true);
    expect(copies.map((c) => c.output?.rowsCopied).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Object.values(expected.tables).sort((a, b) => a - b));
    // One Parquet object per table, named after it; its rows (read back with DuckDB) and columns are PostgreSQL's.
    expect(Object.keys(tables)).toEqual(Object.keys(expected.tables));
    for (const [table, n] of Object.entries(expected.tables)) {
      expect(tables[table], table).toMatchObject({ postgres: n, parquet: n, sameColumns: true, key: `raw/${schema}/${table}/${table}.parquet` });
      expect(tables[table]?.bytes, table).toBeGreaterThan(0);
    }
    expect(lines.filter((l) => / ok /.test(l))).toHaveLength(Object.keys(expected.tables).length);
    expect(await schemaExists(schema)).toBe(false);
    expect(FACTORY).toMatch(/factory$/);
  }, 120_000);

  it('runs as its README says; the last line is the JSON of every table', async () => {
    const schema = `shop_cli_${suffix}`;
    const r = spawnSync(process.execPath, [fileURLToPath(new URL('./run.mjs', import.meta.url)), '--port', '0', '--schema', schema, '--bucket', `lake-cli-${suffix}`],
      { env: { ...process.env, REDIS_URL, SLUICE_PREFIX: prefix }, encoding: 'utf8', timeout: 110_000 });
    expect(r.status, r.stderr).toBe(0);
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1) as string) as Record<string, { postgres: number; parquet: number }>;
    expect(last).toEqual(Object.fromEntries(Object.entries(expected.tables).map(([t, n]) => [t, { postgres: n, parquet: n }])));
    expect(await schemaExists(schema)).toBe(false);
  }, 120_000);
});
