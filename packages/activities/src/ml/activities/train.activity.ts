import { defineActivity, SluiceError, type ActivityContext, type FromSchema } from '@sluice/engine';
import { trainSequenceModel } from '../models/lstm.js';
import { ALGORITHMS } from '../models/registry.js';
import { classificationReport } from '../metrics/report.js';
import { trainModel, type TrainingSpec } from '../training.js';
import { datasetRefSchema, readAllRows, registryOf, sourceSchema, type DatasetRef } from './rows.js';

const typeProperties = {
  type: 'object',
  required: ['dataset', 'task', 'target', 'algorithm', 'modelName'],
  properties: {
    dataset: datasetRefSchema,
    source: sourceSchema,
    task: { enum: ['binaryClassification', 'multiclassClassification', 'regression'], title: 'Task' },
    target: { type: 'string', minLength: 1, title: 'Target column' },
    features: { type: 'array', items: { type: 'string' }, title: 'Feature columns', description: 'Default: every column but the target and the excluded ones.' },
    exclude: { type: 'array', items: { type: 'string' }, title: 'Columns to leave out (ids …)' },
    categorical: { type: 'array', items: { type: 'string' }, title: 'Categorical columns', description: 'Default: the columns whose values are not all numbers.' },
    preprocessing: {
      type: 'object', title: 'Preprocessing', additionalProperties: false,
      properties: {
        numericImpute: { enum: ['mean', 'median', 'mostFrequent', 'constant', 'none'] },
        categoricalImpute: { enum: ['mostFrequent', 'constant', 'none'] },
        fillValue: { type: ['number', 'string'] },
        scaling: { enum: ['standard', 'minMax', 'none'] },
        encoding: { enum: ['oneHot', 'ordinal'] },
        pca: { type: 'number', exclusiveMinimum: 0, description: 'Components (≥ 1) or the share of variance to keep (< 1).' },
      },
    },
    algorithm: { enum: [...ALGORITHMS, 'lstm'], title: 'Algorithm' },
    params: { type: 'object', title: 'Hyperparameters', additionalProperties: true },
    validation: {
      type: 'object', title: 'Validation', additionalProperties: false,
      properties: {
        method: { enum: ['holdout', 'kFold', 'stratifiedKFold'] },
        testSize: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        folds: { type: 'integer', minimum: 2, maximum: 20 },
        seed: { type: 'integer' },
        splitColumn: { type: 'string' },
        testValue: { type: 'string' },
      },
    },
    search: {
      type: 'object', title: 'Hyperparameter search', required: ['method', 'space'], additionalProperties: false,
      properties: {
        method: { enum: ['grid', 'random'] },
        space: { type: 'object', additionalProperties: { type: 'array', minItems: 1 } },
        iterations: { type: 'integer', minimum: 1, maximum: 200 },
        scoring: { type: 'string' },
      },
    },
    classWeight: { oneOf: [{ const: 'balanced' }, { type: 'object', additionalProperties: { type: 'number', exclusiveMinimum: 0 } }] },
    sequence: {
      type: 'object', title: 'LSTM windows', required: ['windowSize'], additionalProperties: false,
      properties: {
        groupBy: { type: 'string' }, orderBy: { type: 'string' },
        windowSize: { type: 'integer', minimum: 2, maximum: 1000 }, step: { type: 'integer', minimum: 1 },
        units: { type: 'integer', minimum: 1, maximum: 512 }, epochs: { type: 'integer', minimum: 1, maximum: 500 },
        batchSize: { type: 'integer', minimum: 1 }, learningRate: { type: 'number', exclusiveMinimum: 0 },
      },
    },
    modelName: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,120}$', title: 'Register as model' },
    experiment: { type: 'string', title: 'Experiment', description: 'Groups training runs for comparison (default: the model name).' },
    maxRows: { type: 'integer', minimum: 1, default: 5_000_000 },
  },
  additionalProperties: false,
} as const;

type TrainProps = FromSchema<typeof typeProperties>;

