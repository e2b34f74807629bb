import { INVARIANT, type Culture } from './culture.js';
import { readQuoted, repeatCount, standardPattern } from './dotnet-format.js';
import { DateTimeError, isValidDateTime, partsFromTicks, ticksFromParts, type Instant } from './instant.js';
import { composeInstant, fractionTicks, invalidTimestamp, type Today } from './parse.js';

/**
 * Reading a timestamp against an explicit .NET format, as `parseDateTime(text, locale, format)` does
 * (.NET's `DateTime.ParseExact`): `parseDateTime('21052019', 'fr-fr', 'ddMMyyyy')`. Digit widths follow
 * .NET: `d`, `M`, `H`, `h`, `m`, `s`, `y` read one or two digits; doubled (`dd`, `yy` …) exactly two;
 * `yyyy` exactly four; `f…` exactly as many as written and `F…` up to that many. Names and designators are
 * matched case-insensitively in the culture. Relaxation: a space in the format matches any run of
 * whitespace, and surrounding whitespace is ignored.
 */

interface Fields {
  year?: number;
  twoDigitYear?: boolean;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
  fraction: number;
  pm?: boolean;
  dayOfWeek?: number;
  offset?: number;
  utc: boolean;
}

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  digits(min: number, max: number): number | undefined {
    let end = this.pos;
    while (end < this.text.length && end - this.pos < max && /[0-9]/.test(this.text[end] as string)) end++;
    if (end - this.pos < min) return undefined;
    const value = Number(this.text.slice(this.pos, end));
    this.pos = end;
    return value;
  }

  literal(expected: string): boolean {
    const slice = this.text.slice(this.pos, this.pos + expected.length);
    if (slice.toLowerCase() !== expected.toLowerCase()) return false;
    this.pos += expected.length;
    return true;
  }

  /** The index of the longest name matching here (case-insensitive). */
  oneOf(lists: ReadonlyArray<readonly string[]>): number | undefined {
    let best: { index: number; length: number } | undefined;
    for (const list of lists) {
      list.forEach((name, index) => {
        if (name === '' || (best !== undefined && name.length <= best.length)) return;
        if (this.text.slice(this.pos, this.pos + name.length).toLowerCase() === name.toLowerCase()) best = { index, length: name.length };
      });
    }
    if (best === undefined) return undefined;
    this.pos += best.length;
    return best.index;
  }

  whitespace(): number {
    const start = this.pos;
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] as string)) this.pos++;
    return this.pos - start;
  }
}

/**
 * Parses `text` with a .NET standard (`'d'`, `'o'` …) or custom (`'MM/dd/yyyy HH\h'`) format in a culture.
 * `today` supplies the date when the format has none. Throws {@link DateTimeError} on mismatch.
 */
export function parseExact(text: string, format: string, culture: Culture, today?: Today): Instant {
  let pattern = format;
  let patternCulture = culture;
  let utc = false;
  if (format.length === 1) {
    const standard = standardPattern(format, culture);
    if (standard === undefined) throw new DateTimeError(`The provided date time format '${format}' is not valid: it is not a standard date and time format specifier.`);
    pattern = standard.pattern;
    if (standard.invariant) patternCulture = INVARIANT;
    utc = format === 'r' || format === 'R' || format === 'u';
  }
  const reader = new Reader(text.trim());
  const fields: Fields = { fraction: 0, utc };
  readPattern(reader, pattern, patternCulture, fields, text, format);
  reader.whitespace();
  if (!reader.done) throw mismatch(text, format);
  return compose(fields, text, today);
}

function mismatch(text: string, format: string): DateTimeError {
  return new DateTimeError(`The value provided for date time string '${text}' does not match the format '${format}'.`);
}

