/**
 * Timestamps as ADF (.NET) keeps them: a count of 100-nanosecond ticks since 0001-01-01T00:00:00 in the
 * proleptic Gregorian calendar, plus a "kind" that says whether the value is known to be UTC.
 *
 * JavaScript's `Date` has only milliseconds and a narrower idea of the calendar, so the date functions
 * compute with bigint ticks and this module's calendar arithmetic, and use `Date`/`Intl` only to ask for
 * time-zone offsets.
 */

/** Ticks in one millisecond, second, minute, hour and day. */
export const TICKS_PER_MS = 10_000n;
export const TICKS_PER_SECOND = 10_000_000n;
export const TICKS_PER_MINUTE = 600_000_000n;
export const TICKS_PER_HOUR = 36_000_000_000n;
export const TICKS_PER_DAY = 864_000_000_000n;

/** The largest representable instant, 9999-12-31T23:59:59.9999999 (.NET `DateTime.MaxValue`). */
export const MAX_TICKS = 3_155_378_975_999_999_999n;

/** The ticks of 1970-01-01T00:00:00Z, the JavaScript epoch. */
export const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;

/**
 * What is known about a timestamp's zone, as .NET's `DateTimeKind`: `utc` when the text said so (`Z`, or
 * an offset, which parsing converts to UTC); `unspecified` for a bare wall-clock time (`'03/15/2018'`).
 * The kind decides whether the round-trip format ends in `Z`.
 */
export type DateTimeKind = 'utc' | 'unspecified';

/** A timestamp: ticks since 0001-01-01 and its kind. */
export interface Instant {
  readonly ticks: bigint;
  readonly kind: DateTimeKind;
}

/**
 * A failure of the date machinery (unparsable text, bad format string, out-of-range result). The function
 * layer turns it into a located expression error with the function's name.
 */
export class DateTimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DateTimeError';
  }
}

/** The calendar fields of an instant. `fraction` is the ticks within the second (0–9 999 999). */
export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly fraction: number;
  /** 0 = Sunday … 6 = Saturday. */
  readonly dayOfWeek: number;
  /** 1-based. */
  readonly dayOfYear: number;
}

/** .NET's message when arithmetic leaves the representable range. */
export const OUT_OF_RANGE = 'The added or subtracted value results in an un-representable DateTime.';

const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
const DAYS_BEFORE_MONTH_LEAP = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366];

/** Gregorian leap-year rule. */
export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Days in a month (1-based month). */
export function daysInMonth(year: number, month: number): number {
  const table = isLeapYear(year) ? DAYS_BEFORE_MONTH_LEAP : DAYS_BEFORE_MONTH;
  return (table[month] as number) - (table[month - 1] as number);
}

/** Days from 0001-01-01 to the first day of `year`. */
function daysBeforeYear(year: number): number {
  const y = year - 1;
  return y * 365 + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400);
}

/** True when the fields name a real date and time within 0001–9999. */
export function isValidDateTime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): boolean {
  return (
    Number.isInteger(year) && year >= 1 && year <= 9999 &&
    Number.isInteger(month) && month >= 1 && month <= 12 &&
    Number.isInteger(day) && day >= 1 && day <= daysInMonth(year, month) &&
    hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59
  );
}

/** Ticks of a date and time. Throws {@link DateTimeError} when the fields are out of range. */
export function ticksFromParts(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, fraction = 0): bigint {
  if (!isValidDateTime(year, month, day, hour, minute, second) || fraction < 0 || fraction > 9_999_999) {
    throw new DateTimeError('The date and time components describe an un-representable DateTime.');
  }
  const table = isLeapYear(year) ? DAYS_BEFORE_MONTH_LEAP : DAYS_BEFORE_MONTH;
  const days = daysBeforeYear(year) + (table[month - 1] as number) + day - 1;
  const seconds = hour * 3600 + minute * 60 + second;
  return BigInt(days) * TICKS_PER_DAY + BigInt(seconds) * TICKS_PER_SECOND + BigInt(fraction);
}

