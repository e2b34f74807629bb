import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { ApiKeyStore, createCatalog, createServer } from '@sluice/api';
import { createEngine } from '@sluice/engine/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_URL, testPrefix } from '../../test/helpers/engine.js';
import { dropKeys, runSluice } from '../../test/helpers/process.js';

// Runs the example as its README says, in a temporary folder and its own PostgreSQL schema, checks the
// warehouse and the analysis against hand-written DuckDB SQL, and serves the trained model through the API.
const here = fileURLToPath(new URL('.', import.meta.url));
const expected = JSON.parse(readFileSync(join(here, 'expected.json'), 'utf8')) as {
  generated: Record<string, number>; status: string; returnValue: Record<string, number>; auc: { min: number };
  warehouse: Record<string, number>; served: Array<{ row: Record<string, unknown>; prediction: string }>;
};
const prefix = testPrefix();
const root = mkdtempSync(join(tmpdir(), 'sluice-students-'));
const schema = `school_${prefix.replace(/[^a-z0-9]/g, '_')}`;
const db = new pg.Client({ host: '127.0.0.1', port: 5432, database: 'test', user: process.env.SLUICE_TEST_PG_USER ?? 'postgres' });
afterAll(async () => {
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
  await db.end().catch(() => undefined);
  await dropKeys(prefix);
  rmSync(root, { recursive: true, force: true });
});

describe('examples/student-analytics', () => {
  it('generates the synthetic records with a fixed seed', () => {
    const out = execFileSync(process.execPath, [join(here, 'generate.mjs'), join(root, 'landing')], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(expected.generated);
  });

  it('loads the database, builds the star schema, analyses it and trains the outcome model', async () => {
    const r = await runSluice(['run', 'StudentAnalytics', '--factory', join(here, 'factory'), '--local', '--json', '-p', `dataRoot=${root}`, '-p', `schema=${schema}`],
      { SLUICE_PREFIX: prefix, SLUICE_DATA_DIR: join(root, '.sluice') }, 240_000);
    expect(r.code, r.err).toBe(0);
    const run = JSON.parse(r.out) as { status: string; returnValue: Record<string, number> };
    expect(run.status).toBe(expected.status);
    const { auc, ...rest } = run.returnValue;
    expect(rest).toEqual(expected.returnValue);
    expect(auc).toBeGreaterThanOrEqual(expected.auc.min);

    await db.connect();
    const counts = await db.query(`SELECT (SELECT count(*) FROM ${schema}.students)::int AS s, (SELECT count(*) FROM ${schema}.enrollments)::int AS e`);
    expect(counts.rows[0]).toEqual({ s: expected.generated.students, e: expected.generated.enrollments });

    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const lake = join(root, 'lake');
    for (const [table, n] of Object.entries(expected.warehouse)) {
      const c = (await duck.runAndReadAll(`SELECT count(*) AS n FROM read_parquet('${join(lake, 'warehouse', `${table}.parquet`)}')`)).getRowObjects()[0] as { n: bigint };
      expect(Number(c.n), table).toBe(n);
    }
    // The analysis equals the same question asked in SQL of the landing CSV files directly.
    const byFlow = (await duck.runAndReadAll(`SELECT department, term, enrollments, round(pass_rate, 6) AS pass_rate FROM read_parquet('${join(lake, 'analysis', 'pass_rates.parquet')}') ORDER BY department, term`)).getRowObjects();
    const bySql = (await duck.runAndReadAll(`
      SELECT c.department, e.term, count(*) AS enrollments, round(avg(CASE WHEN e.outcome = 'pass' THEN 1.0 ELSE 0.0 END), 6) AS pass_rate
      FROM read_csv('${join(root, 'landing', 'enrollments.csv')}') e JOIN read_csv('${join(root, 'landing', 'courses.csv')}') c USING (course_id)
      GROUP BY ALL ORDER BY c.department, e.term`)).getRowObjects();
    expect(byFlow.map((x) => ({ ...x, enrollments: Number(x.enrollments), pass_rate: Number(x.pass_rate) })))
      .toEqual(bySql.map((x) => ({ ...x, enrollments: Number(x.enrollments), pass_rate: Number(x.pass_rate) })));
    duck.closeSync();
  }, 300_000);

  it('serves the production model through the API', async () => {
    const engine = createEngine({ redis: REDIS_URL, prefix, artifacts: join(root, '.sluice', 'artifacts') });
    const app = await createServer({ engine, catalog: { activities: createCatalog().activities }, logLevel: 'warn' });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { key } = await new ApiKeyStore(engine.redis, engine.keys).create('example', 'operator');
      const res = await fetch(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/models/course-outcome/predict`, {
        method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ stage: 'production', rows: expected.served.map((s) => s.row) }),
      });
      const body = (await res.json()) as { model: { version: number; stage: string }; predictions: Array<{ prediction: string }> };
      expect(res.status).toBe(200);
      expect(body.model).toMatchObject({ version: 1, stage: 'production' });
      expect(body.predictions.map((p) => p.prediction)).toEqual(expected.served.map((s) => s.prediction));
    } finally {
      await app.close();
      await engine.close();
    }
  });
});
