import type { Value } from './values.js';

/**
 * What an activity's run exposes to later expressions through `@activity('Name')`.
 * `output` is what the activity returned; `Status` is its final status (`Succeeded`, `Failed` …).
 */
export interface ActivityResultView {
  output?: unknown;
  Status?: string;
  error?: unknown;
  [key: string]: unknown;
}

/**
 * Everything an expression can read, given by whoever evaluates it (the scheduler, a worker, the
 * `sluice expr` command, the designer's preview). Plain JSON: the evaluator converts it on read.
 *
 * The shape is the one `sluice expr --context FILE` reads:
 * `{"pipeline": {"parameters": {…}, "RunId": …}, "variables": {…}, "activities": {"Name": {"output": …,
 * "Status": …}}, "item": …, "trigger": {…}, "triggerBody": {…}, "dataset": {…}, "linkedService": {…}}`.
 */
export interface ExpressionContext {
  /** The object `pipeline()` returns: `parameters`, `globalParameters`, `DataFactory`, `Pipeline`, `RunId`, `TriggerType` … */
  pipeline?: { parameters?: Record<string, unknown>; [key: string]: unknown };
  /** The pipeline's variables, read by `variables('name')`. */
  variables?: Record<string, unknown>;
  /** Activities that have run, by name (looked up case-insensitively). */
  activities?: Record<string, ActivityResultView>;
  /** The current ForEach item, read by `item()`. Absent outside a ForEach. */
  item?: unknown;
  /** The object `trigger()` returns (`name`, `startTime`, `scheduledTime`, `outputs` …). */
  trigger?: Record<string, unknown>;
  /** The body of the event that started the run (`triggerBody()`). */
  triggerBody?: unknown;
  /** The outputs of the trigger (`triggerOutputs()`), e.g. `{headers, body}` for a webhook. */
  triggerOutputs?: unknown;
  /** The current dataset's parameters, read by `dataset().name`. */
  dataset?: Record<string, unknown>;
  /** The current linked service's parameters, read by `linkedService().name`. */
  linkedService?: Record<string, unknown>;
  /**
   * The clock for `utcNow()` and friends. Given so that evaluation is deterministic when it must be
   * (the scheduler passes the event time; tests pass a fixed instant). Defaults to the system clock.
   */
  now?: () => Date;
}

/** Values that a function implementation may need beyond its arguments. */
export interface CallSite {
  /** The function's canonical name, as in ADF's reference (`utcNow`, not `utcnow`). */
  readonly name: string;
  /** 0-based offset of the call in the whole string being evaluated (for errors). */
  readonly position: number;
  /** 0-based offset one past the end of the call. */
  readonly end: number;
  /** The context of the evaluation. */
  readonly context: ExpressionContext;
  /** The current instant (from `context.now`, else the system clock). */
  now(): Date;
  /**
   * Throws an `EXPRESSION_EVALUATION` error located at this call, with ADF's message style:
   * `fail("The provided value 'x' is not a valid date")`.
   */
  fail(message: string, code?: 'EXPRESSION_EVALUATION' | 'EXPRESSION_TYPE' | 'EXPRESSION_SCOPE' | 'EXPRESSION_PROPERTY_NOT_FOUND'): never;
}

/** The signature of a function's implementation. Arguments are already evaluated (ADF is eager). */
export type ExpressionFunctionImpl = (args: Value[], call: CallSite) => Value;
