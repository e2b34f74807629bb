import {
  SluiceError,
  evaluate,
  evaluateExpression,
  isExpressionString,
  parseJsonText,
  stringifyValue,
  type ExpressionContext,
  type Value,
} from '@sluice/engine';
import type { CommandIO } from './output.js';

/** Options of `sluice expr`. */
export interface ExprOptions {
  context?: string;
  batch?: string;
}

/**
 * Turns the JSON of a context file into an {@link ExpressionContext}. Besides the documented keys
 * (`pipeline`, `variables`, `activities`, `item`, `trigger`, `triggerBody`, `triggerOutputs`, `dataset`,
 * `linkedService`) it reads `now`: an ISO timestamp that fixes the clock of `utcNow()` for repeatable output.
 */
export function contextFromJson(json: unknown): ExpressionContext {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new SluiceError('SCHEMA_VIOLATION', 'The context must be a JSON object such as {"pipeline": {"parameters": {…}}, "variables": {…}}.');
  }
  const { now, ...rest } = json as Record<string, unknown>;
  const context = rest as ExpressionContext;
  if (now !== undefined) {
    const instant = new Date(String(now));
    if (Number.isNaN(instant.getTime())) throw new SluiceError('SCHEMA_VIOLATION', `The context's "now" is not a timestamp: ${String(now)}.`, { pointer: '/now' });
    return { ...context, now: () => instant };
  }
  return context;
}

/**
 * Evaluates what a user typed: an ADF property value (`@concat(…)`, `text @{…}`) when it starts with `@`
 * or holds `@{`, otherwise a bare expression (`concat('a', 'b')`).
 */
export function evaluateInput(text: string, context: ExpressionContext): Value {
  return text.startsWith('@') || isExpressionString(text) ? evaluate(text, context) : evaluateExpression(text, context);
}

function errorJson(e: unknown): { code: string; message: string; position?: number } {
  if (e instanceof SluiceError) {
    return { code: e.code, message: e.message, ...(e.location.position !== undefined ? { position: e.location.position } : {}) };
  }
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

function parseJson(text: string, what: string): unknown {
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new SluiceError('INVALID_JSON', `${what} is not valid JSON at ${parsed.line}:${parsed.column}: ${parsed.message}.`);
  return parsed.value;
}

/**
 * `sluice expr EXPRESSION [--context FILE]` prints the value as JSON (exit 0) or the error (exit 1).
 * `sluice expr --batch FILE` reads JSON lines `{"expr", "context"}` and prints one JSON line each,
 * `{"value": …}` or `{"error": {"code", "message", "position"}}`; it exits 0 when every line was read.
 */
export async function exprCommand(expression: string | undefined, options: ExprOptions, io: CommandIO): Promise<number> {
  if (options.batch) {
    const text = await io.readFile(options.batch);
    let lineNo = 0;
    for (const line of text.split(/\r?\n/)) {
      lineNo++;
      if (!line.trim()) continue;
      try {
        const item = parseJson(line, `Line ${lineNo}`);
        if (item === null || typeof item !== 'object' || typeof (item as { expr?: unknown }).expr !== 'string') {
          throw new SluiceError('SCHEMA_VIOLATION', `Line ${lineNo} must be an object with a string "expr" (and an optional "context").`);
        }
        const { expr, context } = item as { expr: string; context?: unknown };
        const value = evaluateInput(expr, contextFromJson(context ?? {}));
        io.out(`{"value":${stringifyValue(value)}}\n`);
      } catch (e) {
        io.out(`${JSON.stringify({ error: errorJson(e) })}\n`);
      }
    }
    return 0;
  }
  if (expression === undefined) {
    io.err('sluice expr: give an EXPRESSION, or --batch FILE.\n');
    return 2;
  }
  try {
    const context = options.context ? contextFromJson(parseJson(await io.readFile(options.context), `The context file ${options.context}`)) : {};
    io.out(`${stringifyValue(evaluateInput(expression, context), 2)}\n`);
    return 0;
  } catch (e) {
    const err = errorJson(e);
    const at = err.position !== undefined ? ` at position ${err.position}` : '';
    io.err(`${err.code}${at}: ${err.message}\n`);
    if (err.position !== undefined) io.err(`  ${expression}\n  ${' '.repeat(err.position)}^\n`);
    return 1;
  }
}
