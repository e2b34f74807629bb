/**
 * A dataset's declared columns (ADF's `schema`) as data-plane columns, with ADF's type names (`Int32`,
 * `DateTime`, `Decimal` …) mapped to logical types through the formats' `mapAdfType`, so an ADF dataset
 * declaring `DateTime` gets timestamps, not strings.
 */
import type { ResolvedDataset } from '@sluice/engine';
import type { Column } from '../connectors/contract.js';
import { mapAdfType } from '../formats/index.js';

/** The declared columns, or undefined when the dataset declares none. Unknown type names leave a column untyped. */
export function declaredColumns(dataset: ResolvedDataset): Column[] | undefined {
  if (!dataset.schema || dataset.schema.length === 0) return undefined;
  return dataset.schema.map((c) => {
    const type = c.type ? mapAdfType(c.type) : undefined;
    return {
      name: c.name,
      ...(type ? { type } : {}),
      ...(c.precision !== undefined ? { precision: c.precision } : {}),
      ...(c.scale !== undefined ? { scale: c.scale } : {}),
    };
  });
}
