// Engine benchmark: Sluice's activity throughput and scheduling latency against raw BullMQ on the same
// Redis, in the same run. Targets (issue "Engine"): throughput >= 40% of raw BullMQ at the same worker
// concurrency; scheduling latency (predecessor end -> successor start) p50 <= 5 ms, p99 <= 25 ms;
// worker memory flat across 10,000 activities.
//
// Usage: node --expose-gc engine.bench.mjs [--concurrency 10] [--fanout 1000] [--chain 100] [--memory 10000]
import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { defineActivity } from '@sluice/engine';
import { createEngine } from '@sluice/engine/runtime';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONCURRENCY = Number(args.concurrency ?? 10);
const FANOUT = Number(args.fanout ?? 1000);
const CHAIN = Number(args.chain ?? 100);
const MEMORY_ACTIVITIES = Number(args.memory ?? 10_000);

const noop = defineActivity({
  type: 'Noop', version: 1, category: 'Bench', title: 'No-op', description: 'Does nothing.',
  typeProperties: { type: 'object' },
  async run() { return {}; },
});

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function dropPrefix(redis, base) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${base}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

/** Raw BullMQ: N trivial jobs through one Worker at CONCURRENCY; jobs/s. */
async function rawBullmq(n) {
  const prefix = `{bench-raw-${randomUUID().slice(0, 8)}}`;
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('raw', { connection, prefix });
  let done = 0;
  let finish;
  const finished = new Promise((r) => { finish = r; });
  const worker = new Worker('raw', async () => ({}), { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix, concurrency: CONCURRENCY });
  worker.on('completed', () => { if (++done === n) finish(); });
  await worker.waitUntilReady();
  const t0 = performance.now();
  for (let i = 0; i < n; i += 500) await queue.addBulk(Array.from({ length: Math.min(500, n - i) }, () => ({ name: 'j', data: {}, opts: { removeOnComplete: true } })));
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  await dropPrefix(connection, prefix);
  await connection.quit();
  return n / seconds;
}

function pipelineDoc(name, activities) {
  return { name, properties: { activities } };
}

async function withEngine(fn) {
  const engine = createEngine({ redis: REDIS_URL, prefix: `bench-${randomUUID().slice(0, 8)}`, activities: [noop] });
  const worker = await engine.startWorker({ concurrency: CONCURRENCY, reaperIntervalMs: 0 });
  try {
    return await fn(engine);
  } finally {
    await worker.close();
    await dropPrefix(engine.redis, engine.keys.base);
    await engine.close();
  }
}

/** Fan-out: FANOUT independent no-op activities in one run; activities/s from run start to run end. */
async function sluiceFanout() {
  return withEngine(async (engine) => {
    const activities = Array.from({ length: FANOUT }, (_, i) => ({ name: `A${i}`, type: 'Noop', typeProperties: {} }));
    await engine.factory.put('pipeline', pipelineDoc('Fanout', activities));
    const t0 = performance.now();
    const { runId } = await engine.startRun('Fanout');
    const run = await engine.waitForRun(runId, { timeoutMs: 600_000 });
    const seconds = (performance.now() - t0) / 1000;
    if (run.status !== 'Succeeded') throw new Error(`fan-out run ${run.status}: ${run.message}`);
    return FANOUT / seconds;
  });
}

/** Chain: CHAIN no-op activities one after another; latency from each predecessor's end to its successor's start. */
async function sluiceChain() {
  return withEngine(async (engine) => {
    const activities = Array.from({ length: CHAIN }, (_, i) => ({
      name: `C${i}`, type: 'Noop', typeProperties: {},
      ...(i ? { dependsOn: [{ activity: `C${i - 1}`, dependencyConditions: ['Succeeded'] }] } : {}),
    }));
    await engine.factory.put('pipeline', pipelineDoc('Chain', activities));
    const t0 = performance.now();
    const { runId } = await engine.startRun('Chain');
    const run = await engine.waitForRun(runId, { timeoutMs: 600_000 });
    const seconds = (performance.now() - t0) / 1000;
    if (run.status !== 'Succeeded') throw new Error(`chain run ${run.status}: ${run.message}`);
    const byName = new Map((await engine.queries.listActivityRuns(runId)).map((a) => [a.activityName, a]));
    const gaps = [];
    for (let i = 1; i < CHAIN; i++) {
      const prev = byName.get(`C${i - 1}`).attempts[0];
      const next = byName.get(`C${i}`).attempts[0];
      gaps.push(Date.parse(next.start) - Date.parse(prev.end));
    }
    gaps.sort((a, b) => a - b);
    return { perSecond: CHAIN / seconds, p50: pct(gaps, 50), p99: pct(gaps, 99), max: gaps.at(-1) };
  });
}

/** Memory: heap after GC at checkpoints while MEMORY_ACTIVITIES activities run (runs of 1,000). */
async function sluiceMemory() {
  return withEngine(async (engine) => {
    const perRun = Math.min(1000, MEMORY_ACTIVITIES);
    await engine.factory.put('pipeline', pipelineDoc('Mem', Array.from({ length: perRun }, (_, i) => ({ name: `M${i}`, type: 'Noop', typeProperties: {} }))));
    const samples = [];
    for (let done = 0; done < MEMORY_ACTIVITIES; done += perRun) {
      const { runId } = await engine.startRun('Mem');
      await engine.waitForRun(runId, { timeoutMs: 600_000 });
      globalThis.gc?.();
      samples.push(process.memoryUsage().heapUsed / 1024 / 1024);
    }
    return samples;
  });
}

const raw = [];
const fan = [];
for (let i = 0; i < 3; i++) {
  raw.push(await rawBullmq(FANOUT));
  fan.push(await sluiceFanout());
}
const chain = await sluiceChain();
const memory = await sluiceMemory();
const rawMedian = median(raw);
const fanMedian = median(fan);
const ratio = fanMedian / rawMedian;
const firstHalf = memory.slice(1, Math.ceil(memory.length / 2));
const growth = memory.at(-1) - (firstHalf.length ? Math.min(...firstHalf) : memory[0]);

console.log(`concurrency ${CONCURRENCY}, medians of 3 runs`);
console.log(`raw BullMQ:        ${rawMedian.toFixed(0)} jobs/s`);
console.log(`Sluice fan-out:    ${fanMedian.toFixed(0)} activities/s (${FANOUT} parallel no-op activities)`);
console.log(`throughput ratio:  ${(ratio * 100).toFixed(1)}% of raw BullMQ (target >= 40%)`);
console.log(`Sluice chain:      ${chain.perSecond.toFixed(0)} activities/s (${CHAIN} in sequence)`);
console.log(`scheduling latency p50 ${chain.p50} ms, p99 ${chain.p99} ms, max ${chain.max} ms (targets p50 <= 5, p99 <= 25)`);
console.log(`worker heap after GC per 1,000 activities (MB): ${memory.map((m) => m.toFixed(1)).join(' ')}`);
console.log(`heap growth over ${MEMORY_ACTIVITIES} activities: ${growth.toFixed(1)} MB`);
console.log(JSON.stringify({ concurrency: CONCURRENCY, rawJobsPerSecond: Math.round(rawMedian), sluiceActivitiesPerSecond: Math.round(fanMedian), ratio: Number(ratio.toFixed(3)), latencyP50Ms: chain.p50, latencyP99Ms: chain.p99, heapGrowthMb: Number(growth.toFixed(1)) }));
