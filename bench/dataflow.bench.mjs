// Data flow benchmark: Sluice data flows (steps compiled to DuckDB, run by `runDataFlow`) against the same
// work written by hand in DuckDB SQL, over the same files, in the same run. Target (issue "Transform"):
// total time <= 1.3x the hand-written SQL; peak memory (RSS, DuckDB's native memory included) reported.
//
// Workloads:
// - join + aggregate: 1,000,000 orders (Parquet) joined to 100,000 customers (Parquet), grouped by region and
//   segment (count, sum, avg, count distinct), written as Parquet;
// - STEDI: the five flows of examples/stedi-lakehouse (landing JSON → trusted/curated Parquet), on local files.
//
// Usage (after `pnpm build`): node --expose-gc dataflow.bench.mjs [--rows 1000000] [--repeat 5]
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const ROWS = Number(args.rows ?? 1_000_000);
const REPEAT = Number(args.repeat ?? 5);
const here = fileURLToPath(new URL('.', import.meta.url));
const STEDI = join(here, '..', 'examples', 'stedi-lakehouse');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const q = (s) => `'${s.replace(/'/g, "''")}'`;

/** Samples RSS every 10 ms while `f` runs; returns f's result, its time and the peak RSS in MB. */
async function measure(f) {
  globalThis.gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 10);
  const t0 = performance.now();
  try {
    const result = await f();
    return { result, ms: performance.now() - t0, peakMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}

/** Hand-written SQL in a fresh DuckDB (same settings as Sluice's sessions: in memory, spill dir). */
async function handWritten(dir, statements) {
  const db = await DuckDBInstance.create(':memory:', { temp_directory: join(dir, 'spill'), preserve_insertion_order: 'true' });
  const c = await db.connect();
  try {
    for (const s of statements) await c.run(s);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

const lake = (root) => ({ name: 'lake', type: 'LocalFileSystem', typeProperties: { rootPath: root } });
const dataset = (root, name, type, folderPath, fileName) => ({
  name, type, linkedService: lake(root),
  typeProperties: { location: { type: 'LocalFileSystemLocation', folderPath, ...(fileName ? { fileName } : {}) } },
});

async function joinAggregate(runDataFlow, dir) {
  const data = join(dir, 'ja');
  await mkdir(join(data, 'in'), { recursive: true });
  await handWritten(dir, [
    `COPY (SELECT range AS order_id, (range * 7919) % 100000 AS customer_id, round((range % 1000) * 1.25, 2) AS amount, TIMESTAMP '2024-01-01' + to_seconds(range) AS ts FROM range(${ROWS})) TO ${q(join(data, 'in', 'orders.parquet'))} (FORMAT parquet)`,
    `COPY (SELECT range AS customer_id, ['north', 'south', 'east', 'west'][range % 4 + 1] AS region, 'segment-' || (range % 10) AS segment, 'customer ' || range AS name FROM range(100000)) TO ${q(join(data, 'in', 'customers.parquet'))} (FORMAT parquet)`,
  ]);
  const datasets = {
    Orders: dataset(data, 'Orders', 'Parquet', 'in', 'orders.parquet'),
    Customers: dataset(data, 'Customers', 'Parquet', 'in', 'customers.parquet'),
    Out: dataset(data, 'Out', 'Parquet', 'out', 'by-region.parquet'),
  };
  const doc = { name: 'JoinAggregate', properties: { type: 'SluiceDataFlow', typeProperties: { steps: [
    { name: 'orders', type: 'source', dataset: { referenceName: 'Orders' } },
    { name: 'customers', type: 'source', dataset: { referenceName: 'Customers' } },
    { name: 'joined', type: 'join', inputs: ['orders', 'customers'], joinType: 'inner', keys: ['customer_id'] },
    { name: 'by_region', type: 'aggregate', inputs: ['joined'], groupBy: ['region', 'segment'], aggregates: [
      { name: 'orders', function: 'count' }, { name: 'customers', function: 'countDistinct', column: 'customer_id' },
      { name: 'total', function: 'sum', column: 'amount' }, { name: 'average', function: 'avg', column: 'amount' },
    ] },
    { name: 'out', type: 'sink', inputs: ['by_region'], dataset: { referenceName: 'Out' } },
  ] } } };
  const sluice = async (i) => {
    const r = await runDataFlow(doc, { resolveDataset: async (ref) => datasets[ref.referenceName], tempDir: join(dir, `ja-run-${i}`) });
    return r.rowsWritten;
  };
  const manual = async (i) => {
    await handWritten(join(dir, `ja-hand-${i}`), [`COPY (SELECT region, segment, count(*) AS orders, count(DISTINCT customer_id) AS customers, sum(amount) AS total, avg(amount) AS average
      FROM read_parquet(${q(join(data, 'in', 'orders.parquet'))}) AS o JOIN read_parquet(${q(join(data, 'in', 'customers.parquet'))}) AS c USING (customer_id)
      GROUP BY region, segment ORDER BY region, segment) TO ${q(join(data, 'hand.parquet'))} (FORMAT parquet)`]);
    return 40;
  };
  return { sluice, manual };
}

async function stedi(runDataFlow, dir) {
  const data = join(dir, 'stedi');
  for (const zone of ['customer', 'accelerometer', 'step_trainer']) {
    const from = join(STEDI, 'data', 'landing', zone);
    await mkdir(join(data, 'landing', zone), { recursive: true });
    for (const f of await readdir(from)) await writeFile(join(data, 'landing', zone, f.replace(/\.gz$/, '')), gunzipSync(await readFile(join(from, f))));
  }
  const folders = {
    CustomerLanding: ['Json', 'landing/customer'], AccelerometerLanding: ['Json', 'landing/accelerometer'], StepTrainerLanding: ['Json', 'landing/step_trainer'],
    CustomerTrusted: ['Parquet', 'trusted/customer'], AccelerometerTrusted: ['Parquet', 'trusted/accelerometer'], StepTrainerTrusted: ['Parquet', 'trusted/step_trainer'],
    CustomersCurated: ['Parquet', 'curated/customers'], MachineLearningCurated: ['Parquet', 'curated/machine_learning'],
  };
  const datasets = Object.fromEntries(Object.entries(folders).map(([name, [type, folder]]) => [name, dataset(data, name, type, folder)]));
  const flows = [];
  for (const name of ['CustomerTrustedFlow', 'AccelerometerTrustedFlow', 'CustomersCuratedFlow', 'StepTrainerTrustedFlow', 'MachineLearningCuratedFlow']) {
    flows.push(JSON.parse(await readFile(join(STEDI, 'factory', 'dataflow', `${name}.json`), 'utf8')));
  }
  const sluice = async (i) => {
    let rows = 0;
    for (const doc of flows) {
      const r = await runDataFlow(doc, { resolveDataset: async (ref) => datasets[ref.referenceName], parameters: { endpoint: 'unused' }, tempDir: join(dir, `stedi-run-${i}-${doc.name}`) });
      rows += r.rowsWritten;
    }
    return rows;
  };
  const manual = async (i) => {
    const out = join(data, `hand-${i}`);
    await mkdir(out, { recursive: true });
    const read = (z) => `read_json(${q(join(data, 'landing', z, '*.json'))}, format = 'auto')`;
    const pq = (n) => q(join(out, `${n}.parquet`));
    // Each zone is its own job reading the zone before it from Parquet, as the flows do.
    const jobs = [
      [`COPY (SELECT * FROM ${read('customer')} WHERE shareWithResearchAsOfDate IS NOT NULL) TO ${pq('customer_trusted')} (FORMAT parquet)`],
      [`COPY (SELECT a.* FROM ${read('accelerometer')} a WHERE EXISTS (SELECT 1 FROM read_parquet(${pq('customer_trusted')}) c WHERE c.email = a."user")) TO ${pq('accelerometer_trusted')} (FORMAT parquet)`],
      [`COPY (SELECT c.* FROM read_parquet(${pq('customer_trusted')}) c WHERE EXISTS (SELECT 1 FROM read_parquet(${pq('accelerometer_trusted')}) a WHERE a."user" = c.email)) TO ${pq('customers_curated')} (FORMAT parquet)`],
      [`COPY (SELECT s.* FROM ${read('step_trainer')} s WHERE EXISTS (SELECT 1 FROM read_parquet(${pq('customers_curated')}) c WHERE c.serialNumber = s.serialNumber)) TO ${pq('step_trainer_trusted')} (FORMAT parquet)`],
      [`COPY (SELECT * FROM read_parquet(${pq('step_trainer_trusted')}) s JOIN read_parquet(${pq('accelerometer_trusted')}) a ON s.sensorReadingTime = a."timestamp") TO ${pq('machine_learning_curated')} (FORMAT parquet)`],
    ];
    for (const [j, job] of jobs.entries()) await handWritten(join(dir, `stedi-hand-${i}-${j}`), job);
    return 0;
  };
  return { sluice, manual };
}

/** Runs the benchmark with the given `runDataFlow` (the built @sluice/activities by default); returns the figures. */
export async function main({ runDataFlow } = {}) {
  runDataFlow ??= (await import(pathToFileURL(join(here, '..', 'packages', 'activities', 'dist', 'index.js')).href)).runDataFlow;
  const dir = await mkdtemp(join(tmpdir(), 'sluice-bench-dataflow-'));
  const results = {};
  try {
    for (const [name, setup] of [['join+aggregate', joinAggregate], ['stedi', stedi]]) {
      const { sluice, manual } = await setup(runDataFlow, dir);
      await sluice('warm');
      await manual('warm');
      const s = [];
      const m = [];
      let sPeak = 0;
      let mPeak = 0;
      for (let i = 0; i < REPEAT; i++) {
        // Alternate the order so neither side always runs on a warmer cache.
        const a = await measure(() => manual(i));
        const b = await measure(() => sluice(i));
        m.push(a.ms); s.push(b.ms);
        mPeak = Math.max(mPeak, a.peakMb); sPeak = Math.max(sPeak, b.peakMb);
      }
      results[name] = { sluiceMs: Math.round(median(s)), handWrittenMs: Math.round(median(m)), ratio: Number((median(s) / median(m)).toFixed(2)), sluicePeakRssMb: sPeak, handWrittenPeakRssMb: mPeak };
      console.log(`${name.padEnd(16)} sluice ${results[name].sluiceMs} ms, hand-written SQL ${results[name].handWrittenMs} ms, ratio ${results[name].ratio}x; peak RSS ${sPeak} MB vs ${mPeak} MB`);
    }
    const total = Object.values(results).reduce((acc, r) => ({ s: acc.s + r.sluiceMs, m: acc.m + r.handWrittenMs }), { s: 0, m: 0 });
    results.total = { sluiceMs: total.s, handWrittenMs: total.m, ratio: Number((total.s / total.m).toFixed(2)), target: 1.3, met: total.s / total.m <= 1.3 };
    console.log(`total            sluice ${total.s} ms, hand-written ${total.m} ms: ${results.total.ratio}x (target <= 1.3x) ${results.total.met ? 'MET' : 'NOT MET'}`);
    console.log(JSON.stringify({ bench: 'dataflow', rows: ROWS, repeat: REPEAT, results }));
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const results = await main();
  process.exitCode = results.total.met ? 0 : 1;
}
