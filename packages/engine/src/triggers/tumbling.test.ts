import { describe, expect, it } from 'vitest';
import { lastReadyIndex, parseDependency, planWindows, requiredWindows, windowBounds, windowGrid, windowIndexStartingAt, type WindowState } from './tumbling.js';

const at = (s: string): number => Date.parse(s);
const iso = (t: number): string => new Date(t).toISOString();
const hourly = windowGrid({ frequency: 'Hour', interval: 1, startTime: '2024-01-01T00:00:00Z', maxConcurrency: 2 });

describe('window grid', () => {
  it('cuts fixed windows from startTime', () => {
    const b = windowBounds(hourly, 3);
    expect([iso(b.start), iso(b.end)]).toEqual(['2024-01-01T03:00:00.000Z', '2024-01-01T04:00:00.000Z']);
  });

  it('a window is ready once it has ended, plus delay', () => {
    expect(lastReadyIndex(hourly, at('2024-01-01T05:30:00Z'))).toBe(4);
    const delayed = windowGrid({ frequency: 'Hour', interval: 1, startTime: '2024-01-01T00:00:00Z', delay: '00:45:00', maxConcurrency: 1 });
    expect(lastReadyIndex(delayed, at('2024-01-01T05:30:00Z'))).toBe(3);
    expect(lastReadyIndex(delayed, at('2024-01-01T05:45:00Z'))).toBe(4);
    expect(lastReadyIndex(hourly, at('2023-12-31T23:00:00Z'))).toBe(-1);
  });

  it('no window ends after endTime', () => {
    const ending = windowGrid({ frequency: 'Minute', interval: 15, startTime: '2024-01-01T00:00:00Z', endTime: '2024-01-01T01:00:00Z', maxConcurrency: 1 });
    expect(lastReadyIndex(ending, at('2024-02-01T00:00:00Z'))).toBe(3);
  });

  it('monthly windows started on the 31st use shorter months\u2019 last day', () => {
    const monthly = windowGrid({ frequency: 'Month', interval: 1, startTime: '2024-01-31T00:00:00Z', maxConcurrency: 1 });
    expect([0, 1, 2, 3].map((i) => iso(windowBounds(monthly, i).start).slice(0, 10))).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']);
    expect(windowIndexStartingAt(monthly, at('2024-02-29T00:00:00Z'))).toBe(1);
    expect(windowIndexStartingAt(monthly, at('2024-02-28T00:00:00Z'))).toBeUndefined();
  });
});

describe('dependencies', () => {
  const quarter = windowGrid({ frequency: 'Minute', interval: 15, startTime: '2024-01-01T00:00:00Z', maxConcurrency: 1 });

  it('an hourly window depends on the four 15-minute windows it covers (default size)', () => {
    expect(requiredWindows(hourly, 2, parseDependency({}, '/d'), quarter)).toEqual([8, 9, 10, 11]);
  });

  it('offset and size move and size the range', () => {
    expect(requiredWindows(hourly, 2, parseDependency({ offset: '-01:00:00', size: '00:30:00' }, '/d'), quarter)).toEqual([4, 5]);
  });

  it('a self-dependency does not block the first window and blocks later ones on the previous one', () => {
    const self = parseDependency({ offset: '-01:00:00' }, '/d');
    expect(requiredWindows(hourly, 0, self, hourly)).toEqual([]);
    expect(requiredWindows(hourly, 5, self, hourly)).toEqual([4]);
  });

  it('rejects a malformed timespan at its pointer', () => {
    expect(() => parseDependency({ offset: '1 hour' }, '/properties/typeProperties/dependsOn/0'))
      .toThrow(expect.objectContaining({ code: 'TRIGGER_INVALID', location: { pointer: '/properties/typeProperties/dependsOn/0/offset' } }));
  });
});

describe('planWindows', () => {
  const state = (status: WindowState['status'], attempts = 1, retryAt?: number): WindowState => ({ status, runIds: ['r'], attempts, ...(retryAt !== undefined ? { retryAt } : {}) });
  const base = { now: 1000, retryCount: 0, dependenciesMet: () => true };

  it('backfills the past oldest first, within maxConcurrency', () => {
    const plan = planWindows({ ...base, cursor: 0, ready: 9, windows: new Map(), maxConcurrency: 3 });
    expect(plan.start).toEqual([{ index: 0, attempt: 1 }, { index: 1, attempt: 1 }, { index: 2, attempt: 1 }]);
  });

  it('running windows take slots; finished ones move the cursor', () => {
    const windows = new Map([[0, state('Succeeded')], [1, state('Running')], [2, state('Succeeded')], [3, state('Running')]]);
    const plan = planWindows({ ...base, cursor: 0, ready: 9, windows, maxConcurrency: 3 });
    expect(plan).toEqual({ cursor: 1, start: [{ index: 4, attempt: 1 }] });
  });

  it('nothing starts when maxConcurrency windows are running', () => {
    const windows = new Map([[0, state('Running')], [1, state('Running')]]);
    expect(planWindows({ ...base, cursor: 0, ready: 9, windows, maxConcurrency: 2 }).start).toEqual([]);
  });

  it('a failed window is retried after its interval, up to retryPolicy.count', () => {
    const windows = new Map([[0, state('Failed', 1, 2000)], [1, state('Failed', 2, 0)]]);
    const early = planWindows({ ...base, retryCount: 1, cursor: 0, ready: 1, windows, maxConcurrency: 5 });
    expect(early.start).toEqual([]);
    expect(early.cursor).toBe(0);
    const later = planWindows({ ...base, now: 2000, retryCount: 1, cursor: 0, ready: 1, windows, maxConcurrency: 5 });
    expect(later.start).toEqual([{ index: 0, attempt: 2 }]);
  });

  it('a window whose dependency has not succeeded waits; later independent windows go on', () => {
    const plan = planWindows({ ...base, cursor: 0, ready: 3, windows: new Map(), maxConcurrency: 5, dependenciesMet: (i) => i !== 1 });
    expect(plan.start.map((s) => s.index)).toEqual([0, 2, 3]);
  });
});
