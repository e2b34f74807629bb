import { INT64_MAX, INT64_MIN } from './compare.js';
import type { NumberCulture } from './number-culture.js';

/**
 * Reading numbers from text the way .NET's `long.TryParse` and `double.TryParse` do, for `isInt` and
 * `isFloat` (and any conversion that needs the same leniency). .NET's number parser is famously lenient
 * (`'12,3,4,5678'` and `'1234567,8+'` are floats), and ADF's documented examples rely on that.
 */

/** .NET's white space for number parsing: space and U+0009–U+000D. */
const WHITE = /[\t\n\v\f\r ]/;

/** True when `text` is an integer as `long.TryParse(text, NumberStyles.Integer)` reads it. */
export function isIntegerText(text: string): boolean {
  const m = /^[\t\n\v\f\r ]*([+-]?\d+)[\t\n\v\f\r ]*$/.exec(text);
  if (!m) return false;
  const n = BigInt(m[1] as string);
  return n >= INT64_MIN && n <= INT64_MAX;
}

const SPECIALS: ReadonlyMap<string, number> = new Map([
  ['nan', Number.NaN],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-infinity', -Infinity],
  ['∞', Infinity],
  ['+∞', Infinity],
  ['-∞', -Infinity],
]);

/**
 * Parses a floating-point number as `double.TryParse(text, NumberStyles.Any, culture)` does (without
 * currency symbols): surrounding white space, a leading or trailing sign or parentheses, group separators
 * after the first digit of the integer part, the culture's decimal separator and an exponent.
 * Returns undefined when the text is not a number.
 */
export function parseCultureFloat(text: string, culture: NumberCulture): number | undefined {
  const special = SPECIALS.get(text.replace(/^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g, '').toLowerCase());
  if (special !== undefined) return special;

  let i = 0;
  const at = (s: string): boolean => s !== '' && text.startsWith(s, i);
  const skipWhite = (): void => {
    while (i < text.length && WHITE.test(text[i] as string)) i++;
  };
  const readSign = (): -1 | 1 | 0 => {
    for (const [s, v] of [[culture.minus, -1], ['-', -1], [culture.plus, 1], ['+', 1]] as const) {
      if (at(s)) {
        i += s.length;
        return v;
      }
    }
    return 0;
  };
  const groups = [culture.group];
  // .NET accepts a plain space where the culture groups with a non-breaking space.
  if (culture.group === '\u00a0' || culture.group === '\u202f') groups.push(' ');

  skipWhite();
  let negative = false;
  let parens = false;
  let sign = readSign();
  if (sign === 0 && text[i] === '(') {
    parens = true;
    i++;
  }
  let intDigits = '';
  for (;;) {
    const c = text[i];
    if (c !== undefined && c >= '0' && c <= '9') {
      intDigits += c;
      i++;
      continue;
    }
    const g = intDigits !== '' ? groups.find((s) => at(s)) : undefined;
    if (g === undefined) break;
    i += g.length;
  }
  let fracDigits = '';
  if (at(culture.decimal)) {
    i += culture.decimal.length;
    while (i < text.length && (text[i] as string) >= '0' && (text[i] as string) <= '9') fracDigits += text[i++];
  }
  if (intDigits === '' && fracDigits === '') return undefined;
  let exponent = '';
  const e = /^[eE]([+-]?\d+)/.exec(text.slice(i));
  if (e) {
    exponent = e[1] as string;
    i += e[0].length;
  }
  if (parens) {
    if (text[i] !== ')') return undefined;
    i++;
    negative = true;
  } else if (sign === 0) {
    sign = readSign();
  }
  if (sign === -1) negative = true;
  skipWhite();
  if (i !== text.length) return undefined;
  const value = Number(`${intDigits || '0'}.${fracDigits || '0'}e${exponent || '0'}`);
  return negative ? -value : value;
}
