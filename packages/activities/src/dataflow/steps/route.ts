/**
 * Steps with several outputs: `validate` (valid rows continue, the others go to `step.rejected` with
 * the names of the rules they broke, ADF's Assert) and `conditionalSplit` (named outputs by condition).
 */
import { quoteIdent, quoteLiteral } from '../../duckdb/quote.js';
import { onlyInput, type CompileContext, type CompiledStep } from './context.js';

/** The column of `step.rejected` that lists why a row was rejected. */
export const REJECT_REASONS = 'rejectReasons';

/** The hidden table holding every row with its reasons (rule names; empty when valid). */
export function checkedTable(step: string): string {
  return `__sluice_${step}_checked`;
}

/**
 * `validate` with `rules`: each rule is a SQL boolean over the row; a rule that is false or NULL rejects
 * the row. `jsonSchema` validation is done by the runner (in JavaScript, with ajv) on the same table.
 */
export function compileValidateRules(ctx: CompileContext): CompiledStep {
  const input = onlyInput(ctx);
  const rules = (ctx.step.rules as Array<{ name: string; condition: string }> | undefined) ?? [];
  const checks = rules.map((r) => `CASE WHEN coalesce((${ctx.sql(r.condition)}), false) THEN NULL ELSE ${quoteLiteral(r.name)} END`);
  const reasons = checks.length ? `list_filter([${checks.join(', ')}], x -> x IS NOT NULL)` : 'CAST([] AS VARCHAR[])';
  const checked = checkedTable(ctx.step.name);
  return {
    statements: [{ table: checked, select: `SELECT *, ${reasons} AS ${quoteIdent(REJECT_REASONS)}, row_number() OVER () AS __sluice_pos FROM ${input.table}` }],
    outputs: { '': ctx.step.name, rejected: `${ctx.step.name}.rejected` }, // created by validateOutputs
  };
}

/** The two statements that split the checked table into valid and rejected rows. */
export function validateOutputs(step: string, checkedName: string = checkedTable(step)): Array<{ table: string; select: string }> {
  const checked = quoteIdent(checkedName);
  return [
    { table: step, select: `SELECT * EXCLUDE (${quoteIdent(REJECT_REASONS)}, __sluice_pos) FROM ${checked} WHERE len(${quoteIdent(REJECT_REASONS)}) = 0 ORDER BY __sluice_pos` },
    { table: `${step}.rejected`, select: `SELECT * EXCLUDE (__sluice_pos) FROM ${checked} WHERE len(${quoteIdent(REJECT_REASONS)}) > 0 ORDER BY __sluice_pos` },
  ];
}

/**
 * `conditionalSplit`: each row goes to the first output whose condition is true (to every such output
 * with `matchAll`), and to `defaultOutput` (default `default`) when none is.
 */
export function compileSplit(ctx: CompileContext): CompiledStep {
  const input = onlyInput(ctx);
  const outputs = ctx.step.outputs as Array<{ name: string; condition: string }>;
  const conds = outputs.map((o) => `coalesce((${ctx.sql(o.condition)}), false)`);
  const statements = outputs.map((o, i) => {
    const earlier = ctx.step.matchAll === true ? [] : conds.slice(0, i).map((c) => `NOT ${c}`);
    return { table: `${ctx.step.name}.${o.name}`, select: `SELECT * FROM ${input.table} WHERE ${[conds[i] as string, ...earlier].join(' AND ')}` };
  });
  const dflt = (ctx.step.defaultOutput as string | undefined) ?? 'default';
  statements.push({ table: `${ctx.step.name}.${dflt}`, select: `SELECT * FROM ${input.table} WHERE ${conds.map((c) => `NOT ${c}`).join(' AND ')}` });
  const outs: Record<string, string> = { '': `${ctx.step.name}.${(outputs[0] as { name: string }).name}` };
  for (const s of statements) outs[s.table.slice(ctx.step.name.length + 1)] = s.table;
  return { statements, outputs: outs };
}
