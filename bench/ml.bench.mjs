// Machine-learning benchmark: Sluice's learners against scikit-learn (Debian's python3-sklearn) on the same
// rows, split and preprocessing, in the same run.
//  1. Quality: Telco churn (logistic regression ROC-AUC within 0.01, random forest within 0.02) and
//     scikit-learn's bundled public data sets (breast cancer, wine: AUC; diabetes: linear regression RMSE
//     within 1 %).
//  2. Speed: fit time on a 200,000 x 20 synthetic set, logistic regression and a 50-tree random forest:
//     target <= 3x scikit-learn's; scores reported beside times.
// Usage: node ml.bench.mjs [--rows 200000] [--skip-speed]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stratifiedSplit } from '../packages/activities/dist/ml/core/split.js';
import { seededRandom } from '../packages/activities/dist/ml/core/random.js';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1] ?? 'true']] : acc), []));
const PYTHON = '/usr/bin/python3';
const here = new URL('.', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'sluice-ml-bench-'));
const TELCO = [join(here, '../examples/churn-prediction/data/telco-churn.csv'), join(here, '../../shared/data/telco/WA_Fn-UseC_-Telco-Customer-Churn.csv')].find(existsSync);

function python(job) {
  const r = spawnSync(PYTHON, [join(here, 'ml_baseline.py')], { input: JSON.stringify(job), encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`scikit-learn side failed (is python3-sklearn installed? apt-get install -y python3-sklearn):\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

function readCsv(path) {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

function compare({ name, csv, target, numeric, categorical, positive, algorithms, scale = true, trees = 100 }) {
  const rows = readCsv(csv);
  const labels = rows.map((r) => (positive === undefined ? 0 : r[target] === positive ? 1 : 0));
  const split = positive === undefined
    ? (() => { const order = rows.map((_, i) => i); const rnd = seededRandom(42); for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; } const n = Math.round(rows.length * 0.25); return { test: order.slice(0, n).sort((a, b) => a - b), train: order.slice(n).sort((a, b) => a - b) }; })()
    : (() => { const s = stratifiedSplit(labels, 0.25, 42); return { train: Array.from(s.train), test: Array.from(s.test) }; })();
  const splitPath = join(work, `${name}-split.json`);
  writeFileSync(splitPath, JSON.stringify(split));
  const sk = python({ kind: 'fit', csv, split: splitPath, numeric, categorical, target, positive, algorithms, scale, trees });
  // Sluice: the same rows and held-out rows, trained in a child process of its own (as scikit-learn is), so
  // this process's heap of earlier comparisons does not weigh on the timing.
  const out = [];
  for (const algorithm of algorithms) {
    const child = spawnSync(process.execPath, [join(here, 'ml-fit.mjs')], {
      input: JSON.stringify({ csv, split: splitPath, target, numeric, categorical, algorithm, scale, trees }), encoding: 'utf8', maxBuffer: 1 << 24,
    });
    if (child.status !== 0) throw new Error(`Sluice's side failed:\n${child.stderr}`);
    const r = JSON.parse(child.stdout);
    out.push({ dataset: name, algorithm, metric: r.metric, sluice: r.value, sklearn: sk[algorithm][r.metric], sluiceSeconds: r.fitSeconds, sklearnSeconds: sk[algorithm].fitSeconds });
  }
  return out;
}

const results = [];
if (TELCO) {
  const numeric = ['tenure', 'MonthlyCharges', 'TotalCharges', 'SeniorCitizen'];
  const header = readFileSync(TELCO, 'utf8').split(/\r?\n/, 1)[0].split(',');
  const categorical = header.filter((h) => !numeric.includes(h) && h !== 'Churn' && h !== 'customerID');
  results.push(...compare({ name: 'telco-churn', csv: TELCO, target: 'Churn', numeric, categorical, positive: 'Yes', algorithms: ['logisticRegression', 'randomForest'] }));
} else {
  console.log('Telco data not found; skipping its rows.');
}
const bundled = python({ kind: 'export', dir: work });
const cols = (csv) => readFileSync(csv, 'utf8').split(/\r?\n/, 1)[0].split(',').filter((c) => c !== 'target');
results.push(...compare({ name: 'breast-cancer', csv: bundled.breast_cancer, target: 'target', numeric: cols(bundled.breast_cancer), categorical: [], positive: '1', algorithms: ['logisticRegression', 'randomForest'] }));
results.push(...compare({ name: 'diabetes', csv: bundled.diabetes, target: 'target', numeric: cols(bundled.diabetes), categorical: [], algorithms: ['linearRegression'] }));

console.log('\nQuality against scikit-learn (same rows, split and preprocessing)');
console.log('| data set | algorithm | metric | Sluice | scikit-learn | difference | target |');
console.log('|---|---|---|---|---|---|---|');
let failed = false;
for (const r of results) {
  const diff = r.metric === 'rmse' ? (r.sluice - r.sklearn) / r.sklearn : r.sluice - r.sklearn;
  const limit = r.metric === 'rmse' ? 0.01 : r.algorithm === 'randomForest' ? 0.02 : 0.01;
  const ok = r.metric === 'rmse' ? Math.abs(diff) <= limit : diff >= -limit;
  failed ||= !ok;
  console.log(`| ${r.dataset} | ${r.algorithm} | ${r.metric} | ${r.sluice.toFixed(4)} | ${r.sklearn.toFixed(4)} | ${r.metric === 'rmse' ? `${(diff * 100).toFixed(2)} %` : diff.toFixed(4)} | ${r.metric === 'rmse' ? '±1 %' : `≥ −${limit}`} ${ok ? 'ok' : 'MISSED'} |`);
}

if (args['skip-speed'] !== 'true') {
  const n = Number(args.rows ?? 200_000);
  const d = 20;
  const rnd = seededRandom(7);
  const w = Array.from({ length: d }, (_, j) => (j < 10 ? rnd() * 2 - 1 : 0));
  const lines = [[...Array.from({ length: d }, (_, j) => `x${j}`), 'y'].join(',')];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: d }, () => rnd() * 2 - 1);
    const z = x.reduce((s, v, j) => s + v * w[j], 0) + 0.5 * Math.sin(3 * x[0]) + (rnd() - 0.5);
    lines.push([...x.map((v) => v.toFixed(6)), z > 0 ? 'yes' : 'no'].join(','));
  }
  const csv = join(work, 'synthetic.csv');
  writeFileSync(csv, lines.join('\n'));
  // The machine is shared: logistic regression (fast) is measured three times, alternating sides, and the
  // medians compared; the 50-tree forest (about a minute per side) once.
  const spec = { name: `synthetic ${n}x${d}`, csv, target: 'y', numeric: Array.from({ length: d }, (_, j) => `x${j}`), categorical: [], positive: 'yes', scale: false, trees: 50 };
  const lr = [1, 2, 3].map(() => compare({ ...spec, algorithms: ['logisticRegression'] })[0]);
  const mid = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const speed = [
    { ...lr[0], sluiceSeconds: mid(lr.map((r) => r.sluiceSeconds)), sklearnSeconds: mid(lr.map((r) => r.sklearnSeconds)) },
    ...compare({ ...spec, algorithms: ['randomForest'] }),
  ];
  console.log(`\nFit time on ${n.toLocaleString('en-US')} x ${d}, training rows only, preprocessing excluded on both sides (target: <= 3x scikit-learn; logistic regression: median of 3)`);
  console.log('| algorithm | Sluice s | scikit-learn s | ratio | Sluice AUC | scikit-learn AUC |');
  console.log('|---|---|---|---|---|---|');
  for (const r of speed) {
    const ratio = r.sluiceSeconds / r.sklearnSeconds;
    console.log(`| ${r.algorithm} | ${r.sluiceSeconds.toFixed(2)} | ${r.sklearnSeconds.toFixed(2)} | ${ratio.toFixed(2)}x ${ratio <= 3 ? 'ok' : 'MISSED'} | ${r.sluice.toFixed(4)} | ${r.sklearn.toFixed(4)} |`);
  }
}
process.exit(failed ? 1 : 0);
