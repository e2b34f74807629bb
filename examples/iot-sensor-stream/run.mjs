#!/usr/bin/env node
// The IoT sensor stream, end to end, in one command (from the repository root, after `pnpm install && pnpm build`,
// with Redis, PostgreSQL and Mosquitto running locally):
//
//   node examples/iot-sensor-stream/run.mjs [--devices 20] [--rate 200] [--seconds 10] [--malformed 0.05] [--seed 42]
//                                           [--batch 500] [--batch-seconds 1] [--connections 4] [--keep]
//
// 1. starts an S3-protocol server (s3rver) for itself, creates the PostgreSQL schema `iot_<run>` (table + view);
// 2. starts, in this process, a Sluice engine, a worker (built-in activities + this example's StageMessages
//    plugin) and the trigger service, loads ./factory with the trigger pointed at the MQTT topic sluice/iot/<run>;
// 3. runs the simulator (simulate.mjs) against Mosquitto;
// 4. waits until every valid reading is counted in PostgreSQL, reads the lake back from S3 with DuckDB and the
//    rejects files, prints what it measured, and last one JSON line with the figures;
// 5. stops everything and removes what it created (Redis keys, the MQTT sessions, the bucket, the PostgreSQL
//    schema and the working folder) unless --keep (then the schema and the folder stay, and are printed).
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { args, simulate } from './simulate.mjs';
import { createWarehouse, dropWarehouse, ident } from './warehouse.mjs';
import { activities as pluginActivities } from './index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
export const FACTORY = join(here, 'factory');
export const TRIGGER = 'SensorReadings';
export const PIPELINE = 'IngestReadings';

/** Imports a package from this example's node_modules once installed, else from the workspace's test package. */
export async function load(name) {
  let last;
  for (const base of ['./package.json', '../../test/package.json']) {
    try {
      const path = createRequire(new URL(base, import.meta.url)).resolve(name);
      return await import(pathToFileURL(path).href);
    } catch (e) {
      last = e;
    }
  }
  throw new Error(`${name} cannot be loaded (${last?.message}); run \`npx --yes pnpm@12.21.0 install\` and \`pnpm build\` at the repository root.`);
}

const quantile = (sorted, q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : null);

/** Sets the trigger's topic, batching and the pipeline parameters of this run in the loaded documents. */
export function configure(documents, { topic, mqttUrl, batchSize, batchSeconds, connections, root, endpoint, bucket, pgSchema, pgUser }) {
  return documents.map((d) => {
    if (d.kind !== 'trigger' || d.doc.name !== TRIGGER) return d;
    const doc = structuredClone(d.doc);
    const tp = doc.properties.typeProperties;
    tp.topic = topic;
    tp.connection = { url: mqttUrl };
    tp.batch = { size: batchSize, seconds: batchSeconds };
    if (connections !== undefined) tp.connections = connections;
    doc.properties.pipelines[0].parameters = { ...doc.properties.pipelines[0].parameters, root, endpoint, bucket, pgSchema, pgUser };
    return { ...d, doc };
  });
}

/**
 * Runs the example and returns what it measured. `modules` may provide `runtime` (@sluice/engine/runtime),
 * `node` (@sluice/engine/node) and `activities` (@sluice/activities) — the test passes the sources; by default
 * the built packages are used. `log` receives the human-readable lines.
 */
