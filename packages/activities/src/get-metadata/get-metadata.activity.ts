/**
 * ADF's Get Metadata activity: facts about a dataset's file, folder or table — whether it exists, its
 * name, type, size, modification time, children, columns — for conditions and loops
 * (`@activity('Meta').output.childItems`, `…exists`).
 */
import { createHash } from 'node:crypto';
import { SluiceError, defineActivity, type ActivityContext, type FromSchema, type ResolvedDataset } from '@sluice/engine';
import type { Column, FileEntry } from '../connectors/contract.js';
import { baseName } from '../connectors/paths.js';
import { storeByteInput } from '../connectors/preview-sources.js';
import { openTableStore, tableNameFromDataset } from '../connectors/table-store-factory.js';
import { hasWildcard } from '../connectors/wildcard.js';
import { fileFormat } from '../formats/index.js';
import { fileSelection } from '../datasets/file-list.js';
import { ROW_FILE_FORMATS, datasetFamily, openFiles, settingsOf } from '../datasets/open.js';

/** The fields ADF's Get Metadata can return (Sluice's subset). */
export const METADATA_FIELDS = ['exists', 'itemName', 'itemType', 'size', 'lastModified', 'childItems', 'columnCount', 'structure', 'contentMD5'] as const;

const typeProperties = {
  type: 'object',
  required: ['dataset'],
  properties: {
    dataset: { type: 'object', title: 'Dataset', required: ['referenceName'], properties: { referenceName: { type: 'string' } }, additionalProperties: true },
    fieldList: { type: 'array', title: 'Fields', items: { type: 'string', enum: [...METADATA_FIELDS] }, default: ['exists'] },
    storeSettings: { type: 'object', title: 'Store settings', additionalProperties: true, description: 'modifiedDatetimeStart/End filter childItems.' },
    formatSettings: { type: 'object', title: 'Format settings', additionalProperties: true },
  },
  additionalProperties: false,
} as const;

type MetadataProps = FromSchema<typeof typeProperties>;

/** ADF's type names in `structure`. */
const ADF_TYPE: Readonly<Record<string, string>> = {
  string: 'String', int32: 'Int32', int64: 'Int64', double: 'Double', decimal: 'Decimal', boolean: 'Boolean', date: 'Date', timestamp: 'DateTime', json: 'String', binary: 'Byte[]',
};

function structureOf(columns: readonly Column[]): Array<{ name: string; type: string }> {
  return columns.map((c) => ({ name: c.name, type: c.type ? (ADF_TYPE[c.type] ?? 'String') : 'String' }));
}

function notFound(dataset: ResolvedDataset, what: string): SluiceError {
  return new SluiceError('FILE_NOT_FOUND', `Get Metadata: ${what} of dataset '${dataset.name}' does not exist (add 'exists' to fieldList to test for it instead).`, { file: what });
}

async function fileMetadata(ctx: ActivityContext, dataset: ResolvedDataset, fields: ReadonlySet<string>, props: MetadataProps): Promise<Record<string, unknown>> {
  const { store, location } = openFiles(dataset, ctx.signal);
  try {
    const wildcard = location.fileName !== '' && hasWildcard(location.fileName);
    const path = wildcard ? location.folder : location.path;
    const entry: FileEntry | undefined = path === '' ? { path: '', name: '', type: 'folder', size: 0 } : await store.stat(path, ctx.signal);
    const out: Record<string, unknown> = {};
    if (!entry) {
      if (fields.has('exists')) return { exists: false };
      throw notFound(dataset, `'${path}'`);
    }
    if (fields.has('exists')) out.exists = true;
    if (fields.has('itemName')) out.itemName = entry.name || baseName(entry.path);
    if (fields.has('itemType')) out.itemType = entry.type === 'file' ? 'File' : 'Folder';
    if (fields.has('size') && entry.type === 'file') out.size = entry.size;
    if (fields.has('lastModified') && entry.lastModified) out.lastModified = entry.lastModified.toISOString();
    if (fields.has('childItems')) {
      if (entry.type !== 'folder') throw new SluiceError('TYPE_PROPERTIES_INVALID', `Get Metadata: 'childItems' applies to folders, and '${entry.path}' is a file.`, { pointer: '/typeProperties/fieldList' });
      const sel = fileSelection(props.storeSettings, false);
      const start = sel.modifiedDatetimeStart ? Date.parse(sel.modifiedDatetimeStart) : undefined;
      const end = sel.modifiedDatetimeEnd ? Date.parse(sel.modifiedDatetimeEnd) : undefined;
      const children: Array<{ name: string; type: string }> = [];
      for await (const child of store.list(entry.path, { recursive: false, includeFolders: true, ...(wildcard ? { pattern: location.fileName } : {}), signal: ctx.signal })) {
        const t = child.lastModified?.getTime();
        if (child.type === 'file' && t !== undefined && ((start !== undefined && t < start) || (end !== undefined && t >= end))) continue;
        children.push({ name: child.name, type: child.type === 'file' ? 'File' : 'Folder' });
      }
      out.childItems = children;
    }
    if (fields.has('columnCount') || fields.has('structure')) {
      if (entry.type !== 'file' || !ROW_FILE_FORMATS.includes(dataset.type)) {
        throw new SluiceError('TYPE_PROPERTIES_INVALID', `Get Metadata: 'structure' and 'columnCount' need a ${ROW_FILE_FORMATS.join(', ')} file; '${entry.path || '/'}' is ${entry.type === 'file' ? `a ${dataset.type} file` : 'a folder'}.`, { pointer: '/typeProperties/fieldList' });
      }
      const columns = await fileFormat(dataset.type).inferColumns(storeByteInput(store, entry.path, ctx.tempDir), { ...dataset.typeProperties, ...settingsOf(props.formatSettings) }, ctx.signal);
      if (fields.has('columnCount')) out.columnCount = columns.length;
      if (fields.has('structure')) out.structure = structureOf(columns);
    }
    if (fields.has('contentMD5') && entry.type === 'file') {
      const hash = createHash('md5');
      for await (const chunk of await store.read(entry.path, ctx.signal)) hash.update(chunk as Buffer);
      out.contentMD5 = hash.digest('base64');
    }
    return out;
  } finally {
    await store.close();
  }
}

