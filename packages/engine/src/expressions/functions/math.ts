import type { CallSite } from '../context.js';
import { isInteger, makeFloat, makeInteger, toBigInt, toJsNumber, type Value } from '../values.js';
import { arg, intArg, numericArg } from './args.js';
import { compareNumbers, INT64_MAX, INT64_MIN, type Numeric } from './compare.js';
import { fn, type ExpressionFunction } from './types.js';

/**
 * ADF's arithmetic keeps .NET's two number types apart: an operation on two integers gives an integer
 * (64-bit, exact beyond 2^53 thanks to bigint), any float operand gives a float. Results that .NET would
 * overflow or turn into Infinity fail instead of returning a wrong value.
 */

/** The largest `count` `range` accepts, as documented. */
const MAX_RANGE_COUNT = 100_000;
const INT32_MAX = 2_147_483_647;

function intResult(n: bigint, call: CallSite): number | bigint {
  if (n < INT64_MIN || n > INT64_MAX) {
    return call.fail(`The template language function '${call.name}' overflowed: the result ${n} is outside the 64-bit integer range.`, 'EXPRESSION_EVALUATION');
  }
  return makeInteger(n);
}

function floatResult(x: number, call: CallSite): Value {
  if (!Number.isFinite(x)) return call.fail(`The template language function '${call.name}' overflowed: the result is not a finite number.`, 'EXPRESSION_EVALUATION');
  return makeFloat(x);
}

type IntOp = (a: bigint, b: bigint) => bigint;
type FloatOp = (a: number, b: number) => number;

/** A binary operation with ADF's integer/float rule, and a fast path for small integers. */
function arithmetic(intOp: IntOp, floatOp: FloatOp, checkZero: boolean) {
  return (args: Value[], call: CallSite): Value => {
    const a = numericArg(args, 0, call);
    const b = numericArg(args, 1, call);
    if (checkZero && toJsNumber(b) === 0) {
      return call.fail(`The template language function '${call.name}' cannot divide by zero: its second parameter is 0.`, 'EXPRESSION_EVALUATION');
    }
    if (isInteger(a) && isInteger(b)) {
      if (typeof a === 'number' && typeof b === 'number') {
        const quick = floatOp(a, b);
        // Exact when the operands and the result are safe integers and the op does not truncate.
        if (Number.isSafeInteger(quick) && floatOp !== divide) return quick;
      }
      return intResult(intOp(toBigInt(a), toBigInt(b)), call);
    }
    return floatResult(floatOp(toJsNumber(a), toJsNumber(b)), call);
  };
}

const divide: FloatOp = (x, y) => x / y;

/** The numbers `min`/`max` look at: their arguments, or the items of a single array argument. */
function numbersOf(args: Value[], call: CallSite): Numeric[] {
  const first = arg(args, 0);
  const items = args.length === 1 && Array.isArray(first) ? first : args;
  if (items.length === 0) return call.fail(`The template language function '${call.name}' expects at least one number; the array is empty.`, 'EXPRESSION_EVALUATION');
  return items.map((_, i) => numericArg(items, i, call));
}

function extreme(sign: 1 | -1) {
  return (args: Value[], call: CallSite): Value => {
    const numbers = numbersOf(args, call);
    let best = numbers[0] as Numeric;
    for (const n of numbers) if (compareNumbers(n, best) * sign > 0) best = n;
    return best;
  };
}

function rand(args: Value[], call: CallSite): number {
  const min = intArg(args, 0, call);
  const max = intArg(args, 1, call);
  if (min > max) return call.fail(`The template language function 'rand' expects its minimum value (${min}) to be no greater than its maximum value (${max}).`, 'EXPRESSION_EVALUATION');
  if (min === max) return min;
  return min + Math.floor(Math.random() * (max - min));
}

function range(args: Value[], call: CallSite): number[] {
  const start = intArg(args, 0, call);
  const count = intArg(args, 1, call);
  if (count < 0 || count > MAX_RANGE_COUNT) {
    return call.fail(`The template language function 'range' expects its count to be between 0 and ${MAX_RANGE_COUNT}; got ${count}.`, 'EXPRESSION_EVALUATION');
  }
  if (start + count > INT32_MAX || start < -INT32_MAX - 1) {
    return call.fail(`The template language function 'range' expects its start index and count to add up to no more than ${INT32_MAX}.`, 'EXPRESSION_EVALUATION');
  }
  return Array.from({ length: count }, (_, i) => start + i);
}

/** ADF's math functions. */
export const mathFunctions: readonly ExpressionFunction[] = [
  fn('add', 'math', [2, 2], 'add(summand1: number, summand2: number): number',
    'The sum of two numbers (an integer when both are integers, else a float).',
    arithmetic((a, b) => a + b, (x, y) => x + y, false)),
  fn('sub', 'math', [2, 2], 'sub(minuend: number, subtrahend: number): number',
    'The first number minus the second (an integer when both are integers, else a float).',
    arithmetic((a, b) => a - b, (x, y) => x - y, false)),
  fn('mul', 'math', [2, 2], 'mul(multiplicand1: number, multiplicand2: number): number',
    'The product of two numbers (an integer when both are integers, else a float).',
    arithmetic((a, b) => a * b, (x, y) => x * y, false)),
  fn('div', 'math', [2, 2], 'div(dividend: number, divisor: number): number',
    'The quotient: truncated toward zero when both are integers (div(11, 5) is 2), else a float (div(11, 5.0) is 2.2).',
    arithmetic((a, b) => a / b, divide, true)),
  fn('mod', 'math', [2, 2], 'mod(dividend: number, divisor: number): number',
    'The remainder of the division, with the sign of the dividend (mod(-5, 2) is -1).',
    arithmetic((a, b) => a % b, (x, y) => x % y, true)),
  fn('min', 'math', [1, Infinity], 'min(number1: number, number2: number, ... | numbers: array): number',
    'The lowest of the numbers, or of the items of one array.',
    extreme(-1)),
  fn('max', 'math', [1, Infinity], 'max(number1: number, number2: number, ... | numbers: array): number',
    'The highest of the numbers, or of the items of one array.',
    extreme(1)),
  fn('rand', 'math', [2, 2], 'rand(minValue: int, maxValue: int): int',
    'A random integer from minValue (inclusive) to maxValue (exclusive).',
    rand),
  fn('range', 'math', [2, 2], 'range(startIndex: int, count: int): int[]',
    'An array of count consecutive integers starting at startIndex.',
    range),
];
