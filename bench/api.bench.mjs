// Benchmark of the run-start route: `POST /api/pipelines/{name}/runs` with a valid operator key and a
// trivial pipeline (one no-op work activity), under load from a second process on loopback (autocannon),
// against a bare fastify route answering the same shape from the same process, with the same autocannon
// settings, in the same run. A worker in a third process consumes the started runs between rounds so Redis does
// not fill; it is paused while the load runs (workers run on other machines in production; here it would take the
// API's CPU) unless --worker-during-load. The prefix is dropped at the end. Target (issue 10): Sluice's
// requests/s ≥ 50% of the bare route's.
//
//   node api.bench.mjs [--seconds 5] [--connections 50] [--rounds 2] [--worker-during-load]
//
// Needs `pnpm build` (it runs the compiled packages) and Redis at REDIS_URL.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { defineActivity } from '@sluice/engine';
import { createEngine } from '@sluice/engine/runtime';
// @sluice/api is not (yet) a dependency of @sluice/bench: its build output is imported by path.
import { ApiKeyStore, createCatalog, createServer } from '../packages/api/dist/index.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const self = fileURLToPath(import.meta.url);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

const noop = defineActivity({
  type: 'BenchNoop', version: 1, category: 'Bench', title: 'No-op', description: 'Returns at once.',
  typeProperties: { type: 'object', properties: {}, additionalProperties: false },
  async run() {
    return { ok: true };
  },
});

// ---- child roles -------------------------------------------------------------------------------------------

/** A worker process consuming the runs the bench starts. */
async function workerRole(prefix) {
  const engine = createEngine({ redis: REDIS_URL, prefix, activities: [noop] });
  const worker = await engine.startWorker({ concurrency: 50 });
  process.stdout.write('ready\n');
  process.on('SIGTERM', async () => {
    await worker.close();
    await engine.close();
    process.exit(0);
  });
}

/** The load generator: runs autocannon once and prints its result as JSON. */
async function loadRole(url, key, connections, seconds) {
  const { default: autocannon } = await import('autocannon');
  const result = await autocannon({
    url, method: 'POST', connections, duration: seconds, pipelining: 1,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ parameters: {} }),
  });
  process.stdout.write(`${JSON.stringify({
    rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total,
    non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts,
  })}\n`);
}

// ---- orchestration -----------------------------------------------------------------------------------------

