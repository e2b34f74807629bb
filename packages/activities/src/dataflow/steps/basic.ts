/**
 * Row-wise and reshaping steps over one input: filter, derive, select, cast, sort, dedupe, surrogate
 * key, and the free `sql` step. Author expressions are DuckDB SQL with `$param` references bound.
 */
import { checkedTypeName, quoteIdent, quoteLiteral } from '../../duckdb/quote.js';
import type { OrderTerm } from '../types.js';
import { col, column, onlyInput, orderList, single, stepError, type CompileContext, type CompiledStep } from './context.js';

/** `filter`: rows where `condition` is true (NULL counts as false). */
export function compileFilter(ctx: CompileContext): CompiledStep {
  const input = onlyInput(ctx);
  return single(ctx, `SELECT * FROM ${input.table} WHERE (${ctx.sql(ctx.step.condition as string)})`);
}

/** `derive`: adds columns, or replaces same-named ones in place; every expression sees the input row. */
export function compileDerive(ctx: CompileContext): CompiledStep {
  const input = onlyInput(ctx);
  const defs = ctx.step.columns as Array<{ name: string; expression: string }>;
  const existing = new Map(input.columns.map((c) => [c.name.toLowerCase(), c.name]));
  const replace: string[] = [];
  const add: string[] = [];
  for (const d of defs) {
    const expr = `(${ctx.sql(d.expression)})`;
    const current = existing.get(d.name.toLowerCase());
    if (current !== undefined) replace.push(`${expr} AS ${quoteIdent(current)}`);
    else add.push(`${expr} AS ${quoteIdent(d.name)}`);
  }
  return single(ctx, `SELECT *${replace.length ? ` REPLACE (${replace.join(', ')})` : ''}${add.length ? `, ${add.join(', ')}` : ''} FROM ${input.table}`);
}

/** `select`: keeps, renames and orders columns (`columns`), or drops some (`exclude`). */
export function compileSelect(ctx: CompileContext): CompiledStep {
  const input = onlyInput(ctx);
  if (ctx.step.columns !== undefined) {
    const items = (ctx.step.columns as Array<string | { name: string; as?: string }>).map((c, i) => {
      const spec = typeof c === 'string' ? { name: c } : c;
      const real = column(ctx, input, spec.name, `columns/${i}`);
      return `${quoteIdent(real)}${spec.as !== undefined ? ` AS ${quoteIdent(spec.as)}` : ''}`;
    });
    return single(ctx, `SELECT ${items.join(', ')} FROM ${input.table}`);
  }
  const exclude = (ctx.step.exclude as string[]).map((c, i) => col(ctx, input, c, `exclude/${i}`));
  return single(ctx, `SELECT * EXCLUDE (${exclude.join(', ')}) FROM ${input.table}`);
}

/**
 * `cast`: converts columns to DuckDB types. `format` parses strings into DATE/TIMESTAMP with strptime;
 * `onError: 'null'` turns values that do not convert into NULL (TRY_CAST) instead of failing.
 */
export function compileCast(ctx: CompileContext): CompiledStep {
  const input = onlyInput(ctx);
  const lenient = ctx.step.onError === 'null';
  const items = (ctx.step.columns as Array<{ name: string; type: string; format?: string }>).map((c, i) => {
    const real = col(ctx, input, c.name, `columns/${i}/name`);
    let type: string;
    try {
      type = checkedTypeName(c.type);
    } catch (e) {
      throw stepError(ctx, `columns/${i}/type`, (e as Error).message);
    }
    const source = c.format !== undefined ? `${lenient ? 'try_strptime' : 'strptime'}(CAST(${real} AS VARCHAR), ${quoteLiteral(c.format)})` : real;
    return `${lenient ? 'TRY_CAST' : 'CAST'}(${source} AS ${type}) AS ${real}`;
  });
  return single(ctx, `SELECT * REPLACE (${items.join(', ')}) FROM ${input.table}`);
}

/** `sort`: orders rows (the order is kept by later row-wise steps and by sinks). */
export function compileSort(ctx: CompileContext): CompiledStep {
  const input = onlyInput(ctx);
  return single(ctx, `SELECT * FROM ${input.table} ORDER BY ${orderList(ctx, input, ctx.step.orderBy as OrderTerm[], 'orderBy')}`);
}

/**
 * `dedupe`: one row per distinct `keys` (all columns when absent). `keep` first or last by `orderBy`
 * (by arrival order when there is none).
 */
export function compileDedupe(ctx: CompileContext): CompiledStep {
  const input = onlyInput(ctx);
  const keys = (ctx.step.keys as string[] | undefined)?.map((k, i) => col(ctx, input, k, `keys/${i}`));
  const last = ctx.step.keep === 'last';
  // keep 'last' = the first row in the reversed order.
  const ordering = ctx.step.orderBy ? orderList(ctx, input, ctx.step.orderBy as OrderTerm[], 'orderBy', last) : `__sluice_pos${last ? ' DESC' : ''}`;
  const partition = keys ? keys.join(', ') : input.columns.map((c) => quoteIdent(c.name)).join(', ');
  return single(ctx, `SELECT * EXCLUDE (__sluice_pos) FROM (SELECT *, row_number() OVER () AS __sluice_pos FROM ${input.table}) QUALIFY row_number() OVER (PARTITION BY ${partition} ORDER BY ${ordering}) = 1 ORDER BY __sluice_pos`);
}

/** `surrogateKey`: a new column numbering rows from `start` (default 1), by `orderBy` or arrival order. */
export function compileSurrogateKey(ctx: CompileContext): CompiledStep {
  const input = onlyInput(ctx);
  const start = typeof ctx.step.start === 'number' ? ctx.step.start : 1;
  const order = ctx.step.orderBy ? ` ORDER BY ${orderList(ctx, input, ctx.step.orderBy as OrderTerm[], 'orderBy')}` : '';
  return single(ctx, `SELECT *, (row_number() OVER (${order.trim()}) + ${start - 1})::BIGINT AS ${quoteIdent(ctx.step.column as string)} FROM ${input.table}`);
}

/**
 * `sql`: a SELECT over the step's inputs, each visible as a table named like the input
 * (`customers`, or `"split.high"` for an output of a step). Tables other than the inputs are refused.
 */
export function compileSql(ctx: CompileContext, referencedTables: readonly string[]): CompiledStep {
  const allowed = new Set(ctx.inputs.map((i) => i.ref.toLowerCase()));
  for (const t of referencedTables) {
    const bare = t.replace(/^"|"$/g, '').toLowerCase();
    if (!allowed.has(bare)) throw stepError(ctx, 'query', `the query reads '${t}', which is not one of the step's inputs (${ctx.inputs.map((i) => i.ref).join(', ')}).`);
  }
  return single(ctx, ctx.sql(ctx.step.query as string));
}
