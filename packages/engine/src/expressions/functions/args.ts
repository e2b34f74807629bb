import type { CallSite } from '../context.js';
import { type ExprFloat, isNumeric, isPlainObject, typeName, type Value } from '../values.js';

/**
 * Argument readers shared by every function group. Each one either returns the argument narrowed to the
 * wanted type or fails the call with ADF's wording, naming the function and the argument's position.
 */

function wrong(call: CallSite, index: number, expected: string, got: Value): never {
  return call.fail(
    `The template language function '${call.name}' expects its parameter ${index + 1} to be ${expected}. The provided value is of type '${typeName(got)}'.`,
    'EXPRESSION_TYPE',
  );
}

/** The argument at `index` (null when absent: optional arguments read as null). */
export function arg(args: Value[], index: number): Value {
  return index < args.length ? (args[index] as Value) : null;
}

/** A string argument. */
export function stringArg(args: Value[], index: number, call: CallSite): string {
  const v = arg(args, index);
  if (typeof v !== 'string') wrong(call, index, 'a string', v);
  return v;
}

/** An integer argument (a safe JS integer; larger values fail). */
export function intArg(args: Value[], index: number, call: CallSite): number {
  const v = arg(args, index);
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'bigint') return call.fail(`The template language function '${call.name}' received an integer too large for parameter ${index + 1}.`, 'EXPRESSION_TYPE');
  return wrong(call, index, 'an integer', v);
}

/** Any numeric argument (integer, bigint or float). */
export function numericArg(args: Value[], index: number, call: CallSite): number | bigint | ExprFloat {
  const v = arg(args, index);
  if (!isNumeric(v)) wrong(call, index, 'an integer or a decimal number', v);
  return v;
}

/** A boolean argument. */
export function boolArg(args: Value[], index: number, call: CallSite): boolean {
  const v = arg(args, index);
  if (typeof v !== 'boolean') wrong(call, index, 'a boolean', v);
  return v;
}

/** An array argument. */
export function arrayArg(args: Value[], index: number, call: CallSite): Value[] {
  const v = arg(args, index);
  if (!Array.isArray(v)) wrong(call, index, 'an array', v);
  return v;
}

/** An object argument. */
export function objectArg(args: Value[], index: number, call: CallSite): { [key: string]: Value } {
  const v = arg(args, index);
  if (!isPlainObject(v)) wrong(call, index, 'an object', v);
  return v;
}

/** True when an optional argument was given (not absent). */
export function hasArg(args: Value[], index: number): boolean {
  return index < args.length;
}

