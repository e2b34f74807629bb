import { SluiceError, type ActivityContext, type ModelRegistry } from '@sluice/engine';
import type { Row } from '../../connectors/contract.js';
import { jsonValue } from '../../datasets/json-values.js';
import { openRowSource, settingsOf } from '../../datasets/open.js';

/** A dataset reference as the ML activities take it. */
export interface DatasetRef { referenceName: string; parameters?: Record<string, unknown> }

/** Schema piece shared by the ML activities: a dataset reference. */
export const datasetRefSchema = {
  type: 'object', title: 'Dataset', required: ['referenceName'],
  properties: { referenceName: { type: 'string' }, parameters: { type: 'object' } },
  additionalProperties: true,
} as const;

/** Schema piece: ADF-style source settings (a query for tables, storeSettings for files). */
export const sourceSchema = { type: 'object', title: 'Source settings', additionalProperties: true } as const;

/** Schema piece: which registered model to use. */
export const modelSelectorSchema = {
  type: 'object', title: 'Model', required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1 },
    version: { type: 'integer', minimum: 1 },
    stage: { enum: ['none', 'staging', 'production', 'archived'] },
  },
  additionalProperties: false,
} as const;

/** Plain JSON values, so learners see numbers and strings (dates as ISO text, bytes as base64). */
function plain(row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = jsonValue(v);
  return out;
}

/**
 * Reads every row of a dataset (training needs them all in memory). A malformed row fails the activity
 * with its file and row; `maxRows` guards the worker's memory.
 */
export async function readAllRows(ctx: ActivityContext, ref: DatasetRef, source: unknown, maxRows: number): Promise<{ rows: Record<string, unknown>[]; dataset: string }> {
  const dataset = await ctx.resolveDataset(ref);
  const opened = await openRowSource(ctx, dataset, settingsOf(source));
  const rows: Record<string, unknown>[] = [];
  try {
    for await (const batch of opened.source.batches(ctx.signal)) {
      for (const item of batch) {
        if ('bad' in item) {
          throw new SluiceError('COPY_ROW_INVALID', `Cannot read ${item.file ? `file '${item.file}', ` : ''}row ${item.rowNumber ?? '?'} of dataset '${dataset.name}': ${item.message}`, { ...(item.file ? { file: item.file } : {}), ...(item.rowNumber !== undefined ? { row: item.rowNumber } : {}) });
        }
        if (rows.length >= maxRows) throw new SluiceError('ML_TRAINING_INVALID', `Dataset '${dataset.name}' has more than ${maxRows} rows, the activity's maxRows: sample it upstream or raise maxRows.`);
        rows.push(plain(item.row));
      }
      ctx.progress({ rowsRead: rows.length, message: `Read ${rows.length} rows` });
    }
  } finally {
    await opened.close().catch(() => undefined);
  }
  return { rows, dataset: dataset.name };
}

/** The registry, or a clear error when this context has none (a test harness without a runtime). */
export function registryOf(ctx: ActivityContext): ModelRegistry {
  if (!ctx.models) throw new SluiceError('INTERNAL', 'This worker has no model registry: ML activities need the engine runtime.');
  return ctx.models;
}
