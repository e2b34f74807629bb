#!/usr/bin/env node
// PostgreSQL → Parquet on S3 with Lookup → ForEach → Copy, in one command (from the repository root, after
// `pnpm install && pnpm build`, with PostgreSQL on 127.0.0.1:5432 and Redis at REDIS_URL):
//
//   node examples/postgres-to-s3/run.mjs [--schema shop] [--bucket lake] [--prefix raw/shop] [--port 4568] [--folder DIR] [--keep]
//
// 1. starts an S3-protocol server (s3rver) for itself on 127.0.0.1:<port>, keeping its objects in <folder>
//    (a temporary folder unless given), and creates the bucket;
// 2. (re)creates the PostgreSQL schema and fills it with seed.sql (synthetic rows from generate_series);
// 3. runs the pipeline CopyTablesToLake with the built CLI:
//    `sluice run CopyTablesToLake --factory ./factory --local --json -p schema=… -p bucket=… -p prefix=… -p lakeEndpoint=…`
//    (engine and worker in one process; the lake's secret key reaches the worker as LAKE_S3_SECRET_ACCESS_KEY);
// 4. lists the bucket, downloads each Parquet object and counts its rows with DuckDB, next to the table's count
//    in PostgreSQL; prints one line per table and, last, one JSON line {"<table>": {"postgres": n, "parquet": n, …}}.
// Unless --keep is given, the schema, the bucket and the s3rver folder are removed at the end.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
export const FACTORY = join(here, 'factory');
export const SEED = join(here, 'seed.sql');
const SLUICE_BIN = fileURLToPath(new URL('../../packages/api/bin/sluice.js', import.meta.url));
/** s3rver's built-in account (the factory's Lake linked service uses this access key ID). */
const S3_KEY_ID = 'S3RVER';
const S3_SECRET = 'S3RVER';
/** The database of the factory's Warehouse linked service. */
export const PG = { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres' };

// pg, s3rver, the S3 client and DuckDB: this example's own dependencies (package.json), else the test package's.
const requireHere = createRequire(join(here, 'package.json'));
const requireFromTests = createRequire(new URL('../../test/package.json', import.meta.url));
function resolve(name) {
  try {
    return requireHere.resolve(name);
  } catch {
    return requireFromTests.resolve(name);
  }
}
/** Imports one of the example's dependencies (see above for where it is found). */
export const load = async (name) => import(pathToFileURL(resolve(name)).href);
const quoteIdent = (name) => `"${name.replace(/"/g, '""')}"`;

/** Runs the pipeline with the built `sluice` command; resolves with the finished run (`--json`). */
export function runWithCli({ schema, bucket, prefix, endpoint, env = {} }) {
  const args = [SLUICE_BIN, 'run', 'CopyTablesToLake', '--factory', FACTORY, '--local', '--json',
    '-p', `schema=${schema}`, '-p', `bucket=${bucket}`, '-p', `prefix=${prefix}`, '-p', `lakeEndpoint=${endpoint}`];
  const childEnv = { ...process.env, PGPASSWORD: process.env.PGPASSWORD ?? '', LAKE_S3_SECRET_ACCESS_KEY: S3_SECRET, ...env };
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d.toString()));
    child.stderr.on('data', (d) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      try {
        resolveRun(JSON.parse(out));
      } catch {
        reject(new Error(`sluice run exited with ${code} and printed no run:\n${out.slice(0, 2000)}\n${err.slice(-2000)}`));
      }
    });
  });
}

/**
 * The whole example. Returns `{run, tables: {<table>: {postgres, parquet, sameColumns, key, bytes}}}`; `log` receives the
 * human-readable lines. `port: 0` picks a free port.
 */
