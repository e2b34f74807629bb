/**
 * A dataset's declared columns (ADF's `schema`) in the data plane's {@link Column} form, shared by every
 * source and sink so they agree on which declared types Sluice understands.
 */
import type { ResolvedDataset } from '@sluice/engine';
import type { Column, LogicalType } from './contract.js';

const LOGICAL_TYPES: ReadonlySet<string> = new Set(['string', 'int32', 'int64', 'double', 'decimal', 'boolean', 'date', 'timestamp', 'json', 'binary']);

/**
 * The dataset's declared columns, or undefined when it declares none. A type Sluice does not know
 * (ADF's `String`, `Int32` are matched case-insensitively) is left out, so the column stays untyped.
 */
export function declaredColumns(dataset: ResolvedDataset): Column[] | undefined {
  if (!dataset.schema || dataset.schema.length === 0) return undefined;
  return dataset.schema.map((c) => ({
    name: c.name,
    ...(c.type && LOGICAL_TYPES.has(c.type.toLowerCase()) ? { type: c.type.toLowerCase() as LogicalType } : {}),
    ...(c.precision !== undefined ? { precision: c.precision } : {}),
    ...(c.scale !== undefined ? { scale: c.scale } : {}),
  }));
}
