import { DateTimeError } from './instant.js';

/**
 * The culture data that .NET's date formatting and parsing read (`DateTimeFormatInfo`): names, AM/PM
 * designators, separators and the standard patterns behind single-letter formats such as `'D'`.
 *
 * `en-US` is written out from .NET's own data, because ADF formats with it by default (the documented
 * `'D'` result is "Tuesday, January 2, 2018"). Every other locale is derived from `Intl` (CLDR): names are
 * exact, patterns are rebuilt from `Intl.DateTimeFormat` parts and so approximate .NET's (see
 * {@link cultureFor}).
 */
export interface Culture {
  /** The canonical locale tag (`en-US`, `fr-FR`). */
  readonly name: string;
  /** January first. */
  readonly monthNames: readonly string[];
  /** Month names as written next to a day number (differs in e.g. Polish, Russian). */
  readonly monthGenitiveNames: readonly string[];
  readonly abbreviatedMonthNames: readonly string[];
  readonly abbreviatedMonthGenitiveNames: readonly string[];
  /** Sunday first. */
  readonly dayNames: readonly string[];
  readonly abbreviatedDayNames: readonly string[];
  readonly amDesignator: string;
  readonly pmDesignator: string;
  /** What the custom specifier `/` writes. */
  readonly dateSeparator: string;
  /** What the custom specifier `:` writes. */
  readonly timeSeparator: string;
  /** What `g`/`gg` writes. */
  readonly eraName: string;
  /** `d` */
  readonly shortDatePattern: string;
  /** `D` */
  readonly longDatePattern: string;
  /** `t` */
  readonly shortTimePattern: string;
  /** `T` */
  readonly longTimePattern: string;
  /** `M`, `m` */
  readonly monthDayPattern: string;
  /** `Y`, `y` */
  readonly yearMonthPattern: string;
  /** The order of an all-numeric date (`3/15/2018` is month-day-year in en-US). */
  readonly dateOrder: 'MDY' | 'DMY' | 'YMD';
}

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const EN_MONTHS_ABBR = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const EN_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const EN_DAYS_ABBR = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** .NET's `en-US` culture: ADF's default for formatting and parsing. */
export const EN_US: Culture = {
  name: 'en-US',
  monthNames: EN_MONTHS,
  monthGenitiveNames: EN_MONTHS,
  abbreviatedMonthNames: EN_MONTHS_ABBR,
  abbreviatedMonthGenitiveNames: EN_MONTHS_ABBR,
  dayNames: EN_DAYS,
  abbreviatedDayNames: EN_DAYS_ABBR,
  amDesignator: 'AM',
  pmDesignator: 'PM',
  dateSeparator: '/',
  timeSeparator: ':',
  eraName: 'A.D.',
  shortDatePattern: 'M/d/yyyy',
  longDatePattern: 'dddd, MMMM d, yyyy',
  shortTimePattern: 'h:mm tt',
  longTimePattern: 'h:mm:ss tt',
  monthDayPattern: 'MMMM d',
  yearMonthPattern: 'MMMM yyyy',
  dateOrder: 'MDY',
};

/** .NET's invariant culture: what the culture-independent formats (`o`, `r`, `s`, `u`) use. */
export const INVARIANT: Culture = {
  ...EN_US,
  name: '',
  shortDatePattern: 'MM/dd/yyyy',
  longDatePattern: 'dddd, dd MMMM yyyy',
  shortTimePattern: 'HH:mm',
  longTimePattern: 'HH:mm:ss',
  yearMonthPattern: 'yyyy MMMM',
  eraName: 'A.D.',
};

const cache = new Map<string, Culture>();

/**
 * The culture for an RFC 4646 locale tag such as `'fr-FR'` (case-insensitive). Fails with a
 * {@link DateTimeError} for a malformed tag or one `Intl` has no data for.
 *
 * Approximations for locales other than en-US: the Gregorian calendar and Latin digits are always used
 * (as ADF does for most cultures); standard patterns (`d`, `D`, `t`, `T`, `M`, `Y`, and the `f`/`F`/`g`/`G`
 * combinations) are rebuilt from `Intl`'s equivalent styles, so spacing or padding can differ from .NET's
 * tables; narrow no-break spaces become plain spaces.
 */
export function cultureFor(locale: string): Culture {
  const key = locale.toLowerCase();
  const hit = cache.get(key);
  if (hit) return hit;
  let canonical: string;
  try {
    canonical = Intl.getCanonicalLocales(locale)[0] ?? '';
  } catch {
    throw new DateTimeError(`The provided locale '${locale}' is not valid.`);
  }
  if (canonical === '' || Intl.DateTimeFormat.supportedLocalesOf([canonical]).length === 0) {
    throw new DateTimeError(`The provided locale '${locale}' is not valid or doesn't have an associated culture.`);
  }
  const culture = canonical.toLowerCase() === 'en-us' ? EN_US : buildCulture(canonical);
  cache.set(key, culture);
  return culture;
}

type Options = Intl.DateTimeFormatOptions;

