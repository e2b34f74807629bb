/**
 * The JSON Schema side of the `validate` step: each row (as JSON, the way a preview shows it) is checked
 * with ajv; the messages of an invalid row are added to its reasons. Rows are read in pages and the
 * reasons written back with bound values, so memory stays bounded and no value becomes SQL text.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { SluiceError } from '@sluice/engine';
import { quoteIdent } from '../duckdb/quote.js';
import type { DuckSession } from '../duckdb/session.js';
import { stepPointer } from './graph.js';
import { REJECT_REASONS } from './steps/route.js';

const PAGE = 20_000;

/**
 * The ajv instance for authors' row schemas. Not strict (a row schema is the author's data contract,
 * not a Sluice document, and may use annotations ajv does not know); the common formats are built in.
 */
const rowAjv = new Ajv({ strict: false, allErrors: true });
rowAjv.addFormat('email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
rowAjv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
rowAjv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i);
rowAjv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
rowAjv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]*$/i);
const INSERT_ROWS = 500;

/**
 * Checks every row of `checked` against `schema`; returns the name of a new table with the same rows
 * whose `rejectReasons` include the schema's messages (`/email: must match format "email"`).
 */
export async function applyJsonSchema(db: DuckSession, checked: string, schema: Record<string, unknown>, step: string, index: number): Promise<string> {
  let validate: ValidateFunction;
  try {
    validate = rowAjv.compile(schema);
  } catch (error) {
    throw new SluiceError('DATAFLOW_INVALID', `Step '${step}' (validate): its jsonSchema does not compile: ${(error as Error).message}`, { pointer: stepPointer(index, 'jsonSchema') });
  }
  const problems = `__sluice_${step}_schema`;
  await db.run(`CREATE TEMP TABLE ${quoteIdent(problems)} (pos BIGINT, reason VARCHAR)`);
  const table = quoteIdent(checked);
  const pending: Array<[number, string]> = [];
  const flush = async (): Promise<void> => {
    while (pending.length) {
      const chunk = pending.splice(0, INSERT_ROWS);
      await db.run(`INSERT INTO ${quoteIdent(problems)} VALUES ${chunk.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(', ')}`, chunk.flat());
    }
  };
  for (let from = 0; ; from += PAGE) {
    const { rows } = await db.query(`SELECT * EXCLUDE (${quoteIdent(REJECT_REASONS)}) FROM ${table} WHERE __sluice_pos > $1 AND __sluice_pos <= $2 ORDER BY __sluice_pos`, [from, from + PAGE]);
    if (!rows.length) break;
    for (const row of rows) {
      const pos = Number(row.__sluice_pos);
      const value: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) if (k !== '__sluice_pos' && v !== null) value[k] = v;
      if (!validate(value)) {
        for (const e of validate.errors ?? []) pending.push([pos, `${e.instancePath || '/'}: ${e.message ?? 'is not valid'}`]);
      }
    }
    if (pending.length >= INSERT_ROWS) await flush();
  }
  await flush();
  const out = `${checked}_schema`;
  await db.run(`CREATE TEMP TABLE ${quoteIdent(out)} AS SELECT c.* REPLACE (list_concat(c.${quoteIdent(REJECT_REASONS)}, coalesce(p.reasons, CAST([] AS VARCHAR[]))) AS ${quoteIdent(REJECT_REASONS)})
    FROM ${table} AS c LEFT JOIN (SELECT pos, list(reason ORDER BY reason) AS reasons FROM ${quoteIdent(problems)} GROUP BY pos) AS p ON c.__sluice_pos = p.pos ORDER BY c.__sluice_pos`);
  return out;
}
