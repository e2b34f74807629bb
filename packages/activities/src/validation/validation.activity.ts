/**
 * ADF's Validation activity: waits until a dataset's file or folder exists (a file at least
 * `minimumSize` bytes; a folder with or without children per `childItems`), checking every `sleep`
 * seconds, and fails with `VALIDATION_TIMEOUT` after `timeout`. A pipeline uses it to wait for an
 * upstream drop before copying.
 */
import { SluiceError, defineActivity, type ActivityContext, type FromSchema, type ResolvedDataset } from '@sluice/engine';
import { openTableStore, tableNameFromDataset } from '../connectors/table-store-factory.js';
import { datasetFamily, openFiles } from '../datasets/family.js';
import { parseTimeSpanMs } from '../datasets/settings.js';

/** ADF's defaults: wait up to 7 days, check every 10 seconds. */
const DEFAULT_TIMEOUT = '7.00:00:00';
const DEFAULT_SLEEP_SECONDS = 10;

const typeProperties = {
  type: 'object',
  required: ['dataset'],
  properties: {
    dataset: { type: 'object', title: 'Dataset', required: ['referenceName'], properties: { referenceName: { type: 'string' } }, additionalProperties: true },
    timeout: { type: 'string', title: 'Timeout', description: 'd.hh:mm:ss (default 7.00:00:00).', default: DEFAULT_TIMEOUT },
    sleep: { type: 'integer', title: 'Sleep (s)', minimum: 0, description: 'Seconds between checks (default 10).', default: DEFAULT_SLEEP_SECONDS },
    minimumSize: { type: 'integer', title: 'Minimum size (bytes)', minimum: 0, description: 'Files: the file must have at least this many bytes.' },
    childItems: { type: 'boolean', title: 'Child items', description: 'Folders: true = must have children, false = must be empty; absent = must exist.' },
  },
  additionalProperties: false,
} as const;

type ValidationProps = FromSchema<typeof typeProperties>;

/** What one check found: met, or why not (for the log and the timeout message). */
type Check = { met: true; output: Record<string, unknown> } | { met: false; why: string };

async function checkFile(ctx: ActivityContext, dataset: ResolvedDataset, props: ValidationProps): Promise<Check> {
  const { store, location } = openFiles(dataset, ctx.signal);
  try {
    const entry = location.path === '' ? { type: 'folder' as const, size: 0, name: '', path: '' } : await store.stat(location.path, ctx.signal);
    const where = `'${location.path || '/'}' in ${store.display}`;
    if (!entry) return { met: false, why: `${where} does not exist` };
    if (entry.type === 'file') {
      if (props.minimumSize !== undefined && entry.size < props.minimumSize) return { met: false, why: `${where} has ${entry.size} bytes, fewer than minimumSize ${props.minimumSize}` };
      return { met: true, output: { exists: true, itemName: entry.name, itemType: 'File', size: entry.size } };
    }
    if (props.childItems !== undefined) {
      let any = false;
      for await (const _child of store.list(entry.path, { recursive: false, includeFolders: true, signal: ctx.signal })) {
        any = true;
        break;
      }
      if (props.childItems && !any) return { met: false, why: `the folder ${where} is empty (childItems: true)` };
      if (!props.childItems && any) return { met: false, why: `the folder ${where} is not empty (childItems: false)` };
    }
    return { met: true, output: { exists: true, itemName: entry.name, itemType: 'Folder' } };
  } finally {
    await store.close();
  }
}

async function checkTable(ctx: ActivityContext, dataset: ResolvedDataset): Promise<Check> {
  const table = tableNameFromDataset(dataset.typeProperties);
  if (!table) throw new SluiceError('DATASET_LOCATION_INVALID', `Dataset '${dataset.name}' names no table.`, { pointer: '/properties/typeProperties/table' });
  const store = openTableStore(dataset.linkedService);
  try {
    const columns = await store.describe(table, ctx.signal);
    const name = table.schema ? `${table.schema}.${table.table}` : table.table;
    return columns ? { met: true, output: { exists: true, itemName: name, itemType: 'Table' } } : { met: false, why: `table '${name}' does not exist` };
  } finally {
    await store.close();
  }
}

/** Waits `ms`, or throws the signal's reason when it aborts first. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

async function validate(ctx: ActivityContext, props: ValidationProps): Promise<Record<string, unknown>> {
  const dataset = await ctx.resolveDataset(props.dataset as { referenceName: string; parameters?: Record<string, unknown> });
  const family = datasetFamily(dataset);
  if (family === 'rest') throw new SluiceError('COPY_NOT_SUPPORTED', `Validation does not apply to REST dataset '${dataset.name}'.`);
  const timeoutMs = parseTimeSpanMs(props.timeout ?? DEFAULT_TIMEOUT, 'timeout');
  const sleepMs = (props.sleep ?? DEFAULT_SLEEP_SECONDS) * 1000;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    ctx.signal.throwIfAborted();
    const check = family === 'table' ? await checkTable(ctx, dataset) : await checkFile(ctx, dataset, props);
    const waited = Date.now() - started;
    if (check.met) return { ...check.output, checks: attempt, waitedSeconds: Math.round(waited / 1000) };
    const left = timeoutMs - waited;
    if (left <= 0) {
      throw new SluiceError('VALIDATION_TIMEOUT', `Validation of dataset '${dataset.name}' timed out after ${props.timeout ?? DEFAULT_TIMEOUT} (${attempt} checks): ${check.why}.`, {}, { checks: attempt });
    }
    ctx.log.debug(`Check ${attempt}: ${check.why}; next in ${Math.min(sleepMs, left)} ms`);
    ctx.progress({ message: `waiting: ${check.why}` });
    await sleep(Math.max(Math.min(sleepMs, left), 0), ctx.signal);
  }
}

/** The Validation activity (ADF type `Validation`). */
export const validationActivity = defineActivity<typeof typeProperties, Record<string, unknown>>({
  type: 'Validation',
  version: 1,
  category: 'General',
  title: 'Validation',
  description: 'Waits until a file exists (with a minimum size) or a folder exists (with or without children), checking every `sleep` seconds until `timeout`.',
  typeProperties,
  uiHints: {
    '/dataset': { widget: 'dataset', order: 1 },
    '/timeout': { widget: 'text', order: 2, placeholder: '0.00:10:00' },
    '/sleep': { widget: 'number', order: 3 },
    '/minimumSize': { widget: 'number', order: 4 },
    '/childItems': { widget: 'checkbox', order: 5 },
  },
  output: { type: 'object', properties: { exists: { type: 'boolean' }, itemName: { type: 'string' }, itemType: { type: 'string' }, size: { type: 'integer' }, checks: { type: 'integer' }, waitedSeconds: { type: 'integer' } } },
  run: (ctx, props) => validate(ctx, props),
});