export async function copyTablesToLake({
  schema = 'shop', bucket = 'lake', prefix = `raw/${schema}`, port = 4568, folder, keep = false,
  runPipeline = runWithCli, env = {}, log = (line) => console.log(line),
} = {}) {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`--schema must be a plain lower-case identifier, got '${schema}'.`);
  const S3rver = (await load('s3rver')).default;
  const s3 = await load('@aws-sdk/client-s3');
  const { DuckDBInstance } = await load('@duckdb/node-api');
  const pg = (await load('pg')).default;

  const work = await mkdtemp(join(tmpdir(), 'sluice-pg-to-s3-'));
  const directory = folder ?? join(work, 's3');
  const server = new S3rver({ address: '127.0.0.1', port, silent: true, directory, vhostBuckets: false });
  const { port: bound } = await server.run();
  const endpoint = `http://127.0.0.1:${bound}`;
  const client = new s3.S3Client({
    endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: S3_KEY_ID, secretAccessKey: S3_SECRET },
    requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const db = new pg.Client({ ...PG, password: process.env.PGPASSWORD || undefined });
  const listKeys = async () => {
    // ListObjects (V1, markers): s3rver's V2 continuation tokens need Node's --openssl-legacy-provider.
    const keys = [];
    let marker;
    for (;;) {
      const page = await client.send(new s3.ListObjectsCommand({ Bucket: bucket, Prefix: `${prefix}/`, Marker: marker }));
      const found = (page.Contents ?? []).map((o) => ({ key: o.Key, bytes: o.Size }));
      keys.push(...found);
      if (!page.IsTruncated || found.length === 0) return keys;
      marker = found.at(-1).key;
    }
  };
  try {
    // 1. The lake.
    await client.send(new s3.CreateBucketCommand({ Bucket: bucket })).catch((e) => {
      if (e?.name !== 'BucketAlreadyOwnedByYou' && e?.name !== 'BucketAlreadyExists') throw e;
    });
    log(`S3 (s3rver) at ${endpoint}, objects in ${directory}; bucket '${bucket}'.`);

    // 2. The operational database: the schema, filled by seed.sql.
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    await db.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
    await db.query(`SET search_path TO ${quoteIdent(schema)}`);
    await db.query(await readFile(SEED, 'utf8'));
    await db.query('RESET search_path');
    const listed = await db.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = \'BASE TABLE\' ORDER BY table_name', [schema]);
    const postgres = {};
    const pgColumns = {};
    for (const { table_name: t } of listed.rows) {
      postgres[t] = Number((await db.query(`SELECT count(*) AS n FROM ${quoteIdent(schema)}.${quoteIdent(t)}`)).rows[0].n);
      const cols = await db.query('SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position', [schema, t]);
      pgColumns[t] = cols.rows.map((r) => r.column_name);
    }
    log(`PostgreSQL schema '${schema}' seeded: ${Object.entries(postgres).map(([t, n]) => `${t} ${n}`).join(', ')}.`);

    // 3. The pipeline, through Sluice.
    const started = performance.now();
    const run = await runPipeline({ schema, bucket, prefix, endpoint, env });
    const seconds = (performance.now() - started) / 1000;
    if (run.status !== 'Succeeded') {
      const failed = (run.activityRuns ?? []).filter((a) => a.status !== 'Succeeded').map((a) => ({ activity: a.activityName, error: a.error }));
      throw new Error(`The pipeline run ended ${run.status}: ${JSON.stringify(run.error ?? failed)}`);
    }
    const copies = (run.activityRuns ?? []).filter((a) => a.activityName === 'CopyTable');
    const rowsCopied = copies.reduce((n, a) => n + (a.output?.rowsCopied ?? 0), 0);
    log(`CopyTablesToLake: ${run.status} in ${seconds.toFixed(1)} s (sluice run, process start included): ${copies.length} Copy run(s), ${rowsCopied} row(s) copied.`);

    // 4. The lake, read back: one Parquet object per table, its rows counted with DuckDB.
    const objects = await listKeys();
    const duck = await DuckDBInstance.create(':memory:');
    const connection = await duck.connect();
    const tables = {};
    try {
      for (const { key, bytes } of objects) {
        const table = key.slice(prefix.length + 1).split('/')[0];
        const object = await client.send(new s3.GetObjectCommand({ Bucket: bucket, Key: key }));
        const file = join(work, 'read', key);
        await mkdir(join(file, '..'), { recursive: true });
        await writeFile(file, await object.Body.transformToByteArray());
        const reader = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet('${file.replace(/'/g, "''")}')`);
        const parquet = reader.getRowObjectsJson()[0].n;
        const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file.replace(/'/g, "''")}')`);
        const columns = described.getRowObjectsJson().map((r) => r.column_name);
        tables[table] = { postgres: postgres[table] ?? null, parquet, sameColumns: JSON.stringify(columns) === JSON.stringify(pgColumns[table]), key, bytes };
      }
    } finally {
      connection.closeSync();
      duck.closeSync();
    }
    for (const t of Object.keys(postgres)) tables[t] ??= { postgres: postgres[t], parquet: null, sameColumns: false, key: null, bytes: 0 };
    for (const [t, v] of Object.entries(tables).sort(([a], [b]) => a.localeCompare(b))) {
      const same = v.postgres === v.parquet && v.sameColumns ? 'ok' : 'MISMATCH';
      log(`${t.padEnd(12)} postgres ${String(v.postgres).padStart(6)}  parquet ${String(v.parquet).padStart(6)}  ${same.padEnd(8)} s3://${bucket}/${v.key ?? '(missing)'} (${v.bytes} bytes)`);
    }
    return { run, tables: Object.fromEntries(Object.entries(tables).sort(([a], [b]) => a.localeCompare(b))) };
  } finally {
    if (!keep) {
      await db.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`).catch(() => undefined);
      for (const { key } of await listKeys().catch(() => [])) await client.send(new s3.DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
      await client.send(new s3.DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
    }
    await db.end().catch(() => undefined);
    client.destroy();
    server.httpServer?.closeAllConnections?.();
    await server.close().catch(() => undefined);
    await rm(keep ? join(work, 'read') : work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const argv = process.argv.slice(2);
  const opt = (name) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : undefined; };
  try {
    const schema = opt('schema') ?? 'shop';
    const { tables } = await copyTablesToLake({
      schema, bucket: opt('bucket') ?? 'lake', prefix: opt('prefix') ?? `raw/${schema}`,
      port: Number(opt('port') ?? 4568), folder: opt('folder'), keep: argv.includes('--keep'),
    });
    console.log(JSON.stringify(Object.fromEntries(Object.entries(tables).map(([t, v]) => [t, { postgres: v.postgres, parquet: v.parquet }]))));
    if (Object.values(tables).some((v) => v.postgres !== v.parquet || !v.sameColumns)) process.exitCode = 1;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
