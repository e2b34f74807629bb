/**
 * Steps that change the grain or shape of rows: aggregate, window, pivot, unpivot and flatten.
 */
import { quoteIdent, quoteLiteral, sqlConstant } from '../../duckdb/quote.js';
import type { OrderTerm } from '../types.js';
import { col, onlyInput, orderList, single, stepError, type CompileContext, type CompiledStep } from './context.js';

interface AggregateSpec { name: string; function?: string; column?: string; expression?: string; orderBy?: OrderTerm[]; separator?: string }

/** `aggregate`: one row per `groupBy` group (one row in all without it), with named aggregates. */
export function compileAggregate(ctx: CompileContext): CompiledStep {
  const input = onlyInput(ctx);
  const groups = (ctx.step.groupBy as string[] | undefined)?.map((g, i) => col(ctx, input, g, `groupBy/${i}`)) ?? [];
  const aggs = (ctx.step.aggregates as AggregateSpec[]).map((a, i) => {
    const field = `aggregates/${i}`;
    const arg = a.column !== undefined ? col(ctx, input, a.column, `${field}/column`) : a.expression !== undefined ? `(${ctx.sql(a.expression)})` : undefined;
    if (a.function === undefined) {
      if (a.expression === undefined) throw stepError(ctx, field, "an aggregate needs 'function' (with 'column' or 'expression') or a whole 'expression'.");
      return `${arg as string} AS ${quoteIdent(a.name)}`;
    }
    const need = (): string => {
      if (arg === undefined) throw stepError(ctx, field, `${a.function} needs 'column' or 'expression'.`);
      return arg;
    };
    const order = a.orderBy ? orderList(ctx, input, a.orderBy, `${field}/orderBy`) : undefined;
    let expr: string;
    switch (a.function) {
      case 'count': expr = arg === undefined ? 'count(*)' : `count(${arg})`; break;
      case 'countDistinct': expr = `count(DISTINCT ${need()})`; break;
      case 'sum': case 'avg': case 'min': case 'max': case 'median': expr = `${a.function}(${need()})`; break;
      case 'stddev': expr = `stddev_samp(${need()})`; break;
      case 'variance': expr = `var_samp(${need()})`; break;
      case 'first': expr = order ? `first(${need()} ORDER BY ${order})` : `first(${need()})`; break;
      case 'last': expr = order ? `last(${need()} ORDER BY ${order})` : `last(${need()})`; break;
      case 'stringAgg': expr = `string_agg(CAST(${need()} AS VARCHAR), ${quoteLiteral(a.separator ?? ',')}${order ? ` ORDER BY ${order}` : ''})`; break;
      case 'listAgg': expr = `list(${need()}${order ? ` ORDER BY ${order}` : ''})`; break;
      default: throw stepError(ctx, `${field}/function`, `unknown aggregate function '${a.function}'.`);
    }
    return `${expr} AS ${quoteIdent(a.name)}`;
  });
  const having = ctx.step.having !== undefined ? ` HAVING (${ctx.sql(ctx.step.having as string)})` : '';
  const groupBy = groups.length ? ` GROUP BY ${groups.join(', ')}` : '';
  return single(ctx, `SELECT ${[...groups, ...aggs].join(', ')} FROM ${input.table}${groupBy}${having}${groups.length ? ` ORDER BY ${groups.join(', ')}` : ''}`);
}

interface WindowSpec { name: string; function?: string; column?: string; expression?: string; offset?: number; buckets?: number; default?: unknown }

