import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** A hidden staging file or folder of a publication (`.<name>.sluice-<hex>.tmp`): never a visible output. */
export const STAGING = /^\..+\.sluice-[0-9a-f]+\.tmp$/;

/** What one run of the chaos data flow left in `flow/<dst>`: visible files per sink, read back with DuckDB. */
export interface FlowOutput {
  /** Visible Parquet files of the kept-rows sink, with their row counts (-1: unreadable). */
  kept: Array<{ file: string; rows: number }>;
  /** Visible files of the partitioned sink, by bucket, with their `n` values (row count = values.length). */
  buckets: Map<string, Array<{ file: string; n: number[] }>>;
  /** Hidden staging files (and publication staging folders) left anywhere under the run's folder. */
  staging: string[];
  /** Anything else: files or folders the flow does not write. */
  stray: string[];
}

function visibleFiles(dir: string): { files: string[]; staging: string[] } {
  if (!existsSync(dir)) return { files: [], staging: [] };
  const all = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
  return { files: all.filter((f) => !STAGING.test(f)), staging: all.filter((f) => STAGING.test(f)).map((f) => join(dir, f)) };
}

/** Reads what the flow published for each run folder (`flow/<dst>`), with one DuckDB for all of them. */
export async function readFlowOutputs(root: string, dsts: string[]): Promise<Map<string, FlowOutput>> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const q = (f: string): string => `'${f.replaceAll("'", "''")}'`;
  const out = new Map<string, FlowOutput>();
  try {
    for (const dst of dsts) {
      const base = join(root, 'flow', dst);
      const o: FlowOutput = { kept: [], buckets: new Map(), staging: [], stray: [] };
      // A sink's hidden staging folder (`.agg.sluice-<owner>.tmp`) sits beside its folder while it publishes.
      if (existsSync(base)) for (const e of readdirSync(base)) if (e !== 'kept' && e !== 'agg') (STAGING.test(e) ? o.staging : o.stray).push(join(base, e));
      const kept = visibleFiles(join(base, 'kept'));
      o.staging.push(...kept.staging);
      for (const f of kept.files) {
        const file = join(base, 'kept', f);
        const rows = await c.runAndReadAll(`SELECT count(*)::INTEGER FROM read_parquet(${q(file)})`).then((r) => Number(r.getRows()[0]?.[0]), () => -1);
        o.kept.push({ file, rows });
      }
      const agg = join(base, 'agg');
      if (existsSync(agg)) {
        for (const e of readdirSync(agg, { withFileTypes: true })) {
          if (!e.isDirectory() || !/^bucket=\d+$/.test(e.name)) {
            (STAGING.test(e.name) ? o.staging : o.stray).push(join(agg, e.name));
            continue;
          }
          const part = visibleFiles(join(agg, e.name));
          o.staging.push(...part.staging);
          const files: Array<{ file: string; n: number[] }> = [];
          for (const f of part.files) {
            const file = join(agg, e.name, f);
            const n = await c.runAndReadAll(`SELECT n::INTEGER FROM read_parquet(${q(file)})`).then((r) => r.getRows().map((row) => Number(row[0])), () => [-1]);
            files.push({ file, n });
          }
          o.buckets.set(e.name.slice('bucket='.length), files);
        }
      }
      out.set(dst, o);
    }
  } finally {
    c.closeSync();
    db.closeSync();
  }
  return out;
}

/** Whether each sink's output is absent (nothing visible), complete (exactly what the flow computes), or partial. */
export function judgeFlowOutput(o: FlowOutput, expected: { kept: number; perBucket: Map<number, number> }): { kept: 'absent' | 'complete' | 'partial'; agg: 'absent' | 'complete' | 'partial'; why: string[] } {
  const why: string[] = [];
  let kept: 'absent' | 'complete' | 'partial' = 'absent';
  if (o.kept.length > 0) {
    kept = o.kept.length === 1 && o.kept[0]?.rows === expected.kept ? 'complete' : 'partial';
    if (kept === 'partial') why.push(`kept: ${o.kept.length} file(s) with ${o.kept.map((k) => k.rows).join('+')} rows, expected one with ${expected.kept}`);
  }
  let agg: 'absent' | 'complete' | 'partial' = 'absent';
  const withFiles = [...o.buckets].filter(([, files]) => files.length > 0);
  if (withFiles.length > 0) {
    const ok = withFiles.length === expected.perBucket.size && [...expected.perBucket].every(([b, n]) => {
      const files = o.buckets.get(String(b)) ?? [];
      return files.length === 1 && files[0]?.n.length === 1 && files[0].n[0] === n;
    });
    agg = ok ? 'complete' : 'partial';
    if (!ok) why.push(`agg: ${JSON.stringify(withFiles.map(([b, files]) => [b, files.map((f) => f.n)]))}, expected ${JSON.stringify([...expected.perBucket])}`);
  }
  if (o.stray.length) why.push(`stray: ${o.stray.join(', ')}`);
  return { kept, agg, why };
}