async function tableMetadata(ctx: ActivityContext, dataset: ResolvedDataset, fields: ReadonlySet<string>): Promise<Record<string, unknown>> {
  const table = tableNameFromDataset(dataset.typeProperties);
  if (!table) throw new SluiceError('DATASET_LOCATION_INVALID', `Dataset '${dataset.name}' names no table.`, { pointer: '/properties/typeProperties/table' });
  const store = openTableStore(dataset.linkedService);
  try {
    const columns = await store.describe(table, ctx.signal);
    const name = table.schema ? `${table.schema}.${table.table}` : table.table;
    if (!columns) {
      if (fields.has('exists')) return { exists: false };
      throw notFound(dataset, `table '${name}'`);
    }
    const out: Record<string, unknown> = {};
    if (fields.has('exists')) out.exists = true;
    if (fields.has('itemName')) out.itemName = name;
    if (fields.has('itemType')) out.itemType = 'Table';
    if (fields.has('columnCount')) out.columnCount = columns.length;
    if (fields.has('structure')) out.structure = structureOf(columns);
    for (const f of ['size', 'lastModified', 'childItems', 'contentMD5']) {
      if (fields.has(f)) throw new SluiceError('TYPE_PROPERTIES_INVALID', `Get Metadata: '${f}' does not apply to a table dataset.`, { pointer: '/typeProperties/fieldList' });
    }
    return out;
  } finally {
    await store.close();
  }
}

async function getMetadata(ctx: ActivityContext, props: MetadataProps): Promise<Record<string, unknown>> {
  const dataset = await ctx.resolveDataset(props.dataset as { referenceName: string; parameters?: Record<string, unknown> });
  const fields = new Set<string>(props.fieldList ?? ['exists']);
  const family = datasetFamily(dataset);
  if (family === 'table') return tableMetadata(ctx, dataset, fields);
  if (family === 'rest') throw new SluiceError('COPY_NOT_SUPPORTED', `Get Metadata does not apply to REST dataset '${dataset.name}'.`);
  return fileMetadata(ctx, dataset, fields, props);
}

/** The Get Metadata activity (ADF type `GetMetadata`). */
export const getMetadataActivity = defineActivity<typeof typeProperties, Record<string, unknown>>({
  type: 'GetMetadata',
  version: 1,
  category: 'General',
  title: 'Get Metadata',
  description: 'Returns facts about a file, folder or table: exists, itemName, itemType, size, lastModified, childItems, columnCount, structure, contentMD5.',
  typeProperties,
  uiHints: {
    '/dataset': { widget: 'dataset', order: 1 },
    '/fieldList': { widget: 'select', order: 2, help: 'exists, itemName, itemType, size, lastModified, childItems, columnCount, structure, contentMD5' },
    '/storeSettings': { widget: 'json', order: 3, group: 'Filter' },
  },
  output: {
    type: 'object',
    properties: {
      exists: { type: 'boolean' }, itemName: { type: 'string' }, itemType: { type: 'string' }, size: { type: 'integer' }, lastModified: { type: 'string' },
      childItems: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, type: { type: 'string' } } } },
      columnCount: { type: 'integer' }, structure: { type: 'array' }, contentMD5: { type: 'string' },
    },
  },
  run: (ctx, props) => getMetadata(ctx, props),
});