async function train(ctx: ActivityContext, props: TrainProps): Promise<Record<string, unknown>> {
  const registry = registryOf(ctx);
  const started = Date.now();
  const { rows, dataset } = await readAllRows(ctx, props.dataset as DatasetRef, props.source, props.maxRows ?? 5_000_000);
  ctx.log.info(`Training ${props.algorithm} on ${rows.length} rows of '${dataset}'`);
  let artifact: string;
  let metrics: Record<string, unknown>;
  let featureSchema: { name: string; type: string }[];
  let extra: Record<string, unknown> = {};
  const params = (props.params ?? {}) as Record<string, unknown>;
  if (props.algorithm === 'lstm') {
    if (!props.sequence) throw new SluiceError('ML_TRAINING_INVALID', "The LSTM needs 'sequence' settings (windowSize, and groupBy/orderBy for sensor streams).", { pointer: '/typeProperties/sequence' });
    if (props.task === 'regression') throw new SluiceError('ML_TRAINING_INVALID', 'The LSTM here is a sequence classifier; use a classification task.', { pointer: '/typeProperties/task' });
    const features = props.features ?? Object.keys(rows[0] ?? {}).filter((c) => c !== props.target && c !== props.sequence?.groupBy && c !== props.sequence?.orderBy && !(props.exclude ?? []).includes(c));
    const result = await trainSequenceModel(rows, { ...props.sequence, target: props.target, features, ...(props.validation?.testSize ? { testSize: props.validation.testSize } : {}), ...(props.validation?.seed !== undefined ? { seed: props.validation.seed } : {}) });
    artifact = JSON.stringify(result.artifact);
    metrics = classificationReport(result.test.labels, result.test.probabilities, result.artifact.classes.length);
    featureSchema = features.map((name) => ({ name, type: 'number' }));
  } else {
    const spec = { ...props, params } as unknown as TrainingSpec;
    const result = trainModel(rows, spec);
    artifact = JSON.stringify(result.artifact);
    metrics = result.metrics;
    featureSchema = result.artifact.featureSchema;
    extra = {
      rows: result.rows, fitSeconds: result.fitSeconds,
      ...(result.crossValidation ? { crossValidation: result.crossValidation } : {}),
      ...(result.search ? { search: result.search } : {}),
      ...(result.featureImportance ? { featureImportance: result.featureImportance.slice(0, 30) } : {}),
    };
  }
  const recorded = await registry.recordTraining({
    experiment: props.experiment ?? props.modelName, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started,
    algorithm: props.algorithm, task: props.task, params, metrics,
    lineage: { dataset, rows: rows.length, runId: ctx.runId, pipelineName: ctx.pipelineName, activityName: ctx.activityName },
  }, { name: props.modelName, artifact, featureSchema });
  const model = recorded.model;
  ctx.log.info(`Registered ${props.modelName} version ${model?.version}`, { metrics: Object.fromEntries(Object.entries(metrics).filter(([, v]) => typeof v === 'number')) });
  return {
    metrics, modelName: props.modelName, modelVersion: model?.version ?? null, artifactLocation: model?.artifactLocation ?? null,
    trainingRunId: recorded.trainingRun.id, ...extra,
  };
}

/** The Train activity: fits a model on a dataset, records the training run and registers a model version. */
export const trainActivity = defineActivity<typeof typeProperties, Record<string, unknown>>({
  type: 'Train',
  version: 1,
  category: 'Machine learning',
  title: 'Train model',
  description: 'Trains a classifier or regressor on a dataset (preprocessing, cross-validation, hyperparameter search), records the run and registers a model version.',
  typeProperties,
  uiHints: {
    '/dataset': { widget: 'dataset', order: 1 },
    '/task': { widget: 'select', order: 2 },
    '/target': { order: 3 },
    '/algorithm': { widget: 'select', order: 4 },
    '/modelName': { order: 5 },
    '/params': { widget: 'json', group: 'Advanced' },
    '/search': { widget: 'json', group: 'Advanced' },
  },
  output: {
    type: 'object',
    properties: {
      metrics: { type: 'object', properties: { auc: { type: 'number' }, accuracy: { type: 'number' }, f1: { type: 'number' }, rmse: { type: 'number' }, r2: { type: 'number' } } },
      modelName: { type: 'string' }, modelVersion: { type: 'integer' }, artifactLocation: { type: 'string' }, trainingRunId: { type: 'string' },
    },
  },
  run: (ctx, props) => train(ctx, props),
});
