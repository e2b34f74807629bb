import { afterEach, describe, expect, it } from 'vitest';
import type { Engine, StatusMessage } from '@sluice/engine/runtime';
import { act, after, pipeline, testEngine, until } from '../helpers/engine.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function setup(concurrency = 4): Promise<Engine> {
  const t = testEngine();
  cleanup = t.cleanup;
  await t.engine.startWorker({ concurrency, reaperIntervalMs: 0 });
  return t.engine;
}


describe('cancel, rerun, concurrency, live status', () => {
  it('cancels a run: the running activity is aborted, pending ones end Cancelled', async () => {
    const engine = await setup();
    await engine.factory.put('pipeline', pipeline('Long', [
      act('Sleep', 'TestSleep', { ms: 30_000 }),
      act('Next', 'TestEcho', {}, { dependsOn: [after('Sleep')] }),
    ]));
    const { runId } = await engine.startRun('Long');
    await until(async () => ((await engine.queries.listActivityRuns(runId))[0]?.status === 'InProgress' ? true : undefined));
    const t0 = Date.now();
    await engine.cancelRun(runId, 'test');
    const run = await engine.waitForRun(runId, { timeoutMs: 15_000 });
    expect(run.status).toBe('Cancelled');
    expect(Date.now() - t0).toBeLessThan(10_000);
    const activities = await engine.queries.listActivityRuns(runId);
    expect(activities.map((a) => [a.activityName, a.status])).toEqual([['Sleep', 'Cancelled'], ['Next', 'Cancelled']]);
  });

  it('reruns from the failed activity, reusing what succeeded, in the same group', async () => {
    const engine = await setup();
    await engine.factory.put('pipeline', pipeline('Flow', [
      act('Extract', 'TestEcho', { value: 'rows' }),
      act('Load', 'TestFail', { code: 'ACTIVITY_FAILED' }, { dependsOn: [after('Extract')] }),
    ]));
    const first = await engine.waitForRun((await engine.startRun('Flow')).runId, { timeoutMs: 20_000 });
    expect(first.status).toBe('Failed');
    const [extract1] = await engine.queries.listActivityRuns(first.runId);

    const second = await engine.waitForRun((await engine.rerun(first.runId, { type: 'fromFailed' })).runId, { timeoutMs: 20_000 });
    expect(second.runId).not.toBe(first.runId);
    expect(second.runGroupId).toBe(first.runGroupId);
    expect(second.isLatest).toBe(true);
    expect((await engine.getRun(first.runId)).isLatest).toBe(false);
    const activities = await engine.queries.listActivityRuns(second.runId);
    const extract2 = activities.find((a) => a.activityName === 'Extract');
    const load2 = activities.find((a) => a.activityName === 'Load');
    const load1 = (await engine.queries.listActivityRuns(first.runId)).find((a) => a.activityName === 'Load');
    // Extract is reused (same activity run, its output kept); Load ran again as a new activity run.
    expect(extract2?.activityRunId).toBe(extract1?.activityRunId);
    expect(extract2?.output).toEqual(extract1?.output);
    expect(load2?.activityRunId).not.toBe(load1?.activityRunId);
    expect(load2?.status).toBe('Failed');
    expect(second.status).toBe('Failed');
  });

  it('queues runs beyond the pipeline concurrency and starts them as slots free', async () => {
    const engine = await setup(8);
    await engine.factory.put('pipeline', pipeline('OneAtATime', [act('Sleep', 'TestSleep', { ms: 300 })], { concurrency: 1 }));
    const a = await engine.startRun('OneAtATime');
    const b = await engine.startRun('OneAtATime');
    expect(b.status).toBe('Queued');
    const ra = await engine.waitForRun(a.runId, { timeoutMs: 20_000 });
    const rb = await engine.waitForRun(b.runId, { timeoutMs: 20_000 });
    expect([ra.status, rb.status]).toEqual(['Succeeded', 'Succeeded']);
    const [sa] = await engine.queries.listActivityRuns(a.runId);
    const [sb] = await engine.queries.listActivityRuns(b.runId);
    expect(Date.parse(sb?.activityRunStart as string)).toBeGreaterThanOrEqual(Date.parse(sa?.activityRunEnd as string));
  });

  it('cancels a queued run without running it', async () => {
    const engine = await setup();
    await engine.factory.put('pipeline', pipeline('Single', [act('Sleep', 'TestSleep', { ms: 500 })], { concurrency: 1 }));
    const a = await engine.startRun('Single');
    const b = await engine.startRun('Single');
    await engine.cancelRun(b.runId);
    expect((await engine.waitForRun(b.runId, { timeoutMs: 10_000 })).status).toBe('Cancelled');
    expect((await engine.waitForRun(a.runId, { timeoutMs: 10_000 })).status).toBe('Succeeded');
    expect(await engine.queries.listActivityRuns(b.runId)).toEqual([]);
  });

  it('publishes every status change in order', async () => {
    const engine = await setup();
    await engine.factory.put('pipeline', pipeline('Watched', [
      act('A', 'TestEcho', {}),
      act('B', 'TestEcho', {}, { dependsOn: [after('A')] }),
    ]));
    const seen: StatusMessage[] = [];
    const stop = await engine.subscribe((m) => seen.push(m), { activities: true });
    const { runId } = await engine.startRun('Watched');
    await engine.waitForRun(runId, { timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 100));
    await stop();
    const mine = seen.filter((m) => m.runId === runId).map((m) => (m.kind === 'run' ? `run:${m.status}` : `${m.activityName}:${m.status}`));
    expect(mine[0]).toBe('run:Queued');
    expect(mine.indexOf('A:Succeeded')).toBeLessThan(mine.indexOf('B:Queued'));
    expect(mine.at(-1)).toBe('run:Succeeded');
    for (const name of ['A', 'B']) expect(mine.filter((s) => s.startsWith(`${name}:`))).toEqual(expect.arrayContaining([`${name}:Succeeded`]));
  });
});
