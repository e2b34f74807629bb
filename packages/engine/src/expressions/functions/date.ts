import type { CallSite } from '../context.js';
import { makeInteger, type Value } from '../values.js';
import { arg, hasArg, intArg, stringArg } from './args.js';
import { cultureFor, EN_US, type Culture } from './datetime/culture.js';
import { formatInstant } from './datetime/dotnet-format.js';
import {
  addMonths,
  addTicks,
  DateTimeError,
  formatTimeSpan,
  instantFromEpochMs,
  partsFromTicks,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MINUTE,
  TICKS_PER_SECOND,
  type Instant,
} from './datetime/instant.js';
import { parseExact } from './datetime/parse-exact.js';
import { parseTimestamp, todayOf } from './datetime/parse.js';
import { requireTimeZone, utcToZone, zoneToUtc, type TimeZone } from './datetime/zones.js';
import { fn, type ExpressionFunction } from './types.js';

/**
 * ADF's date functions (and Logic Apps' `dateDifference` and `parseDateTime`). Timestamps are strings in
 * and out; in between they are {@link Instant}s with 100-ns ticks, so seven fractional digits survive.
 * Results default to the round-trip format `'o'` (`2018-03-25T13:00:00.0000000Z`); an optional `format`
 * is any .NET standard or custom date format, written with en-US culture data.
 */

