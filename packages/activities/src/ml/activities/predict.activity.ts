import { defineActivity, SluiceError, type ActivityContext, type FromSchema } from '@sluice/engine';
import type { Column, Row } from '../../connectors/contract.js';
import { openRowSink, openRowSource, settingsOf } from '../../datasets/open.js';
import { jsonValue } from '../../datasets/json-values.js';
import { predictSequences, type SequenceArtifact } from '../models/lstm.js';
import { evaluateModel, predictRows, type ModelArtifact } from '../training.js';
import { datasetRefSchema, modelSelectorSchema, readAllRows, registryOf, sourceSchema, type DatasetRef } from './rows.js';

const typeProperties = {
  type: 'object',
  required: ['dataset', 'model', 'sinkDataset'],
  properties: {
    dataset: datasetRefSchema,
    source: sourceSchema,
    model: modelSelectorSchema,
    sinkDataset: datasetRefSchema,
    sink: { type: 'object', title: 'Sink settings', additionalProperties: true, description: 'As a Copy sink: storeSettings, formatSettings, tableOption …' },
    predictionColumn: { type: 'string', default: 'prediction' },
    includeProbabilities: { type: 'boolean', default: true, description: 'Adds probability_<class> columns (classification).' },
  },
  additionalProperties: false,
} as const;

type PredictProps = FromSchema<typeof typeProperties>;

/** Loads the selected model version and its artifact. */
async function loadModel(ctx: ActivityContext, selector: { name: string; version?: number; stage?: string }): Promise<{ version: { name: string; version: number }; artifact: ModelArtifact | SequenceArtifact }> {
  const registry = registryOf(ctx);
  const version = await registry.getVersion(selector.name, { ...(selector.version !== undefined ? { version: selector.version } : {}), ...(selector.stage ? { stage: selector.stage as 'production' } : {}) });
  const artifact = JSON.parse(await registry.loadArtifact(version)) as ModelArtifact | SequenceArtifact;
  return { version, artifact };
}

async function predict(ctx: ActivityContext, props: PredictProps): Promise<Record<string, unknown>> {
  const { version, artifact } = await loadModel(ctx, props.model);
  const predictionColumn = props.predictionColumn ?? 'prediction';
  const withProbabilities = props.includeProbabilities !== false;
  const classes = 'classes' in artifact && artifact.classes ? artifact.classes : [];
  const sinkDataset = await ctx.resolveDataset(props.sinkDataset as DatasetRef);
  const opened = await openRowSink({ signal: ctx.signal, tag: ctx.activityRunId.slice(0, 8) }, sinkDataset, settingsOf(props.sink));
  let rowsWritten = 0;
  let rowsRead = 0;
  try {
    const predictionType: Column['type'] = artifact.format === 'sluice-model@1' && artifact.task === 'regression' ? 'double' : 'string';
    const extraColumns: Column[] = [{ name: predictionColumn, type: predictionType }, ...(withProbabilities ? classes.map((c) => ({ name: `probability_${c}`, type: 'double' as const })) : [])];
    if (artifact.format === 'sluice-sequence-model@1') {
      // Windows, not rows: read all, score each window, write one row per window.
      const { rows } = await readAllRows(ctx, props.dataset as DatasetRef, props.source, 5_000_000);
      rowsRead = rows.length;
      const preds = await predictSequences(artifact, rows);
      const out: Row[] = preds.map((p, i) => ({ window: i + 1, [predictionColumn]: p.prediction, ...(withProbabilities ? Object.fromEntries(Object.entries(p.probabilities).map(([c, v]) => [`probability_${c}`, v])) : {}) }));
      await opened.sink.open([{ name: 'window', type: 'int64' }, ...extraColumns], ctx.signal);
      await opened.sink.write(out, ctx.signal);
      rowsWritten = out.length;
    } else {
      const source = await ctx.resolveDataset(props.dataset as DatasetRef);
      const reader = await openRowSource(ctx, source, settingsOf(props.source));
      try {
        let opening = true;
        for await (const batch of reader.source.batches(ctx.signal)) {
          const rows: Record<string, unknown>[] = [];
          for (const item of batch) {
            if ('bad' in item) throw new SluiceError('COPY_ROW_INVALID', `Cannot read ${item.file ? `file '${item.file}', ` : ''}row ${item.rowNumber ?? '?'}: ${item.message}`, { ...(item.file ? { file: item.file } : {}), ...(item.rowNumber !== undefined ? { row: item.rowNumber } : {}) });
            rows.push(Object.fromEntries(Object.entries(item.row).map(([k, v]) => [k, jsonValue(v)])));
          }
          if (rows.length === 0) continue;
          if (opening) {
            const sourceColumns = (await reader.source.columns()) ?? Object.keys(rows[0] as object).map((name) => ({ name }));
            await opened.sink.open([...sourceColumns.filter((c) => !extraColumns.some((e) => e.name === c.name)), ...extraColumns], ctx.signal);
            opening = false;
          }
          const preds = predictRows(artifact, rows);
          await opened.sink.write(rows.map((r, i) => {
            const p = preds[i];
            return { ...r, [predictionColumn]: p?.prediction ?? null, ...(withProbabilities && p?.probabilities ? Object.fromEntries(Object.entries(p.probabilities).map(([c, v]) => [`probability_${c}`, v])) : {}) };
          }), ctx.signal);
          rowsRead += rows.length;
          rowsWritten += rows.length;
          ctx.progress({ rowsRead, rowsWritten });
        }
        if (opening) await opened.sink.open(extraColumns, ctx.signal);
      } finally {
        await reader.close().catch(() => undefined);
      }
    }
    const result = await opened.sink.commit(ctx.signal);
    return { model: { name: version.name, version: version.version }, rowsRead, rowsWritten: result.rowsWritten, targets: result.targets };
  } catch (error) {
    await opened.sink.abort().catch(() => undefined);
    throw error;
  } finally {
    await opened.close().catch(() => undefined);
  }
}

