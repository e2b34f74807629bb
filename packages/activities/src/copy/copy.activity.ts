/**
 * ADF's Copy activity: rows from any source dataset to any sink dataset (files in DelimitedText, Json or
 * Parquet on local disk, S3 or HTTP; PostgreSQL and MySQL/MariaDB tables; REST resources as sources),
 * or files byte for byte between Binary datasets. See docs/data-plane.md for every option.
 */
import { SluiceError, defineActivity, type ActivityContext, type FromSchema } from '@sluice/engine';
import type { LogicalType } from '../connectors/contract.js';
import { openRowSink, openRowSource, settingsOf, type OpenedSink, type OpenedSource } from '../datasets/open.js';
import { binaryCopy } from './binary-copy.js';
import { compileTextCleaner, type CopyValidation } from './cleanse.js';
import { tryFastPath } from './fast-path.js';
import { compileTranslator, type Translator } from './mapping.js';
import { copyOutput, type CopyOutput } from './output.js';
import { RejectsLog, namedRejectsTarget, type RejectsTarget } from './rejects.js';
import { runRowPipeline } from './row-pipeline.js';
import { columnConverter, logicalTypeOfAdf } from './types.js';

const settings = { type: 'object', required: ['type'], properties: { type: { type: 'string' } }, additionalProperties: true } as const;
const reference = { type: 'object', required: ['referenceName'], properties: { referenceName: { type: 'string' } }, additionalProperties: true } as const;

const typeProperties = {
  type: 'object',
  required: ['source', 'sink'],
  properties: {
    source: { ...settings, title: 'Source', description: 'DelimitedTextSource, JsonSource, ParquetSource, BinarySource, PostgreSqlV2Source (query), MySqlSource, RestSource … with storeSettings and formatSettings.' },
    sink: { ...settings, title: 'Sink', description: 'DelimitedTextSink, JsonSink, ParquetSink, BinarySink, PostgreSqlV2Sink, MySqlSink … with storeSettings, formatSettings, writeBehavior, upsertSettings, preCopyScript, tableOption.' },
    translator: { type: 'object', title: 'Mapping', description: 'TabularTranslator: mappings [{source: {name|path|ordinal, type}, sink: {name, type}}], collectionReference.', additionalProperties: true },
    enableSkipIncompatibleRow: { type: 'boolean', title: 'Skip incompatible rows', default: false },
    redirectIncompatibleRowSettings: { type: 'object', title: 'Rejects location', properties: { linkedServiceName: reference, path: { type: 'string' } }, additionalProperties: true },
    logSettings: { type: 'object', title: 'Log settings', additionalProperties: true },
    validateDataConsistency: { type: 'boolean', title: 'Validate data consistency', description: 'Binary copies: sizes checked after publishing.' },
    validation: {
      type: 'object',
      title: 'Validation and cleansing (Sluice)',
      properties: {
        schema: { type: 'object', title: 'JSON Schema each row must satisfy' },
        trim: { type: 'boolean', title: 'Trim strings' },
        nullValues: { type: 'array', title: 'Strings meaning null', items: { type: 'string' } },
        dateFormats: { type: 'array', title: 'Date formats (yyyy-MM-dd …)', items: { type: 'string' } },
        dedupeKeys: { type: 'array', title: 'Drop duplicates on these columns', items: { type: 'string' } },
      },
      additionalProperties: false,
    },
    fastPath: { type: 'boolean', title: 'Use the DuckDB fast path when possible (Sluice)', default: true },
    enableStaging: { type: 'boolean', description: 'Accepted for ADF compatibility; Sluice never stages through another store.' },
    stagingSettings: { type: 'object', additionalProperties: true },
    parallelCopies: { type: 'integer', minimum: 1 },
    dataIntegrationUnits: { type: 'integer', minimum: 0 },
    skipErrorFile: { type: 'object', additionalProperties: true },
    preserve: { type: 'array' },
  },
  additionalProperties: true,
} as const;

type CopyProps = FromSchema<typeof typeProperties>;

/** A short, stable id of this activity run (names generated and appended files; the same on a retry). */
function runTag(ctx: ActivityContext): string {
  return ctx.activityRunId.replace(/[^A-Za-z0-9]/g, '').slice(0, 12) || 'run';
}