/** Runs date machinery, turning its failures into located expression errors. */
function guard<T>(call: CallSite, work: () => T): T {
  try {
    return work();
  } catch (e) {
    if (e instanceof DateTimeError) return call.fail(`In function '${call.name}', ${lowerFirst(e.message)}`);
    throw e;
  }
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** The current instant from the evaluator's clock. */
function now(call: CallSite): Instant {
  return guard(call, () => instantFromEpochMs(call.now().getTime()));
}

/** Reads the timestamp argument at `index`. */
function timestampArg(args: Value[], index: number, call: CallSite): Instant {
  const text = stringArg(args, index, call);
  return guard(call, () => parseTimestamp(text, EN_US, todayOf(now(call))));
}

/** An optional string argument: absent, null or '' read as undefined. */
function optionalString(args: Value[], index: number, call: CallSite): string | undefined {
  if (!hasArg(args, index) || arg(args, index) === null) return undefined;
  const text = stringArg(args, index, call);
  return text === '' ? undefined : text;
}

/** Formats a result with the optional format argument at `index` (default `'o'`). */
function output(value: Instant, args: Value[], index: number, call: CallSite, culture: Culture = EN_US): string {
  const format = optionalString(args, index, call) ?? 'o';
  return guard(call, () => formatInstant(value, format, culture));
}

function localeArg(args: Value[], index: number, call: CallSite): Culture {
  const locale = optionalString(args, index, call);
  return locale === undefined ? EN_US : guard(call, () => cultureFor(locale));
}

function zoneArg(args: Value[], index: number, call: CallSite): TimeZone {
  const name = stringArg(args, index, call);
  return guard(call, () => requireTimeZone(name));
}

const UNITS = ['Second', 'Minute', 'Hour', 'Day', 'Week', 'Month', 'Year'] as const;
type TimeUnit = (typeof UNITS)[number];

function unitArg(args: Value[], index: number, call: CallSite): TimeUnit {
  const text = stringArg(args, index, call);
  const unit = UNITS.find((u) => u.toLowerCase() === text.toLowerCase());
  if (unit === undefined) {
    return call.fail(
      `The template language function '${call.name}' expects its parameter ${index + 1} to be one of ${UNITS.map((u) => `'${u}'`).join(', ')}. The provided value is '${text}'.`,
    );
  }
  return unit;
}

const UNIT_TICKS: Readonly<Record<'Second' | 'Minute' | 'Hour' | 'Day' | 'Week', bigint>> = {
  Second: TICKS_PER_SECOND,
  Minute: TICKS_PER_MINUTE,
  Hour: TICKS_PER_HOUR,
  Day: TICKS_PER_DAY,
  Week: 7n * TICKS_PER_DAY,
};

/** Adds `interval` units; months and years clamp the day as .NET's `AddMonths`. */
function shift(value: Instant, interval: number, unit: TimeUnit, call: CallSite): Instant {
  return guard(call, () => {
    if (unit === 'Month') return addMonths(value, interval);
    if (unit === 'Year') return addMonths(value, interval * 12);
    return addTicks(value, BigInt(interval) * UNIT_TICKS[unit]);
  });
}

/** `addDays`, `addHours`, `addMinutes`, `addSeconds`. */
function adder(name: string, unit: 'Day' | 'Hour' | 'Minute' | 'Second', noun: string): ExpressionFunction {
  return fn(
    name,
    'date',
    [2, 3],
    `${name}(timestamp: string, ${noun}: int, format?: string): string`,
    `Adds a number of ${noun} (negative to subtract) to a timestamp.`,
    (args, call) => output(shift(timestampArg(args, 0, call), intArg(args, 1, call), unit, call), args, 2, call),
  );
}

/** `startOfDay`, `startOfHour`. */
function truncator(name: string, unitTicks: bigint, what: string): ExpressionFunction {
  return fn(name, 'date', [1, 2], `${name}(timestamp: string, format?: string): string`, `Returns the start of the ${what} for a timestamp.`, (args, call) => {
    const value = timestampArg(args, 0, call);
    return output({ ticks: value.ticks - (value.ticks % unitTicks), kind: value.kind }, args, 1, call);
  });
}

/** .NET's error when a UTC value is converted from another zone. */
function kindMismatch(call: CallSite, zone: TimeZone): never {
  return call.fail(
    `In function '${call.name}', the timestamp is in UTC (it ends in 'Z' or has an offset) but the source time zone is '${zone.id}'. ` +
      "The conversion could not be completed because the supplied DateTime did not have the Kind property set correctly; pass a timestamp without a zone designator.",
  );
}

/** Converts to a destination zone: UTC-kind when the destination is UTC itself, unspecified otherwise. */
function toZone(utcTicks: bigint, zone: TimeZone, call: CallSite): Instant {
  if (zone.isUtc) return { ticks: utcTicks, kind: 'utc' };
  return { ticks: guard(call, () => utcToZone(utcTicks, zone)), kind: 'unspecified' };
}

/** The UTC ticks of a timestamp read as wall-clock time in `zone`. */
function fromZone(value: Instant, zone: TimeZone, call: CallSite): bigint {
  if (zone.isUtc) return value.ticks;
  if (value.kind === 'utc') return kindMismatch(call, zone);
  return guard(call, () => zoneToUtc(value.ticks, zone));
}

/** ADF's date functions. */
export const dateFunctions: readonly ExpressionFunction[] = [
  adder('addDays', 'Day', 'days'),
  adder('addHours', 'Hour', 'hours'),
  adder('addMinutes', 'Minute', 'minutes'),
  adder('addSeconds', 'Second', 'seconds'),

  fn(
    'addToTime',
    'date',
    [3, 4],
    'addToTime(timestamp: string, interval: int, timeUnit: string, format?: string): string',
    "Adds a number of time units ('Second', 'Minute', 'Hour', 'Day', 'Week', 'Month', 'Year') to a timestamp.",
    (args, call) => {
      const value = timestampArg(args, 0, call);
      return output(shift(value, intArg(args, 1, call), unitArg(args, 2, call), call), args, 3, call);
    },
  ),

  fn(
    'subtractFromTime',
    'date',
    [3, 4],
    'subtractFromTime(timestamp: string, interval: int, timeUnit: string, format?: string): string',
    "Subtracts a number of time units ('Second', 'Minute', 'Hour', 'Day', 'Week', 'Month', 'Year') from a timestamp.",
    (args, call) => {
      const value = timestampArg(args, 0, call);
      return output(shift(value, -intArg(args, 1, call), unitArg(args, 2, call), call), args, 3, call);
    },
  ),

  fn(
    'getFutureTime',
    'date',
    [2, 3],
    'getFutureTime(interval: int, timeUnit: string, format?: string): string',
    'Returns the current timestamp plus the specified time units.',
    (args, call) => output(shift(now(call), intArg(args, 0, call), unitArg(args, 1, call), call), args, 2, call),
  ),

  fn(
    'getPastTime',
    'date',
    [2, 3],
    'getPastTime(interval: int, timeUnit: string, format?: string): string',
    'Returns the current timestamp minus the specified time units.',
    (args, call) => output(shift(now(call), -intArg(args, 0, call), unitArg(args, 1, call), call), args, 2, call),
  ),

  fn('utcNow', 'date', [0, 1], 'utcNow(format?: string): string', 'Returns the current timestamp (UTC).', (args, call) =>
    output(now(call), args, 0, call),
  ),

  fn(
    'convertFromUtc',
    'date',
    [2, 3],
    'convertFromUtc(timestamp: string, destinationTimeZone: string, format?: string): string',
    'Converts a timestamp from UTC to the target time zone (a Windows time-zone ID such as \'Pacific Standard Time\').',
    (args, call) => {
      const value = timestampArg(args, 0, call);
      return output(toZone(value.ticks, zoneArg(args, 1, call), call), args, 2, call);
    },
  ),

  fn(
    'convertToUtc',
    'date',
    [2, 3],
    'convertToUtc(timestamp: string, sourceTimeZone: string, format?: string): string',
    'Converts a timestamp from the source time zone to UTC.',
    (args, call) => {
      const value = timestampArg(args, 0, call);
      const utc = fromZone(value, zoneArg(args, 1, call), call);
      return output({ ticks: utc, kind: 'utc' }, args, 2, call);
    },
  ),

  fn(
    'convertTimeZone',
    'date',
    [3, 4],
    'convertTimeZone(timestamp: string, sourceTimeZone: string, destinationTimeZone: string, format?: string): string',
    'Converts a timestamp from the source time zone to the target time zone.',
    (args, call) => {
      const value = timestampArg(args, 0, call);
      const source = zoneArg(args, 1, call);
      const destination = zoneArg(args, 2, call);
      return output(toZone(fromZone(value, source, call), destination, call), args, 3, call);
    },
  ),

  fn('dayOfMonth', 'date', [1, 1], 'dayOfMonth(timestamp: string): int', 'Returns the day of the month (1–31) of a timestamp.', (args, call) =>
    partsFromTicks(timestampArg(args, 0, call).ticks).day,
  ),

  fn('dayOfWeek', 'date', [1, 1], 'dayOfWeek(timestamp: string): int', 'Returns the day of the week of a timestamp: 0 for Sunday to 6 for Saturday.', (args, call) =>
    partsFromTicks(timestampArg(args, 0, call).ticks).dayOfWeek,
  ),

  fn('dayOfYear', 'date', [1, 1], 'dayOfYear(timestamp: string): int', 'Returns the day of the year (1–366) of a timestamp.', (args, call) =>
    partsFromTicks(timestampArg(args, 0, call).ticks).dayOfYear,
  ),

  fn(
    'formatDateTime',
    'date',
    [1, 3],
    'formatDateTime(timestamp: string, format?: string, locale?: string): string',
    "Returns a timestamp in the specified format (default 'o') and locale (default en-US).",
    (args, call) => {
      const value = timestampArg(args, 0, call);
      const culture = localeArg(args, 2, call);
      return output(value, args, 1, call, culture);
    },
  ),

  fn(
    'parseDateTime',
    'date',
    [1, 3],
    'parseDateTime(timestamp: string, locale?: string, format?: string): string',
    "Parses a timestamp written in a locale (default en-US), optionally with an exact format, and returns it in 'o' format.",
    (args, call) => {
      const text = stringArg(args, 0, call);
      const culture = localeArg(args, 1, call);
      const format = optionalString(args, 2, call);
      const today = todayOf(now(call));
      const value = guard(call, () => (format === undefined ? parseTimestamp(text, culture, today) : parseExact(text, format, culture, today)));
      return guard(call, () => formatInstant(value, 'o'));
    },
  ),

  truncator('startOfDay', TICKS_PER_DAY, 'day'),
  truncator('startOfHour', TICKS_PER_HOUR, 'hour'),

  fn('startOfMonth', 'date', [1, 2], 'startOfMonth(timestamp: string, format?: string): string', 'Returns the start of the month for a timestamp.', (args, call) => {
    const value = timestampArg(args, 0, call);
    const day = partsFromTicks(value.ticks).day;
    const start = value.ticks - (value.ticks % TICKS_PER_DAY) - BigInt(day - 1) * TICKS_PER_DAY;
    return output({ ticks: start, kind: value.kind }, args, 1, call);
  }),

  fn(
    'ticks',
    'date',
    [1, 1],
    'ticks(timestamp: string): int',
    'Returns the number of 100-nanosecond ticks since 0001-01-01T00:00:00 of a timestamp (.NET DateTime.Ticks).',
    (args, call) => makeInteger(timestampArg(args, 0, call).ticks),
  ),

  fn(
    'dateDifference',
    'date',
    [2, 2],
    'dateDifference(startDate: string, endDate: string): string',
    "Returns endDate minus startDate as a .NET timespan string ('d.hh:mm:ss.fffffff').",
    (args, call) => {
      const start = timestampArg(args, 0, call);
      const end = timestampArg(args, 1, call);
      return formatTimeSpan(end.ticks - start.ticks);
    },
  ),
];
