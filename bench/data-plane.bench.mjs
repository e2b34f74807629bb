// Data-plane benchmark (issue 4 §6): Sluice's Copy activity, run through the engine with a worker (a pipeline
// with one Copy, started and awaited as any run), against a baseline doing the same transfer by hand, in the same
// run. Medians of --repeat runs (default 3); the ratio is baseline time / Sluice time (throughput ratio).
//
// (a) 1,000,000-row CSV → Parquet on local disk          vs DuckDB's own COPY (SELECT * FROM read_csv(…)) TO …parquet  target ≥ 50 %
// (b) a 200 MB file local → S3 (s3rver in this process)   vs a raw @aws-sdk/lib-storage Upload of the same file        target ≥ 80 %
// (c) 1,000,000 PostgreSQL rows → Parquet on local disk   vs a raw `COPY … TO STDOUT` read (pg-copy-streams, discarded)  target ≥ 50 %
// (d) peak memory (RSS sampled every 10 ms, and V8 heap) of one Copy for N and 10N rows, each in a fresh process:
//     CSV → Parquet (DuckDB path) and CSV → JSON Lines (the row pipeline)                                   target growth < 1.5×
//
// Needs Redis (REDIS_URL, default redis://127.0.0.1:6379) and PostgreSQL on 127.0.0.1:5432 (database test, user
// postgres or PGUSER). Run after `pnpm build` (it imports packages/activities/dist):
//   node --expose-gc bench/data-plane.bench.mjs [--rows 1000000] [--mb 200] [--repeat 3] [--mem-rows 200000] [--only a,b,c,d]
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { createEngine } from '@sluice/engine/runtime';
import { builtinActivities } from '../packages/activities/dist/index.js';
import { dropEngineKeys } from './support.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1] ?? 'true']] : acc), []));
const ROWS = Number(args.rows ?? 1_000_000);
const MB = Number(args.mb ?? 200);
const REPEAT = Number(args.repeat ?? 3);
const MEM_ROWS = Number(args['mem-rows'] ?? 200_000);
const ONLY = new Set((args.only ?? 'a,b,c,d').split(','));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: process.env.PGUSER ?? 'postgres' };
const here = fileURLToPath(new URL('.', import.meta.url));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const q = (s) => `'${s.replace(/'/g, "''")}'`;
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const pct = (r) => `${Math.round(r * 100)} %`;

// ---------------------------------------------------------------------------------------------------------------
// Sluice side: an engine on its own Redis prefix, the built-in activities, a worker in this process.

async function startSluice() {
  const prefix = `bench-dp-${randomUUID().slice(0, 8)}`;
  const engine = createEngine({ redis: REDIS_URL, prefix, activities: builtinActivities });
  const worker = await engine.startWorker({ concurrency: 1 });
  return {
    engine,
    put: async (kind, docs) => { for (const d of docs) await engine.factory.put(kind, d); },
    /** Runs a stored pipeline; returns its wall time (start → finished) and the Copy's output. */
    async run(name) {
      const t0 = performance.now();
      const started = await engine.startRun(name, { parameters: {} });
      const run = await engine.waitForRun(started.runId, { timeoutMs: 900_000 });
      const ms = performance.now() - t0;
      const acts = await engine.queries.listActivityRuns(run.runId);
      const copy = acts.find((a) => a.activityType === 'Copy' || a.activityName === 'Copy') ?? acts[0];
      if (run.status !== 'Succeeded') throw new Error(`${name}: ${run.status} ${JSON.stringify(copy?.error ?? run.error)}`);
      return { ms, output: copy?.output ?? {} };
    },
    async close() {
      await worker?.close?.();
      await dropEngineKeys(engine);
      await engine.close();
    },
  };
}

