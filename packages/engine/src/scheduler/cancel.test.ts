import { describe, expect, it } from 'vitest';
import { createRunState } from './create-run.js';
import { step } from './step.js';
import { act, drive, runsOf, statuses } from './testing.js';
import type { RunState, StepEnv } from './types.js';

const T0 = '2024-01-01T00:00:00.000Z';
const T1 = '2024-01-01T00:00:01.000Z';
let ids = 0;
const env = (now = T1): StepEnv => ({ now, newId: () => `c-${++ids}` });
const newRun = (activities: unknown[]): RunState => createRunState({ runId: 'r1', pipeline: { name: 'p', properties: { activities } }, now: T0 });

describe('cancelling a run', () => {
  it('cancels in-flight work, waits for it to report, then ends Cancelled', () => {
    const running = step(newRun([act('A'), act('B', { A: ['Succeeded'] })]), { type: 'RunStarted', at: T0 }, env(T0)).state;
    const cancelling = step(running, { type: 'CancelRequested', at: T1, reason: 'User asked' }, env());
    const a = running.activities['/A'];
    expect(cancelling.commands).toEqual([{ type: 'CancelActivity', key: '/A', activityRunId: a?.activityRunId }]);
    expect(cancelling.state.status).toBe('Cancelling');
    expect(cancelling.state.activities['/B']?.status).toBe('Cancelled');
    expect(step(cancelling.state, { type: 'CancelRequested', at: T1 }, env()).commands).toEqual([]);

    const done = step(cancelling.state, { type: 'ActivityCompleted', key: '/A', status: 'Cancelled', at: T1 }, env());
    expect(done.state).toMatchObject({ status: 'Cancelled', runEnd: T1, message: 'User asked' });
    expect(done.state.activities['/A']?.status).toBe('Cancelled');
    expect(done.commands).toEqual([{ type: 'RunFinished', status: 'Cancelled' }]);
  });

  it('keeps what a racing activity reported, and still ends Cancelled', () => {
    const running = step(newRun([act('A'), act('B')]), { type: 'RunStarted', at: T0 }, env(T0)).state;
    const cancelling = step(running, { type: 'CancelRequested', at: T1 }, env()).state;
    const one = step(cancelling, { type: 'ActivityCompleted', key: '/A', status: 'Succeeded', output: {}, at: T1 }, env());
    expect(one.state.status).toBe('Cancelling');
    expect(one.commands).toEqual([]);
    const two = step(one.state, { type: 'ActivityCompleted', key: '/B', status: 'Cancelled', at: T1 }, env());
    expect(statuses(two.state)).toEqual({ A: 'Succeeded', B: 'Cancelled' });
    expect(two.state.status).toBe('Cancelled');
  });

  it('ends at once when nothing is in flight (a Wait)', () => {
    const { state, commands } = drive({ pipeline: { activities: [{ name: 'Pause', type: 'Wait', typeProperties: { waitTimeInSeconds: 60 } }, act('After', { Pause: ['Succeeded'] })] }, cancelAtMs: 10_000 });
    expect(state.status).toBe('Cancelled');
    expect(state.runEnd).toBe('2024-01-01T00:00:10.000Z');
    expect(statuses(state)).toEqual({ Pause: 'Cancelled', After: 'Cancelled' });
    expect(commands.filter((c) => c.type === 'CancelActivity')).toEqual([]);
  });

  it('ends a queued run at once', () => {
    const { state, commands } = step(newRun([act('A')]), { type: 'CancelRequested', at: T1 }, env());
    expect(state.status).toBe('Cancelled');
    expect(commands).toEqual([{ type: 'RunFinished', status: 'Cancelled' }]);
    expect(step(state, { type: 'RunStarted', at: T1 }, env()).commands).toEqual([]);
  });

  it('cancels every running iteration of a ForEach, and the ForEach with them', () => {
    const loop = { name: 'Loop', type: 'ForEach', typeProperties: { items: '@range(0, 10)', batchCount: 4, activities: [act('Work')] } };
    const { state, commands } = drive({ pipeline: { activities: [loop] }, durationMs: 5000, cancelAtMs: 1000 });
    expect(commands.filter((c) => c.type === 'CancelActivity').length).toBe(4);
    expect(runsOf(state, 'Work').map((r) => r.status)).toEqual(['Cancelled', 'Cancelled', 'Cancelled', 'Cancelled']);
    expect(runsOf(state, 'Loop')[0]?.status).toBe('Cancelled');
    expect(Object.values(state.frames).map((f) => f.status)).toEqual(['Cancelled', 'Cancelled', 'Cancelled', 'Cancelled', 'Cancelled']);
    expect(state.status).toBe('Cancelled');
  });

  it('cancels a waited-on child run', () => {
    const exec = { name: 'Child', type: 'ExecutePipeline', typeProperties: { pipeline: { referenceName: 'child', type: 'PipelineReference' } } };
    const { state, commands } = drive({ pipeline: { activities: [exec] }, durationMs: 5000, cancelAtMs: 1000 });
    expect(commands.filter((c) => c.type === 'CancelActivity').map((c) => c.key)).toEqual(['/Child']);
    expect(state.status).toBe('Cancelled');
  });

  it('schedules nothing new while cancelling', () => {
    const running = step(newRun([act('A'), act('B', { A: ['Completed'] })]), { type: 'RunStarted', at: T0 }, env(T0)).state;
    const cancelling = step(running, { type: 'CancelRequested', at: T1 }, env()).state;
    const done = step(cancelling, { type: 'ActivityCompleted', key: '/A', status: 'Failed', at: T1 }, env());
    expect(done.commands.filter((c) => c.type === 'RunActivity')).toEqual([]);
    expect(done.state.activities['/B']?.status).toBe('Cancelled');
  });
});
