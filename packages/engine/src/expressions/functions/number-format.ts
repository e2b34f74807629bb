import { ExprFloat } from '../values.js';
import type { Affixes, NumberCulture } from './number-culture.js';
import {
  groupDigits,
  isGroupBoundary,
  isZero,
  roundFixed,
  roundSignificant,
  scale,
  splitFixed,
  toDecimalDigits,
  type DecimalDigits,
} from './number-digits.js';

/**
 * .NET numeric format strings for `formatNumber` (what `number.ToString(format, culture)` does):
 * the standard formats `C`, `D`, `E`, `F`, `G`, `N`, `P`, `R`, `X`, `B` with an optional precision, and
 * custom formats such as `'#,##0.00'`, `'0.###E+0'`, `'(###) ###-####'` or `'0.00;(0.00);zero'`.
 */

/** Thrown for a format string .NET would reject; the caller turns it into an expression error. */
export class NumberFormatError extends Error {}

/** A number to format: integer, 64-bit integer or float. */
export type FormattableNumber = number | bigint | ExprFloat;

/** The largest precision accepted (.NET Framework's limit is 99; beyond 999 is surely a mistake). */
const MAX_PRECISION = 999;

/** Formats a number with a .NET standard or custom numeric format string in the given culture. */
export function formatDotNetNumber(value: FormattableNumber, format: string, culture: NumberCulture): string {
  const isFloatValue = value instanceof ExprFloat || (typeof value === 'number' && !Number.isInteger(value));
  const raw = value instanceof ExprFloat ? value.value : value;
  if (typeof raw === 'number' && !Number.isFinite(raw)) {
    return Number.isNaN(raw) ? culture.nan : raw > 0 ? culture.positiveInfinity : culture.negativeInfinity;
  }
  const standard = /^([A-Za-z])(\d*)$/.exec(format === '' ? 'G' : format);
  if (standard) {
    const digits = standard[2] as string;
    if (digits.length > 0 && Number(digits) > MAX_PRECISION) {
      throw new NumberFormatError(`The precision ${digits} in the format '${format}' is too large (at most ${MAX_PRECISION}).`);
    }
    const precision = digits === '' ? undefined : Number(digits);
    return formatStandard(value, isFloatValue, standard[1] as string, precision, culture, format);
  }
  return formatCustom(toDecimalDigits(value), format, culture);
}

function withSign(d: DecimalDigits, body: string, culture: NumberCulture): string {
  return d.negative && !isZero(d) ? culture.minus + body : body;
}

function fixedBody(d: DecimalDigits, decimals: number, culture: NumberCulture, grouped: boolean): string {
  const { int, frac } = splitFixed(d, decimals);
  const intText = grouped ? groupDigits(int || '0', culture.group, culture.groupSizes) : int || '0';
  return decimals > 0 ? `${intText}${culture.decimal}${frac}` : intText;
}

function affixed(d: DecimalDigits, body: string, patterns: { positive: Affixes; negative: Affixes }): string {
  const a = d.negative && !isZero(d) ? patterns.negative : patterns.positive;
  return a.prefix + body + a.suffix;
}

/** Exponent text: `E+003` style (`minDigits` wide, sign always for `E`, optional for `G`/custom). */
function exponentText(letter: string, exponent: number, minDigits: number, alwaysSign: boolean, culture: NumberCulture): string {
  const sign = exponent < 0 ? culture.minus : alwaysSign ? culture.plus : '';
  return letter + sign + String(Math.abs(exponent)).padStart(minDigits, '0');
}

/** Scientific text of rounded digits: one integer digit, `decimals` fraction digits (or trimmed when undefined). */
function scientific(d: DecimalDigits, decimals: number | undefined, letter: string, expDigits: number, alwaysSign: boolean, culture: NumberCulture): string {
  const exponent = isZero(d) ? 0 : d.exp - 1;
  const mantissa = isZero(d) ? d : { ...d, exp: 1 };
  const frac = decimals ?? Math.max(0, mantissa.digits.length - 1);
  return withSign(d, fixedBody(mantissa, frac, culture, false) + exponentText(letter, exponent, expDigits, alwaysSign, culture), culture);
}