/** The Predict activity: scores a dataset with a registered model, streaming to any sink. */
export const predictActivity = defineActivity<typeof typeProperties, Record<string, unknown>>({
  type: 'Predict',
  version: 1,
  category: 'Machine learning',
  title: 'Predict',
  description: 'Scores a dataset with a registered model (by version or stage) and writes the rows with their predictions to a dataset.',
  typeProperties,
  uiHints: { '/dataset': { widget: 'dataset', order: 1 }, '/model': { order: 2 }, '/sinkDataset': { widget: 'dataset', order: 3 } },
  output: { type: 'object', properties: { rowsWritten: { type: 'integer' }, rowsRead: { type: 'integer' }, model: { type: 'object' } } },
  run: (ctx, props) => predict(ctx, props),
});

const evaluateProperties = {
  type: 'object',
  required: ['dataset', 'model'],
  properties: { dataset: datasetRefSchema, source: sourceSchema, model: modelSelectorSchema },
  additionalProperties: false,
} as const;

/** The Evaluate activity: a registered model's metrics on a labelled dataset. */
export const evaluateActivity = defineActivity<typeof evaluateProperties, Record<string, unknown>>({
  type: 'Evaluate',
  version: 1,
  category: 'Machine learning',
  title: 'Evaluate model',
  description: "Computes a registered model's metrics (AUC, F1 … or RMSE, R²) on a labelled dataset.",
  typeProperties: evaluateProperties,
  uiHints: { '/dataset': { widget: 'dataset', order: 1 }, '/model': { order: 2 } },
  output: { type: 'object', properties: { metrics: { type: 'object' }, rows: { type: 'integer' }, model: { type: 'object' } } },
  async run(ctx, props) {
    const { version, artifact } = await loadModel(ctx, props.model);
    if (artifact.format !== 'sluice-model@1') throw new SluiceError('ML_TRAINING_INVALID', `Evaluate scores row models; '${version.name}' is a sequence model (its Train output has its held-out metrics).`);
    const { rows } = await readAllRows(ctx, props.dataset as DatasetRef, props.source, 5_000_000);
    return { model: { name: version.name, version: version.version }, rows: rows.length, metrics: evaluateModel(artifact, rows) };
  },
});