export async function iotStream(options = {}) {
  const o = {
    devices: 20, rate: 200, seconds: 10, count: undefined, malformed: 0.05, seed: 42, batchSize: 500, batchSeconds: 1,
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', mqttUrl: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883',
    pg: { host: process.env.PGHOST ?? '127.0.0.1', port: Number(process.env.PGPORT ?? 5432), database: process.env.PGDATABASE ?? 'test', user: process.env.PGUSER ?? 'postgres' },
    keep: false, timeoutMs: 180_000, log: (line) => console.log(line), modules: {}, ...options,
  };
  const run = options.run ?? `r${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const prefix = options.prefix ?? `iot-${run}`;
  const topic = `sluice/iot/${run}`;
  const bucket = 'iot-lake';
  const pgSchema = `iot_${run}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const runtime = o.modules.runtime ?? (await load('@sluice/engine/runtime'));
  const nodeEntry = o.modules.node ?? (await load('@sluice/engine/node'));
  const builtins = o.modules.activities ?? (await load('@sluice/activities'));
  const S3rver = (await load('s3rver')).default;
  const s3 = await load('@aws-sdk/client-s3');
  const pg = (await load('pg')).default;
  const mqttModule = await load('mqtt');
  const mqtt = mqttModule.default ?? mqttModule;
  const { DuckDBInstance } = await load('@duckdb/node-api');

  const work = await mkdtemp(join(tmpdir(), 'sluice-iot-'));
  const root = join(work, 'files');
  await mkdir(root, { recursive: true });
  const cleanups = [];
  const cleanup = async () => {
    while (cleanups.length) await cleanups.pop()().catch((e) => o.log(`cleanup: ${e instanceof Error ? e.message : e}`));
  };
  try {
    // 1. S3 and PostgreSQL.
    const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(work, 's3'), configureBuckets: [{ name: bucket }] });
    const { port } = await server.run();
    cleanups.push(async () => { server.httpServer?.closeAllConnections?.(); await server.close(); });
    const endpoint = `http://127.0.0.1:${port}`;
    const client = new s3.S3Client({
      endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
    });
    cleanups.push(async () => client.destroy());
    const db = new pg.Client(o.pg);
    await db.connect();
    cleanups.push(() => db.end());
    await createWarehouse(db, pgSchema);
    if (!o.keep) cleanups.push(() => dropWarehouse(db, pgSchema));

    // 2. Sluice: engine, worker, trigger service.
    const engine = runtime.createEngine({ redis: o.redisUrl, prefix, activities: [...builtins.builtinActivities, ...pluginActivities] });
    const base = engine.keys.base;
    if (!options.prefix) cleanups.push(() => dropPrefix(o.redisUrl, base)); // after the engine closed (it writes while closing)
    cleanups.push(() => engine.close());
    cleanups.push(async () => {
      // The trigger's persistent MQTT sessions (one, or one per shared connection): connecting with a client id and
      // clean: true ends its session.
      const name = `sluice-${prefix}-${TRIGGER}`;
      for (const clientId of [...runtime.mqttSessionIds(name, 1), ...runtime.mqttSessionIds(name, runtime.MQTT_MAX_CONNECTIONS)]) {
        const c = await mqtt.connectAsync(o.mqttUrl, { clientId, clean: true });
        await c.endAsync();
      }
    });
    await engine.startWorker({ concurrency: 4 });
    const { documents } = await nodeEntry.loadFactoryFolder(FACTORY);
    await engine.factory.importDocuments(configure(documents, { topic, mqttUrl: o.mqttUrl, batchSize: o.batchSize, batchSeconds: o.batchSeconds, connections: o.connections, root, endpoint, bucket, pgSchema, pgUser: o.pg.user }));
    const admin = new runtime.TriggerAdmin(engine);
    await admin.start(TRIGGER);
    const errors = [];
    const service = await runtime.startTriggerService({ engine, pollMs: 200, reloadMs: 60_000, only: [TRIGGER], log: (level, message) => { if (level === 'error') errors.push(message); } });
    cleanups.push(() => service.close());
    await service.whenReady(TRIGGER);
    o.log(`Sluice is consuming mqtt ${topic} (Redis prefix ${prefix}); lake ${endpoint}/${bucket}; PostgreSQL schema ${pgSchema}.`);

    // 3. The devices.
    const sim = await simulate({ mqtt, url: o.mqttUrl, topic, devices: o.devices, rate: o.rate, seconds: o.seconds, count: o.count, malformed: o.malformed, seed: o.seed, run });
    o.log(`Published ${sim.published} readings in ${sim.seconds} s (${sim.rate} msg/s): ${sim.valid} valid, malformed ${JSON.stringify(sim.malformed)}.`);

    // 4. Wait until PostgreSQL has every valid reading (and every batch has finished).
    const deadline = Date.now() + o.timeoutMs;
    let inPg = 0;
    let progress = { at: Date.now(), mark: '' };
    for (;;) {
      inPg = Number((await db.query(`SELECT coalesce(sum(readings), 0)::int AS n FROM ${ident(pgSchema)}.device_hour_stats`)).rows[0].n);
      const all = (await engine.queries.listRuns({ pipelineName: PIPELINE, limit: 10_000 })).runs;
      const failed = all.filter((r) => r.status === 'Failed' || r.status === 'Cancelled');
      if (failed.length) throw new Error(`${failed.length} IngestReadings run(s) failed, e.g. ${failed[0].runId}: ${JSON.stringify(failed[0].error ?? failed[0].status)}`);
      if (inPg >= sim.valid) break;
      // Nothing moving for 15 s with every run finished: the missing readings never reached the trigger.
      const received = service.stats(TRIGGER)?.received ?? 0;
      const mark = `${inPg}/${all.length}/${received}/${all.filter((r) => r.status !== 'Succeeded').length}`;
      if (mark !== progress.mark) progress = { at: Date.now(), mark };
      else if (Date.now() - progress.at > 15_000 && all.every((r) => r.status === 'Succeeded')) {
        throw new Error(`Stalled: ${inPg} of ${sim.valid} valid readings reached PostgreSQL; the trigger received ${received} of ${sim.published} messages (${all.length} runs, all succeeded). The broker dropped the others (Mosquitto drops QoS 1 messages beyond max_queued_messages, default 1000, for a consumer that falls behind).`);
      }
      if (errors.length) throw new Error(`The trigger service reported: ${errors.slice(0, 3).join('; ')}`);
      if (Date.now() > deadline) throw new Error(`Timed out: ${inPg} of ${sim.valid} valid readings reached PostgreSQL. ${errors.slice(0, 3).join('; ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const until = Date.now() + 30_000;
    while (Date.now() < until && (await engine.queries.listRuns({ pipelineName: PIPELINE, limit: 1000 })).runs.some((r) => r.status !== 'Succeeded')) await new Promise((r) => setTimeout(r, 100));
    const finalRuns = (await engine.queries.listRuns({ pipelineName: PIPELINE, limit: 1000 })).runs;

    // The lake, read back: every object under readings/, staged locally, read with DuckDB.
    const keys = [];
    let marker;
    do {
      const page = await client.send(new s3.ListObjectsCommand({ Bucket: bucket, Prefix: 'readings/', Marker: marker }));
      for (const obj of page.Contents ?? []) keys.push(obj.Key);
      marker = page.IsTruncated ? page.NextMarker ?? page.Contents?.at(-1)?.Key : undefined;
    } while (marker);
    const files = [];
    for (const key of keys.filter((k) => k.endsWith('.parquet'))) {
      const object = await client.send(new s3.GetObjectCommand({ Bucket: bucket, Key: key }));
      const file = join(work, 'lake', key);
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(file, await object.Body.transformToByteArray());
      files.push(file);
    }
    const duck = await DuckDBInstance.create(':memory:');
    const conn = await duck.connect();
    let lake = [];
    try {
      if (files.length) {
        const list = files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ');
        const reader = await conn.runAndReadAll(`SELECT id, device_id, strftime(ts, '%Y-%m-%dT%H:%M:%S.%g') AS ts, temperature, humidity, vibration, batch_id, hour FROM read_parquet([${list}], hive_partitioning = true) ORDER BY id`);
        lake = reader.getRowObjectsJson();
      }
    } finally {
      conn.closeSync();
      duck.closeSync();
    }
    const hours = [...new Set(keys.map((k) => /\/(hour=[^/]+)\//.exec(k)?.[1]).filter(Boolean))].sort();

    // The rejects files.
    const rejectsDir = join(root, 'rejects');
    const rejects = [];
    for (const f of (await readdir(rejectsDir).catch(() => [])).sort()) {
      for (const line of (await readFile(join(rejectsDir, f), 'utf8')).split('\n')) if (line.trim()) rejects.push({ file: `rejects/${f}`, ...JSON.parse(line) });
    }

    // Latency: each reading's publish time → when its batch's row was written in PostgreSQL.
    const loadedAt = new Map((await db.query(`SELECT batch_id, min(loaded_at) AS at FROM ${ident(pgSchema)}.device_hour_partials GROUP BY batch_id`)).rows.map((r) => [r.batch_id, new Date(r.at).getTime()]));
    const published = new Map(sim.manifest.map((m) => [m.id, Date.parse(m.ts)]));
    const latencies = lake.map((r) => loadedAt.get(r.batch_id) - published.get(r.id)).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
    const firstPublish = Math.min(...published.values());
    const lastLoad = Math.max(...loadedAt.values());
    const stats = (await db.query(`SELECT device_id, to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24') AS hour, readings, temperature_min, temperature_max, temperature_avg, humidity_min, humidity_max, humidity_avg, vibration_min, vibration_max, vibration_avg FROM ${ident(pgSchema)}.device_hour_stats ORDER BY device_id, hour`)).rows;
    const runMs = finalRuns.map((r) => Date.parse(r.runEnd) - Date.parse(r.runStart)).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
    const result = {
      published: sim.published,
      valid: sim.valid,
      malformed: sim.malformed,
      publishRate: sim.rate,
      throughput: Math.round((sim.published / ((lastLoad - firstPublish) / 1000)) * 10) / 10,
      latencyMs: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: latencies.at(-1) ?? null },
      runMs: { p50: quantile(runMs, 0.5), max: runMs.at(-1) ?? null },
      rowsInPostgres: inPg,
      lakeRows: lake.length,
      lakeFiles: files.length,
      hours,
      rejects: rejects.length,
      batches: finalRuns.length,
      runsSucceeded: finalRuns.filter((r) => r.status === 'Succeeded').length,
      deviceHours: stats.length,
    };
    o.log(`${result.batches} batch run(s) (${result.runsSucceeded} succeeded); ${result.lakeRows} rows in ${result.lakeFiles} Parquet file(s) on s3://${bucket}/readings/ (${hours.join(', ')}); ${result.rejects} rejects in ${rejectsDir}.`);
    o.log(`PostgreSQL ${pgSchema}.device_hour_stats: ${inPg} readings over ${stats.length} device-hours.`);
    o.log(`Throughput ${result.throughput} msg/s (published ${sim.published} at ${sim.rate} msg/s; first publish → last row in PostgreSQL). Latency publish → row in PostgreSQL: p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms. A batch's pipeline run: p50 ${result.runMs.p50} ms, max ${result.runMs.max} ms.`);
    if (o.keep) o.log(`Kept: PostgreSQL schema ${pgSchema}; ${work} (files/rejects: the rejects; s3/: the lake as s3rver stored it; lake/: the Parquet files read back).`);
    return { ...result, details: { run, topic, prefix, pgSchema, root, lake, rejects, stats, manifest: sim.manifest, runs: finalRuns.map((r) => ({ runId: r.runId, status: r.status })) } };
  } finally {
    await cleanup();
    if (!o.keep) await rm(work, { recursive: true, force: true });
  }
}

/** Deletes every key of a prefix (`base` is the engine's `{prefix}`), on a connection of its own. */
async function dropPrefix(url, base) {
  const { default: Redis } = await load('ioredis');
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${base}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const a = args(process.argv.slice(2), { devices: 20, rate: 200, seconds: 10, malformed: 0.05, seed: 42, batch: 500, 'batch-seconds': 1, keep: false });
  try {
    const { details: _details, ...figures } = await iotStream({ devices: a.devices, rate: a.rate, seconds: a.seconds, malformed: a.malformed, seed: a.seed, batchSize: a.batch, batchSeconds: a['batch-seconds'], ...(a.connections !== undefined ? { connections: Number(a.connections) } : {}), keep: a.keep === true });
    console.log(JSON.stringify(figures));
    process.exit(0); // the MQTT and Redis clients of the trigger service are closed; exit without waiting on idle sockets
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
