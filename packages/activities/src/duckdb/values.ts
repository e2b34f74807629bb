/**
 * DuckDB values as plain JSON for previews and outputs: DuckDB's own JSON conversion, with 64-bit and
 * wider integers turned back into numbers when they fit exactly (DuckDB writes them as strings).
 */

/** A result row as JSON. */
export type JsonRow = Record<string, unknown>;

const WIDE_INTEGERS = new Set(['BIGINT', 'HUGEINT', 'UBIGINT', 'UHUGEINT']);

/** Rows from DuckDB's JSON conversion, with safe 64-bit integers as numbers. */
export function jsonRows(rows: ReadonlyArray<Record<string, unknown>>, columns: readonly string[], types: readonly string[]): JsonRow[] {
  const wide = columns.filter((_, i) => WIDE_INTEGERS.has(types[i] ?? ''));
  if (!wide.length) return rows as JsonRow[];
  return rows.map((row) => {
    const out: JsonRow = { ...row };
    for (const c of wide) {
      const v = out[c];
      if (typeof v === 'string') {
        const n = Number(v);
        if (Number.isSafeInteger(n)) out[c] = n;
      }
    }
    return out;
  });
}