function child(args, untilReady) {
  const p = spawn(process.execPath, [self, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const done = new Promise((resolve, reject) => {
    p.stdout.on('data', (d) => {
      out += d.toString();
      if (untilReady && out.includes('ready')) resolve(p);
    });
    p.on('exit', (code) => (code === 0 || untilReady ? resolve(out) : reject(new Error(`child ${args[0]} exited with ${code}`))));
  });
  return done;
}

async function load(url, key, connections, seconds) {
  const out = await child(['--load', url, key, String(connections), String(seconds)]);
  return JSON.parse(out.trim().split('\n').pop());
}

async function dropPrefix(prefix) {
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `{${prefix}}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
  return deleted;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** engine.startRun called directly, `concurrency` at a time for `seconds`: what the route costs without HTTP. */
async function directStarts(engine, concurrency, seconds) {
  const until = Date.now() + seconds * 1000;
  let n = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < until) {
      await engine.startRun('Trivial');
      n++;
    }
  }));
  return n / ((performance.now() - t0) / 1000);
}

async function orchestrate() {
  const seconds = Number(arg('seconds', '5'));
  const connections = Number(arg('connections', '50'));
  const rounds = Number(arg('rounds', '2'));
  const workerDuringLoad = process.argv.includes('--worker-during-load');
  const prefix = `bench-api-${randomUUID().slice(0, 8)}`;

  // The bare route: fastify, one POST route with a JSON body schema, answering 201 {runId} — no auth, no Redis.
  const bare = Fastify({ logger: false });
  bare.post('/bare/:name/runs', {
    schema: { body: { type: 'object', properties: { parameters: { type: 'object' } } }, response: { 201: { type: 'object', properties: { runId: { type: 'string' } } } } },
  }, async (_request, reply) => reply.status(201).send({ runId: randomUUID() }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${bare.server.address().port}/bare/Trivial/runs`;

  // Sluice's API on a fresh prefix, the rate limit raised out of the way, a worker in another process.
  const engine = createEngine({ redis: REDIS_URL, prefix, activities: [noop] });
  const catalog = createCatalog();
  catalog.activities.register(noop);
  const app = await createServer({ engine, catalog: { activities: catalog.activities }, rateLimit: 1_000_000_000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const sluiceUrl = `http://127.0.0.1:${app.server.address().port}/api/pipelines/Trivial/runs`;
  await engine.factory.put('pipeline', { name: 'Trivial', properties: { activities: [{ name: 'Noop', type: 'BenchNoop', typeProperties: {} }] } });
  const { key } = await new ApiKeyStore(engine.redis, engine.keys).create('bench', 'operator');
  const worker = await child(['--worker', prefix], true);

  const results = { bare: [], sluice: [], direct: [] };
  try {
    // Warm both up, then alternate rounds so neighbours' load hits both alike.
    await load(bareUrl, key, connections, 1);
    await load(sluiceUrl, key, connections, 1);
    for (let r = 0; r < rounds; r++) {
      results.bare.push(await load(bareUrl, key, connections, seconds));
      // Workers run on other machines in production; on this two-core one a worker executing the runs under
      // way takes the API's CPU. It is paused (SIGSTOP) while the load runs and drains the runs afterwards.
      if (!workerDuringLoad) worker.kill('SIGSTOP');
      results.sluice.push(await load(sluiceUrl, key, connections, seconds));
      if (!workerDuringLoad) worker.kill('SIGCONT');
      results.direct.push(await directStarts(engine, connections, seconds));
    }
    // Every start answered 201 and became a run.
    const failed = results.sluice.reduce((n, x) => n + x.non2xx + x.errors + x.timeouts, 0);
    const rps = (xs) => median(xs.map((x) => x.rps));
    const p99 = (xs) => median(xs.map((x) => x.p99));
    const p50 = (xs) => median(xs.map((x) => x.p50));
    const ratio = rps(results.sluice) / rps(results.bare);
    console.log(`run-start route under load: ${connections} connections, ${seconds} s × ${rounds} round(s), autocannon in a second process on loopback`);
    console.log(`  bare fastify route          ${rps(results.bare).toFixed(0).padStart(7)} req/s   p50 ${p50(results.bare)} ms   p99 ${p99(results.bare)} ms`);
    console.log(`  POST /api/pipelines/…/runs  ${rps(results.sluice).toFixed(0).padStart(7)} req/s   p50 ${p50(results.sluice)} ms   p99 ${p99(results.sluice)} ms   (${failed} non-2xx/errors)`);
    console.log(`  ratio ${(ratio * 100).toFixed(1)}% of the bare route (target ≥ 50%): ${ratio >= 0.5 ? 'met' : 'NOT met'}`);
    const direct = median(results.direct);
    console.log(`  for reference: engine.startRun called in-process, ${connections} at a time: ${direct.toFixed(0)} starts/s (the route reaches ${((rps(results.sluice) / direct) * 100).toFixed(0)}% of it)`);
    const started = await engine.redis.zcard(engine.keys.runsByTime());
    const active = await engine.redis.scard(engine.keys.activeRuns());
    console.log(`  runs started ${started}; still unfinished when the load stopped: ${active}`);
  } finally {
    await app.close();
    await bare.close();
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    await engine.close();
    const deleted = await dropPrefix(prefix);
    console.log(`  prefix ${prefix} dropped (${deleted} keys)`);
  }
}

if (process.argv[2] === '--worker') await workerRole(process.argv[3]);
else if (process.argv[2] === '--load') await loadRole(process.argv[3], process.argv[4], Number(process.argv[5]), Number(process.argv[6]));
else await orchestrate();
