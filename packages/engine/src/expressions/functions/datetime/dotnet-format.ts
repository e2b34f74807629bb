import { EN_US, INVARIANT, type Culture } from './culture.js';
import { DateTimeError, partsFromTicks, type DateParts, type Instant } from './instant.js';

/**
 * .NET's date and time format strings, which every ADF date function takes as its optional `format`:
 * the standard one-letter formats (`o`, `D`, `u` …) and custom patterns (`yyyy-MM-dd HH:mm:ss.fff`).
 * Semantics follow .NET's `DateTime.ToString(format, culture)`, with the server's local zone taken to be UTC
 * (as on Azure's hosts): `z`, `zz`, `zzz` write `+0`, `+00`, `+00:00`.
 */

/** The round-trip pattern behind `'o'`: ADF's default output. */
export const ROUND_TRIP_PATTERN = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK";

/** Patterns of the culture-independent standard formats. */
const FIXED_PATTERNS: Readonly<Record<string, string>> = {
  o: ROUND_TRIP_PATTERN,
  O: ROUND_TRIP_PATTERN,
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
};

/**
 * The custom pattern a standard format letter stands for in a culture, or undefined when the letter is not
 * a standard format. Also tells whether the pattern is culture-independent.
 */
export function standardPattern(letter: string, culture: Culture): { pattern: string; invariant: boolean } | undefined {
  const fixed = FIXED_PATTERNS[letter];
  if (fixed !== undefined) return { pattern: fixed, invariant: true };
  const c = culture;
  const pattern: string | undefined = {
    d: c.shortDatePattern,
    D: c.longDatePattern,
    f: `${c.longDatePattern} ${c.shortTimePattern}`,
    F: `${c.longDatePattern} ${c.longTimePattern}`,
    g: `${c.shortDatePattern} ${c.shortTimePattern}`,
    G: `${c.shortDatePattern} ${c.longTimePattern}`,
    m: c.monthDayPattern,
    M: c.monthDayPattern,
    t: c.shortTimePattern,
    T: c.longTimePattern,
    U: `${c.longDatePattern} ${c.longTimePattern}`,
    y: c.yearMonthPattern,
    Y: c.yearMonthPattern,
  }[letter];
  return pattern === undefined ? undefined : { pattern, invariant: false };
}

function invalidFormat(format: string, why: string): DateTimeError {
  return new DateTimeError(`The provided date time format '${format}' is not valid: ${why}.`);
}

/**
 * Formats an instant with a .NET format string in a culture (en-US by default). Throws
 * {@link DateTimeError} for a format .NET rejects (an unknown one-letter format, more than seven `f`,
 * an unclosed quote, a trailing `\` or `%`).
 */
export function formatInstant(value: Instant, format: string, culture: Culture = EN_US): string {
  if (format.length === 1) {
    const standard = standardPattern(format, culture);
    if (standard === undefined) throw invalidFormat(format, 'it is not a standard date and time format specifier');
    return formatCustom(value, standard.pattern, standard.invariant ? INVARIANT : culture, format);
  }
  return formatCustom(value, format, culture, format);
}

/** How many times `format[i]` repeats from `i`. */
export function repeatCount(format: string, i: number): number {
  const ch = format[i];
  let n = 1;
  while (format[i + n] === ch) n++;
  return n;
}

/**
 * Reads a quoted literal starting at the quote `format[i]`; returns its text and the index after the
 * closing quote. A backslash inside escapes the next character, as in .NET.
 */
export function readQuoted(format: string, i: number, original: string): { text: string; next: number } {
  const quote = format[i];
  let text = '';
  let j = i + 1;
  while (j < format.length && format[j] !== quote) {
    if (format[j] === '\\' && j + 1 < format.length) j++;
    text += format[j];
    j++;
  }
  if (j >= format.length) throw invalidFormat(original, `the quote at position ${i + 1} is not closed`);
  return { text, next: j + 1 };
}

