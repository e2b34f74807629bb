/**
 * The Copy activity's DuckDB fast path (see `duckdb-path.ts`): chosen when both datasets are files in
 * CSV, JSON or Parquet (or the source is PostgreSQL and the sink Parquet) and no row needs JavaScript.
 */
import type { ActivityContext, ResolvedDataset } from '@sluice/engine';
import type { CopyValidation } from './cleanse.js';
import type { RowMapper, Translator } from './mapping.js';
import type { CopyCounts } from './output.js';
import { duckDbCopy, fastPathRefusal } from './duckdb-path.js';

/** What the fast path looks at. */
export interface FastPathInput {
  readonly from: ResolvedDataset;
  readonly to: ResolvedDataset;
  readonly source: Record<string, unknown>;
  readonly sink: Record<string, unknown>;
  readonly translator: Translator;
  readonly mapper: RowMapper;
  readonly validation: CopyValidation | undefined;
  readonly skip: boolean;
  readonly tag: string;
  /** The activity's typeProperties (rejects location). */
  readonly tp: Record<string, unknown>;
}

/** Runs the copy on DuckDB when it applies; undefined when it does not (the row pipeline runs instead). */
export async function tryFastPath(ctx: ActivityContext, input: FastPathInput): Promise<Omit<CopyCounts, 'started'> | undefined> {
  const refusal = fastPathRefusal(input);
  if (refusal) {
    ctx.log.debug(`DuckDB fast path not used: ${refusal}`);
    return undefined;
  }
  return duckDbCopy(ctx, input);
}