/** The calendar fields of a tick count (which must be within 0…{@link MAX_TICKS}). */
export function partsFromTicks(ticks: bigint): DateParts {
  const days = Number(ticks / TICKS_PER_DAY);
  const inDay = ticks % TICKS_PER_DAY;
  // 400-, 100-, 4- and 1-year cycles of the Gregorian calendar.
  const n400 = Math.floor(days / 146_097);
  let rest = days - n400 * 146_097;
  let n100 = Math.floor(rest / 36_524);
  if (n100 === 4) n100 = 3;
  rest -= n100 * 36_524;
  const n4 = Math.floor(rest / 1461);
  rest -= n4 * 1461;
  let n1 = Math.floor(rest / 365);
  if (n1 === 4) n1 = 3;
  rest -= n1 * 365;
  const year = n400 * 400 + n100 * 100 + n4 * 4 + n1 + 1;
  const table = isLeapYear(year) ? DAYS_BEFORE_MONTH_LEAP : DAYS_BEFORE_MONTH;
  let month = 1;
  while (rest >= (table[month] as number)) month++;
  const day = rest - (table[month - 1] as number) + 1;
  const secondsInDay = Number(inDay / TICKS_PER_SECOND);
  return {
    year,
    month,
    day,
    hour: Math.floor(secondsInDay / 3600),
    minute: Math.floor(secondsInDay / 60) % 60,
    second: secondsInDay % 60,
    fraction: Number(inDay % TICKS_PER_SECOND),
    // 0001-01-01 was a Monday.
    dayOfWeek: (days + 1) % 7,
    dayOfYear: rest + 1,
  };
}

/** Throws {@link DateTimeError} unless `ticks` is representable; returns it otherwise. */
export function checkTicks(ticks: bigint, message = OUT_OF_RANGE): bigint {
  if (ticks < 0n || ticks > MAX_TICKS) throw new DateTimeError(message);
  return ticks;
}

/** Adds a tick delta, failing as .NET does when the result leaves 0001–9999. */
export function addTicks(value: Instant, delta: bigint): Instant {
  return { ticks: checkTicks(value.ticks + delta), kind: value.kind };
}

/**
 * Adds calendar months as .NET's `AddMonths`: the day is clamped to the target month's last day
 * (Jan 31 + 1 month = Feb 28/29) and the time of day is kept.
 */
export function addMonths(value: Instant, months: number): Instant {
  const p = partsFromTicks(value.ticks);
  const total = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  if (!Number.isSafeInteger(total) || year < 1 || year > 9999) throw new DateTimeError(OUT_OF_RANGE);
  const day = Math.min(p.day, daysInMonth(year, month));
  const timeOfDay = value.ticks % TICKS_PER_DAY;
  return { ticks: ticksFromParts(year, month, day) + timeOfDay, kind: value.kind };
}

/** An instant from JavaScript epoch milliseconds (the clock's `Date`). */
export function instantFromEpochMs(ms: number, kind: DateTimeKind = 'utc'): Instant {
  if (!Number.isFinite(ms)) throw new DateTimeError('The clock returned an invalid date.');
  return { ticks: checkTicks(BigInt(Math.floor(ms)) * TICKS_PER_MS + UNIX_EPOCH_TICKS), kind };
}

/** JavaScript epoch milliseconds of a tick count, rounded down to the millisecond. */
export function epochMsFromTicks(ticks: bigint): number {
  const rel = ticks - UNIX_EPOCH_TICKS;
  let ms = rel / TICKS_PER_MS;
  if (rel < 0n && rel % TICKS_PER_MS !== 0n) ms -= 1n;
  return Number(ms);
}

/**
 * A tick difference as .NET's `TimeSpan.ToString()` ("c" format): `[-][d.]hh:mm:ss[.fffffff]`,
 * e.g. `1268.00:00:00` or `-00:00:01.5000000`.
 */
export function formatTimeSpan(delta: bigint): string {
  const negative = delta < 0n;
  let rest = negative ? -delta : delta;
  const days = rest / TICKS_PER_DAY;
  rest %= TICKS_PER_DAY;
  const hours = rest / TICKS_PER_HOUR;
  rest %= TICKS_PER_HOUR;
  const minutes = rest / TICKS_PER_MINUTE;
  rest %= TICKS_PER_MINUTE;
  const seconds = rest / TICKS_PER_SECOND;
  const fraction = rest % TICKS_PER_SECOND;
  const two = (n: bigint): string => n.toString().padStart(2, '0');
  let text = `${negative ? '-' : ''}${days > 0n ? `${days}.` : ''}${two(hours)}:${two(minutes)}:${two(seconds)}`;
  if (fraction > 0n) text += `.${fraction.toString().padStart(7, '0')}`;
  return text;
}
