/**
 * Helpers of the STEDI lakehouse example's test (examples/stedi-lakehouse/example.test.ts), kept here so
 * their imports resolve from the test package: hand-written DuckDB SQL over the shipped landing files,
 * and the pipeline run in this process the way `sluice run --factory … --local --json` runs it.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { builtinActivities } from '@sluice/activities';
import { createCatalog } from '@sluice/api';
import { validateFactory } from '@sluice/engine';
import { loadFactoryFolder } from '@sluice/engine/node';
import { createEngine } from '@sluice/engine/runtime';
import { REDIS_URL } from '../helpers/engine.js';

const data = fileURLToPath(new URL('../../examples/stedi-lakehouse/data/landing', import.meta.url));

/** The eight zones, in order. */
export const STEDI_ZONES = ['customer_landing', 'accelerometer_landing', 'step_trainer_landing', 'customer_trusted', 'accelerometer_trusted', 'customers_curated', 'step_trainer_trusted', 'machine_learning_curated'];

/** The zones computed by hand-written DuckDB SQL over the shipped landing files (no Sluice involved). */
export async function handWritten(): Promise<Record<string, number>> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    const read = (zone: string) => `read_json('${join(data, zone)}/*.json.gz', format = 'newline_delimited')`;
    await c.run(`CREATE TABLE customer_landing AS SELECT * FROM ${read('customer')}`);
    await c.run(`CREATE TABLE accelerometer_landing AS SELECT * FROM ${read('accelerometer')}`);
    await c.run(`CREATE TABLE step_trainer_landing AS SELECT * FROM ${read('step_trainer')}`);
    await c.run('CREATE TABLE customer_trusted AS SELECT * FROM customer_landing WHERE shareWithResearchAsOfDate IS NOT NULL');
    await c.run('CREATE TABLE accelerometer_trusted AS SELECT a.* FROM accelerometer_landing a WHERE a."user" IN (SELECT email FROM customer_trusted)');
    await c.run('CREATE TABLE customers_curated AS SELECT c.* FROM customer_trusted c WHERE c.email IN (SELECT "user" FROM accelerometer_trusted)');
    await c.run('CREATE TABLE step_trainer_trusted AS SELECT s.* FROM step_trainer_landing s WHERE s.serialNumber IN (SELECT serialNumber FROM customers_curated)');
    await c.run('CREATE TABLE machine_learning_curated AS SELECT * FROM step_trainer_trusted s JOIN accelerometer_trusted a ON s.sensorReadingTime = a."timestamp"');
    const out: Record<string, number> = {};
    for (const zone of STEDI_ZONES) {
      const r = await c.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${zone}`);
      out[zone] = r.getRowObjectsJson()[0]?.n as number;
    }
    return out;
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/** Runs the pipeline the way `sluice run --factory … --local --json` does, in this process (from source). */
export async function runInProcess(prefix: string, { endpoint, factory }: { endpoint: string; factory: string }) {
  const loaded = await loadFactoryFolder(factory);
  const problems = [...loaded.problems, ...validateFactory(loaded.documents, createCatalog())].filter((p) => p.severity === 'error');
  if (problems.length) throw new Error(JSON.stringify(problems));
  const engine = createEngine({ redis: REDIS_URL, prefix, activities: [...builtinActivities] });
  try {
    await engine.factory.importFactory(loaded);
    const worker = await engine.startWorker({ concurrency: 4 });
    try {
      const started = await engine.startRun('StediLakehouse', { parameters: { endpoint } });
      const run = await engine.waitForRun(started.runId, { timeoutMs: 170_000 });
      const activityRuns = await engine.queries.listActivityRuns(run.runId);
      return { status: run.status, error: run.error, activityRuns };
    } finally {
      await worker.close();
    }
  } finally {
    await engine.close();
  }
}

