import { ExprFloat, isNumeric, typeName, type Value } from '../values.js';

/**
 * Ordering of expression values, shared by the comparison functions (`greater`, `less` …), `min`/`max`
 * and `sort`. ADF orders numbers by value whatever their kind (integer, 64-bit integer, float), strings
 * ordinally (UTF-16 code units, case-sensitive) and booleans false before true; values of different kinds
 * do not compare.
 */

/** A number of any kind. */
export type Numeric = number | bigint | ExprFloat;

/**
 * Compares two numbers exactly, even when one is a 64-bit integer beyond 2^53 and the other a float:
 * negative when `a < b`, zero when equal, positive when `a > b`.
 */
export function compareNumbers(a: Numeric, b: Numeric): number {
  const x = a instanceof ExprFloat ? a.value : a;
  const y = b instanceof ExprFloat ? b.value : b;
  if (typeof x === 'bigint' && typeof y === 'bigint') return x < y ? -1 : x > y ? 1 : 0;
  if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : x > y ? 1 : 0;
  // One bigint, one number: compare the bigint with the floor of the number, then the fraction.
  if (typeof x === 'bigint') return -compareNumberWithBigInt(y as number, x);
  return compareNumberWithBigInt(x, y as bigint);
}

function compareNumberWithBigInt(n: number, b: bigint): number {
  if (Number.isNaN(n)) return 0;
  if (n === Infinity) return 1;
  if (n === -Infinity) return -1;
  const floor = Math.floor(n);
  const f = BigInt(floor);
  if (f !== b) return f < b ? -1 : 1;
  return n > floor ? 1 : 0;
}

/** The kind of value that orders against another of the same kind, or undefined when it does not order. */
function orderKind(v: Value): 'number' | 'string' | 'boolean' | undefined {
  if (isNumeric(v)) return 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  return undefined;
}

/**
 * Compares two values of the same orderable kind (numbers, strings or booleans), or returns undefined when
 * they cannot be compared (different kinds, arrays, objects, null …). The caller words the error.
 */
export function compareValues(a: Value, b: Value): number | undefined {
  const ka = orderKind(a);
  if (ka === undefined || ka !== orderKind(b)) return undefined;
  if (ka === 'number') return compareNumbers(a as Numeric, b as Numeric);
  if (ka === 'string') return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
  return a === b ? 0 : a === false ? -1 : 1;
}

/** The smallest 64-bit integer. */
export const INT64_MIN = -(2n ** 63n);
/** The largest 64-bit integer. */
export const INT64_MAX = 2n ** 63n - 1n;

/** ADF's message when two values of different types are compared. */
export function mismatchMessage(name: string, a: Value, b: Value): string {
  return `The template language function '${name}' expects two parameters of matching types (both numbers, both strings or both booleans). The function was invoked with values of type '${typeName(a)}' and '${typeName(b)}' that do not match.`;
}
