import type { CallSite } from '../context.js';
import { isNumeric, toJsNumber, typeName, valuesEqual, type Value } from '../values.js';
import { boolArg, hasArg, stringArg } from './args.js';
import { compareValues, mismatchMessage } from './compare.js';
import { resolveCulture } from './number-culture.js';
import { isIntegerText, parseCultureFloat } from './number-parse.js';
import { fn, type ExpressionFunction } from './types.js';

/** Every argument must be a boolean (ADF does not treat 'true' or 1 as true here). */
function boolArgs(args: Value[], call: CallSite): boolean[] {
  return args.map((_, i) => boolArg(args, i, call));
}

/**
 * ADF's `equals`: deep equality (numbers by value across integer and float, strings case-sensitively,
 * arrays and objects deeply), plus the documented quirk that a boolean equals the number 1 or 0
 * (`equals(true, 1)` is true).
 */
function adfEquals(a: Value, b: Value): boolean {
  if (typeof a === 'boolean' && isNumeric(b)) return toJsNumber(b) === (a ? 1 : 0);
  if (typeof b === 'boolean' && isNumeric(a)) return toJsNumber(a) === (b ? 1 : 0);
  return valuesEqual(a, b);
}

function comparison(name: string, verb: string, test: (order: number) => boolean): ExpressionFunction {
  return fn(name, 'logical', [2, 2], `${name}(value: number | string, compareTo: number | string): boolean`,
    `True when the first value is ${verb} the second (numbers by value, strings ordinally).`,
    (args, call) => {
      const [a, b] = args as [Value, Value];
      const order = compareValues(a, b);
      if (order === undefined) return call.fail(mismatchMessage(call.name, a, b), 'EXPRESSION_TYPE');
      return test(order);
    });
}

/** ADF's logical functions: boolean logic, equality, ordering, `if`, and the `isInt`/`isFloat` checks. */
export const logicalFunctions: readonly ExpressionFunction[] = [
  fn('and', 'logical', [1, Infinity], 'and(expression1: boolean, expression2: boolean, ...): boolean',
    'True when every expression is true.',
    (args, call) => boolArgs(args, call).every((b) => b)),
  fn('or', 'logical', [1, Infinity], 'or(expression1: boolean, expression2: boolean, ...): boolean',
    'True when at least one expression is true.',
    (args, call) => boolArgs(args, call).some((b) => b)),
  fn('not', 'logical', [1, 1], 'not(expression: boolean): boolean',
    'True when the expression is false, false when it is true.',
    (args, call) => !boolArg(args, 0, call)),
  fn('equals', 'logical', [2, 2], 'equals(object1: any, object2: any): boolean',
    'True when both values are equivalent (numbers by value, strings case-sensitively, arrays and objects deeply).',
    (args) => adfEquals(args[0] as Value, args[1] as Value)),
  comparison('greater', 'greater than', (o) => o > 0),
  comparison('greaterOrEquals', 'greater than or equal to', (o) => o >= 0),
  comparison('less', 'less than', (o) => o < 0),
  comparison('lessOrEquals', 'less than or equal to', (o) => o <= 0),
  fn('if', 'logical', [3, 3], 'if(expression: boolean, valueIfTrue: any, valueIfFalse: any): any',
    'Returns valueIfTrue when the expression is true, valueIfFalse otherwise.',
    (args, call) => {
      const cond = args[0] as Value;
      if (typeof cond !== 'boolean') {
        return call.fail(`The template language function 'if' expects its first parameter to be a boolean. The provided value is of type '${typeName(cond)}'.`, 'EXPRESSION_TYPE');
      }
      return (cond ? args[1] : args[2]) as Value;
    }),
  fn('isInt', 'logical', [1, 1], 'isInt(text: string): boolean',
    'True when the string is a whole number in the 64-bit integer range (optional sign and surrounding white space allowed).',
    (args, call) => isIntegerText(stringArg(args, 0, call))),
  fn('isFloat', 'logical', [1, 2], 'isFloat(text: string, locale?: string): boolean',
    'True when the string is a floating-point number in the invariant culture, or in the given RFC 4646 locale.',
    (args, call) => {
      const text = stringArg(args, 0, call);
      const culture = hasArg(args, 1) ? resolveCulture(stringArg(args, 1, call), call) : resolveCulture('', call);
      return parseCultureFloat(text, culture) !== undefined;
    }),
];
