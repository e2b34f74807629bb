// Queue-message trigger benchmark: messages per second sustained through a batching trigger into recorded
// pipeline runs, against the same broker's raw consume rate (consumer group read + ack) in the same run, and
// latency from publish to recorded run (p50 / p99). Target (issue "Triggers"): >= 50% of the raw rate.
// Broker: Redis Streams on the engine's Redis (a consumer group per trigger, XACK after the run is recorded).
// 200,000 messages by default: a sustained rate, not the first tenth of a second of a cold process.
// Then end to end: examples/iot-sensor-stream (MQTT on the local Mosquitto → batching trigger → validate,
// Parquet on S3, upsert into PostgreSQL) at --e2e-rate for --e2e-seconds, publish → row in PostgreSQL p50 / p99;
// --e2e-seconds 0 leaves it out (it needs Mosquitto and PostgreSQL).
//
// Usage: node triggers.bench.mjs [--messages 200000] [--batch 500] [--seconds 0.2] [--rate 1000] [--latency-seconds 4]
//          [--e2e-rate 1000] [--e2e-seconds 10]
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createEngine, openPublisher, startTriggerService, TriggerAdmin } from '@sluice/engine/runtime';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const MESSAGES = Number(args.messages ?? 200_000);
const BATCH = Number(args.batch ?? 500);
const SECONDS = Number(args.seconds ?? 0.2);
const RATE = Number(args.rate ?? 1000);
const LATENCY_SECONDS = Number(args['latency-seconds'] ?? 4);
const E2E_RATE = Number(args['e2e-rate'] ?? 1000);
const E2E_SECONDS = Number(args['e2e-seconds'] ?? 10);

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function dropPrefix(redis, base) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${base}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

async function fill(redis, stream, n) {
  for (let i = 0; i < n; i += 1000) {
    const p = redis.pipeline();
    for (let j = i; j < Math.min(n, i + 1000); j++) p.xadd(stream, '*', 'id', `m-${j}`, 'body', JSON.stringify({ device: `d-${j % 50}`, value: j, sentAt: Date.now() }));
    await p.exec();
  }
}

/** Raw: a consumer group reads the stream in batches and acks each batch; messages/s. */
async function raw(redis, base) {
  const stream = `${base}:raw`;
  await fill(redis, stream, MESSAGES);
  await redis.xgroup('CREATE', stream, 'g', '0');
  const t0 = performance.now();
  let consumed = 0;
  while (consumed < MESSAGES) {
    const reply = await redis.xreadgroup('GROUP', 'g', 'c', 'COUNT', BATCH, 'STREAMS', stream, '>');
    const entries = reply?.[0]?.[1] ?? [];
    for (const [, fields] of entries) JSON.parse(fields[3]); // the consumer reads each body
    if (entries.length) await redis.xack(stream, 'g', ...entries.map((e) => e[0]));
    consumed += entries.length;
  }
  return MESSAGES / ((performance.now() - t0) / 1000);
}

async function setupTrigger(engine, stream, name) {
  await engine.factory.put('pipeline', {
    name: 'Ingest',
    properties: {
      parameters: { count: { type: 'Int' } },
      variables: { n: { type: 'String' } },
      activities: [{ name: 'Count', type: 'SetVariable', typeProperties: { variableName: 'n', value: '@string(pipeline().parameters.count)' } }],
    },
  });
  await engine.factory.put('trigger', {
    name,
    properties: {
      type: 'QueueMessageTrigger',
      typeProperties: { broker: 'redisStream', connection: { url: REDIS_URL }, queue: stream, batch: { size: BATCH, seconds: SECONDS } },
      pipelines: [{ pipelineReference: { referenceName: 'Ingest', type: 'PipelineReference' }, parameters: { count: '@length(triggerBody().messages)' } }],
    },
  });
  await new TriggerAdmin(engine).start(name);
}

/** Sluice: the same messages through a batching queue trigger into recorded runs; messages/s. */
async function throughTrigger(redis) {
  const prefix = `bench-trg-${randomUUID().slice(0, 8)}`;
  const engine = createEngine({ redis: REDIS_URL, prefix });
  const stream = `${engine.keys.base}:in`;
  await setupTrigger(engine, stream, 'Bench');
  await fill(redis, stream, MESSAGES);
  const service = await startTriggerService({ engine, pollMs: 50 });
  await service.whenReady('Bench');
  const t0 = performance.now(); // from the moment the consumer listens: the messages are already waiting
  while ((service.stats('Bench')?.received ?? 0) < MESSAGES || (await redis.xpending(stream, `sluice-${prefix}-Bench`))[0] > 0) await sleep(5);
  const seconds = (performance.now() - t0) / 1000;
  const runs = service.stats('Bench').runs;
  await service.close();
  await dropPrefix(redis, engine.keys.base);
  await engine.close();
  return { rate: MESSAGES / seconds, runs };
}