/** True when a custom pattern has a day-number token (`d` or `dd`): then month names are genitive. */
function usesGenitiveMonths(format: string): boolean {
  let i = 0;
  while (i < format.length) {
    const ch = format[i] as string;
    if (ch === "'" || ch === '"') {
      const end = format.indexOf(ch, i + 1);
      i = end < 0 ? format.length : end + 1;
    } else if (ch === '\\') {
      i += 2;
    } else if (ch === 'd') {
      const n = repeatCount(format, i);
      if (n <= 2) return true;
      i += n;
    } else {
      i++;
    }
  }
  return false;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Fraction digits for `f`/`F` (ticks within the second, truncated to `digits`). */
function fractionDigits(fraction: number, digits: number): string {
  return pad(fraction, 7).slice(0, digits);
}

function formatCustom(value: Instant, format: string, culture: Culture, original: string): string {
  const p = partsFromTicks(value.ticks);
  const genitive = usesGenitiveMonths(format);
  let out = '';
  let i = 0;
  while (i < format.length) {
    const ch = format[i] as string;
    const n = repeatCount(format, i);
    switch (ch) {
      case 'd':
      case 'f':
      case 'F':
      case 'g':
      case 'h':
      case 'H':
      case 'm':
      case 'M':
      case 's':
      case 't':
      case 'y':
      case 'z':
        out = appendToken(out, ch, n, p, culture, genitive, original);
        i += n;
        break;
      case 'K':
        // One 'K' per character, as .NET does ('KK' writes 'ZZ').
        out += value.kind === 'utc' ? 'Z' : '';
        i++;
        break;
      case ':':
        out += culture.timeSeparator;
        i++;
        break;
      case '/':
        out += culture.dateSeparator;
        i++;
        break;
      case "'":
      case '"': {
        const q = readQuoted(format, i, original);
        out += q.text;
        i = q.next;
        break;
      }
      case '%': {
        const next = format[i + 1];
        if (next === undefined || next === '%') throw invalidFormat(original, "'%' must be followed by a single custom specifier");
        out += formatCustom(value, next, culture, original);
        i += 2;
        break;
      }
      case '\\': {
        const next = format[i + 1];
        if (next === undefined) throw invalidFormat(original, 'it ends with an escape character');
        out += next;
        i += 2;
        break;
      }
      default:
        out += ch;
        i++;
    }
  }
  return out;
}

function appendToken(
  out: string,
  ch: string,
  n: number,
  p: DateParts,
  culture: Culture,
  genitive: boolean,
  original: string,
): string {
  switch (ch) {
    case 'd':
      if (n <= 2) return out + pad(p.day, n);
      return out + (n === 3 ? culture.abbreviatedDayNames[p.dayOfWeek] : culture.dayNames[p.dayOfWeek]);
    case 'M':
      if (n <= 2) return out + pad(p.month, n);
      if (n === 3) return out + (genitive ? culture.abbreviatedMonthGenitiveNames : culture.abbreviatedMonthNames)[p.month - 1];
      return out + (genitive ? culture.monthGenitiveNames : culture.monthNames)[p.month - 1];
    case 'y':
      return out + (n <= 2 ? pad(p.year % 100, n) : pad(p.year, n));
    case 'h':
      return out + pad(p.hour % 12 === 0 ? 12 : p.hour % 12, Math.min(n, 2));
    case 'H':
      return out + pad(p.hour, Math.min(n, 2));
    case 'm':
      return out + pad(p.minute, Math.min(n, 2));
    case 's':
      return out + pad(p.second, Math.min(n, 2));
    case 'f':
      if (n > 7) throw invalidFormat(original, 'it has more than seven fraction specifiers');
      return out + fractionDigits(p.fraction, n);
    case 'F': {
      if (n > 7) throw invalidFormat(original, 'it has more than seven fraction specifiers');
      const digits = fractionDigits(p.fraction, n).replace(/0+$/, '');
      // .NET drops a decimal point left dangling by an all-zero 'F' fraction.
      if (digits === '' && out.endsWith('.')) return out.slice(0, -1);
      return out + digits;
    }
    case 't': {
      const designator = p.hour < 12 ? culture.amDesignator : culture.pmDesignator;
      return out + (n === 1 ? designator.slice(0, 1) : designator);
    }
    case 'g':
      return out + culture.eraName;
    case 'z':
      // The offset of a UTC value, or of an unspecified one in the host's zone (UTC on ADF's hosts).
      return out + (n === 1 ? '+0' : n === 2 ? '+00' : '+00:00');
    default:
      return out;
  }
}
