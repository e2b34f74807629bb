import { describe, expect, it } from 'vitest';
import {
  addMonths,
  addTicks,
  DateTimeError,
  daysInMonth,
  epochMsFromTicks,
  formatTimeSpan,
  instantFromEpochMs,
  isLeapYear,
  MAX_TICKS,
  partsFromTicks,
  TICKS_PER_DAY,
  ticksFromParts,
  UNIX_EPOCH_TICKS,
  type Instant,
} from './instant.js';

const utc = (ticks: bigint): Instant => ({ ticks, kind: 'utc' });

describe('instant: calendar arithmetic', () => {
  it.each<[number, boolean]>([
    [1900, false],
    [2000, true],
    [2016, true],
    [2018, false],
    [2100, false],
    [2400, true],
  ])('isLeapYear(%i) = %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });

  it.each<[number, number, number]>([
    [2018, 2, 28],
    [2016, 2, 29],
    [1900, 2, 28],
    [2000, 2, 29],
    [2018, 4, 30],
    [2018, 12, 31],
  ])('daysInMonth(%i, %i) = %i', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });

  it('agrees with JavaScript Date on every day from 1600 to 2400 (sampled every 7 days)', () => {
    for (let ms = Date.UTC(1600, 0, 1); ms < Date.UTC(2400, 0, 1); ms += 7 * 86_400_000 + 3_601_000) {
      const d = new Date(ms);
      const ticks = instantFromEpochMs(ms).ticks;
      const p = partsFromTicks(ticks);
      expect([p.year, p.month, p.day, p.hour, p.minute, p.second, p.dayOfWeek]).toEqual([
        d.getUTCFullYear(),
        d.getUTCMonth() + 1,
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
        d.getUTCDay(),
      ]);
      expect(ticksFromParts(p.year, p.month, p.day, p.hour, p.minute, p.second, p.fraction)).toBe(ticks);
      expect(epochMsFromTicks(ticks)).toBe(ms);
    }
  });

  it('knows the limits of .NET DateTime', () => {
    expect(ticksFromParts(1, 1, 1)).toBe(0n);
    expect(ticksFromParts(9999, 12, 31, 23, 59, 59, 9_999_999)).toBe(MAX_TICKS);
    expect(partsFromTicks(MAX_TICKS)).toMatchObject({ year: 9999, month: 12, day: 31, fraction: 9_999_999, dayOfYear: 365 });
    expect(partsFromTicks(0n)).toMatchObject({ year: 1, month: 1, day: 1, dayOfWeek: 1 });
    expect(ticksFromParts(1970, 1, 1)).toBe(UNIX_EPOCH_TICKS);
    expect(() => ticksFromParts(2018, 2, 29)).toThrow(DateTimeError);
    expect(() => ticksFromParts(10000, 1, 1)).toThrow(DateTimeError);
    expect(() => addTicks(utc(MAX_TICKS), 1n)).toThrow('un-representable');
    expect(() => addTicks(utc(0n), -1n)).toThrow('un-representable');
  });

  it('keeps sub-millisecond ticks through epoch conversion (rounding down)', () => {
    expect(epochMsFromTicks(UNIX_EPOCH_TICKS + 12_345n)).toBe(1);
    expect(epochMsFromTicks(UNIX_EPOCH_TICKS - 1n)).toBe(-1);
  });
});

describe('instant: addMonths clamps like .NET AddMonths', () => {
  const at = (y: number, m: number, d: number, h = 0): Instant => utc(ticksFromParts(y, m, d, h));
  it.each<[Instant, number, Instant]>([
    [at(2018, 1, 31, 10), 1, at(2018, 2, 28, 10)],
    [at(2016, 1, 31), 1, at(2016, 2, 29)],
    [at(2016, 3, 31), -1, at(2016, 2, 29)],
    [at(2018, 12, 15), 1, at(2019, 1, 15)],
    [at(2018, 1, 15), -1, at(2017, 12, 15)],
    [at(2016, 2, 29), 12, at(2017, 2, 28)],
    [at(2016, 2, 29), 48, at(2020, 2, 29)],
    [at(2018, 5, 31), -15, at(2017, 2, 28)],
  ])('%o + %i months', (from, months, to) => {
    expect(addMonths(from, months)).toEqual(to);
  });

  it('fails outside years 1–9999', () => {
    expect(() => addMonths(at(9999, 12, 1), 1)).toThrow('un-representable');
    expect(() => addMonths(at(1, 1, 1), -1)).toThrow('un-representable');
  });
});

describe('instant: TimeSpan text', () => {
  it.each<[bigint, string]>([
    [0n, '00:00:00'],
    [1268n * TICKS_PER_DAY, '1268.00:00:00'],
    [-1268n * TICKS_PER_DAY, '-1268.00:00:00'],
    [36_610_000_001n, '01:01:01.0000001'],
    [-15_000_000n, '-00:00:01.5000000'],
    [TICKS_PER_DAY + 1n, '1.00:00:00.0000001'],
  ])('%s ticks → %s', (ticks, text) => {
    expect(formatTimeSpan(ticks)).toBe(text);
  });
});
