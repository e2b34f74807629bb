import { afterEach, describe, expect, it } from 'vitest';
import { scaledClock, TriggerAdmin, type Engine, type PipelineRun } from '@sluice/engine/runtime';
import { act, pipeline, testEngine, until } from '../helpers/engine.js';
import { peerEngine, service, trigger } from './helpers.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!().catch(() => undefined);
});

async function setup(): Promise<{ engine: Engine; admin: TriggerAdmin }> {
  const t = testEngine();
  closers.push(t.cleanup);
  await t.engine.startWorker({ concurrency: 8, reaperIntervalMs: 0 });
  return { engine: t.engine, admin: new TriggerAdmin(t.engine) };
}

const windowPipeline = (name: string, activities: unknown[]): ReturnType<typeof pipeline> =>
  pipeline(name, activities, { parameters: { from: { type: 'String' }, to: { type: 'String' } } });
const windowParameters = { from: '@trigger().outputs.windowStartTime', to: '@trigger().outputs.windowEndTime' };

/** The most runs that overlapped in time. */
function maxOverlap(runs: PipelineRun[]): number {
  const points = runs.flatMap((r) => [[Date.parse(r.runStart), 1], [Date.parse(r.runEnd!), -1]] as Array<[number, number]>).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, d] of points) most = Math.max(most, (now += d));
  return most;
}

