import { DuckDBInstance } from '@duckdb/node-api';

/** Row counts of Parquet files read back with DuckDB (an independent reader); a file it cannot read counts as -1. */
export async function parquetRowCounts(files: string[]): Promise<Map<string, number>> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const out = new Map<string, number>();
  try {
    for (const f of files) {
      try {
        const r = await c.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet('${f.replaceAll("'", "''")}')`);
        out.set(f, Number(r.getRows()[0]?.[0]));
      } catch {
        out.set(f, -1);
      }
    }
  } finally {
    c.closeSync();
    db.closeSync();
  }
  return out;
}
