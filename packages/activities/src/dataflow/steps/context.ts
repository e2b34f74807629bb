/**
 * What compiling one step needs and produces. A step compiles to SELECT statements over its inputs'
 * tables; the runner materializes each as a temporary table named after the step (or `step.output`).
 */
import { SluiceError } from '@sluice/engine';
import { quoteIdent } from '../../duckdb/quote.js';
import type { DataFlowStep, JoinKey, OrderTerm } from '../types.js';

/** A column of an input relation. */
export interface RelationColumn {
  readonly name: string;
  /** DuckDB's type name. */
  readonly type: string;
}

/** One input of a step: its reference (`step` or `step.output`), its table (quoted) and columns. */
export interface StepInput {
  readonly ref: string;
  readonly table: string;
  readonly columns: readonly RelationColumn[];
}

/** The inputs of the step being compiled, and the parameter binder for its SQL. */
export interface CompileContext {
  readonly step: DataFlowStep;
  readonly index: number;
  readonly inputs: readonly StepInput[];
  /** Rewrites `$param` references in author SQL to reads of the bound params table. */
  sql(text: string): string;
}

/** One statement: `CREATE TEMP TABLE <table> AS <select>`. */
export interface CompiledStatement {
  /** The table to create, unquoted (`step`, `step.rejected`, or a hidden helper). */
  readonly table: string;
  readonly select: string;
}

/** A compiled step: statements in order; outputs map an output name ('' for the main one) to its table. */
export interface CompiledStep {
  readonly statements: readonly CompiledStatement[];
  readonly outputs: Readonly<Record<string, string>>;
}

/** The only input of a single-input step. */
export function onlyInput(ctx: CompileContext): StepInput {
  return ctx.inputs[0] as StepInput;
}

/** A step with one output made of one SELECT. */
export function single(ctx: CompileContext, select: string): CompiledStep {
  return { statements: [{ table: ctx.step.name, select }], outputs: { '': ctx.step.name } };
}

/** Fails compilation naming the step and a field. */
export function stepError(ctx: CompileContext, field: string, message: string): SluiceError {
  return new SluiceError('DATAFLOW_INVALID', `Step '${ctx.step.name}' (${ctx.step.type}): ${message}`, { pointer: `/properties/typeProperties/steps/${ctx.index}${field ? `/${field}` : ''}` });
}

/** Checks that `name` is a column of `input` (case-insensitively, as DuckDB binds) and returns its real name. */
export function column(ctx: CompileContext, input: StepInput, name: string, field: string): string {
  const hit = input.columns.find((c) => c.name === name) ?? input.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (!hit) throw stepError(ctx, field, `column '${name}' does not exist in input '${input.ref}' (columns: ${input.columns.map((c) => c.name).join(', ')}).`);
  return hit.name;
}

/** `q(column)` after checking it exists. */
export function col(ctx: CompileContext, input: StepInput, name: string, field: string): string {
  return quoteIdent(column(ctx, input, name, field));
}

/** An ORDER BY list (without the keywords). */
export function orderList(ctx: CompileContext, input: StepInput, terms: readonly OrderTerm[], field: string, reverse = false): string {
  return terms
    .map((t, i) => {
      const what = t.column !== undefined ? col(ctx, input, t.column, `${field}/${i}/column`) : t.expression !== undefined ? `(${ctx.sql(t.expression)})` : undefined;
      if (what === undefined) throw stepError(ctx, `${field}/${i}`, 'an order term needs a column or an expression.');
      const desc = (t.direction === 'desc') !== reverse;
      const nulls = t.nulls ? (reverse ? (t.nulls === 'first' ? 'last' : 'first') : t.nulls) : undefined;
      return `${what} ${desc ? 'DESC' : 'ASC'}${nulls ? ` NULLS ${nulls.toUpperCase()}` : ''}`;
    })
    .join(', ');
}

/** Join keys as pairs of column names. */
export function keyPairs(keys: readonly JoinKey[]): Array<{ left: string; right: string }> {
  return keys.map((k) => (typeof k === 'string' ? { left: k, right: k } : k));
}
