import { afterEach, describe, expect, it } from 'vitest';
import { scaledClock, TriggerAdmin, type TriggerService } from '@sluice/engine/runtime';
import { pipeline, act, testEngine, until } from '../helpers/engine.js';
import { peerEngine, service, trigger } from './helpers.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!().catch(() => undefined);
});

describe('schedule triggers', () => {
  it('two trigger services fire each scheduled time once, with @trigger().scheduledTime, and never replay missed times', async () => {
    const t = testEngine();
    closers.push(t.cleanup);
    const engine = t.engine;
    const peer = peerEngine(engine);
    closers.push(() => peer.close());
    await engine.factory.put('pipeline', pipeline('Tick', [act('Echo', 'TestEcho', { value: '@pipeline().parameters.at' })], { parameters: { at: { type: 'String' }, day: { type: 'String' } } }));
    await engine.factory.put('trigger', trigger('EveryMinute', 'ScheduleTrigger',
      { recurrence: { frequency: 'Minute', interval: 1, startTime: '2024-01-01T00:00:00Z', timeZone: 'UTC' } },
      [{ name: 'Tick', parameters: { at: '@trigger().scheduledTime', day: "@formatDateTime(trigger().scheduledTime, 'yyyy-MM-dd')" } }]));
    const admin = new TriggerAdmin(engine);
    await admin.start('EveryMinute');

    // Simulated time: a minute per 100 real ms, starting at 00:00:30 — after the time 00:00:00 was due.
    const origin = Date.now();
    const clock = scaledClock(Date.parse('2024-01-01T00:00:30Z'), 600, origin);
    const services: TriggerService[] = [];
    for (const e of [engine, peer]) {
      const s = await service(e, { clock });
      services.push(s.service);
      closers.push(() => s.service.close());
    }
    const runs = await until(async () => {
      const list = await admin.runs('EveryMinute', { limit: 1000 });
      return list.length >= 8 ? list : undefined;
    });
    await Promise.all(services.map((s) => s.close()));
    const all = await admin.runs('EveryMinute', { limit: 1000 });
    expect(all.length).toBeGreaterThanOrEqual(runs.length);
    const scheduled = all.map((r) => String(r.properties.scheduledTime)).sort();
    expect(new Set(scheduled).size).toBe(all.length); // each time fired once
    expect(scheduled).not.toContain('2024-01-01T00:00:00.000Z'); // due before the services started: not replayed
    for (const s of scheduled) expect(s).toMatch(/^2024-01-01T00:\d\d:00\.000Z$/);
    // One pipeline run per firing, with the parameters evaluated from @trigger().
    const { runs: pipelineRuns } = await engine.queries.listRuns({ pipelineName: 'Tick', limit: 1000 });
    expect(pipelineRuns.length).toBe(all.length);
    const first = all.find((r) => r.properties.scheduledTime === scheduled[0])!;
    const minute = scheduled[0]!;
    const run = await engine.getRun(first.triggeredPipelines.Tick!);
    expect(run.parameters).toEqual({ at: minute, day: '2024-01-01' });
    expect(run.invokedBy).toMatchObject({ type: 'ScheduleTrigger', name: 'EveryMinute', id: first.triggerRunId });
    expect(first.status).toBe('Succeeded');
  });

  it('a stopped trigger does not fire; start/stop state is kept in Redis', async () => {
    const t = testEngine();
    closers.push(t.cleanup);
    const engine = t.engine;
    await engine.factory.put('pipeline', pipeline('Tick', [act('Echo', 'TestEcho', { value: 1 })]));
    await engine.factory.put('trigger', trigger('T', 'ScheduleTrigger', { recurrence: { frequency: 'Minute', interval: 1, startTime: '2024-01-01T00:00:00Z' } }, [{ name: 'Tick' }]));
    const admin = new TriggerAdmin(engine);
    expect((await admin.status('T')).runtimeState).toBe('Stopped');
    const s = await service(engine, { clock: scaledClock(Date.parse('2024-01-01T00:00:00Z'), 600) });
    closers.push(() => s.service.close());
    expect(s.service.running).toEqual([]);
    await admin.start('T');
    await until(async () => (s.service.running.includes('t') ? true : undefined));
    await until(async () => ((await admin.runs('T')).length >= 1 ? true : undefined));
    await admin.stop('T');
    await until(async () => (s.service.running.length === 0 ? true : undefined));
    expect((await admin.list()).map((x) => [x.name, x.runtimeState])).toEqual([['T', 'Stopped']]);
    await expect(admin.start('Nope')).rejects.toMatchObject({ code: 'TRIGGER_NOT_FOUND' });
  });
});
