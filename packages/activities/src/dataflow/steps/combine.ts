/**
 * Steps over two or more inputs: join, exists / not exists, lookup and union. In conditions the left
 * input is `l` and the right one `r` (`l.id = r.customer_id AND r.amount > $min`).
 */
import { quoteIdent } from '../../duckdb/quote.js';
import type { JoinKey, OrderTerm } from '../types.js';
import { col, keyPairs, orderList, single, stepError, type CompileContext, type CompiledStep, type StepInput } from './context.js';

function sides(ctx: CompileContext): [StepInput, StepInput] {
  return [ctx.inputs[0] as StepInput, ctx.inputs[1] as StepInput];
}

/** `l.a = r.b AND …` for key pairs, checked against both inputs. */
function keyCondition(ctx: CompileContext, left: StepInput, right: StepInput, keys: readonly JoinKey[]): string {
  return keyPairs(keys).map((k, i) => `l.${col(ctx, left, k.left, `keys/${i}`)} = r.${col(ctx, right, k.right, `keys/${i}`)}`).join(' AND ');
}

/**
 * The output columns of a join: every left column, then the right ones. A right key with the same name
 * as its left key is merged into one column; any other right column whose name the left side already
 * has is renamed `<rightInput>_<name>`.
 */
function joinColumns(left: StepInput, right: StepInput, merged: ReadonlyMap<string, string>, rightOnly?: readonly string[]): string[] {
  const leftNames = new Set(left.columns.map((c) => c.name.toLowerCase()));
  const out = left.columns.map((c) => {
    const m = merged.get(c.name.toLowerCase());
    return m ?? `l.${quoteIdent(c.name)}`;
  });
  const prefix = right.ref.replace(/\./g, '_');
  for (const c of right.columns) {
    if (rightOnly && !rightOnly.some((n) => n.toLowerCase() === c.name.toLowerCase())) continue;
    if (merged.has(c.name.toLowerCase())) continue;
    out.push(leftNames.has(c.name.toLowerCase()) ? `r.${quoteIdent(c.name)} AS ${quoteIdent(`${prefix}_${c.name}`)}` : `r.${quoteIdent(c.name)}`);
  }
  return out;
}

/** `join`: inner, left, right, full (outer) or cross, on key pairs or a condition. */
export function compileJoin(ctx: CompileContext): CompiledStep {
  const [left, right] = sides(ctx);
  const type = ctx.step.joinType as string;
  if (type === 'cross') return single(ctx, `SELECT ${joinColumns(left, right, new Map()).join(', ')} FROM ${left.table} AS l CROSS JOIN ${right.table} AS r`);
  const merged = new Map<string, string>();
  let on: string;
  if (ctx.step.keys !== undefined) {
    on = keyCondition(ctx, left, right, ctx.step.keys as JoinKey[]);
    for (const k of keyPairs(ctx.step.keys as JoinKey[])) {
      if (k.left.toLowerCase() !== k.right.toLowerCase()) continue;
      const l = `l.${quoteIdent(k.left)}`;
      const r = `r.${quoteIdent(k.right)}`;
      merged.set(k.left.toLowerCase(), type === 'full' ? `coalesce(${l}, ${r}) AS ${quoteIdent(k.left)}` : type === 'right' ? `${r} AS ${quoteIdent(k.left)}` : l);
    }
    if (ctx.step.condition !== undefined) on = `${on} AND (${ctx.sql(ctx.step.condition as string)})`;
  } else {
    on = `(${ctx.sql(ctx.step.condition as string)})`;
  }
  const sqlType = { inner: 'INNER', left: 'LEFT', right: 'RIGHT', full: 'FULL OUTER' }[type];
  if (!sqlType) throw stepError(ctx, 'joinType', `unknown join type '${type}'.`);
  return single(ctx, `SELECT ${joinColumns(left, right, merged).join(', ')} FROM ${left.table} AS l ${sqlType} JOIN ${right.table} AS r ON ${on}`);
}

/** `exists` / `notExists`: left rows that have (or have not) a match in the right input. */
export function compileExists(ctx: CompileContext, negate: boolean): CompiledStep {
  const [left, right] = sides(ctx);
  const parts: string[] = [];
  if (ctx.step.keys !== undefined) parts.push(keyCondition(ctx, left, right, ctx.step.keys as JoinKey[]));
  if (ctx.step.condition !== undefined) parts.push(`(${ctx.sql(ctx.step.condition as string)})`);
  return single(ctx, `SELECT l.* FROM ${left.table} AS l WHERE ${negate ? 'NOT ' : ''}EXISTS (SELECT 1 FROM ${right.table} AS r WHERE ${parts.join(' AND ')})`);
}

/**
 * `lookup`: every left row once, with the columns of its first (or last, by `orderBy`) match in the
 * right input — NULLs when there is none. `columns` picks which right columns to add.
 */
export function compileLookup(ctx: CompileContext): CompiledStep {
  const [left, right] = sides(ctx);
  const pairs = keyPairs(ctx.step.keys as JoinKey[]);
  const rightKeys = pairs.map((k, i) => col(ctx, right, k.right, `keys/${i}`));
  const last = ctx.step.keep === 'last';
  const order = ctx.step.orderBy ? orderList(ctx, right, ctx.step.orderBy as OrderTerm[], 'orderBy', last) : `__sluice_pos${last ? ' DESC' : ''}`;
  const picked = `(SELECT * EXCLUDE (__sluice_pos) FROM (SELECT *, row_number() OVER () AS __sluice_pos FROM ${right.table}) QUALIFY row_number() OVER (PARTITION BY ${rightKeys.join(', ')} ORDER BY ${order}) = 1)`;
  const merged = new Map<string, string>();
  for (const k of pairs) if (k.left.toLowerCase() === k.right.toLowerCase()) merged.set(k.left.toLowerCase(), `l.${quoteIdent(k.left)}`);
  const only = (ctx.step.columns as string[] | undefined)?.map((c, i) => { col(ctx, right, c, `columns/${i}`); return c; });
  const on = pairs.map((k, i) => `l.${col(ctx, left, k.left, `keys/${i}`)} = r.${rightKeys[i] as string}`).join(' AND ');
  return single(ctx, `SELECT ${joinColumns(left, right, merged, only).join(', ')} FROM (SELECT *, row_number() OVER () AS __sluice_lpos FROM ${left.table}) AS l LEFT JOIN ${picked} AS r ON ${on} ORDER BY l.__sluice_lpos`);
}

/** `union`: all rows of every input, matched by column name (missing columns are NULL); `distinct` removes duplicates. */
export function compileUnion(ctx: CompileContext): CompiledStep {
  const op = ctx.step.distinct === true ? 'UNION BY NAME' : 'UNION ALL BY NAME';
  return single(ctx, ctx.inputs.map((i) => `SELECT * FROM ${i.table}`).join(` ${op} `));
}
