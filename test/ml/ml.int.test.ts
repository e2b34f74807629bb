import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { act, after, pipeline } from '../helpers/engine.js';
import { dataEngine, fileDataset, localLinkedService, putAll, ref, runPipeline, tempFolder } from '../data-plane/copy-harness.js';

// Train → If (AUC above a threshold) → PromoteModel → Predict (stage production) → Evaluate, through the
// engine with a real worker, on CSV files on local disk. Synthetic churn data with a fixed seed.
function customers(n: number, seed: number): string {
  let a = seed >>> 0;
  const random = (): number => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const lines = ['customerId,tenure,contract,charges,churn'];
  for (let i = 0; i < n; i++) {
    const tenure = Math.floor(random() * 72);
    const contract = random() < 0.5 ? 'Month-to-month' : random() < 0.5 ? 'One year' : 'Two year';
    const charges = (20 + random() * 100).toFixed(2);
    const risk = -1.8 - tenure / 20 + (contract === 'Month-to-month' ? 1.8 : 0) + Number(charges) / 80 + (random() - 0.5);
    lines.push(`C${i},${tenure},${contract},${charges},${risk > 0 ? 'Yes' : 'No'}`);
  }
  return `${lines.join('\n')}\n`;
}

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

describe('machine learning activities in a pipeline', () => {
  it('trains, promotes on AUC, predicts with the production model and evaluates', async () => {
    const t = await dataEngine();
    const dir = tempFolder('sluice-ml-');
    cleanups.push(t.cleanup, dir.remove);
    mkdirSync(join(dir.path, 'in'));
    writeFileSync(join(dir.path, 'in', 'train.csv'), customers(1500, 1));
    writeFileSync(join(dir.path, 'in', 'score.csv'), customers(300, 2));
    const csv = { columnDelimiter: ',', firstRowAsHeader: true };
    await putAll(t.engine, {
      linkedServices: [localLinkedService('Disk', dir.path)],
      datasets: [
        fileDataset('Training', 'DelimitedText', 'Disk', { folderPath: 'in', fileName: 'train.csv' }, csv),
        fileDataset('ToScore', 'DelimitedText', 'Disk', { folderPath: 'in', fileName: 'score.csv' }, csv),
        fileDataset('Scored', 'Parquet', 'Disk', { folderPath: 'out', fileName: 'scored.parquet' }),
      ],
      pipelines: [pipeline('Churn', [
        act('Train', 'Train', {
          dataset: ref('Training'), task: 'binaryClassification', target: 'churn', exclude: ['customerId'],
          algorithm: 'logisticRegression', preprocessing: { scaling: 'standard' },
          validation: { method: 'holdout', testSize: 0.25, seed: 3 }, modelName: 'churn',
        }),
        act('GoodEnough', 'IfCondition', {
          expression: { value: "@greater(activity('Train').output.metrics.auc, pipeline().parameters.minAuc)", type: 'Expression' },
          ifTrueActivities: [act('Promote', 'PromoteModel', { modelName: 'churn', version: "@activity('Train').output.modelVersion", stage: 'production' })],
          ifFalseActivities: [act('TooWeak', 'Fail', { message: 'AUC below the threshold', errorCode: 'LOW_AUC' })],
        }, { dependsOn: [after('Train')] }),
        act('Score', 'Predict', { dataset: ref('ToScore'), model: { name: 'churn', stage: 'production' }, sinkDataset: ref('Scored') }, { dependsOn: [after('GoodEnough')] }),
        act('Check', 'Evaluate', { dataset: ref('ToScore'), model: { name: 'churn', stage: 'production' } }, { dependsOn: [after('GoodEnough')] }),
      ], { parameters: { minAuc: { type: 'Float', defaultValue: 0.8 } } })],
    });

    const run = await runPipeline(t.engine, 'Churn', {}, 120_000);
    expect(run.status, JSON.stringify(run.all.map((a) => [a.activityName, a.status, a.error]))).toBe('Succeeded');
    const train = run.byName.Train?.output as { metrics: { auc: number }; modelVersion: number; rows: { train: number; test: number } };
    expect(train.modelVersion).toBe(1);
    expect(train.metrics.auc).toBeGreaterThan(0.9);
    // A stratified quarter of each class (rounded per class).
    expect(train.rows).toEqual({ total: 1500, train: 1124, test: 376 });
    expect(run.byName.Promote?.status).toBe('Succeeded');

    const version = await t.engine.models.getVersion('churn', { stage: 'production' });
    expect(version).toMatchObject({ version: 1, algorithm: 'logisticRegression', task: 'binaryClassification' });
    const runs = await t.engine.models.listTrainingRuns({ experiment: 'churn' });
    expect(runs[0]?.lineage).toMatchObject({ dataset: 'Training', rows: 1500, runId: run.runId, activityName: 'Train' });

    // The scored file: every input row with a prediction and both probabilities.
    expect(readdirSync(join(dir.path, 'out'))).toEqual(['scored.parquet']);
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (await duck.runAndReadAll(`SELECT count(*) AS n, count(prediction) AS p, min(probability_Yes + probability_No) AS lo, max(probability_Yes + probability_No) AS hi FROM read_parquet('${join(dir.path, 'out', 'scored.parquet')}')`)).getRowObjects()[0] as Record<string, unknown>;
    expect(Number(rows.n)).toBe(300);
    expect(Number(rows.p)).toBe(300);
    expect(Number(rows.lo)).toBeCloseTo(1, 9);
    expect(Number(rows.hi)).toBeCloseTo(1, 9);
    duck.closeSync();

    const evaluated = run.byName.Check?.output as { metrics: { auc: number; accuracy: number }; rows: number };
    expect(evaluated.rows).toBe(300);
    expect(evaluated.metrics.auc).toBeGreaterThan(0.9);

    // A second training registers version 2; promoting it archives version 1.
    const again = await runPipeline(t.engine, 'Churn', {}, 120_000);
    expect(again.status).toBe('Succeeded');
    const versions = await t.engine.models.listVersions('churn');
    expect(versions.map((v) => [v.version, v.stage])).toEqual([[2, 'production'], [1, 'archived']]);
  }, 180_000);

  it('fails with a clear error when the threshold is not met, and Predict names a missing model', async () => {
    const t = await dataEngine();
    const dir = tempFolder('sluice-ml-');
    cleanups.push(t.cleanup, dir.remove);
    writeFileSync(join(dir.path, 'train.csv'), customers(300, 5));
    await putAll(t.engine, {
      linkedServices: [localLinkedService('Disk', dir.path)],
      datasets: [fileDataset('Training', 'DelimitedText', 'Disk', { fileName: 'train.csv' }, { columnDelimiter: ',', firstRowAsHeader: true })],
      pipelines: [pipeline('Score', [act('Check', 'Evaluate', { dataset: ref('Training'), model: { name: 'nobody', stage: 'production' } })])],
    });
    const run = await runPipeline(t.engine, 'Score');
    expect(run.status).toBe('Failed');
    expect(run.byName.Check?.error).toMatchObject({ errorCode: 'MODEL_NOT_FOUND' });
    expect(run.byName.Check?.error?.message).toBe("The model 'nobody' has no version in stage 'production'.");
  }, 60_000);
});