const lsRef = (name, parameters) => ({ referenceName: name, type: 'LinkedServiceReference', ...(parameters ? { parameters } : {}) });
const dsRef = (name) => ({ referenceName: name, type: 'DatasetReference' });
const localLs = (name, rootPath) => ({ name, properties: { type: 'LocalFileSystem', typeProperties: { rootPath } } });
const fileDs = (name, type, ls, location, extra = {}, more = {}) => ({
  name, properties: { type, linkedServiceName: lsRef(ls), typeProperties: { location, ...extra }, ...more },
});
const local = (folderPath, fileName) => ({ type: 'LocalFileSystemLocation', folderPath, fileName });
const copyPipeline = (name, from, to, source, sink) => ({
  name, properties: { activities: [{ name: 'Copy', type: 'Copy', inputs: [dsRef(from)], outputs: [dsRef(to)], typeProperties: { source, sink } }] },
});
const csvSettings = { columnDelimiter: ',', firstRowAsHeader: true, quoteChar: '"', escapeChar: '"' };
/** The generated CSV's columns, declared with ADF's types (so the Parquet file has typed columns, as DuckDB's auto-detect gives). */
const CSV_SCHEMA = [
  { name: 'id', type: 'Int64' }, { name: 'customer', type: 'String' }, { name: 'amount', type: 'Double' },
  { name: 'day', type: 'Date' }, { name: 'flag', type: 'Boolean' }, { name: 'category', type: 'String' },
];