describe('tumbling-window triggers', () => {
  it('backfills past windows oldest first within maxConcurrency, with window outputs; windows mirror their runs; two services start each window once', async () => {
    const { engine, admin } = await setup();
    const peer = peerEngine(engine);
    closers.push(() => peer.close());
    await engine.factory.put('pipeline', windowPipeline('Window', [act('Sleep', 'TestSleep', { ms: 150 }), act('Echo', 'TestEcho', { value: '@pipeline().parameters.from' }, { dependsOn: [{ activity: 'Sleep', dependencyConditions: ['Succeeded'] }] })]));
    await engine.factory.put('trigger', trigger('Hourly', 'TumblingWindowTrigger',
      { frequency: 'Hour', interval: 1, startTime: '2024-01-01T00:00:00Z', endTime: '2024-01-01T06:00:00Z', maxConcurrency: 2 },
      [{ name: 'Window', parameters: windowParameters }]));
    await admin.start('Hourly');
    // The services start long after the windows: all six are in the past.
    const clock = scaledClock(Date.parse('2024-01-02T00:00:00Z'), 1);
    for (const e of [engine, peer]) {
      const s = await service(e, { clock });
      closers.push(() => s.service.close());
    }
    const windows = await until(async () => {
      const w = await admin.windows('Hourly');
      return w.length === 6 && w.every((x) => x.status === 'Succeeded') ? w : undefined;
    });
    expect(windows.map((w) => w.windowStartTime)).toEqual([5, 4, 3, 2, 1, 0].map((h) => `2024-01-01T0${h}:00:00.000Z`));
    expect(windows.every((w) => w.attempts === 1 && w.runIds.length === 1)).toBe(true);
    const runs = await Promise.all([...windows].reverse().map((w) => engine.getRun(w.runIds[0]!)));
    // Oldest first: runs were started in window order.
    const starts = runs.map((r) => Date.parse(r.runStart));
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect(maxOverlap(runs)).toBeLessThanOrEqual(2);
    expect(runs[0]!.parameters).toEqual({ from: '2024-01-01T00:00:00.000Z', to: '2024-01-01T01:00:00.000Z' });
    const { runs: all } = await engine.queries.listRuns({ pipelineName: 'Window', limit: 100 });
    expect(all.length).toBe(6); // two services, each window once
  });

  it('a self-dependency runs windows one after another; a failed window is retried per retryPolicy and can be rerun', async () => {
    const { engine, admin } = await setup();
    await engine.factory.put('pipeline', windowPipeline('Chain', [act('Sleep', 'TestSleep', { ms: 50 })]));
    await engine.factory.put('pipeline', windowPipeline('Broken', [act('Fail', 'TestFail', { message: 'no' })]));
    await engine.factory.put('trigger', trigger('Chained', 'TumblingWindowTrigger', {
      frequency: 'Minute', interval: 15, startTime: '2024-01-01T00:00:00Z', endTime: '2024-01-01T01:00:00Z', maxConcurrency: 4,
      dependsOn: [{ type: 'SelfDependencyTumblingWindowTriggerReference', offset: '-00:15:00' }],
    }, [{ name: 'Chain', parameters: windowParameters }]));
    await engine.factory.put('trigger', trigger('Failing', 'TumblingWindowTrigger', {
      frequency: 'Hour', interval: 1, startTime: '2024-01-01T00:00:00Z', endTime: '2024-01-01T01:00:00Z', maxConcurrency: 1,
      retryPolicy: { count: 1, intervalInSeconds: 0 },
    }, [{ name: 'Broken', parameters: windowParameters }]));
    await admin.start('Chained');
    await admin.start('Failing');
    const s = await service(engine, { clock: scaledClock(Date.parse('2024-01-02T00:00:00Z'), 1) });
    closers.push(() => s.service.close());

    const chained = await until(async () => {
      const w = await admin.windows('Chained');
      return w.length === 4 && w.every((x) => x.status === 'Succeeded') ? w : undefined;
    });
    const runs = await Promise.all([...chained].reverse().map((w) => engine.getRun(w.runIds[0]!)));
    for (let i = 1; i < runs.length; i++) expect(Date.parse(runs[i]!.runStart)).toBeGreaterThanOrEqual(Date.parse(runs[i - 1]!.runEnd!));

    const failed = await until(async () => {
      const [w] = await admin.windows('Failing');
      return w && w.status === 'Failed' && w.attempts === 2 ? w : undefined;
    });
    expect(failed.runIds).toHaveLength(2);
    const rerun = await admin.rerunWindow('Failing', '2024-01-01T00:00:00Z');
    expect(rerun.status).toBe('Waiting');
    const again = await until(async () => {
      const [w] = await admin.windows('Failing');
      return w && w.status === 'Failed' && w.runIds.length === 4 ? w : undefined;
    });
    expect(again.attempts).toBe(2);
    await expect(admin.rerunWindow('Failing', '2024-01-01T00:30:00Z')).rejects.toMatchObject({ code: 'TRIGGER_WINDOW_NOT_FOUND' });
  });

  it('waits on another trigger\u2019s windows and catches up after downtime', async () => {
    const { engine, admin } = await setup();
    await engine.factory.put('pipeline', windowPipeline('Step', [act('Echo', 'TestEcho', { value: 1 })]));
    await engine.factory.put('trigger', trigger('Quarter', 'TumblingWindowTrigger',
      { frequency: 'Minute', interval: 15, startTime: '2024-01-01T00:00:00Z', maxConcurrency: 4 }, [{ name: 'Step', parameters: windowParameters }]));
    await engine.factory.put('trigger', trigger('HourAfterQuarters', 'TumblingWindowTrigger', {
      frequency: 'Hour', interval: 1, startTime: '2024-01-01T00:00:00Z', maxConcurrency: 4,
      dependsOn: [{ type: 'TumblingWindowTriggerDependencyReference', referenceTrigger: { referenceName: 'Quarter', type: 'TriggerReference' } }],
    }, [{ name: 'Step', parameters: windowParameters }]));
    await admin.start('HourAfterQuarters');
    // Only the dependent trigger runs at first: its windows wait.
    const clock = scaledClock(Date.parse('2024-01-01T02:00:00Z'), 1);
    const first = await service(engine, { clock });
    closers.push(() => first.service.close());
    await until(async () => ((await engine.redis.hget(engine.keys.trigger('HourAfterQuarters', 'meta'), 'plannedAt')) !== null ? true : undefined));
    expect(await admin.windows('HourAfterQuarters')).toEqual([]);
    // The service stops (downtime); the quarter-hour trigger starts; a new service catches everything up.
    await first.service.close();
    await admin.start('Quarter');
    const second = await service(engine, { clock });
    closers.push(() => second.service.close());
    const hours = await until(async () => {
      const w = await admin.windows('HourAfterQuarters');
      return w.length === 2 && w.every((x) => x.status === 'Succeeded') ? w : undefined;
    });
    const quarters = await admin.windows('Quarter');
    expect(quarters.map((q) => q.windowStartTime).sort()).toEqual(['00:00', '00:15', '00:30', '00:45', '01:00', '01:15', '01:30', '01:45'].map((t) => `2024-01-01T${t}:00.000Z`));
    // Each hour window started after its four quarter windows ended.
    const hourRun = await engine.getRun(hours.find((h) => h.windowStartTime === '2024-01-01T01:00:00.000Z')!.runIds[0]!);
    for (const q of quarters.filter((x) => x.windowStartTime.startsWith('2024-01-01T01'))) {
      expect(Date.parse(hourRun.runStart)).toBeGreaterThanOrEqual(Date.parse((await engine.getRun(q.runIds[0]!)).runEnd!));
    }
  });
});
