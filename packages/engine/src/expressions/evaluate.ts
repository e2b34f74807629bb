import type { ExpressionContext } from './context.js';
import { evaluateNode, evaluateTemplate } from './evaluator.js';
import { defaultFunctions, type FunctionRegistry } from './functions/index.js';
import { isExpressionString, parseExpression, parseTemplate } from './parser.js';
import { isPlainObject, toJson, type JsonValue, type Value } from './values.js';

/** Options shared by the evaluation entry points. */
export interface EvaluateOptions {
  /** The functions to call (defaults to ADF's whole library). */
  functions?: FunctionRegistry;
}

/**
 * Evaluates an ADF property value: `"@add(1, 2)"` → 3, `"Hello @{toUpper('x')}"` → `"Hello X"`,
 * `"plain text"` → itself. Throws a coded `SluiceError` (EXPRESSION_*) located by offsets into `text`.
 *
 * @example evaluate("@pipeline().parameters.table", { pipeline: { parameters: { table: 'sales' } } }) // 'sales'
 */
export function evaluate(text: string, context: ExpressionContext = {}, options: EvaluateOptions = {}): Value {
  return evaluateTemplate({ text, context, functions: options.functions ?? defaultFunctions }, parseTemplate(text));
}

/**
 * Evaluates a bare expression without the leading `@` (`concat('a', 'b')`), as typed in the designer's
 * expression editor or passed to `sluice expr`.
 */
export function evaluateExpression(text: string, context: ExpressionContext = {}, options: EvaluateOptions = {}): Value {
  return evaluateNode({ text, context, functions: options.functions ?? defaultFunctions }, parseExpression(text));
}

/** True for ADF's expression object form `{"value": "@…", "type": "Expression"}`. */
export function isExpressionObject(v: unknown): v is { value: string; type: 'Expression' } {
  return isPlainObject(v) && typeof v.type === 'string' && v.type.toLowerCase() === 'expression' && typeof v.value === 'string';
}

/**
 * Resolves a whole JSON value as ADF does before an activity runs: every string is evaluated as a property
 * value, every `{"value", "type": "Expression"}` object is replaced by its result, arrays and objects are
 * walked. The result is plain JSON.
 */
export function resolveValue(value: unknown, context: ExpressionContext = {}, options: EvaluateOptions = {}): JsonValue {
  if (typeof value === 'string') return isExpressionString(value) ? toJson(evaluate(value, context, options)) : value;
  if (isExpressionObject(value)) return toJson(evaluate(value.value, context, options));
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, context, options));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (v !== undefined) out[k] = resolveValue(v, context, options);
    return out;
  }
  if (value === undefined) return null;
  return value as JsonValue;
}
