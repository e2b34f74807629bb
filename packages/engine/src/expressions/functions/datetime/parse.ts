import { EN_US, type Culture } from './culture.js';
import {
  checkTicks,
  DateTimeError,
  isValidDateTime,
  partsFromTicks,
  TICKS_PER_MINUTE,
  ticksFromParts,
  type Instant,
} from './instant.js';

/**
 * Reading timestamps the way ADF does (.NET's `DateTime.Parse` with the en-US culture, adjusting to UTC):
 * - ISO 8601: `2018-03-15`, `2018-03-15T13:00:00Z`, `2018-03-15T13:00:00.1234567-07:00`, `2018-03-15 13:00`;
 * - culture forms: `03/15/2018`, `3/15/2018 1:00 PM`, `March 15, 2018`, `15 March 2018 13:00`,
 *   `Thu, 15 Mar 2018 13:00:00 GMT`.
 * Up to seven fractional digits are kept (more are rounded). A `Z`/`GMT`/`UTC` designator makes the value
 * UTC; an offset is applied and the value becomes UTC (`…T13:00:00-07:00` is `…T20:00:00Z`); otherwise the
 * value is a wall-clock time of unspecified kind.
 */

/** Today's date, for texts that give only a time (or no year). */
export interface Today {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Today's date of a UTC instant. */
export function todayOf(now: Instant): Today {
  const p = partsFromTicks(now.ticks);
  return { year: p.year, month: p.month, day: p.day };
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

/** The text failing message ADF/Logic Apps gives for an unreadable timestamp. */
export function invalidTimestamp(text: string): DateTimeError {
  return new DateTimeError(`The value provided for date time string '${text}' was not valid. The datetime string must match ISO 8601 format.`);
}

/** Ticks of a fraction's digits (`'5'` → 5 000 000), rounding digits past the seventh. */
export function fractionTicks(digits: string): number {
  if (digits.length <= 7) return Number(digits.padEnd(7, '0'));
  const head = Number(digits.slice(0, 7));
  return Number(digits[7]) >= 5 ? head + 1 : head;
}

/** Minutes of a `Z`, `±hh`, `±hhmm` or `±hh:mm` designator (0 for `Z`, `GMT`, `UTC`). */
export function offsetMinutes(zone: string): number | undefined {
  if (/^(z|gmt|utc)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? '0');
  if (hours > 14 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * Builds an instant from fields (already validated) and an optional zone in minutes: with a zone the
 * value is converted to UTC, without one it is unspecified. `fraction` may reach 10 000 000 after rounding.
 */
export function composeInstant(ticks: bigint, offset: number | undefined, text: string): Instant {
  if (offset === undefined) return { ticks: checkTicks(ticks, invalidTimestamp(text).message), kind: 'unspecified' };
  return { ticks: checkTicks(ticks - BigInt(offset) * TICKS_PER_MINUTE, invalidTimestamp(text).message), kind: 'utc' };
}

function fieldsTicks(text: string, y: number, mo: number, d: number, h: number, mi: number, s: number, fraction: number): bigint {
  if (!isValidDateTime(y, mo, d, h, mi, s)) throw invalidTimestamp(text);
  return ticksFromParts(y, mo, d, h, mi, s) + BigInt(fraction);
}

/**
 * Parses a timestamp as ADF's date functions read their `timestamp` argument (see the module comment).
 * `culture` gives month and day names and the numeric date order (`parseDateTime`'s locale);
 * `today` fills in a missing date or year. Throws {@link DateTimeError} when the text is not a timestamp.
 */
export function parseTimestamp(text: string, culture: Culture = EN_US, today?: Today): Instant {
  const s = text.trim();
  const iso = ISO.exec(s);
  if (iso) {
    const [, y, mo, d, h, mi, sec, frac, zone] = iso;
    const offset = zone === undefined ? undefined : offsetMinutes(zone);
    if (zone !== undefined && offset === undefined) throw invalidTimestamp(text);
    const ticks = fieldsTicks(text, Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0), frac ? fractionTicks(frac) : 0);
    return composeInstant(ticks, offset, text);
  }
  return parseLoose(s, text, culture, today);
}

interface TimeOfDay {
  hour: number;
  minute: number;
  second: number;
  fraction: number;
  offset: number | undefined;
}

function designatorPattern(culture: Culture): string {
  const names = new Set(['AM', 'PM', 'A.M.', 'P.M.', culture.amDesignator, culture.pmDesignator].filter((n) => n !== ''));
  return [...names].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

/** Finds and removes the time of day (with AM/PM and zone) from a loose timestamp text. */
function extractTime(s: string, culture: Culture, text: string): { rest: string; time: TimeOfDay | undefined } {
  const designators = designatorPattern(culture);
  const zone = '(?:\\s*(Z|GMT|UTC|[+-]\\d{1,2}(?::?\\d{2})?))?';
  const withColon = new RegExp(
    `(^|[\\sTt,])(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:[.,](\\d+))?)?(?:\\s*(${designators}))?${zone}(?=$|[\\s,])`,
    'i',
  );
  const hourOnly = new RegExp(`(^|[\\s,])(\\d{1,2})\\s*(${designators})${zone}(?=$|[\\s,])`, 'i');
  let m = withColon.exec(s);
  let hour: number;
  let minute = 0;
  let second = 0;
  let fraction = 0;
  let designator: string | undefined;
  let zoneText: string | undefined;
  if (m) {
    hour = Number(m[2]);
    minute = Number(m[3]);
    second = Number(m[4] ?? 0);
    fraction = m[5] ? fractionTicks(m[5]) : 0;
    designator = m[6];
    zoneText = m[7];
  } else {
    m = hourOnly.exec(s);
    if (!m) return { rest: s, time: undefined };
    hour = Number(m[2]);
    designator = m[3];
    zoneText = m[4];
  }
  if (designator !== undefined) {
    const pm = designator.toLowerCase() === culture.pmDesignator.toLowerCase() || /^p/i.test(designator);
    if (hour < 1 || hour > 12) throw invalidTimestamp(text);
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) throw invalidTimestamp(text);
  const offset = zoneText === undefined ? undefined : offsetMinutes(zoneText);
  if (zoneText !== undefined && offset === undefined) throw invalidTimestamp(text);
  const rest = `${s.slice(0, m.index)} ${s.slice(m.index + m[0].length)}`;
  return { rest, time: { hour, minute, second, fraction, offset } };
}

const FILLER_WORDS = new Set(['de', 'del', 'di', 'of', 'the', 'le', 'la', 'den', 'der', 'van', 'von']);

function nameIndex(word: string, lists: ReadonlyArray<readonly string[]>): number | undefined {
  const w = word.toLowerCase().replace(/\.+$/, '');
  if (w === '') return undefined;
  for (const list of lists) {
    const i = list.findIndex((name) => name !== '' && name.toLowerCase().replace(/\.+$/, '') === w);
    if (i >= 0) return i;
  }
  return undefined;
}

function expandYear(token: string, value: number): number {
  if (token.length > 2) return value;
  // .NET's two-digit year window (TwoDigitYearMax = 2049).
  return value < 50 ? 2000 + value : 1900 + value;
}

/** The lenient path: a date in culture order or with names, an optional time, an optional zone. */
function parseLoose(s: string, text: string, culture: Culture, today: Today | undefined): Instant {
  if (s === '') throw invalidTimestamp(text);
  const { rest, time } = extractTime(s, culture, text);
  const tokens = rest.match(/[\p{L}\p{M}][\p{L}\p{M}'’.]*|\d+/gu) ?? [];
  const leftover = rest.replace(/[\p{L}\p{M}][\p{L}\p{M}'’.]*|\d+/gu, '').replace(/[\s,/\-.]/g, '');
  if (leftover !== '') throw invalidTimestamp(text);
  const numbers: string[] = [];
  let monthFromName: number | undefined;
  let dayOfWeek: number | undefined;
  let zoneOffset: number | undefined;
  for (const token of tokens) {
    if (/^\d+$/.test(token)) {
      numbers.push(token);
      continue;
    }
    const month = nameIndex(token, [culture.monthNames, culture.monthGenitiveNames, culture.abbreviatedMonthNames, culture.abbreviatedMonthGenitiveNames]);
    if (month !== undefined && monthFromName === undefined) {
      monthFromName = month + 1;
      continue;
    }
    const day = nameIndex(token, [culture.dayNames, culture.abbreviatedDayNames]);
    if (day !== undefined && dayOfWeek === undefined) {
      dayOfWeek = day;
      continue;
    }
    if (time === undefined && zoneOffset === undefined && /^(z|gmt|utc)$/i.test(token)) {
      zoneOffset = 0;
      continue;
    }
    if (FILLER_WORDS.has(token.toLowerCase())) continue;
    throw invalidTimestamp(text);
  }
  const date = resolveDate(numbers, monthFromName, culture, today, text);
  const t = time ?? { hour: 0, minute: 0, second: 0, fraction: 0, offset: zoneOffset };
  const ticks = fieldsTicks(text, date.year, date.month, date.day, t.hour, t.minute, t.second, 0) + BigInt(t.fraction);
  if (dayOfWeek !== undefined && partsFromTicks(ticks).dayOfWeek !== dayOfWeek) throw invalidTimestamp(text);
  return composeInstant(ticks, t.offset ?? zoneOffset, text);
}

function resolveDate(
  numbers: string[],
  monthFromName: number | undefined,
  culture: Culture,
  today: Today | undefined,
  text: string,
): Today {
  const value = (i: number): number => Number(numbers[i]);
  const isYear = (i: number): boolean => (numbers[i] as string).length >= 3 || value(i) > 31;
  const needToday = (): Today => {
    if (today === undefined) throw invalidTimestamp(text);
    return today;
  };
  if (monthFromName !== undefined) {
    if (numbers.length === 2) {
      // "March 15, 2018", "15 March 2018", "2018 March 15": the year is the long number, else the last.
      const yearIndex = isYear(0) && !isYear(1) ? 0 : 1;
      return { year: expandYear(numbers[yearIndex] as string, value(yearIndex)), month: monthFromName, day: value(1 - yearIndex) };
    }
    if (numbers.length === 1) {
      if (isYear(0)) return { year: expandYear(numbers[0] as string, value(0)), month: monthFromName, day: 1 };
      return { year: needToday().year, month: monthFromName, day: value(0) };
    }
    throw invalidTimestamp(text);
  }
  if (numbers.length === 3) {
    // A leading long number is a year (ISO-like `2018/03/15`); otherwise the culture's order.
    if ((numbers[0] as string).length >= 3) return { year: value(0), month: value(1), day: value(2) };
    switch (culture.dateOrder) {
      case 'DMY':
        return { year: expandYear(numbers[2] as string, value(2)), month: value(1), day: value(0) };
      case 'YMD':
        return { year: expandYear(numbers[0] as string, value(0)), month: value(1), day: value(2) };
      default:
        return { year: expandYear(numbers[2] as string, value(2)), month: value(0), day: value(1) };
    }
  }
  if (numbers.length === 2) {
    if ((numbers[0] as string).length >= 3) return { year: value(0), month: value(1), day: 1 };
    if ((numbers[1] as string).length >= 3) return { year: value(1), month: value(0), day: 1 };
    const year = needToday().year;
    return culture.dateOrder === 'DMY' ? { year, month: value(1), day: value(0) } : { year, month: value(0), day: value(1) };
  }
  if (numbers.length === 0) return needToday();
  throw invalidTimestamp(text);
}
