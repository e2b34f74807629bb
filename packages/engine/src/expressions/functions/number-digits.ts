import { ExprFloat } from '../values.js';

/**
 * A number as decimal digits, the working form of `formatNumber` (like .NET's internal `NumberBuffer`):
 * the value is `0.DIGITS × 10^exp`. Working in decimal keeps percent scaling (`exp + 2`) and
 * half-away-from-zero rounding exact, where binary floating point would drift.
 */
export interface DecimalDigits {
  /** Significant digits without leading or trailing zeros; '' for zero. */
  readonly digits: string;
  /** Position of the decimal point relative to the first digit. */
  readonly exp: number;
  readonly negative: boolean;
}

function normalise(all: string, pointPos: number, negative: boolean): DecimalDigits {
  let start = 0;
  while (start < all.length && all[start] === '0') start++;
  let end = all.length;
  while (end > start && all[end - 1] === '0') end--;
  const digits = all.slice(start, end);
  return { digits, exp: digits === '' ? 0 : pointPos - start, negative };
}

/**
 * The digits of a finite number. Integers (and bigints) are exact; floats use the shortest digits that
 * read back as the same double (what .NET Core's `R` shows), so `1.005` is `1005e-3`, not its binary
 * approximation.
 */
export function toDecimalDigits(value: number | bigint | ExprFloat): DecimalDigits {
  const v = value instanceof ExprFloat ? value.value : value;
  if (typeof v === 'bigint') {
    const negative = v < 0n;
    const s = (negative ? -v : v).toString();
    return normalise(s, s.length, negative);
  }
  const negative = v < 0 || Object.is(v, -0);
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(v)));
  if (!m) throw new Error(`Not a finite number: ${v}`);
  const int = m[1] as string;
  const frac = m[2] ?? '';
  return normalise(int + frac, int.length + Number(m[3] ?? 0), negative);
}

/** True when the digits are zero (after rounding, say). */
export function isZero(d: DecimalDigits): boolean {
  return d.digits === '';
}

/** Moves the decimal point: `scale(d, 2)` multiplies by 100. */
export function scale(d: DecimalDigits, powerOfTen: number): DecimalDigits {
  return d.digits === '' ? d : { ...d, exp: d.exp + powerOfTen };
}

/** Keeps `keep` significant digits, rounding half away from zero (.NET's rule). */
export function roundSignificant(d: DecimalDigits, keep: number): DecimalDigits {
  if (d.digits.length <= keep) return d;
  if (keep < 0) return { digits: '', exp: 0, negative: d.negative };
  const up = (d.digits[keep] as string) >= '5';
  let kept = d.digits.slice(0, keep);
  let exp = d.exp;
  if (up) {
    let i = kept.length - 1;
    while (i >= 0 && kept[i] === '9') i--;
    if (i < 0) {
      kept = '1';
      exp += 1;
    } else {
      kept = kept.slice(0, i) + String(Number(kept[i]) + 1);
    }
  }
  return normalise(kept, exp, d.negative);
}

/** Rounds to `decimals` digits after the decimal point. */
export function roundFixed(d: DecimalDigits, decimals: number): DecimalDigits {
  return d.digits === '' ? d : roundSignificant(d, d.exp + decimals);
}

/**
 * The integer digits (no leading zeros, '' for a zero integer part) and exactly `decimals` fraction
 * digits of an already rounded number.
 */
export function splitFixed(d: DecimalDigits, decimals: number): { int: string; frac: string } {
  const { digits, exp } = d;
  const int = exp > 0 ? digits.slice(0, exp).padEnd(exp, '0') : '';
  const fracAll = exp >= 0 ? digits.slice(exp) : '0'.repeat(-exp) + digits;
  return { int, frac: fracAll.padEnd(decimals, '0').slice(0, decimals) };
}

/**
 * Inserts group separators into integer digits: `sizes` count from the right, the last size repeating
 * (`[3]` → 1,234,567; `[3, 2]` → 12,34,567); a size of 0 stops grouping.
 */
export function groupDigits(int: string, separator: string, sizes: readonly number[]): string {
  if (sizes.length === 0 || separator === '') return int;
  const groups: string[] = [];
  let end = int.length;
  let i = 0;
  while (end > 0) {
    const size = sizes[Math.min(i, sizes.length - 1)] as number;
    if (size <= 0) break;
    groups.unshift(int.slice(Math.max(0, end - size), end));
    end -= size;
    i++;
  }
  if (end > 0) groups.unshift(int.slice(0, end));
  return groups.join(separator);
}

/** True when a group separator follows the integer digit `position` places left of the decimal point. */
export function isGroupBoundary(position: number, sizes: readonly number[]): boolean {
  if (position <= 0 || sizes.length === 0) return false;
  let boundary = 0;
  for (let i = 0; ; i++) {
    const size = sizes[Math.min(i, sizes.length - 1)] as number;
    if (size <= 0) return false;
    boundary += size;
    if (boundary === position) return true;
    if (boundary > position) return false;
  }
}
