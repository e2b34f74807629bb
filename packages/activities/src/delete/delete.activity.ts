/**
 * ADF's Delete activity: removes the files a dataset selects (one file, a folder's files, or what a
 * wildcard matches, recursively or not) and, with `enableLogging`, writes a CSV log of every path it
 * deleted (ADF's columns: Name, Category, Status, Error) to `logStorageSettings`.
 */
import { SluiceError, defineActivity, type ActivityContext, type FromSchema } from '@sluice/engine';
import type { FileEntry, FileStore, StagedFile } from '../connectors/contract.js';
import { joinStorePath } from '../connectors/paths.js';
import { openFileStore } from '../connectors/store-factory.js';
import { fileSelection, isSingleFile, listSelectedFiles } from '../datasets/file-list.js';
import { datasetFamily, openFiles, settingsOf } from '../datasets/family.js';

const reference = { type: 'object', required: ['referenceName'], properties: { referenceName: { type: 'string' } }, additionalProperties: true } as const;

const typeProperties = {
  type: 'object',
  required: ['dataset'],
  properties: {
    dataset: { ...reference, title: 'Dataset' },
    recursive: { type: 'boolean', title: 'Recursive', default: false },
    storeSettings: { type: 'object', title: 'Store settings', additionalProperties: true, description: 'wildcardFolderPath, wildcardFileName, recursive, modifiedDatetimeStart/End.' },
    enableLogging: { type: 'boolean', title: 'Enable logging', default: false },
    logStorageSettings: {
      type: 'object',
      title: 'Log location',
      properties: { linkedServiceName: reference, path: { type: 'string' } },
      required: ['linkedServiceName'],
      additionalProperties: true,
    },
    maxConcurrentConnections: { type: 'integer', minimum: 1 },
  },
  additionalProperties: false,
} as const;

type DeleteProps = FromSchema<typeof typeProperties>;

/** A CSV field, quoted when needed. */
function csv(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function deleteFiles(ctx: ActivityContext, props: DeleteProps): Promise<Record<string, unknown>> {
  const dataset = await ctx.resolveDataset(props.dataset as { referenceName: string; parameters?: Record<string, unknown> });
  if (datasetFamily(dataset) !== 'file') throw new SluiceError('COPY_NOT_SUPPORTED', `Delete works on file datasets; '${dataset.name}' is ${dataset.type}.`);
  const storeSettings = settingsOf(props.storeSettings);
  const selection = fileSelection({ ...storeSettings, recursive: storeSettings.recursive ?? props.recursive ?? false }, false);
  const { store, location } = openFiles(dataset, ctx.signal);
  let logStore: FileStore | undefined;
  let log: StagedFile | undefined;
  let logPath: string | undefined;
  let deleted = 0;
  try {
    if (props.enableLogging) {
      const settings = props.logStorageSettings;
      if (!settings) throw new SluiceError('TYPE_PROPERTIES_INVALID', 'enableLogging needs logStorageSettings {linkedServiceName, path}.', { pointer: '/typeProperties/logStorageSettings' });
      const ls = await ctx.resolveLinkedService(settings.linkedServiceName as { referenceName: string; parameters?: Record<string, unknown> });
      logStore = openFileStore(ls, { signal: ctx.signal });
      logPath = joinStorePath(typeof settings.path === 'string' ? settings.path : '', ctx.runId, `${ctx.activityName.replace(/[^A-Za-z0-9_.-]/g, '_')}_${ctx.activityRunId.replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}.csv`);
      log = await logStore.write(logPath, ctx.signal);
      log.stream.write('Name,Category,Status,Error\n');
    }
    let files: FileEntry[];
    try {
      files = await listSelectedFiles(store, location, selection, ctx.signal, dataset.name, { raw: true });
    } catch (error) {
      // A single named file that is already gone: nothing to delete (deleting is idempotent).
      if (error instanceof SluiceError && error.code === 'FILE_NOT_FOUND' && isSingleFile(location, selection)) files = [];
      else throw error;
    }
    for (const file of files) {
      ctx.signal.throwIfAborted();
      try {
        await store.delete(file.path, { signal: ctx.signal });
        deleted += 1;
        log?.stream.write(`${csv(file.path)},File,Deleted,\n`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log?.stream.write(`${csv(file.path)},File,Failed,${csv(message)}\n`);
        throw error;
      }
      ctx.progress({ message: `${deleted} of ${files.length} files deleted`, fraction: deleted / files.length });
    }
    ctx.log.info(`Deleted ${deleted} files of dataset '${dataset.name}'`);
    return { filesDeleted: deleted, ...(logStore && logPath ? { logPath: `${logStore.display.replace(/\/+$/, '')}/${logPath}` } : {}) };
  } finally {
    // The log says what is gone even when the activity fails half-way, so it is published in every case.
    if (log) await log.commit().catch((e: unknown) => ctx.log.error(`The delete log could not be written: ${e instanceof Error ? e.message : String(e)}`));
    await logStore?.close();
    await store.close();
  }
}

/** The Delete activity (ADF type `Delete`). */
export const deleteActivity = defineActivity<typeof typeProperties, Record<string, unknown>>({
  type: 'Delete',
  version: 1,
  category: 'General',
  title: 'Delete',
  description: 'Deletes the files a dataset selects (with wildcards, recursively), optionally logging each deleted path to a CSV file.',
  typeProperties,
  uiHints: {
    '/dataset': { widget: 'dataset', order: 1 },
    '/recursive': { widget: 'checkbox', order: 2 },
    '/storeSettings': { widget: 'json', order: 3, group: 'Filter' },
    '/enableLogging': { widget: 'checkbox', order: 4, group: 'Logging' },
    '/logStorageSettings': { widget: 'json', order: 5, group: 'Logging' },
  },
  output: { type: 'object', properties: { filesDeleted: { type: 'integer' }, logPath: { type: 'string' } } },
  run: (ctx, props) => deleteFiles(ctx, props),
});