async function duck(statements) {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    let last;
    for (const s of statements) last = await c.runAndReadAll(s);
    return last?.getRowObjectsJson();
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/** Writes an n-row CSV (6 columns of mixed types, ~40 bytes a row) with DuckDB. */
async function makeCsv(path, n) {
  await duck([`COPY (SELECT range AS id, 'customer ' || (range * 7919 % 100000) AS customer, round((range % 10000) * 0.37, 2) AS amount,
    DATE '2020-01-01' + (range % 1500)::INTEGER AS day, range % 3 = 0 AS flag, ['north', 'south', 'east', 'west'][range % 4 + 1] AS category
    FROM range(${n})) TO ${q(path)} (FORMAT csv, HEADER true)`]);
}

async function countParquet(path) {
  return Number((await duck([`SELECT count(*)::BIGINT AS n FROM read_parquet(${q(path)})`]))[0].n);
}

const results = [];
function report(name, sluiceMs, baseMs, target, extra = '') {
  const ratio = baseMs / sluiceMs;
  results.push({ name, sluiceMs, baseMs, ratio, target, ok: ratio >= target });
  console.log(`${name}: Sluice ${fmt(sluiceMs)} ms, baseline ${fmt(baseMs)} ms → ${pct(ratio)} of the baseline's throughput (target ≥ ${pct(target)}) ${ratio >= target ? 'OK' : 'BELOW TARGET'}${extra}`);
}

// ---------------------------------------------------------------------------------------------------------------
// (a) CSV → Parquet, local.

async function csvToParquet(sluice, work) {
  const dir = join(work, 'a');
  const csv = join(dir, 'in', 'sales.csv');
  await mkdir(join(dir, 'in'), { recursive: true });
  await makeCsv(csv, ROWS);
  const size = (await stat(csv)).size;
  await sluice.put('linkedService', [localLs('BenchA', dir)]);
  await sluice.put('dataset', [
    fileDs('ACsv', 'DelimitedText', 'BenchA', local('in', 'sales.csv'), csvSettings, { schema: CSV_SCHEMA }),
    fileDs('AParquet', 'Parquet', 'BenchA', local('out', 'sales.parquet')),
  ]);
  await sluice.put('pipeline', [copyPipeline('BenchCsvToParquet', 'ACsv', 'AParquet', { type: 'DelimitedTextSource' }, { type: 'ParquetSink' })]);
  const s = [];
  const b = [];
  const typed = [];
  let output;
  for (let i = 0; i < REPEAT; i++) {
    globalThis.gc?.();
    const r = await sluice.run('BenchCsvToParquet');
    s.push(r.ms);
    output = r.output;
    let t0 = performance.now();
    await duck([`COPY (SELECT * FROM read_csv(${q(csv)})) TO ${q(join(dir, 'duck.parquet'))} (FORMAT parquet)`]);
    b.push(performance.now() - t0);
    t0 = performance.now();
    await duck([`COPY (SELECT * FROM read_csv(${q(csv)}, header=true, auto_detect=false, columns={'id': 'BIGINT', 'customer': 'VARCHAR', 'amount': 'DOUBLE', 'day': 'DATE', 'flag': 'BOOLEAN', 'category': 'VARCHAR'})) TO ${q(join(dir, 'duck-typed.parquet'))} (FORMAT parquet)`]);
    typed.push(performance.now() - t0);
  }
  const n = await countParquet(join(dir, 'out', 'sales.parquet'));
  if (n !== ROWS) throw new Error(`(a) Sluice wrote ${n} rows, expected ${ROWS}`);
  console.log(`(a) ${fmt(ROWS)} rows, ${(size / 2 ** 20).toFixed(0)} MB CSV; Sluice runs ${s.map(fmt).join(', ')} ms (executionPath ${output.executionPath}); DuckDB auto-detect ${b.map(fmt).join(', ')} ms; DuckDB with the types given ${typed.map(fmt).join(', ')} ms`);
  report('(a) CSV → Parquet, local', median(s), median(b), 0.5, `; vs DuckDB with the types given: ${pct(median(typed) / median(s))}; Sluice ${fmt(ROWS / (median(s) / 1000))} rows/s`);
  await rm(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------------------------
// (b) A 200 MB file local → S3.

async function localToS3(sluice, work) {
  const require = createRequire(import.meta.url);
  const S3rver = require('s3rver');
  const dir = join(work, 'b');
  await mkdir(join(dir, 'in'), { recursive: true });
  const file = join(dir, 'in', 'blob.bin');
  await new Promise((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('error', reject);
    let left = MB;
    const write = () => {
      while (left > 0) {
        left--;
        if (!out.write(randomBytes(2 ** 20))) return out.once('drain', write);
      }
      out.end(resolve);
    };
    write();
  });
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(dir, 's3'), vhostBuckets: false });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const bucket = 'bench';
  const client = new S3Client({
    endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    await sluice.put('linkedService', [
      localLs('BenchB', dir),
      { name: 'BenchS3', properties: { type: 'AmazonS3Compatible', typeProperties: { serviceUrl: endpoint, forcePathStyle: true, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } },
    ]);
    await sluice.put('dataset', [
      fileDs('BBlob', 'Binary', 'BenchB', local('in', 'blob.bin')),
      fileDs('BBlobS3', 'Binary', 'BenchS3', { type: 'AmazonS3CompatibleLocation', bucketName: bucket, folderPath: 'sluice', fileName: 'blob.bin' }),
    ]);
    await sluice.put('pipeline', [copyPipeline('BenchLocalToS3', 'BBlob', 'BBlobS3',
      { type: 'BinarySource', storeSettings: { type: 'LocalFileSystemReadSettings' } },
      { type: 'BinarySink', storeSettings: { type: 'AmazonS3CompatibleWriteSettings' } })]);
    const s = [];
    const b = [];
    const b8 = [];
    let output;
    for (let i = 0; i < REPEAT; i++) {
      globalThis.gc?.();
      const r = await sluice.run('BenchLocalToS3');
      s.push(r.ms);
      output = r.output;
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'sluice/blob.bin' }));
      if (head.ContentLength !== MB * 2 ** 20) throw new Error(`(b) Sluice stored ${head.ContentLength} bytes`);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'sluice/blob.bin' }));
      globalThis.gc?.();
      const t0 = performance.now();
      await new Upload({ client, params: { Bucket: bucket, Key: 'raw/blob.bin', Body: createReadStream(file) } }).done();
      b.push(performance.now() - t0);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'raw/blob.bin' }));
      // The same Upload with Sluice's part size (8 MB; lib-storage's default is 5 MB), for a like-for-like figure.
      globalThis.gc?.();
      const t1 = performance.now();
      await new Upload({ client, partSize: 8 * 2 ** 20, queueSize: 4, params: { Bucket: bucket, Key: 'raw/blob8.bin', Body: createReadStream(file) } }).done();
      b8.push(performance.now() - t1);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'raw/blob8.bin' }));
    }
    console.log(`(b) ${MB} MB; Sluice runs ${s.map(fmt).join(', ')} ms (executionPath ${output.executionPath}); lib-storage Upload (defaults: 5 MB parts) ${b.map(fmt).join(', ')} ms; with 8 MB parts ${b8.map(fmt).join(', ')} ms`);
    // The ratio is taken against the faster of the two baselines.
    report(`(b) ${MB} MB file local → S3`, median(s), Math.min(median(b), median(b8)), 0.8, `; Sluice ${(MB / (median(s) / 1000)).toFixed(0)} MB/s, Upload ${(MB / (Math.min(median(b), median(b8)) / 1000)).toFixed(0)} MB/s`);
    await client.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
  } finally {
    client.destroy();
    server.httpServer?.closeAllConnections?.();
    await server.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// (c) PostgreSQL → Parquet, local.

async function postgresToParquet(sluice, work) {
  const dir = join(work, 'c');
  await mkdir(dir, { recursive: true });
  const schema = `bench_dp_${randomBytes(4).toString('hex')}`;
  const db = new pg.Client({ ...PG, password: process.env.PGPASSWORD || undefined });
  await db.connect();
  try {
    await db.query(`CREATE SCHEMA ${schema}`);
    await db.query(`CREATE TABLE ${schema}.sales AS SELECT g::bigint AS id, 'customer ' || (g::bigint * 7919 % 100000) AS customer,
      round((g % 10000) * 0.37, 2)::numeric(12, 2) AS amount, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second' AS at,
      g % 3 = 0 AS flag, (ARRAY['north', 'south', 'east', 'west'])[g % 4 + 1] AS category FROM generate_series(1, ${ROWS}) g`);
    await db.query(`ANALYZE ${schema}.sales`);
    await sluice.put('linkedService', [
      localLs('BenchC', dir),
      { name: 'BenchPg', properties: { type: 'PostgreSqlV2', typeProperties: { server: PG.host, port: PG.port, database: PG.database, username: PG.user, sslMode: 0, ...(process.env.PGPASSWORD ? { password: process.env.PGPASSWORD } : {}) } } },
    ]);
    await sluice.put('dataset', [
      { name: 'CTable', properties: { type: 'PostgreSqlV2Table', linkedServiceName: lsRef('BenchPg'), typeProperties: { schema, table: 'sales' } } },
      fileDs('CParquet', 'Parquet', 'BenchC', local('out', 'sales.parquet')),
    ]);
    await sluice.put('pipeline', [copyPipeline('BenchPgToParquet', 'CTable', 'CParquet', { type: 'PostgreSqlV2Source' }, { type: 'ParquetSink' })]);
    const s = [];
    const b = [];
    let output;
    let lines = 0;
    for (let i = 0; i < REPEAT; i++) {
      globalThis.gc?.();
      const r = await sluice.run('BenchPgToParquet');
      s.push(r.ms);
      output = r.output;
      globalThis.gc?.();
      const t0 = performance.now();
      const stream = db.query(copyStreams.to(`COPY ${schema}.sales TO STDOUT`));
      lines = 0;
      for await (const chunk of stream) for (let k = chunk.indexOf(10); k !== -1; k = chunk.indexOf(10, k + 1)) lines++;
      b.push(performance.now() - t0);
    }
    if (lines !== ROWS) throw new Error(`(c) the raw COPY read ${lines} lines`);
    const n = await countParquet(join(dir, 'out', 'sales.parquet'));
    if (n !== ROWS) throw new Error(`(c) Sluice wrote ${n} rows, expected ${ROWS}`);
    console.log(`(c) ${fmt(ROWS)} rows; Sluice runs ${s.map(fmt).join(', ')} ms (executionPath ${output.executionPath}); raw COPY TO STDOUT read ${b.map(fmt).join(', ')} ms`);
    report('(c) PostgreSQL → Parquet, local', median(s), median(b), 0.5, `; Sluice ${fmt(ROWS / (median(s) / 1000))} rows/s`);
  } finally {
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db.end();
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// (d) Peak memory for N vs 10N rows, each Copy in a fresh process (`--child memory`).

/** Runs `f` sampling RSS and heap every 10 ms: {baseRss, peakRss, peakHeap, ms}. */
async function sampled(f) {
  const baseRss = process.memoryUsage().rss;
  let peakRss = baseRss;
  let peakHeap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 10);
  const t0 = performance.now();
  try {
    await f();
    return { baseRss, peakRss, peakHeap, ms: performance.now() - t0 };
  } finally {
    clearInterval(timer);
  }
}

/** Child: one Copy of an n-row CSV to Parquet (`duckdb`) or JSON Lines (`rows`); prints {peakRss, peakHeap, baseRss}. */
async function memoryChild() {
  const n = Number(args.n);
  const sink = args.sink;
  const work = await mkdtemp(join(tmpdir(), 'sluice-dp-mem-'));
  const sluice = await startSluice();
  try {
    await mkdir(join(work, 'in'), { recursive: true });
    await makeCsv(join(work, 'in', 'sales.csv'), n);
    await sluice.put('linkedService', [localLs('Mem', work)]);
    await sluice.put('dataset', [
      fileDs('MCsv', 'DelimitedText', 'Mem', local('in', 'sales.csv'), csvSettings, { schema: CSV_SCHEMA }),
      sink === 'rows'
        ? fileDs('MOut', 'Json', 'Mem', local('out', 'sales.jsonl'), { filePattern: 'setOfObjects' })
        : fileDs('MOut', 'Parquet', 'Mem', local('out', 'sales.parquet')),
    ]);
    await sluice.put('pipeline', [copyPipeline('MemCopy', 'MCsv', 'MOut', { type: 'DelimitedTextSource' },
      sink === 'rows' ? { type: 'JsonSink', formatSettings: { type: 'JsonWriteSettings', filePattern: 'setOfObjects' } } : { type: 'ParquetSink' })]);
    globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 200));
    if (sink === 'duck-raw') {
      // The baseline: DuckDB's own COPY of the same file, in a process at the same point (engine started too).
      const m = await sampled(() => duck([`COPY (SELECT * FROM read_csv(${q(join(work, 'in', 'sales.csv'))})) TO ${q(join(work, 'duck.parquet'))} (FORMAT parquet)`]));
      process.stdout.write(`${JSON.stringify({ n, sink, ...m, executionPath: 'duckdb (own COPY)' })}\n`);
      return;
    }
    let r;
    const m = await sampled(async () => { r = await sluice.run('MemCopy'); });
    if (r.output.rowsCopied !== n) throw new Error(`memory child: ${r.output.rowsCopied} rows copied, expected ${n}`);
    process.stdout.write(`${JSON.stringify({ n, sink, ...m, ms: r.ms, executionPath: r.output.executionPath })}\n`);
  } finally {
    await sluice.close();
    await rm(work, { recursive: true, force: true });
  }
}

