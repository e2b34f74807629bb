import { fileURLToPath } from 'node:url';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { previewDataFlow } from '@sluice/activities';
import type { ResolvedDataset } from '@sluice/engine';
import { runDataFlow } from './store-fixtures.js';

// Steps on the real STEDI landing data (the example's gzip JSON Lines), checked against hand-written DuckDB SQL.
const landing = fileURLToPath(new URL('../../examples/stedi-lakehouse/data/landing', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'sluice-stedi-steps-'));
mkdirSync(join(temp, 'out'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const lake = { name: 'lake', type: 'LocalFileSystem', typeProperties: { rootPath: landing } };
const out = { name: 'out', type: 'LocalFileSystem', typeProperties: { rootPath: join(temp, 'out') } };
const ds = (name: string, folderPath: string, type = 'Json', ls = lake, fileName?: string): ResolvedDataset => ({ name, type, linkedService: ls, typeProperties: { location: { type: 'LocalFileSystemLocation', folderPath, ...(fileName ? { fileName } : {}) } } });
const datasets = {
  Customers: ds('Customers', 'customer'), StepTrainer: ds('StepTrainer', 'step_trainer'),
  Good: ds('Good', 'good', 'Parquet', out), Bad: ds('Bad', 'bad', 'Parquet', out), Devices: ds('Devices', '', 'Json', out, 'devices.json'),
};

async function sql(query: string): Promise<Array<Record<string, unknown>>> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    await c.run(`CREATE VIEW customer AS SELECT * FROM read_json('${landing}/customer/*.json.gz')`);
    await c.run(`CREATE VIEW step_trainer AS SELECT * FROM read_json('${landing}/step_trainer/*.json.gz')`);
    for (const z of ['good', 'bad']) await c.run(`CREATE VIEW ${z} AS SELECT * FROM read_parquet('${join(temp, 'out', z)}/*.parquet')`).catch(() => undefined);
    return (await c.runAndReadAll(query)).getRowObjectsJson() as Array<Record<string, unknown>>;
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

describe('steps on STEDI samples', () => {
  it('cleanse (epoch dates, trim, case) and validate customers: rejects checked row by row against SQL', async () => {
    const r = await runDataFlow([
      { name: 'customers', type: 'source', dataset: { referenceName: 'Customers' } },
      { name: 'clean', type: 'cleanse', inputs: ['customers'], operations: [
        { op: 'standardizeDates', columns: ['registrationDate', 'shareWithResearchAsOfDate'], epoch: 'ms', to: 'date' },
        { op: 'case', columns: ['email'], to: 'lower' },
        { op: 'trim' },
      ] },
      { name: 'check', type: 'validate', inputs: ['clean'], rules: [
        { name: 'consented to research', condition: 'shareWithResearchAsOfDate IS NOT NULL' },
        { name: 'registered before consenting', condition: 'shareWithResearchAsOfDate >= registrationDate' },
      ] },
      { name: 'good', type: 'sink', inputs: ['check'], dataset: { referenceName: 'Good' } },
      { name: 'bad', type: 'sink', inputs: ['check.rejected'], dataset: { referenceName: 'Bad' } },
    ], datasets, join(temp, 'r1'));
    const [expected] = await sql(`SELECT count(*) FILTER (WHERE shareWithResearchAsOfDate IS NOT NULL AND epoch_ms(shareWithResearchAsOfDate)::DATE >= epoch_ms(registrationDate)::DATE)::INTEGER AS good, count(*)::INTEGER AS total FROM customer`);
    expect(r.steps.find((s) => s.name === 'check')).toMatchObject({ rows: expected?.good, outputs: { rejected: (expected?.total as number) - (expected?.good as number) } });
    // Row by row: every rejected customer, with exactly the rules it breaks.
    const bad = await sql(`SELECT lower(email) AS email, rejectReasons FROM bad ORDER BY email, serialNumber`);
    const want = await sql(`SELECT lower(email) AS email, list_filter([
        CASE WHEN shareWithResearchAsOfDate IS NULL THEN 'consented to research' END,
        CASE WHEN coalesce(epoch_ms(shareWithResearchAsOfDate)::DATE >= epoch_ms(registrationDate)::DATE, false) THEN NULL ELSE 'registered before consenting' END], x -> x IS NOT NULL) AS rejectReasons
      FROM customer WHERE shareWithResearchAsOfDate IS NULL OR NOT (epoch_ms(shareWithResearchAsOfDate)::DATE >= epoch_ms(registrationDate)::DATE) ORDER BY email, serialNumber`);
    expect(bad).toEqual(want);
    expect(bad.length).toBeGreaterThan(400);
  });

  it('window, aggregate, dedupe and sort on step trainer readings match SQL', async () => {
    const r = await runDataFlow([
      { name: 'readings', type: 'source', dataset: { referenceName: 'StepTrainer' } },
      { name: 'unique', type: 'dedupe', inputs: ['readings'], keys: ['serialNumber', 'sensorReadingTime'] },
      { name: 'w', type: 'window', inputs: ['unique'], partitionBy: ['serialNumber'], orderBy: [{ column: 'sensorReadingTime' }], columns: [
        { name: 'previous', function: 'lag', column: 'distanceFromObject' }, { name: 'n', function: 'rowNumber' },
      ] },
      { name: 'moves', type: 'derive', inputs: ['w'], columns: [{ name: 'moved', expression: 'abs(distanceFromObject - previous)' }] },
      { name: 'per_device', type: 'aggregate', inputs: ['moves'], groupBy: ['serialNumber'], aggregates: [
        { name: 'readings', function: 'count' }, { name: 'avg_distance', function: 'avg', column: 'distanceFromObject' }, { name: 'total_moved', function: 'sum', column: 'moved' }, { name: 'last_n', function: 'max', column: 'n' },
      ] },
      { name: 'top', type: 'sort', inputs: ['per_device'], orderBy: [{ column: 'total_moved', direction: 'desc' }, { column: 'serialNumber' }] },
      { name: 'devices', type: 'sink', inputs: ['top'], dataset: { referenceName: 'Devices' } },
    ], datasets, join(temp, 'r2'));
    const want = await sql(`SELECT serialNumber, count(*)::INTEGER AS readings, avg(distanceFromObject) AS avg_distance, sum(moved)::INTEGER AS total_moved, max(n)::INTEGER AS last_n FROM (
        SELECT *, abs(distanceFromObject - lag(distanceFromObject) OVER (PARTITION BY serialNumber ORDER BY sensorReadingTime)) AS moved, row_number() OVER (PARTITION BY serialNumber ORDER BY sensorReadingTime) AS n
        FROM (SELECT DISTINCT ON (serialNumber, sensorReadingTime) * FROM step_trainer)) GROUP BY serialNumber ORDER BY total_moved DESC, serialNumber`);
    expect(r.sinks[0]?.rowsWritten).toBe(want.length);
    const got = await sql(`SELECT serialNumber, readings::INTEGER AS readings, avg_distance, total_moved::INTEGER AS total_moved, last_n::INTEGER AS last_n FROM read_json('${join(temp, 'out', 'devices.json')}')`);
    expect(got).toEqual(want);
  });

  it('preview on STEDI customers returns the first rows with their types', async () => {
    const p = await previewDataFlow({ name: 'P', properties: { type: 'SluiceDataFlow', typeProperties: { steps: [
      { name: 'customers', type: 'source', dataset: { referenceName: 'Customers' } },
      { name: 'split', type: 'conditionalSplit', inputs: ['customers'], outputs: [{ name: 'research', condition: 'shareWithResearchAsOfDate IS NOT NULL' }] },
      { name: 'out', type: 'sink', inputs: ['split.research'], dataset: { referenceName: 'Good' } },
    ] } } }, { rows: 20, resolveDataset: async (ref) => datasets[ref.referenceName as keyof typeof datasets] });
    const src = p.steps[0]?.outputs.customers;
    expect(src?.rows).toHaveLength(20);
    expect(src?.columns).toContain('shareWithResearchAsOfDate');
    expect(src?.types[src.columns.indexOf('registrationDate')]).toBe('BIGINT');
    const first20 = await sql(`SELECT count(*) FILTER (WHERE shareWithResearchAsOfDate IS NOT NULL)::INTEGER AS n FROM (SELECT * FROM customer LIMIT 20)`);
    expect(p.steps[1]?.outputs['split.research']?.rows).toHaveLength(first20[0]?.n as number);
  });
});
