import { describe, expect, it } from 'vitest';
import { nextFireTimes, type Recurrence } from './schedule.js';

const iso = (ms: number[]): string[] => ms.map((t) => new Date(t).toISOString().replace('.000Z', 'Z'));
const at = (s: string): number => Date.parse(s);

describe('nextFireTimes', () => {
  const cases: Array<{ name: string; r: Recurrence; after: string; count: number; expected: string[] }> = [
    {
      name: 'every 15 minutes from the start, strictly after the given instant',
      r: { frequency: 'Minute', interval: 15, startTime: '2024-01-01T00:05:00Z' },
      after: '2024-01-01T01:05:00Z', count: 3,
      expected: ['2024-01-01T01:20:00Z', '2024-01-01T01:35:00Z', '2024-01-01T01:50:00Z'],
    },
    {
      name: 'a start in the future fires first at the start',
      r: { frequency: 'Hour', interval: 2, startTime: '2030-05-01T10:00:00Z' },
      after: '2024-01-01T00:00:00Z', count: 2,
      expected: ['2030-05-01T10:00:00Z', '2030-05-01T12:00:00Z'],
    },
    {
      name: 'daily 08:00 in W. Europe Standard Time keeps 08:00 local across the spring DST change',
      r: { frequency: 'Day', interval: 1, startTime: '2024-03-01T08:00:00', timeZone: 'W. Europe Standard Time' },
      after: '2024-03-29T12:00:00Z', count: 3,
      expected: ['2024-03-30T07:00:00Z', '2024-03-31T06:00:00Z', '2024-04-01T06:00:00Z'],
    },
    {
      name: 'a time skipped by the spring-forward gap fires once, after the gap',
      r: { frequency: 'Day', interval: 1, startTime: '2024-03-01T02:30:00', timeZone: 'W. Europe Standard Time' },
      after: '2024-03-30T00:00:00Z', count: 3,
      expected: ['2024-03-30T01:30:00Z', '2024-03-31T01:30:00Z', '2024-04-01T00:30:00Z'],
    },
    {
      name: 'a time that happens twice in the autumn fires once (the first time)',
      r: { frequency: 'Day', interval: 1, startTime: '2024-10-01T02:30:00', timeZone: 'W. Europe Standard Time' },
      after: '2024-10-26T12:00:00Z', count: 2,
      expected: ['2024-10-27T00:30:00Z', '2024-10-28T01:30:00Z'],
    },
    {
      name: 'Pacific Standard Time: schedule hours and minutes across the US DST change',
      r: { frequency: 'Day', interval: 1, startTime: '2024-03-01T00:00:00', timeZone: 'Pacific Standard Time', schedule: { hours: [6, 18], minutes: [0] } },
      after: '2024-03-09T12:00:00Z', count: 4,
      expected: ['2024-03-09T14:00:00Z', '2024-03-10T02:00:00Z', '2024-03-10T13:00:00Z', '2024-03-11T01:00:00Z'],
    },
    {
      name: 'monthDays 31 skips the months without a 31st',
      r: { frequency: 'Month', interval: 1, startTime: '2024-01-01T00:00:00Z', schedule: { monthDays: [31], hours: [3], minutes: [0] } },
      after: '2024-01-01T00:00:00Z', count: 4,
      expected: ['2024-01-31T03:00:00Z', '2024-03-31T03:00:00Z', '2024-05-31T03:00:00Z', '2024-07-31T03:00:00Z'],
    },
    {
      name: 'monthDays -1 is the last day of each month (leap February)',
      r: { frequency: 'Month', interval: 1, startTime: '2024-01-01T00:00:00Z', schedule: { monthDays: [-1], hours: [0], minutes: [0] } },
      after: '2024-01-01T00:00:00Z', count: 3,
      expected: ['2024-01-31T00:00:00Z', '2024-02-29T00:00:00Z', '2024-03-31T00:00:00Z'],
    },
    {
      name: 'a plain monthly recurrence started on the 31st runs on shorter months\u2019 last day',
      r: { frequency: 'Month', interval: 1, startTime: '2023-01-31T09:00:00Z' },
      after: '2023-01-01T00:00:00Z', count: 4,
      expected: ['2023-01-31T09:00:00Z', '2023-02-28T09:00:00Z', '2023-03-31T09:00:00Z', '2023-04-30T09:00:00Z'],
    },
    {
      name: 'monthly occurrences: first Monday and last Friday',
      r: { frequency: 'Month', interval: 1, startTime: '2024-01-01T00:00:00Z', schedule: { monthlyOccurrences: [{ day: 'Monday', occurrence: 1 }, { day: 'friday', occurrence: -1 }], hours: [12], minutes: [0] } },
      after: '2024-01-01T00:00:00Z', count: 4,
      expected: ['2024-01-01T12:00:00Z', '2024-01-26T12:00:00Z', '2024-02-05T12:00:00Z', '2024-02-23T12:00:00Z'],
    },
    {
      name: 'every 2 weeks on Monday and Friday at 09:00 and 09:30',
      r: { frequency: 'Week', interval: 2, startTime: '2024-01-01T00:00:00Z', schedule: { weekDays: ['Monday', 'Friday'], hours: [9], minutes: [30, 0] } },
      after: '2024-01-01T00:00:00Z', count: 6,
      expected: ['2024-01-01T09:00:00Z', '2024-01-01T09:30:00Z', '2024-01-05T09:00:00Z', '2024-01-05T09:30:00Z', '2024-01-15T09:00:00Z', '2024-01-15T09:30:00Z'],
    },
    {
      name: 'hourly at minutes 0 and 30 every 3 hours',
      r: { frequency: 'Hour', interval: 3, startTime: '2024-01-01T01:10:00Z', schedule: { minutes: [0, 30] } },
      after: '2024-01-01T00:00:00Z', count: 4,
      expected: ['2024-01-01T01:30:00Z', '2024-01-01T04:00:00Z', '2024-01-01T04:30:00Z', '2024-01-01T07:00:00Z'],
    },
    {
      name: 'endTime ends the recurrence',
      r: { frequency: 'Day', interval: 1, startTime: '2024-01-01T06:00:00Z', endTime: '2024-01-03T06:00:00Z' },
      after: '2024-01-01T12:00:00Z', count: 5,
      expected: ['2024-01-02T06:00:00Z', '2024-01-03T06:00:00Z'],
    },
    {
      name: 'a start with an explicit offset is an instant, whatever the zone',
      r: { frequency: 'Day', interval: 1, startTime: '2024-06-01T10:00:00+02:00', timeZone: 'Tokyo Standard Time' },
      after: '2024-06-01T00:00:00Z', count: 2,
      expected: ['2024-06-01T08:00:00Z', '2024-06-02T08:00:00Z'],
    },
    {
      name: 'far from the start, without walking every period',
      r: { frequency: 'Minute', interval: 1, startTime: '2000-01-01T00:00:00Z' },
      after: '2024-01-01T00:00:30Z', count: 1,
      expected: ['2024-01-01T00:01:00Z'],
    },
  ];
  it.each(cases)('$name', ({ r, after, count, expected }) => {
    expect(iso(nextFireTimes(r, at(after), count))).toEqual(expected);
  });

  it('rejects an unknown time zone with TRIGGER_INVALID at its pointer', () => {
    expect(() => nextFireTimes({ frequency: 'Day', interval: 1, startTime: '2024-01-01T00:00:00', timeZone: 'Mars Standard Time' }, 0, 1))
      .toThrow(expect.objectContaining({ code: 'TRIGGER_INVALID', location: { pointer: '/properties/typeProperties/recurrence/timeZone' } }));
  });
});
