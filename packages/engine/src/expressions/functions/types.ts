import type { ExpressionFunctionImpl } from '../context.js';

/** The groups of ADF's function reference, used by the docs and the designer's completion list. */
export type FunctionCategory =
  | 'string'
  | 'collection'
  | 'logical'
  | 'conversion'
  | 'math'
  | 'date'
  | 'scope';

/**
 * One function of the expression language. Declared once; the evaluator calls `impl`, the validator
 * checks arity, the designer offers `signature` and `description` in completion.
 */
export interface ExpressionFunction {
  /** Canonical name as ADF documents it (`utcNow`, `createArray`). Lookup is case-insensitive. */
  readonly name: string;
  readonly category: FunctionCategory;
  /** Fewest arguments accepted. */
  readonly minArgs: number;
  /** Most arguments accepted (`Infinity` for variadic functions such as `concat`). */
  readonly maxArgs: number;
  /** Human signature, e.g. `substring(text: string, startIndex: int, length?: int): string`. */
  readonly signature: string;
  /** One sentence from the reference: what it returns. */
  readonly description: string;
  readonly impl: ExpressionFunctionImpl;
}

/** Helper that keeps declarations short and typed. */
export function fn(
  name: string,
  category: FunctionCategory,
  arity: [min: number, max: number],
  signature: string,
  description: string,
  impl: ExpressionFunctionImpl,
): ExpressionFunction {
  return { name, category, minArgs: arity[0], maxArgs: arity[1], signature, description, impl };
}