/** Formats with `Intl` in UTC, Gregorian calendar, Latin digits. */
function intlParts(locale: string, options: Options, date: Date): Intl.DateTimeFormatPart[] {
  return new Intl.DateTimeFormat(`${locale}-u-ca-gregory-nu-latn`, { ...options, timeZone: 'UTC' }).formatToParts(date);
}

function cleanText(s: string): string {
  return s.replace(/[\u202f\u00a0]/g, ' ');
}

function partValue(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  return cleanText(parts.find((p) => p.type === type)?.value ?? '');
}

/** A date in 2017 (January 1st was a Sunday) at noon UTC. */
function sample(month: number, day: number, hour = 12): Date {
  return new Date(Date.UTC(2017, month - 1, day, hour));
}

/** Quotes a literal for a .NET pattern. */
function literal(text: string): string {
  if (text === '') return '';
  if (/^[\s,]+$/.test(text)) return text;
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * Rebuilds a .NET pattern from `Intl` parts of a probe date whose fields are all below 10 (2009-06-05
 * 07:08:09, a Friday), so zero-padding shows which of `d`/`dd`, `H`/`HH` … the locale uses.
 */
function patternFrom(locale: string, options: Options): string {
  const probe = new Date(Date.UTC(2009, 5, 5, 7, 8, 9));
  const parts = intlParts(locale, options, probe);
  const twelveHour = parts.some((p) => p.type === 'dayPeriod');
  let out = '';
  for (const part of parts) {
    const v = cleanText(part.value);
    const padded = v.length === 2 && v.startsWith('0');
    switch (part.type) {
      case 'day':
        out += padded ? 'dd' : 'd';
        break;
      case 'month':
        out += /^\d+$/.test(v) ? (padded ? 'MM' : 'M') : options.month === 'short' ? 'MMM' : 'MMMM';
        break;
      case 'year':
        out += v.length === 2 ? 'yy' : 'yyyy';
        break;
      case 'weekday':
        out += options.weekday === 'short' ? 'ddd' : 'dddd';
        break;
      case 'hour':
        out += twelveHour ? (padded ? 'hh' : 'h') : padded ? 'HH' : 'H';
        break;
      case 'minute':
        out += 'mm';
        break;
      case 'second':
        out += 'ss';
        break;
      case 'dayPeriod':
        out += 'tt';
        break;
      case 'era':
        out += 'g';
        break;
      default:
        out += literal(v);
    }
  }
  return out;
}

/** The first literal between two numeric fields of a formatted sample, e.g. `/` or `.`. */
function separatorOf(locale: string, options: Options, fallback: string): string {
  const parts = intlParts(locale, options, new Date(Date.UTC(2009, 5, 5, 7, 8, 9)));
  const index = parts.findIndex((p, i) => i > 0 && p.type === 'literal');
  const text = index >= 0 ? cleanText((parts[index] as Intl.DateTimeFormatPart).value).trim() : '';
  return text === '' ? fallback : text;
}

function buildCulture(locale: string): Culture {
  const months = (style: 'long' | 'short', withDay: boolean): string[] =>
    Array.from({ length: 12 }, (_, i) =>
      partValue(intlParts(locale, withDay ? { month: style, day: 'numeric' } : { month: style }, sample(i + 1, 15)), 'month'),
    );
  const days = (style: 'long' | 'short'): string[] =>
    Array.from({ length: 7 }, (_, i) => partValue(intlParts(locale, { weekday: style }, sample(1, i + 1)), 'weekday'));
  const period = (hour: number): string =>
    partValue(intlParts(locale, { hour: 'numeric', hourCycle: 'h12' }, sample(1, 2, hour)), 'dayPeriod');
  const numericDate: Options = { year: 'numeric', month: '2-digit', day: '2-digit' };
  const dateParts = intlParts(locale, numericDate, new Date(Date.UTC(2009, 5, 5)))
    .filter((p) => p.type === 'year' || p.type === 'month' || p.type === 'day')
    .map((p) => p.type.charAt(0).toUpperCase())
    .join('');
  const dateOrder = dateParts === 'DMY' || dateParts === 'YMD' ? dateParts : 'MDY';
  return {
    name: locale,
    monthNames: months('long', false),
    monthGenitiveNames: months('long', true),
    abbreviatedMonthNames: months('short', false),
    abbreviatedMonthGenitiveNames: months('short', true),
    dayNames: days('long'),
    abbreviatedDayNames: days('short'),
    amDesignator: period(9) || 'AM',
    pmDesignator: period(15) || 'PM',
    dateSeparator: separatorOf(locale, numericDate, '/'),
    timeSeparator: separatorOf(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, ':'),
    eraName: partValue(intlParts(locale, { era: 'short', year: 'numeric' }, sample(1, 2)), 'era') || 'A.D.',
    shortDatePattern: patternFrom(locale, numericDate),
    longDatePattern: patternFrom(locale, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }),
    shortTimePattern: patternFrom(locale, { hour: 'numeric', minute: '2-digit' }),
    longTimePattern: patternFrom(locale, { hour: 'numeric', minute: '2-digit', second: '2-digit' }),
    monthDayPattern: patternFrom(locale, { month: 'long', day: 'numeric' }),
    yearMonthPattern: patternFrom(locale, { year: 'numeric', month: 'long' }),
    dateOrder,
  };
}