function integerOnly(value: FormattableNumber, isFloatValue: boolean, format: string): bigint {
  if (isFloatValue || value instanceof ExprFloat) {
    throw new NumberFormatError(`The format '${format}' is only valid for integers, but the number is a float.`);
  }
  return typeof value === 'bigint' ? value : BigInt(value);
}

/** Two's complement text of a 64-bit integer in base 16 or 2 (.NET's `X` and `B`). */
function radix(n: bigint, base: 2 | 16, width: number | undefined): string {
  const unsigned = n < 0n ? (1n << 64n) + n : n;
  return unsigned.toString(base).padStart(width ?? 0, '0');
}

function formatStandard(
  value: FormattableNumber,
  isFloatValue: boolean,
  letter: string,
  precision: number | undefined,
  culture: NumberCulture,
  format: string,
): string {
  const d = toDecimalDigits(value);
  switch (letter.toUpperCase()) {
    case 'C': {
      const decimals = precision ?? culture.currency.digits;
      const r = roundFixed(d, decimals);
      return affixed(r, fixedBody(r, decimals, culture, true), culture.currency);
    }
    case 'D': {
      const n = integerOnly(value, isFloatValue, format);
      const text = (n < 0n ? -n : n).toString().padStart(precision ?? 0, '0');
      return n < 0n ? culture.minus + text : text;
    }
    case 'E': {
      const decimals = precision ?? 6;
      return scientific(roundSignificant(d, decimals + 1), decimals, letter, 3, true, culture);
    }
    case 'F': {
      const decimals = precision ?? 2;
      const r = roundFixed(d, decimals);
      return withSign(r, fixedBody(r, decimals, culture, false), culture);
    }
    case 'N': {
      const decimals = precision ?? 2;
      const r = roundFixed(d, decimals);
      return withSign(r, fixedBody(r, decimals, culture, true), culture);
    }
    case 'P': {
      const decimals = precision ?? 2;
      const r = roundFixed(scale(d, 2), decimals);
      return affixed(r, fixedBody(r, decimals, culture, true), culture.percent);
    }
    case 'G':
    case 'R': {
      const explicit = letter.toUpperCase() === 'G' && precision !== undefined && precision > 0 ? precision : undefined;
      const r = explicit !== undefined ? roundSignificant(d, explicit) : d;
      // Without a precision, floats switch to scientific at 15 integer digits (as .NET does); integers never.
      const limit = explicit ?? (isFloatValue ? 15 : Infinity);
      const exponent = isZero(r) ? 0 : r.exp - 1;
      if (exponent > -5 && exponent < limit) {
        const decimals = Math.max(0, r.digits.length - r.exp);
        return withSign(r, fixedBody(r, decimals, culture, false), culture);
      }
      return scientific(r, undefined, letter === 'g' ? 'e' : 'E', 2, true, culture);
    }
    case 'X': {
      const text = radix(integerOnly(value, isFloatValue, format), 16, precision);
      return letter === 'x' ? text : text.toUpperCase();
    }
    case 'B':
      return radix(integerOnly(value, isFloatValue, format), 2, precision);
    default:
      throw new NumberFormatError(`'${format}' is not a valid numeric format: the standard formats are C, D, E, F, G, N, P, R, X and B, optionally followed by a precision.`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Custom formats

type Token =
  | { readonly kind: 'digit'; readonly zero: boolean }
  | { readonly kind: 'point' }
  | { readonly kind: 'group' }
  | { readonly kind: 'percent' }
  | { readonly kind: 'permille' }
  | { readonly kind: 'exponent'; readonly letter: string; readonly alwaysSign: boolean; readonly minDigits: number }
  | { readonly kind: 'literal'; readonly text: string };

/** Splits a custom format into its `;` sections, honouring quotes and backslash escapes. */
function splitSections(format: string): string[] {
  const sections: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < format.length; i++) {
    const c = format[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      current += c;
    } else if (c === '\\') {
      current += c + (format[i + 1] ?? '');
      i++;
    } else if (c === "'" || c === '"') {
      quote = c;
      current += c;
    } else if (c === ';') {
      sections.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  sections.push(current);
  return sections.slice(0, 3);
}

function tokenize(section: string): Token[] {
  const tokens: Token[] = [];
  let seenPoint = false;
  let seenExponent = false;
  const literal = (text: string): void => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'literal') tokens[tokens.length - 1] = { kind: 'literal', text: last.text + text };
    else tokens.push({ kind: 'literal', text });
  };
  for (let i = 0; i < section.length; i++) {
    const c = section[i] as string;
    if ((c === '0' || c === '#') && !seenExponent) tokens.push({ kind: 'digit', zero: c === '0' });
    else if (c === '.' && !seenExponent) {
      if (!seenPoint) tokens.push({ kind: 'point' });
      seenPoint = true;
    } else if (c === ',' && !seenExponent) tokens.push({ kind: 'group' });
    else if (c === '%') tokens.push({ kind: 'percent' });
    else if (c === '‰') tokens.push({ kind: 'permille' });
    else if ((c === 'E' || c === 'e') && !seenExponent) {
      const m = /^([+-]?)(0+)/.exec(section.slice(i + 1));
      if (m) {
        tokens.push({ kind: 'exponent', letter: c, alwaysSign: m[1] === '+', minDigits: (m[2] as string).length });
        seenExponent = true;
        i += m[0].length;
      } else literal(c);
    } else if (c === '\\') {
      literal(section[i + 1] ?? '');
      i++;
    } else if (c === "'" || c === '"') {
      const close = section.indexOf(c, i + 1);
      const end = close < 0 ? section.length : close;
      literal(section.slice(i + 1, end));
      i = end;
    } else literal(c);
  }
  return tokens;
}

interface Layout {
  readonly tokens: Token[];
  readonly intPlaceholders: number;
  readonly minInt: number;
  readonly fracPlaceholders: number;
  readonly minFrac: number;
  readonly grouping: boolean;
  /** Power of ten to apply: +2 per `%`, +3 per `‰`, −3 per scaling comma. */
  readonly shift: number;
  readonly exponent: Extract<Token, { kind: 'exponent' }> | undefined;
}

function layout(tokens: Token[]): Layout {
  const pointAt = tokens.findIndex((t) => t.kind === 'point');
  const expAt = tokens.findIndex((t) => t.kind === 'exponent');
  const intEnd = pointAt >= 0 ? pointAt : expAt >= 0 ? expAt : tokens.length;
  const numberEnd = expAt >= 0 ? expAt : tokens.length;
  const intDigits: { index: number; zero: boolean }[] = [];
  tokens.forEach((t, index) => {
    if (t.kind === 'digit' && index < intEnd) intDigits.push({ index, zero: t.zero });
  });
  let fracPlaceholders = 0;
  let minFrac = 0;
  for (let i = intEnd + 1; i < numberEnd; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'digit') {
      fracPlaceholders++;
      if (t.zero) minFrac = fracPlaceholders;
    }
  }
  const firstZero = intDigits.findIndex((d) => d.zero);
  const lastIntDigit = intDigits.length ? (intDigits[intDigits.length - 1] as { index: number }).index : -1;
  const firstIntDigit = intDigits.length ? (intDigits[0] as { index: number }).index : -1;
  // Commas right after the last integer placeholder scale by 1000 each; a comma between two placeholders
  // groups. Commas after the decimal point do neither (as in .NET).
  let scalingCommas = 0;
  for (let i = lastIntDigit + 1; lastIntDigit >= 0 && i < intEnd && tokens[i]?.kind === 'group'; i++) scalingCommas++;
  let grouping = false;
  tokens.forEach((t, i) => {
    if (t.kind === 'group' && i > firstIntDigit && i < lastIntDigit && firstIntDigit >= 0) grouping = true;
  });
  let shift = -3 * scalingCommas;
  for (const t of tokens) {
    if (t.kind === 'percent') shift += 2;
    if (t.kind === 'permille') shift += 3;
  }
  const exponent = expAt >= 0 ? (tokens[expAt] as Extract<Token, { kind: 'exponent' }>) : undefined;
  return {
    tokens,
    intPlaceholders: intDigits.length,
    minInt: firstZero < 0 ? 0 : intDigits.length - firstZero,
    fracPlaceholders,
    minFrac,
    grouping,
    shift,
    exponent,
  };
}

interface Rendered {
  readonly text: string;
  readonly zero: boolean;
}

function render(value: DecimalDigits, l: Layout, culture: NumberCulture): Rendered {
  let d = scale(value, l.shift);
  let exponentValue = 0;
  if (l.exponent) {
    const intCount = Math.max(1, l.intPlaceholders);
    d = roundSignificant(d, intCount + l.fracPlaceholders);
    if (!isZero(d)) {
      exponentValue = d.exp - intCount;
      d = { ...d, exp: intCount };
    }
  } else {
    d = roundFixed(d, l.fracPlaceholders);
  }
  const split = splitFixed(d, l.fracPlaceholders);
  const intText = split.int.padStart(l.minInt, '0');
  let frac = split.frac;
  while (frac.length > l.minFrac && frac.endsWith('0')) frac = frac.slice(0, -1);

  let out = '';
  let digitOrdinal = 0;
  let fracOrdinal = 0;
  let inFraction = false;
  const emitInt = (position: number): void => {
    const ch = intText[intText.length - 1 - position];
    if (ch === undefined) return;
    out += ch;
    if (l.grouping && isGroupBoundary(position, culture.groupSizes)) out += culture.group;
  };
  l.tokens.forEach((t) => {
    switch (t.kind) {
      case 'digit':
        if (inFraction) {
          if (fracOrdinal < frac.length) out += frac[fracOrdinal];
          fracOrdinal++;
        } else {
          const position = l.intPlaceholders - 1 - digitOrdinal;
          if (digitOrdinal === 0) for (let p = intText.length - 1; p > position; p--) emitInt(p);
          emitInt(position);
          digitOrdinal++;
        }
        break;
      case 'point':
        if (l.intPlaceholders === 0) out += intText;
        if (frac.length > 0) out += culture.decimal;
        inFraction = true;
        break;
      case 'group':
        // Grouping and scaling commas print nothing themselves.
        break;
      case 'percent':
        out += culture.percentSymbol;
        break;
      case 'permille':
        out += culture.perMilleSymbol;
        break;
      case 'exponent':
        if (l.intPlaceholders === 0 && !l.tokens.some((x) => x.kind === 'point')) out += intText;
        inFraction = false;
        out += exponentText(t.letter, exponentValue, t.minDigits, t.alwaysSign, culture);
        break;
      case 'literal':
        out += t.text;
        break;
    }
  });
  return { text: out, zero: isZero(d) };
}

function formatCustom(value: DecimalDigits, format: string, culture: NumberCulture): string {
  const sections = splitSections(format).map((s) => layout(tokenize(s)));
  const [positive, negative, zero] = sections as [Layout, Layout | undefined, Layout | undefined];
  const hasOwn = (s: Layout | undefined): s is Layout => s !== undefined && s.tokens.length > 0;
  const magnitude: DecimalDigits = { ...value, negative: false };

  if (isZero(value)) return render(magnitude, hasOwn(zero) ? zero : positive, culture).text;
  if (value.negative && hasOwn(negative)) {
    const r = render(magnitude, negative, culture);
    return r.zero && hasOwn(zero) ? render(magnitude, zero, culture).text : r.text;
  }
  const r = render(magnitude, positive, culture);
  if (r.zero) return hasOwn(zero) ? render(magnitude, zero, culture).text : r.text;
  return value.negative ? culture.minus + r.text : r.text;
}
