#!/usr/bin/env node
// The STEDI lakehouse, end to end, in one command (from the repository root, after `pnpm install && pnpm build`):
//
//   node examples/stedi-lakehouse/run.mjs
//
// 1. starts an S3-protocol server (s3rver) for itself, on a random port, in a temporary folder;
// 2. uploads the landing zone shipped in ./data (gzip JSON Lines) to s3://stedi/landing/<zone>/ as JSON Lines;
// 3. runs the pipeline StediLakehouse through Sluice (`sluice run --factory ./factory --local --json`: the engine
//    and a worker in one process, on Redis at REDIS_URL), whose five ExecuteDataFlow activities build the trusted
//    and curated zones as Parquet on S3;
// 4. counts the rows of every zone (landing: the uploaded lines; trusted and curated: the Parquet files read back
//    from S3 with DuckDB), prints one line per zone, and last one JSON line {"zone_name": rowCount, …}.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

const here = fileURLToPath(new URL('.', import.meta.url));
export const FACTORY = join(here, 'factory');
const DATA = join(here, 'data', 'landing');
const BUCKET = 'stedi';
// s3rver, the S3 client and DuckDB are dependencies of the workspace's test package.
const requireFromRepo = createRequire(new URL('../../test/package.json', import.meta.url));

/** The eight zones, in the order they are printed: [zone name, S3 folder]. */
export const ZONES = [
  ['customer_landing', 'landing/customer'],
  ['accelerometer_landing', 'landing/accelerometer'],
  ['step_trainer_landing', 'landing/step_trainer'],
  ['customer_trusted', 'trusted/customer'],
  ['accelerometer_trusted', 'trusted/accelerometer'],
  ['customers_curated', 'curated/customers'],
  ['step_trainer_trusted', 'trusted/step_trainer'],
  ['machine_learning_curated', 'curated/machine_learning'],
];

const load = async (name) => import(pathToFileURL(requireFromRepo.resolve(name)).href);

/** Runs the pipeline with the built `sluice` command, in-process engine and worker (`--local`). */
export function runWithCli({ endpoint, factory }) {
  const bin = fileURLToPath(new URL('../../packages/api/bin/sluice.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'run', 'StediLakehouse', '--factory', factory, '--local', '--json', '-p', `endpoint=${endpoint}`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      try {
        const run = JSON.parse(out);
        resolve(run);
      } catch {
        reject(new Error(`sluice run exited with ${code} and printed no run: ${out.slice(0, 2000)}`));
      }
    });
  });
}

/**
 * Builds the lakehouse and returns {zone: rowCount}. `runPipeline({endpoint, factory})` runs the pipeline and
 * resolves with the finished run (`sluice run --json`'s shape); `log` receives the human-readable lines.
 */
export async function lakehouse({ runPipeline = runWithCli, log = (line) => console.log(line) } = {}) {
  const S3rver = requireFromRepo('s3rver');
  const s3 = await load('@aws-sdk/client-s3');
  const { DuckDBInstance } = await load('@duckdb/node-api');
  const work = await mkdtemp(join(tmpdir(), 'stedi-lakehouse-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(work, 's3'), configureBuckets: [{ name: BUCKET }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new s3.S3Client({
    endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const counts = {};
  try {
    // 1. The landing zone: the shipped files, decompressed, as the devices wrote them.
    for (const [zone, folder] of ZONES.slice(0, 3)) {
      const dir = join(DATA, folder.split('/')[1]);
      let rows = 0;
      for (const file of (await readdir(dir)).sort()) {
        const body = gunzipSync(await readFile(join(dir, file)));
        rows += body.toString('utf8').split('\n').filter((l) => l.trim() !== '').length;
        await client.send(new s3.PutObjectCommand({ Bucket: BUCKET, Key: `${folder}/${file.replace(/\.gz$/, '')}`, Body: body }));
      }
      counts[zone] = rows;
    }
    log(`Landing zone uploaded to ${endpoint}/${BUCKET}/landing.`);

    // 2. The pipeline, through Sluice.
    const run = await runPipeline({ endpoint, factory: FACTORY });
    if (run.status !== 'Succeeded') {
      throw new Error(`The pipeline run ended ${run.status}: ${JSON.stringify(run.error ?? run.activityRuns?.filter((a) => a.status !== 'Succeeded').map((a) => ({ activity: a.activityName, error: a.error })))}`);
    }
    for (const a of run.activityRuns ?? []) log(`${a.activityName}: ${a.status}, ${a.output?.rowsWritten ?? '?'} row(s) written in ${a.output?.durationMs ?? '?'} ms`);

    // 3. The zones Sluice wrote, read back from S3.
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    try {
      for (const [zone, folder] of ZONES.slice(3)) {
        const listed = await client.send(new s3.ListObjectsCommand({ Bucket: BUCKET, Prefix: `${folder}/` }));
        const keys = (listed.Contents ?? []).map((o) => o.Key).filter((k) => k.endsWith('.parquet'));
        if (!keys.length) throw new Error(`No Parquet files under s3://${BUCKET}/${folder}/`);
        const files = [];
        for (const key of keys) {
          const object = await client.send(new s3.GetObjectCommand({ Bucket: BUCKET, Key: key }));
          const file = join(work, 'read', key);
          await mkdir(join(file, '..'), { recursive: true });
          await writeFile(file, await object.Body.transformToByteArray());
          files.push(file);
        }
        const list = files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ');
        const reader = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet([${list}])`);
        counts[zone] = reader.getRowObjectsJson()[0].n;
      }
    } finally {
      connection.closeSync();
      db.closeSync();
    }
    for (const [zone, folder] of ZONES) log(`${zone.padEnd(26)} ${String(counts[zone]).padStart(7)}  s3://${BUCKET}/${folder}/`);
    return counts;
  } finally {
    client.destroy();
    server.httpServer?.closeAllConnections?.();
    await server.close().catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const counts = await lakehouse();
    console.log(JSON.stringify(counts));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
