import { afterAll, describe, expect, it } from 'vitest';
import { openPublisher, TriggerAdmin, type MessagePublisher, type PipelineRun } from '@sluice/engine/runtime';
import { act, pipeline, REDIS_URL, testEngine } from '../helpers/engine.js';
import { fixture, URLS, type BrokerFixture } from '../triggers/brokers.js';
import { trigger } from '../triggers/helpers.js';
import { audit, listAllRuns, TERMINAL } from './support/audit.js';
import { RETRY } from './support/factory.js';
import { SCALE, SEED, kill, prng, startTriggerProcess, startWorker, triggersProgram, workerProgram, writeResult, type TriggerProcess, type WorkerProcess } from './support/processes.js';

// A batching queue-message trigger on RabbitMQ, consumed by two trigger-service processes (competing consumers on one
// queue) that are SIGKILLed at seeded random moments and restarted while messages arrive at a steady rate. A killed
// consumer's unacknowledged messages go back to the queue at once and reach the other replica — some after their run
// was recorded (a duplicate to drop), some after their ids were claimed but before any run was (a claim to take over
// once it is CLAIM_GRACE_MS, 30 s, old). At the end every published message is in exactly one pipeline run, and every
// run succeeded.
const SHORT = SCALE === 'short';
const MESSAGES = SHORT ? 400 : 2400;
const RATE = 40; // messages a second: 10 s short, 60 s full
const BATCH = { size: 25, seconds: 0.5 };
const REPLICAS = 2;

const t = testEngine();
const replicas: Array<TriggerProcess | undefined> = [];
const everyReplica: TriggerProcess[] = [];
let worker: WorkerProcess | undefined;
let broker: BrokerFixture | undefined;
let publisher: MessagePublisher | undefined;