function child(n, sink) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', 'memory', '--n', String(n), '--sink', sink], { cwd: here, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)));
      } catch {
        reject(new Error(`memory child (${n}, ${sink}) exited ${code}: ${out}`));
      }
    });
  });
}

async function memory() {
  const mb = (x) => (x / 2 ** 20).toFixed(0);
  for (const sink of ['duckdb', 'duck-raw', 'rows']) {
    const small = await child(MEM_ROWS, sink);
    const large = await child(MEM_ROWS * 10, sink);
    const growth = large.peakRss / small.peakRss;
    const heapGrowth = large.peakHeap / small.peakHeap;
    const what = { rows: 'CSV → JSON Lines (row pipeline)', duckdb: 'CSV → Parquet (DuckDB path)', 'duck-raw': 'baseline: DuckDB\'s own COPY CSV → Parquet' }[sink];
    console.log(`(d) ${what}: ${fmt(MEM_ROWS)} rows peak RSS ${mb(small.peakRss)} MB (heap ${mb(small.peakHeap)} MB, ${fmt(small.ms)} ms, ${small.executionPath}); ${fmt(MEM_ROWS * 10)} rows peak RSS ${mb(large.peakRss)} MB (heap ${mb(large.peakHeap)} MB, ${fmt(large.ms)} ms, ${large.executionPath}); process at rest ${mb(small.baseRss)} / ${mb(large.baseRss)} MB`);
    const baseline = sink === 'duck-raw';
    results.push({ name: `(d) memory ${what}`, growth, heapGrowth, ...(baseline ? {} : { ok: growth < 1.5 }), small: small.peakRss, large: large.peakRss, rest: small.baseRss });
    console.log(`(d) ${what}: peak RSS grows ${growth.toFixed(2)}× (heap ${heapGrowth.toFixed(2)}×) for 10× the rows ${baseline ? '(for comparison)' : `(target < 1.5×) ${growth < 1.5 ? 'OK' : 'ABOVE TARGET'}`}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------

if (args.child === 'memory') {
  await memoryChild();
  process.exit(0);
}

const work = await mkdtemp(join(tmpdir(), 'sluice-dp-bench-'));
const sluice = await startSluice();
let failed = false;
try {
  console.log(`Data-plane benchmark: ${fmt(ROWS)} rows, ${MB} MB, medians of ${REPEAT}; memory ${fmt(MEM_ROWS)} vs ${fmt(MEM_ROWS * 10)} rows. Two shared cores: figures vary 2–3× with neighbours' load.`);
  if (ONLY.has('a')) await csvToParquet(sluice, work);
  if (ONLY.has('b')) await localToS3(sluice, work);
  if (ONLY.has('c')) await postgresToParquet(sluice, work);
  if (ONLY.has('d')) await memory();
  console.log(JSON.stringify({ results }));
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await sluice.close();
  await rm(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