/** `window`: adds columns computed over a window of rows (`partitionBy`, `orderBy`); rows stay as they are. */
export function compileWindow(ctx: CompileContext): CompiledStep {
  const input = onlyInput(ctx);
  const partition = (ctx.step.partitionBy as string[] | undefined)?.map((g, i) => col(ctx, input, g, `partitionBy/${i}`));
  const order = ctx.step.orderBy ? orderList(ctx, input, ctx.step.orderBy as OrderTerm[], 'orderBy') : undefined;
  const over = `OVER (${partition ? `PARTITION BY ${partition.join(', ')}` : ''}${order ? ` ORDER BY ${order}` : ''})`;
  const running = `OVER (${partition ? `PARTITION BY ${partition.join(', ')}` : ''}${order ? ` ORDER BY ${order}` : ''} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
  const cols = (ctx.step.columns as WindowSpec[]).map((w, i) => {
    const field = `columns/${i}`;
    const arg = w.column !== undefined ? col(ctx, input, w.column, `${field}/column`) : w.expression !== undefined ? `(${ctx.sql(w.expression)})` : undefined;
    const need = (): string => {
      if (arg === undefined) throw stepError(ctx, field, `${w.function ?? 'the window'} needs 'column' or 'expression'.`);
      return arg;
    };
    if (w.function === undefined) return `${need()} AS ${quoteIdent(w.name)}`;
    const offset = w.offset ?? 1;
    const dflt = w.default !== undefined ? `, ${sqlConstant(w.default)}` : '';
    const expr: Record<string, () => string> = {
      rowNumber: () => `row_number() ${over}`,
      rank: () => `rank() ${over}`,
      denseRank: () => `dense_rank() ${over}`,
      percentRank: () => `percent_rank() ${over}`,
      ntile: () => `ntile(${w.buckets ?? 4}) ${over}`,
      lag: () => `lag(${need()}, ${offset}${dflt}) ${over}`,
      lead: () => `lead(${need()}, ${offset}${dflt}) ${over}`,
      firstValue: () => `first_value(${need()}) ${over}`,
      lastValue: () => `last_value(${need()}) OVER (${partition ? `PARTITION BY ${partition.join(', ')}` : ''}${order ? ` ORDER BY ${order}` : ''} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`,
      runningSum: () => `sum(${need()}) ${running}`,
      runningCount: () => `count(${arg ?? '*'}) ${running}`,
      runningAvg: () => `avg(${need()}) ${running}`,
      runningMin: () => `min(${need()}) ${running}`,
      runningMax: () => `max(${need()}) ${running}`,
    };
    const make = expr[w.function];
    if (!make) throw stepError(ctx, `${field}/function`, `unknown window function '${w.function}'.`);
    return `${make()} AS ${quoteIdent(w.name)}`;
  });
  return single(ctx, `SELECT *, ${cols.join(', ')} FROM ${input.table}${order ? ` ORDER BY ${partition ? `${partition.join(', ')}, ` : ''}${order}` : ''}`);
}

/**
 * `pivot`: one row per `groupBy` group and one column per value of `pivotColumn` (the listed `values`,
 * or every value found). With one aggregate the columns are named by the value; with several,
 * `<value>_<aggregate name>`.
 */
export function compilePivot(ctx: CompileContext): CompiledStep {
  const input = onlyInput(ctx);
  const groups = (ctx.step.groupBy as string[]).map((g, i) => col(ctx, input, g, `groupBy/${i}`));
  const pivot = col(ctx, input, ctx.step.pivotColumn as string, 'pivotColumn');
  const values = ctx.step.values as Array<string | number | boolean> | undefined;
  const aggs = (ctx.step.aggregates as Array<{ name?: string; function: string; column?: string }>).map((a, i) => {
    const arg = a.column !== undefined ? col(ctx, input, a.column, `aggregates/${i}/column`) : a.function === 'count' ? '*' : undefined;
    if (arg === undefined) throw stepError(ctx, `aggregates/${i}/column`, `${a.function} needs 'column'.`);
    return `${a.function}(${arg})${a.name !== undefined ? ` AS ${quoteIdent(a.name)}` : ''}`;
  });
  const on = values ? `${pivot} IN (${values.map(sqlConstant).join(', ')})` : pivot;
  return single(ctx, `SELECT * FROM (PIVOT ${input.table} ON ${on} USING ${aggs.join(', ')} GROUP BY ${groups.join(', ')}) ORDER BY ${groups.join(', ')}`);
}

/** `unpivot`: turns `columns` into rows of (`nameColumn`, `valueColumn`); other columns repeat. */
export function compileUnpivot(ctx: CompileContext): CompiledStep {
  const input = onlyInput(ctx);
  const cols = (ctx.step.columns as string[]).map((c, i) => col(ctx, input, c, `columns/${i}`));
  return single(ctx, `UNPIVOT ${ctx.step.includeNulls === true ? 'INCLUDE NULLS ' : ''}${input.table} ON ${cols.join(', ')} INTO NAME ${quoteIdent(ctx.step.nameColumn as string)} VALUE ${quoteIdent(ctx.step.valueColumn as string)}`);
}

/**
 * `flatten`: an array column becomes one row per element (`as` names the new column, default the same
 * name; `keepEmpty` keeps rows whose array is empty or NULL, with NULL); a struct column becomes one
 * column per field (`recursive` for nested structs). JSON text columns are parsed first.
 */
export function compileFlatten(ctx: CompileContext): CompiledStep {
  const input = onlyInput(ctx);
  const name = ctx.step.column as string;
  const real = col(ctx, input, name, 'column');
  const type = input.columns.find((c) => quoteIdent(c.name) === real)?.type ?? '';
  const kind = (ctx.step.kind as string | undefined) ?? 'auto';
  const isStruct = kind === 'struct' || (kind === 'auto' && type.startsWith('STRUCT'));
  if (isStruct) {
    if (!type.startsWith('STRUCT')) throw stepError(ctx, 'column', `column '${name}' is ${type}, not a STRUCT.`);
    return single(ctx, `SELECT * EXCLUDE (${real}), unnest(${real}${ctx.step.recursive === true ? ', recursive := true' : ''}) FROM ${input.table}`);
  }
  const list = type.endsWith('[]') || type.startsWith('LIST') ? real : type === 'JSON' || type === 'VARCHAR' ? `CAST(CAST(${real} AS JSON) AS JSON[])` : undefined;
  if (list === undefined) throw stepError(ctx, 'column', `column '${name}' is ${type}: flatten needs an array (LIST), a STRUCT or JSON text.`);
  const as = quoteIdent((ctx.step.as as string | undefined) ?? name);
  const source = ctx.step.keepEmpty === true ? `CASE WHEN len(${list}) > 0 THEN ${list} ELSE [NULL] END` : list;
  return single(ctx, `SELECT * EXCLUDE (${real}), unnest(${source}) AS ${as} FROM ${input.table}`);
}