function readPattern(r: Reader, pattern: string, culture: Culture, f: Fields, text: string, format: string): void {
  const fail = (): never => {
    throw mismatch(text, format);
  };
  const need = <T>(v: T | undefined): T => (v === undefined ? fail() : v);
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i] as string;
    const n = repeatCount(pattern, i);
    switch (ch) {
      case 'd':
        if (n <= 2) f.day = need(r.digits(n, 2));
        else f.dayOfWeek = need(r.oneOf(n === 3 ? [culture.abbreviatedDayNames] : [culture.dayNames]));
        i += n;
        break;
      case 'M':
        if (n <= 2) f.month = need(r.digits(n, 2));
        else f.month = need(r.oneOf(n === 3 ? [culture.abbreviatedMonthNames, culture.abbreviatedMonthGenitiveNames] : [culture.monthNames, culture.monthGenitiveNames])) + 1;
        i += n;
        break;
      case 'y':
        f.year = need(n === 1 ? r.digits(1, 2) : r.digits(n, n));
        f.twoDigitYear = n <= 2;
        i += n;
        break;
      case 'h':
      case 'H':
        f.hour = need(r.digits(n === 1 ? 1 : 2, 2));
        i += n;
        break;
      case 'm':
        f.minute = need(r.digits(n === 1 ? 1 : 2, 2));
        i += n;
        break;
      case 's':
        f.second = need(r.digits(n === 1 ? 1 : 2, 2));
        i += n;
        break;
      case 'f':
      case 'F': {
        if (n > 7) throw new DateTimeError(`The provided date time format '${format}' is not valid: it has more than seven fraction specifiers.`);
        const start = r.pos;
        need(r.digits(ch === 'f' ? n : 0, n));
        const digits = r.text.slice(start, r.pos);
        f.fraction = digits === '' ? 0 : fractionTicks(digits);
        i += n;
        break;
      }
      case 't': {
        const am = culture.amDesignator || 'AM';
        const pm = culture.pmDesignator || 'PM';
        const index = need(r.oneOf(n === 1 ? [[am.slice(0, 1), pm.slice(0, 1)]] : [[am, pm]]));
        f.pm = index === 1;
        i += n;
        break;
      }
      case 'z':
        f.offset = need(readOffset(r, n, culture));
        i += n;
        break;
      case 'K':
        if (r.literal('Z')) f.utc = true;
        else if (/[+-]/.test(r.text[r.pos] ?? '')) f.offset = need(readOffset(r, 3, culture));
        i += 1;
        break;
      case 'g':
        r.oneOf([[culture.eraName, 'A.D.', 'AD']]);
        i += n;
        break;
      case ':':
        if (!r.literal(culture.timeSeparator)) fail();
        i += 1;
        break;
      case '/':
        if (!r.literal(culture.dateSeparator)) fail();
        i += 1;
        break;
      case "'":
      case '"': {
        const q = readQuoted(pattern, i, format);
        if (!r.literal(q.text)) fail();
        i = q.next;
        break;
      }
      case '%': {
        const next = pattern[i + 1];
        if (next === undefined || next === '%') throw new DateTimeError(`The provided date time format '${format}' is not valid: '%' must be followed by a single custom specifier.`);
        readPattern(r, next, culture, f, text, format);
        i += 2;
        break;
      }
      case '\\': {
        const next = pattern[i + 1];
        if (next === undefined) throw new DateTimeError(`The provided date time format '${format}' is not valid: it ends with an escape character.`);
        if (!r.literal(next)) fail();
        i += 2;
        break;
      }
      default:
        if (/\s/.test(ch)) {
          if (r.whitespace() === 0) fail();
          while (i < pattern.length && /\s/.test(pattern[i] as string)) i++;
        } else if (r.literal(ch)) {
          i += 1;
        } else if (ch === '.' && pattern[i + 1] === 'F') {
          // .NET: a '.' before optional 'F' digits may be absent with them.
          i += 1 + repeatCount(pattern, i + 1);
        } else {
          fail();
        }
    }
  }
}

/** Reads `z` (±h), `zz` (±hh) or `zzz` (±hh:mm) as minutes. */
function readOffset(r: Reader, n: number, culture: Culture): number | undefined {
  const sign = r.text[r.pos];
  if (sign !== '+' && sign !== '-') return undefined;
  r.pos++;
  const hours = r.digits(n === 1 ? 1 : 2, 2);
  if (hours === undefined || hours > 14) return undefined;
  let minutes = 0;
  if (n >= 3) {
    if (!r.literal(culture.timeSeparator) && !r.literal(':')) return undefined;
    const m = r.digits(2, 2);
    if (m === undefined || m > 59) return undefined;
    minutes = m;
  }
  return (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function compose(f: Fields, text: string, today: Today | undefined): Instant {
  const hasDate = f.year !== undefined || f.month !== undefined || f.day !== undefined;
  if ((!hasDate || f.year === undefined) && today === undefined) throw invalidTimestamp(text);
  let year = f.year ?? (today as Today).year;
  if (f.year !== undefined && f.twoDigitYear) year = year < 50 ? 2000 + year : year < 100 ? 1900 + year : year;
  const month = f.month ?? (hasDate ? 1 : (today as Today).month);
  const day = f.day ?? (hasDate ? 1 : (today as Today).day);
  let hour = f.hour ?? 0;
  if (f.pm !== undefined) {
    if (hour > 12) throw invalidTimestamp(text);
    hour = (hour % 12) + (f.pm ? 12 : 0);
  }
  const minute = f.minute ?? 0;
  const second = f.second ?? 0;
  if (!isValidDateTime(year, month, day, hour, minute, second)) throw invalidTimestamp(text);
  const ticks = ticksFromParts(year, month, day, hour, minute, second) + BigInt(f.fraction);
  if (f.dayOfWeek !== undefined && partsFromTicks(ticks).dayOfWeek !== f.dayOfWeek) throw invalidTimestamp(text);
  return composeInstant(ticks, f.offset ?? (f.utc ? 0 : undefined), text);
}