async function copy(ctx: ActivityContext, props: CopyProps): Promise<CopyOutput> {
  const started = performance.now();
  const from = ctx.inputs[0];
  const to = ctx.outputs[0];
  if (!from || !to) throw new SluiceError('TYPE_PROPERTIES_INVALID', `Copy activity '${ctx.activityName}' needs one dataset in 'inputs' and one in 'outputs'.`, { pointer: from ? '/outputs' : '/inputs' });
  const source = settingsOf(props.source);
  const sink = settingsOf(props.sink);
  const tp = props as unknown as Record<string, unknown>;

  if (from.type === 'Binary' || to.type === 'Binary') {
    if (from.type !== to.type) throw new SluiceError('COPY_NOT_SUPPORTED', `Binary datasets copy only to Binary datasets ('${from.name}' is ${from.type}, '${to.name}' is ${to.type}).`);
    const r = await binaryCopy(ctx, from, to, source, sink, props.validateDataConsistency === true);
    return copyOutput({ ...r, rowsRead: 0, rowsCopied: 0, rowsSkipped: 0, executionPath: 'binary', started });
  }

  const skip = props.enableSkipIncompatibleRow === true;
  const translator = settingsOf(props.translator) as Translator;
  const mapper = compileTranslator(translator);
  const mappedTypes = new Map<string, LogicalType>();
  for (const c of mapper.columns ?? []) {
    const t = c.adfType ? logicalTypeOfAdf(c.adfType) : undefined;
    if (t) mappedTypes.set(c.name, t);
  }
  const validation = props.validation as CopyValidation | undefined;

  if (props.fastPath !== false) {
    const fast = await tryFastPath(ctx, { from, to, source, sink, translator, mapper, validation, skip, tag: runTag(ctx), tp });
    if (fast) return copyOutput({ ...fast, started });
  }

  let opened: OpenedSource | undefined;
  let target: OpenedSink | undefined;
  let rejects: RejectsLog | undefined;
  try {
    const cleanText = compileTextCleaner(validation);
    opened = await openRowSource(ctx, from, source, cleanText ? { cleanText } : {});
    target = await openRowSink({ signal: ctx.signal, tag: runTag(ctx) }, to, sink);
    if (skip) {
      const named = await namedRejectsTarget(ctx, tp);
      const fallback: RejectsTarget | undefined = target.files ? { store: target.files.store, folder: '', owned: false } : opened.fileStore ? { store: opened.fileStore, folder: '', owned: false } : undefined;
      const where = named ?? fallback;
      if (!where) {
        throw new SluiceError('TYPE_PROPERTIES_INVALID', 'enableSkipIncompatibleRow needs a rejects location when neither dataset is on a file store: set redirectIncompatibleRowSettings {linkedServiceName, path}.', { pointer: '/typeProperties/redirectIncompatibleRowSettings' });
      }
      rejects = new RejectsLog(where, ctx.runId, `${ctx.activityName.replace(/[^A-Za-z0-9_.-]/g, '_')}_${runTag(ctx)}.jsonl`);
    }
    const counts = await runRowPipeline({
      source: opened.source,
      sink: target.sink,
      mapper,
      ...(target.targetColumns ? { targetColumns: target.targetColumns } : {}),
      mappedTypes,
      ...(validation ? { validation } : {}),
      converterFor: columnConverter,
      ...(rejects ? { rejects } : {}),
      signal: ctx.signal,
      onProgress: (c) => ctx.progress({ rowsRead: c.rowsRead, rowsWritten: c.rowsCopied, bytesRead: opened?.source.stats.bytes ?? 0 }),
    });
    const result = await target.sink.commit(ctx.signal);
    await rejects?.commit();
    if (rejects && rejects.count > 0) ctx.log.warn(`${rejects.count} incompatible rows skipped; rejects in ${rejects.display}`);
    return copyOutput({
      rowsRead: counts.rowsRead,
      rowsCopied: counts.rowsCopied,
      rowsSkipped: counts.rowsSkipped,
      dataRead: opened.source.stats.bytes,
      dataWritten: result.bytesWritten,
      filesRead: opened.files ? opened.source.stats.files : 0,
      filesWritten: target.files ? result.targets.length : 0,
      targets: [...result.targets],
      ...(rejects && rejects.count > 0 ? { rejectsPath: rejects.display } : {}),
      executionPath: 'rows',
      started,
    });
  } catch (error) {
    await target?.sink.abort().catch(() => undefined);
    await rejects?.abort();
    throw error;
  } finally {
    await rejects?.close().catch(() => undefined);
    await target?.close().catch(() => undefined);
    await opened?.close().catch(() => undefined);
  }
}

/** The Copy activity (ADF type `Copy`). */
export const copyActivity = defineActivity<typeof typeProperties, CopyOutput>({
  type: 'Copy',
  version: 1,
  category: 'Move and transform',
  title: 'Copy data',
  description: 'Copies rows from a source dataset to a sink dataset (files, tables, REST), with mapping, type conversion, validation, rejects and atomic publishing; or files byte for byte between Binary datasets.',
  typeProperties,
  uiHints: {
    '/source': { widget: 'json', order: 1, group: 'Source', help: 'type, storeSettings (wildcardFolderPath, wildcardFileName, recursive), formatSettings, query' },
    '/source/query': { widget: 'sql', group: 'Source' },
    '/sink': { widget: 'json', order: 2, group: 'Sink', help: 'type, storeSettings (copyBehavior, writeBehavior), formatSettings (maxRowsPerFile), writeBehavior/upsertSettings, preCopyScript, tableOption' },
    '/sink/preCopyScript': { widget: 'sql', group: 'Sink' },
    '/translator': { widget: 'json', order: 3, group: 'Mapping' },
    '/enableSkipIncompatibleRow': { widget: 'checkbox', order: 4, group: 'Fault tolerance' },
    '/redirectIncompatibleRowSettings': { widget: 'json', order: 5, group: 'Fault tolerance' },
    '/validation': { widget: 'json', order: 6, group: 'Validation (Sluice)' },
    '/fastPath': { widget: 'checkbox', order: 7, group: 'Settings' },
  },
  output: {
    type: 'object',
    properties: {
      rowsRead: { type: 'integer' }, rowsCopied: { type: 'integer' }, rowsSkipped: { type: 'integer' },
      dataRead: { type: 'integer' }, dataWritten: { type: 'integer' }, filesRead: { type: 'integer' }, filesWritten: { type: 'integer' },
      copyDuration: { type: 'integer' }, throughput: { type: 'number' }, errors: { type: 'array' }, rejectsPath: { type: 'string' }, executionPath: { type: 'string' },
    },
  },
  run: (ctx, props) => copy(ctx, props),
});
