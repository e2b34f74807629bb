// Sluice's side of one ml.bench.mjs comparison, in its own process as scikit-learn's side is: reads a job
// on stdin (CSV, split, columns, algorithm), trains with trainModel and prints {metric, fitSeconds}.
import { readFileSync } from 'node:fs';
import { trainModel } from '../packages/activities/dist/ml/training.js';

const job = JSON.parse(readFileSync(0, 'utf8'));
const [head, ...lines] = readFileSync(job.csv, 'utf8').trim().split(/\r?\n/);
const cols = head.split(',');
const split = JSON.parse(readFileSync(job.split, 'utf8'));
const test = new Set(split.test);
const regression = job.algorithm === 'linearRegression';
const rows = lines.map((l, i) => {
  const r = Object.fromEntries(l.split(',').map((v, j) => [cols[j], v]));
  if (regression) r[job.target] = Number(r[job.target]);
  r.__split = test.has(i) ? 'test' : 'train';
  return r;
});
const result = trainModel(rows, {
  task: regression ? 'regression' : 'binaryClassification', target: job.target,
  features: [...job.numeric, ...job.categorical], categorical: job.categorical, algorithm: job.algorithm,
  params: job.algorithm === 'randomForest' ? { nEstimators: job.trees, seed: 1 } : {},
  preprocessing: { scaling: job.scale ? 'standard' : 'none' },
  validation: { method: 'holdout', splitColumn: '__split' },
});
const metric = regression ? 'rmse' : 'auc';
process.stdout.write(JSON.stringify({ metric, value: result.metrics[metric], fitSeconds: result.fitSeconds }));