afterAll(async () => {
  for (const p of everyReplica) await kill(p.child);
  if (worker) await kill(worker.child);
  await publisher?.close().catch(() => undefined);
  await broker?.cleanup().catch(() => undefined);
  await t.cleanup();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The message ids a run carried (its `batch` parameter is the trigger body: `{messages: [{id, n}, …]}`). */
const idsOf = (run: PipelineRun): string[] => ((run.parameters.batch as { messages?: Array<{ id?: string }> } | undefined)?.messages ?? []).map((m) => String(m.id));

describe('a queue-message trigger whose services are killed (SIGKILL, two replicas, RabbitMQ)', () => {
  it(`${MESSAGES} messages at ${RATE}/s: each in exactly one run, none lost, every run Succeeded`, async () => {
    const { engine } = t;
    const random = prng(SEED);
    broker = await fixture('rabbitmq', engine, 'ChaosQueue');
    await engine.factory.put('pipeline', pipeline('ChaosBatch', [
      act('Count', 'TestEcho', { value: '@length(pipeline().parameters.batch.messages)' }, { policy: RETRY }),
    ], { parameters: { batch: { type: 'Object' } } }));
    await engine.factory.put('trigger', trigger('ChaosQueue', 'QueueMessageTrigger', { ...broker.typeProperties, batch: BATCH },
      [{ name: 'ChaosBatch', parameters: { batch: '@triggerBody()' } }]));
    await new TriggerAdmin(engine).start('ChaosQueue');

    await Promise.all([triggersProgram(), workerProgram()]);
    worker = await startWorker(REDIS_URL, engine.keys.prefix, { CONCURRENCY: '8' });
    const env = { POLL_MS: '250' };
    const start = async (slot: number): Promise<void> => {
      const p = await startTriggerProcess(REDIS_URL, engine.keys.prefix, env);
      everyReplica.push(p);
      replicas[slot] = p;
    };
    for (let i = 0; i < REPLICAS; i++) await start(i);

    // The publisher: MESSAGES at RATE a second, each with its id as the broker's message id and in the body.
    publisher = await openPublisher('rabbitmq', URLS.rabbitmq, broker.destination);
    const pub = publisher;
    const origin = Date.now();
    const publishing = (async () => {
      for (let i = 0; i < MESSAGES; i++) {
        const due = origin + (i * 1000) / RATE;
        if (due > Date.now()) await sleep(due - Date.now());
        await pub.publish({ id: `q-${i}`, n: i }, { id: `q-${i}` });
      }
    })();

    // The chaos, while messages arrive: a seeded pause (0.5–3 s), then one replica (3 in 4, only while the other is
    // up) or both SIGKILLed, each restarted after a seeded pause of 0–1.5 s.
    const publishEnd = origin + (MESSAGES * 1000) / RATE;
    const restarting: Array<Promise<void>> = [];
    const killLog: Array<{ atMs: number; slots: number[]; downMs: number }> = [];
    let kills = 0;
    while (Date.now() < publishEnd) {
      await sleep(500 + Math.floor(random() * 2500));
      const both = random() < 0.25;
      const pick = Math.floor(random() * REPLICAS);
      const downMs = Math.floor(random() * 1500);
      if (Date.now() >= publishEnd) break;
      if (!both && (replicas[pick] === undefined || replicas[1 - pick] === undefined)) continue;
      const slots = (both ? [0, 1] : [pick]).filter((s) => replicas[s] !== undefined);
      if (slots.length === 0) continue;
      for (const s of slots) {
        const p = replicas[s] as TriggerProcess;
        replicas[s] = undefined;
        await kill(p.child);
        kills++;
      }
      killLog.push({ atMs: Date.now() - origin, slots, downMs });
      restarting.push(sleep(downMs).then(async () => {
        for (const s of slots) await start(s);
      }));
    }
    await publishing;
    await Promise.all(restarting);

    // Drain: until every id is in a finished run. A claim left by a killed replica is taken over 30 s after it was made.
    const deadline = Date.now() + 120_000;
    let runs: PipelineRun[];
    let carried: Map<string, string[]>;
    for (;;) {
      runs = (await listAllRuns(engine)).filter((r) => r.pipelineName === 'ChaosBatch');
      carried = new Map();
      for (const r of runs) for (const id of idsOf(r)) carried.set(id, [...(carried.get(id) ?? []), r.runId]);
      if ((carried.size >= MESSAGES && runs.every((r) => TERMINAL.has(r.status))) || Date.now() > deadline) break;
      await sleep(500);
    }
    const drainedMs = Date.now() - origin;
    for (const p of replicas) if (p) await kill(p.child, 'SIGTERM');

    const missing = Array.from({ length: MESSAGES }, (_v, i) => `q-${i}`).filter((id) => !carried.has(id));
    const twice = [...carried].filter(([, ids]) => ids.length > 1).map(([id, ids]) => `${id} in ${ids.join(', ')}`);
    const unknown = [...carried.keys()].filter((id) => !/^q-\d+$/.test(id) || Number(id.slice(2)) >= MESSAGES);
    const { audit: a } = await audit(engine, runs.map((r) => r.runId));
    const deadLetters = await broker.deadLetters();
    const stats = { kills, runs: runs.length, byStatus: a.byStatus, missing: missing.length, twice: twice.length, deadLetters: deadLetters.length };
    writeResult('queue-trigger-kill', {
      messages: MESSAGES, rate: RATE, batch: BATCH, ...stats, drainedMs, killLog,
      problems: [...missing.slice(0, 20).map((id) => `${id} in no run`), ...twice.slice(0, 20), ...a.problems.slice(0, 20)],
      replicaLogTail: everyReplica.flatMap((p) => p.log.filter((l) => / (error|warn) /.test(l)).slice(-5)),
    });
    expect(kills).toBeGreaterThan(0);
    expect(missing).toEqual([]);
    expect(twice).toEqual([]);
    expect(unknown).toEqual([]);
    expect(a.problems).toEqual([]);
    expect(a.byStatus).toEqual({ Succeeded: runs.length });
    expect(deadLetters).toEqual([]);
  }, SHORT ? 240_000 : 480_000);
});
