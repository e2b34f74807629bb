/**
 * ADF's Lookup activity: reads a dataset (or a query against it) and returns its first row or all its
 * rows as the activity's output, for the activities after it (`@activity('Lookup').output.firstRow.x`,
 * a ForEach over `output.value`). ADF's limits hold: at most 5,000 rows (the rest are dropped, as ADF
 * does, with a warning) and at most 4 MB of output (`LOOKUP_TOO_LARGE`).
 */
import { SluiceError, defineActivity, type ActivityContext, type FromSchema } from '@sluice/engine';
import { openRowSource, settingsOf } from '../datasets/open.js';
import { jsonRow } from '../datasets/json-values.js';

/** ADF's Lookup limits. */
export const LOOKUP_MAX_ROWS = 5000;
export const LOOKUP_MAX_BYTES = 4 * 1024 * 1024;

const typeProperties = {
  type: 'object',
  required: ['source', 'dataset'],
  properties: {
    source: { type: 'object', title: 'Source', required: ['type'], properties: { type: { type: 'string' } }, additionalProperties: true, description: 'As a Copy source: PostgreSqlV2Source with query, DelimitedTextSource with storeSettings …' },
    dataset: { type: 'object', title: 'Dataset', required: ['referenceName'], properties: { referenceName: { type: 'string' } }, additionalProperties: true },
    firstRowOnly: { type: 'boolean', title: 'First row only', default: true },
  },
  additionalProperties: false,
} as const;

type LookupProps = FromSchema<typeof typeProperties>;

async function lookup(ctx: ActivityContext, props: LookupProps): Promise<Record<string, unknown>> {
  const dataset = await ctx.resolveDataset(props.dataset as { referenceName: string; parameters?: Record<string, unknown> });
  const firstOnly = props.firstRowOnly !== false;
  const opened = await openRowSource(ctx, dataset, settingsOf(props.source), { batchSize: firstOnly ? 1 : 1000 });
  const rows: Record<string, unknown>[] = [];
  let bytes = 2;
  let truncated = false;
  const iterator = opened.source.batches(ctx.signal)[Symbol.asyncIterator]();
  try {
    reading: for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      for (const item of next.value) {
        if ('bad' in item) {
          throw new SluiceError('COPY_ROW_INVALID', `Lookup cannot read ${item.file ? `file '${item.file}', ` : ''}row ${item.rowNumber ?? '?'}: ${item.message}`, { ...(item.file ? { file: item.file } : {}), ...(item.rowNumber !== undefined ? { row: item.rowNumber } : {}) }, { code: item.code });
        }
        if (rows.length >= (firstOnly ? 1 : LOOKUP_MAX_ROWS)) {
          truncated = !firstOnly;
          break reading;
        }
        const row = jsonRow(item.row);
        bytes += Buffer.byteLength(JSON.stringify(row)) + 1;
        if (bytes > LOOKUP_MAX_BYTES) {
          throw new SluiceError('LOOKUP_TOO_LARGE', `Lookup on dataset '${dataset.name}' returned more than ${LOOKUP_MAX_BYTES / 1024 / 1024} MB (the limit, as in ADF) by row ${rows.length + 1}: narrow the query or select fewer columns.`, {}, { rows: rows.length + 1, limitBytes: LOOKUP_MAX_BYTES });
        }
        rows.push(row);
      }
    }
  } finally {
    await iterator.return?.().catch(() => undefined);
    await opened.close().catch(() => undefined);
  }
  if (truncated) ctx.log.warn(`Lookup on dataset '${dataset.name}' has more than ${LOOKUP_MAX_ROWS} rows: only the first ${LOOKUP_MAX_ROWS} are returned (ADF's limit).`);
  if (firstOnly) return rows.length ? { firstRow: rows[0] } : {};
  return { count: rows.length, value: rows };
}

/** The Lookup activity (ADF type `Lookup`). */
export const lookupActivity = defineActivity<typeof typeProperties, Record<string, unknown>>({
  type: 'Lookup',
  version: 1,
  category: 'General',
  title: 'Lookup',
  description: 'Reads a dataset or a query and returns its first row ({firstRow}) or all rows ({count, value}), up to 5,000 rows and 4 MB.',
  typeProperties,
  uiHints: {
    '/dataset': { widget: 'dataset', order: 1 },
    '/source': { widget: 'json', order: 2, help: 'type (PostgreSqlV2Source …) and query, or storeSettings for files' },
    '/source/query': { widget: 'sql' },
    '/firstRowOnly': { widget: 'checkbox', order: 3 },
  },
  output: {
    type: 'object',
    properties: { firstRow: { type: 'object' }, count: { type: 'integer' }, value: { type: 'array', items: { type: 'object' } } },
  },
  run: (ctx, props) => lookup(ctx, props),
});
