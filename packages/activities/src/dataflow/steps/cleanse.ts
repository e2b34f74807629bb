/**
 * `cleanse`: a list of operations applied in order, each one a SELECT over the previous one — trim,
 * change case, fill nulls with defaults, drop rows with nulls, regular-expression replace, and turn
 * dates written in several formats (or epoch numbers) into DATE or TIMESTAMP values.
 */
import { quoteIdent, quoteLiteral, sqlConstant } from '../../duckdb/quote.js';
import { column, onlyInput, single, stepError, type CompileContext, type CompiledStep, type RelationColumn, type StepInput } from './context.js';

interface CleanseOp {
  op: 'trim' | 'case' | 'fillNulls' | 'dropNulls' | 'regexReplace' | 'standardizeDates';
  columns?: string[];
  to?: string;
  values?: Record<string, unknown>;
  pattern?: string;
  replacement?: string;
  flags?: string;
  formats?: string[];
  epoch?: 's' | 'ms';
}

const isText = (c: RelationColumn): boolean => c.type === 'VARCHAR' || c.type === 'JSON';

function targets(ctx: CompileContext, input: StepInput, op: CleanseOp, i: number, textOnly: boolean): string[] {
  if (op.columns) return op.columns.map((c, j) => column(ctx, input, c, `operations/${i}/columns/${j}`));
  if (!textOnly) throw stepError(ctx, `operations/${i}/columns`, `operation '${op.op}' needs 'columns'.`);
  return input.columns.filter(isText).map((c) => c.name);
}

/** Compiles the operations into one nested SELECT. */
export function compileCleanse(ctx: CompileContext): CompiledStep {
  const input = onlyInput(ctx);
  let from = input.table;
  const ops = ctx.step.operations as CleanseOp[];
  ops.forEach((op, i) => {
    const replace = (cols: string[], expr: (c: string) => string): string =>
      cols.length ? `(SELECT * REPLACE (${cols.map((c) => `${expr(quoteIdent(c))} AS ${quoteIdent(c)}`).join(', ')}) FROM ${from})` : from;
    switch (op.op) {
      case 'trim':
        from = replace(targets(ctx, input, op, i, true), (c) => `trim(CAST(${c} AS VARCHAR))`);
        break;
      case 'case': {
        const fn = op.to === 'upper' ? (c: string) => `upper(${c})` : op.to === 'lower' ? (c: string) => `lower(${c})`
          : op.to === 'title' ? (c: string) => `array_to_string(list_transform(string_split(lower(${c}), ' '), w -> upper(w[1]) || w[2:]), ' ')` : undefined;
        if (!fn) throw stepError(ctx, `operations/${i}/to`, "case needs 'to': upper, lower or title.");
        from = replace(targets(ctx, input, op, i, true), fn);
        break;
      }
      case 'fillNulls': {
        if (!op.values) throw stepError(ctx, `operations/${i}/values`, "fillNulls needs 'values': {column: default}.");
        const entries = Object.entries(op.values);
        const cols = entries.map(([c]) => column(ctx, input, c, `operations/${i}/values/${c}`));
        from = `(SELECT * REPLACE (${entries.map(([, v], j) => `coalesce(${quoteIdent(cols[j] as string)}, ${sqlConstant(v)}) AS ${quoteIdent(cols[j] as string)}`).join(', ')}) FROM ${from})`;
        break;
      }
      case 'dropNulls': {
        const cols = targets(ctx, input, op, i, false);
        from = `(SELECT * FROM ${from} WHERE ${cols.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(' AND ')})`;
        break;
      }
      case 'regexReplace': {
        if (op.pattern === undefined) throw stepError(ctx, `operations/${i}/pattern`, "regexReplace needs 'pattern'.");
        const flags = op.flags ?? 'g';
        from = replace(targets(ctx, input, op, i, false), (c) => `regexp_replace(CAST(${c} AS VARCHAR), ${quoteLiteral(op.pattern as string)}, ${quoteLiteral(op.replacement ?? '')}, ${quoteLiteral(flags)})`);
        break;
      }
      case 'standardizeDates': {
        const to = op.to === 'timestamp' ? 'TIMESTAMP' : 'DATE';
        const cols = targets(ctx, input, op, i, false);
        from = replace(cols, (c) => {
          const real = input.columns.find((x) => quoteIdent(x.name) === c);
          const numeric = real !== undefined && /INT|DOUBLE|DECIMAL|FLOAT|REAL/.test(real.type);
          if (numeric || op.epoch) {
            const ms = (op.epoch ?? 'ms') === 'ms' ? `TRY_CAST(${c} AS DOUBLE)` : `TRY_CAST(${c} AS DOUBLE) * 1000`;
            return `CAST(epoch_ms(CAST(${ms} AS BIGINT)) AS ${to})`;
          }
          const formats = op.formats?.length ? op.formats : ['%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%d/%m/%Y', '%m/%d/%Y'];
          return `CAST(coalesce(${formats.map((f) => `try_strptime(CAST(${c} AS VARCHAR), ${quoteLiteral(f)})`).join(', ')}) AS ${to})`;
        });
        break;
      }
      default:
        throw stepError(ctx, `operations/${i}/op`, `unknown operation '${String(op.op)}'.`);
    }
  });
  return single(ctx, `SELECT * FROM ${from}`);
}
