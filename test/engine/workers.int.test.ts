import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '@sluice/engine/runtime';
import { REDIS_URL, act, pipeline, testEngine, until } from '../helpers/engine.js';

// Workers in their own processes, as in production: killed with SIGKILL, sharing the load.
const workerScript = fileURLToPath(new URL('../fixtures/worker-process.mjs', import.meta.url));
const children: ChildProcess[] = [];
let cleanup: (() => Promise<void>) | undefined;

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await cleanup?.();
  cleanup = undefined;
});

function startWorkerProcess(engine: Engine, env: Record<string, string> = {}): Promise<{ child: ChildProcess; id: string }> {
  const child = spawn(process.execPath, [workerScript], {
    env: { ...process.env, REDIS_URL, SLUICE_PREFIX: engine.keys.prefix, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
    lines.on('line', (l) => {
      if (l.startsWith('ready ')) resolve({ child, id: l.slice(6) });
    });
    child.once('exit', (code) => reject(new Error(`worker exited early with ${String(code)}`)));
  });
}


describe('workers in separate processes', () => {
  it('a worker killed mid-activity does not strand the run: another takes the job over and the attempt is counted', async () => {
    const t = testEngine();
    cleanup = t.cleanup;
    const engine = t.engine;
    await engine.factory.put('pipeline', pipeline('Survive', [
      act('Long', 'TestSleep', { ms: 3000 }, { policy: { retry: 2, retryIntervalInSeconds: 0 } }),
    ]));
    const first = await startWorkerProcess(engine);
    const { runId } = await engine.startRun('Survive');
    const running = await until(async () => {
      const [a] = await engine.queries.listActivityRuns(runId);
      return a?.status === 'InProgress' ? a : undefined;
    });
    expect(running.attempts[0]?.workerId).toBe(first.id);
    first.child.kill('SIGKILL');
    const second = await startWorkerProcess(engine);
    const run = await engine.waitForRun(runId, { timeoutMs: 40_000 });
    expect(run.status).toBe('Succeeded');
    const [long] = await engine.queries.listActivityRuns(runId);
    expect(long?.attempts.map((a) => [a.status, a.workerId])).toEqual([
      ['Failed', first.id],
      ['Succeeded', second.id],
    ]);
    expect(long?.attempts[0]?.error?.code).toBe('WORKER_LOST');
  }, 60_000);

  it('without retries left, a lost worker ends the run Failed with WORKER_LOST instead of leaving it InProgress', async () => {
    const t = testEngine();
    cleanup = t.cleanup;
    const engine = t.engine;
    await engine.factory.put('pipeline', pipeline('NoRetry', [act('Long', 'TestSleep', { ms: 3000 })]));
    const first = await startWorkerProcess(engine);
    const { runId } = await engine.startRun('NoRetry');
    await until(async () => ((await engine.queries.listActivityRuns(runId))[0]?.status === 'InProgress' ? true : undefined));
    first.child.kill('SIGKILL');
    await startWorkerProcess(engine);
    const run = await engine.waitForRun(runId, { timeoutMs: 40_000 });
    expect(run.status).toBe('Failed');
    const [long] = await engine.queries.listActivityRuns(runId);
    expect(long?.error?.errorCode).toBe('WORKER_LOST');
  }, 60_000);

  it('two workers share the load of a fan-out', async () => {
    const t = testEngine();
    cleanup = t.cleanup;
    const engine = t.engine;
    await engine.factory.put('pipeline', pipeline('FanOut', [
      act('Each', 'ForEach', {
        items: { value: '@range(0, 12)', type: 'Expression' },
        batchCount: 12,
        activities: [act('Work', 'TestSleep', { ms: 300 })],
      }),
    ]));
    const w1 = await startWorkerProcess(engine, { CONCURRENCY: '3' });
    const w2 = await startWorkerProcess(engine, { CONCURRENCY: '3' });
    const run = await engine.waitForRun((await engine.startRun('FanOut')).runId, { timeoutMs: 40_000 });
    expect(run.status).toBe('Succeeded');
    const works = (await engine.queries.listActivityRuns(run.runId)).filter((a) => a.activityName === 'Work');
    expect(works).toHaveLength(12);
    const byWorker = new Map<string, number>();
    for (const w of works) byWorker.set(w.attempts[0]?.workerId as string, (byWorker.get(w.attempts[0]?.workerId as string) ?? 0) + 1);
    expect([...byWorker.keys()].sort()).toEqual([w1.id, w2.id].sort());
    for (const n of byWorker.values()) expect(n).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