/** Latency: messages published at RATE/s for LATENCY_SECONDS; publish -> run recorded (its runStart). */
async function latency(redis) {
  const prefix = `bench-lat-${randomUUID().slice(0, 8)}`;
  const engine = createEngine({ redis: REDIS_URL, prefix });
  const stream = `${engine.keys.base}:in`;
  await setupTrigger(engine, stream, 'Latency');
  const service = await startTriggerService({ engine, pollMs: 50 });
  await service.whenReady('Latency');
  const pub = await openPublisher('redisStream', REDIS_URL, stream);
  const total = RATE * LATENCY_SECONDS;
  const t0 = Date.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / RATE;
    if (due > Date.now()) await sleep(due - Date.now());
    await pub.publish({ i, sentAt: Date.now() }, { id: `l-${i}` });
  }
  while ((service.stats('Latency')?.received ?? 0) < total || (await redis.xpending(stream, `sluice-${prefix}-Latency`))[0] > 0) await sleep(20);
  const admin = new TriggerAdmin(engine);
  const triggerRuns = await admin.runs('Latency', { limit: 1000 });
  const latencies = [];
  for (const tr of triggerRuns) {
    const run = await engine.getRun(Object.values(tr.triggeredPipelines)[0]);
    const state = await engine.queries.state(run.runId);
    for (const m of state.triggerBody.messages) latencies.push(Date.parse(run.runStart) - m.sentAt);
  }
  await pub.close();
  await service.close();
  await dropPrefix(redis, engine.keys.base);
  await engine.close();
  latencies.sort((a, b) => a - b);
  return { count: latencies.length, p50: pct(latencies, 50), p99: pct(latencies, 99) };
}

/** The IoT example end to end (its own process): publish over MQTT → row in PostgreSQL. */
function endToEnd() {
  const run = fileURLToPath(new URL('../examples/iot-sensor-stream/run.mjs', import.meta.url));
  const r = spawnSync(process.execPath, [run, '--devices', '50', '--rate', String(E2E_RATE), '--seconds', String(E2E_SECONDS), '--batch', '500', '--batch-seconds', '1'], { encoding: 'utf8', timeout: 300_000 });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.status !== 0 || !last.startsWith('{')) throw new Error(`examples/iot-sensor-stream/run.mjs failed (${r.status}):\n${r.stderr.slice(-2000)}`);
  return JSON.parse(last);
}

const redis = new Redis(REDIS_URL);
const rawBase = `{bench-raw-${randomUUID().slice(0, 8)}}`;
try {
  console.log(`messages ${MESSAGES}, batch ${BATCH} or ${SECONDS} s, Redis Streams at ${REDIS_URL}`);
  const rawRates = [];
  const sluiceRates = [];
  for (let round = 0; round < 3; round++) {
    rawRates.push(await raw(redis, rawBase));
    await dropPrefix(redis, rawBase);
    const t = await throughTrigger(redis);
    sluiceRates.push(t.rate);
    console.log(`round ${round + 1}: raw consume ${Math.round(rawRates[round])} msg/s; trigger -> recorded runs ${Math.round(t.rate)} msg/s (${t.runs} runs)`);
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[1];
  console.log(`median: raw ${Math.round(med(rawRates))} msg/s, Sluice ${Math.round(med(sluiceRates))} msg/s = ${Math.round((100 * med(sluiceRates)) / med(rawRates))}% of raw (target >= 50%)`);
  const l = await latency(redis);
  console.log(`latency publish -> recorded run at ${RATE} msg/s (batch ${BATCH} or ${SECONDS} s): p50 ${l.p50} ms, p99 ${l.p99} ms over ${l.count} messages`);
  if (E2E_SECONDS > 0) {
    const e = endToEnd();
    console.log(`end to end (examples/iot-sensor-stream, MQTT -> PostgreSQL, batch 500 or 1 s): published ${e.published} at ${e.publishRate} msg/s, ${e.rowsInPostgres} valid rows in PostgreSQL, throughput ${e.throughput} msg/s; latency publish -> row p50 ${e.latencyMs.p50} ms, p99 ${e.latencyMs.p99} ms`);
  }
} finally {
  await dropPrefix(redis, rawBase);
  await redis.quit();
}
