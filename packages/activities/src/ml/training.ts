import { SluiceError } from '@sluice/engine';
import { type Matrix, takeRows } from './core/matrix.js';
import { seededRandom } from './core/random.js';
import { kFold, stratifiedKFold, stratifiedSplit, trainTestSplit, type Split } from './core/split.js';
import { classificationReport, regressionReport, type MetricReport } from './metrics/report.js';
import type { Classifier, Regressor } from './models/model.js';
import { algorithmSupports, createLearner, restoreLearner, type AlgorithmName } from './models/registry.js';
import { fitPreprocessing, outputNames, transform, type FittedPreprocessing, type PreprocessingOptions } from './preprocess/preprocessor.js';

/**
 * Training as the Train activity runs it, on rows already read from a dataset: preprocessing fitted on
 * training rows only, an optional hyperparameter search scored by cross-validation, a final fit, and the
 * metrics on the held-out rows. Pure (no I/O), so it is tested directly and benchmarked against
 * scikit-learn.
 */
export type Task = 'binaryClassification' | 'multiclassClassification' | 'regression';

export interface TrainingSpec {
  readonly task: Task;
  readonly target: string;
  /** Feature columns; default: every column but the target and `exclude`. */
  readonly features?: readonly string[];
  readonly exclude?: readonly string[];
  /** Columns treated as categories; default: columns whose values are not all numeric. */
  readonly categorical?: readonly string[];
  readonly preprocessing?: Omit<PreprocessingOptions, 'numeric' | 'categorical'>;
  readonly algorithm: AlgorithmName;
  readonly params?: Record<string, unknown>;
  readonly validation?: {
    readonly method?: 'holdout' | 'kFold' | 'stratifiedKFold';
    /** Share of rows held out for the final metrics (default 0.2). */
    readonly testSize?: number;
    /** Folds for cross-validation and the search (default 5). */
    readonly folds?: number;
    readonly seed?: number;
    /**
     * A column that says which rows are held out (value `testValue`, default 'test'): the split a user or
     * an upstream data flow chose, e.g. by date. Overrides `testSize`.
     */
    readonly splitColumn?: string;
    readonly testValue?: string;
  };
  readonly search?: {
    readonly method: 'grid' | 'random';
    /** Values to try per hyperparameter. */
    readonly space: Readonly<Record<string, readonly unknown[]>>;
    /** Random search: how many combinations (default 10). */
    readonly iterations?: number;
    /** Metric to maximise (default auc for classification, negative rmse for regression). */
    readonly scoring?: string;
  };
  /** `balanced` weighs classes inversely to their frequency; or a weight per class label. */
  readonly classWeight?: 'balanced' | Readonly<Record<string, number>>;
}

/** What a trained model is made of: everything needed to score new rows, as JSON. */
export interface ModelArtifact {
  readonly format: 'sluice-model@1';
  readonly task: Task;
  readonly target: string;
  readonly algorithm: AlgorithmName;
  readonly params: Record<string, unknown>;
  /** Class labels in index order (classification). */
  readonly classes?: string[];
  /** The input columns and whether each is numeric or categorical: the serving endpoint validates against it. */
  readonly featureSchema: { name: string; type: 'number' | 'string' }[];
  readonly preprocessing: FittedPreprocessing;
  readonly model: Record<string, unknown>;
}

export interface TrainingResult {
  readonly artifact: ModelArtifact;
  /** Metrics on the held-out rows (or the cross-validated mean when the method is k-fold). */
  readonly metrics: MetricReport;
  /** Per-fold scores when cross-validating. */
  readonly crossValidation?: { scoring: string; scores: number[]; mean: number; std: number };
  readonly search?: { tried: { params: Record<string, unknown>; score: number }[]; best: Record<string, unknown> };
  readonly featureImportance?: { feature: string; importance: number }[];
  readonly rows: { total: number; train: number; test: number };
  /** Seconds spent fitting the final model (preprocessing and scoring excluded): what the benchmark compares. */
  readonly fitSeconds: number;
}

const isNumeric = (v: unknown): boolean => v === null || v === undefined || v === '' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) || (typeof v === 'string' && v.trim() === '');

function classTask(task: Task): 'classification' | 'regression' {
  return task === 'regression' ? 'regression' : 'classification';
}

interface Prepared {
  features: string[];
  categorical: string[];
  labels: number[];
  classes?: string[];
}

function prepare(rows: readonly Record<string, unknown>[], spec: TrainingSpec): Prepared {
  if (rows.length === 0) throw new SluiceError('ML_TRAINING_INVALID', 'The training dataset has no rows.');
  const columns = Object.keys(rows[0] as object);
  if (!columns.includes(spec.target)) throw new SluiceError('ML_TRAINING_INVALID', `The target column '${spec.target}' is not in the dataset (columns: ${columns.join(', ')}).`);
  const features = [...(spec.features ?? columns.filter((c) => c !== spec.target && c !== spec.validation?.splitColumn && !(spec.exclude ?? []).includes(c)))];
  for (const f of features) if (!columns.includes(f)) throw new SluiceError('ML_TRAINING_INVALID', `The feature column '${f}' is not in the dataset.`);
  const categorical = [...(spec.categorical ?? features.filter((f) => !rows.every((r) => isNumeric(r[f]))))];
  if (!algorithmSupports(spec.algorithm, classTask(spec.task))) {
    throw new SluiceError('ML_TRAINING_INVALID', `The algorithm '${spec.algorithm}' does not do ${classTask(spec.task)}.`);
  }
  if (spec.task === 'regression') {
    const labels = rows.map((r, i) => {
      const v = Number(r[spec.target]);
      if (r[spec.target] === null || r[spec.target] === '' || Number.isNaN(v)) throw new SluiceError('ML_TRAINING_INVALID', `Row ${i + 1}: the target '${spec.target}' is not a number (${JSON.stringify(r[spec.target])}).`, { row: i + 1 });
      return v;
    });
    return { features, categorical, labels };
  }
  const raw = rows.map((r, i) => {
    const v = r[spec.target];
    if (v === null || v === undefined || v === '') throw new SluiceError('ML_TRAINING_INVALID', `Row ${i + 1}: the target '${spec.target}' is empty.`, { row: i + 1 });
    return String(v);
  });
  const classes = [...new Set(raw)].sort();
  if (classes.length < 2) throw new SluiceError('ML_TRAINING_INVALID', `The target '${spec.target}' has a single class (${classes[0]}); classification needs two or more.`);
  if (spec.task === 'binaryClassification' && classes.length !== 2) throw new SluiceError('ML_TRAINING_INVALID', `Binary classification needs exactly two classes; '${spec.target}' has ${classes.length}.`);
  const index = new Map(classes.map((c, i) => [c, i]));
  return { features, categorical, labels: raw.map((c) => index.get(c) as number), classes };
}

function sampleWeights(labels: number[], classes: string[] | undefined, rule: TrainingSpec['classWeight']): Float64Array | undefined {
  if (!rule || !classes) return undefined;
  const counts = new Array<number>(classes.length).fill(0);
  for (const l of labels) counts[l] = (counts[l] as number) + 1;
  const perClass = classes.map((c, i) => (rule === 'balanced' ? labels.length / (classes.length * (counts[i] as number)) : (rule[c] ?? 1)));
  return Float64Array.from(labels, (l) => perClass[l] as number);
}

function scoreOf(report: MetricReport, scoring: string): number {
  if (scoring.startsWith('-')) return -(report[scoring.slice(1)] as number);
  const v = report[scoring];
  if (typeof v !== 'number') throw new SluiceError('ML_TRAINING_INVALID', `The scoring metric '${scoring}' is not one of the task's metrics (${Object.keys(report).join(', ')}).`);
  return v;
}

function fitAndScore(
  rows: readonly Record<string, unknown>[], prep: Prepared, spec: TrainingSpec, params: Record<string, unknown>,
  split: Split, weights: Float64Array | undefined,
): { learner: Classifier | Regressor; fitted: FittedPreprocessing; report: MetricReport; fitSeconds: number } {
  const trainRows = Array.from(split.train, (i) => rows[i] as Record<string, unknown>);
  const fitted = fitPreprocessing(trainRows, { ...(spec.preprocessing ?? {}), numeric: prep.features.filter((f) => !prep.categorical.includes(f)), categorical: prep.categorical });
  const xAll: Matrix = transform(fitted, rows);
  const xTrain = takeRows(xAll, split.train);
  const yTrain = Array.from(split.train, (i) => prep.labels[i] as number);
  const wTrain = weights ? Float64Array.from(split.train, (i) => weights[i] as number) : undefined;
  const learner = createLearner(spec.algorithm, classTask(spec.task), params);
  const classes = prep.classes?.length ?? 0;
  const started = performance.now();
  if (learner.kind === 'classifier') learner.fit(xTrain, yTrain, classes, wTrain);
  else learner.fit(xTrain, yTrain, wTrain);
  const fitSeconds = (performance.now() - started) / 1000;
  const evalRows = split.test.length > 0 ? split.test : split.train;
  const xTest = takeRows(xAll, evalRows);
  const yTest = Array.from(evalRows, (i) => prep.labels[i] as number);
  const report = learner.kind === 'classifier' ? classificationReport(yTest, learner.predictProba(xTest), classes) : regressionReport(yTest, learner.predict(xTest));
  return { learner, fitted, report, fitSeconds };
}

function columnSplit(rows: readonly Record<string, unknown>[], column: string, testValue: string): Split {
  const train: number[] = [];
  const test: number[] = [];
  rows.forEach((r, i) => (String(r[column]) === testValue ? test : train).push(i));
  if (test.length === 0 || train.length === 0) throw new SluiceError('ML_TRAINING_INVALID', `The split column '${column}' leaves ${test.length} test and ${train.length} training rows; both must be non-empty.`);
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

function combinations(space: Readonly<Record<string, readonly unknown[]>>): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [name, values] of Object.entries(space)) out = out.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
  return out;
}

/** Trains a model as `spec` says. */
export function trainModel(rows: readonly Record<string, unknown>[], spec: TrainingSpec): TrainingResult {
  const prep = prepare(rows, spec);
  const validation = spec.validation ?? {};
  const seed = validation.seed ?? 42;
  const folds = validation.folds ?? 5;
  const classification = spec.task !== 'regression';
  const weights = sampleWeights(prep.labels, prep.classes, spec.classWeight);
  const scoring = spec.search?.scoring ?? (classification ? 'auc' : '-rmse');
  const cvSplits = (indices: Int32Array): Split[] => {
    const labels = Array.from(indices, (i) => prep.labels[i] as number);
    const local = (validation.method === 'kFold' || !classification) ? kFold(indices.length, folds, seed) : stratifiedKFold(labels, folds, seed);
    return local.map((s) => ({ train: Int32Array.from(s.train, (i) => indices[i] as number), test: Int32Array.from(s.test, (i) => indices[i] as number) }));
  };
  const holdout = validation.splitColumn ? columnSplit(rows, validation.splitColumn, validation.testValue ?? 'test')
    : classification ? stratifiedSplit(prep.labels, validation.testSize ?? 0.2, seed) : trainTestSplit(rows.length, validation.testSize ?? 0.2, seed);
  const useCvOnly = validation.method === 'kFold' || validation.method === 'stratifiedKFold';
  const all = Int32Array.from(rows.keys());
  const searchPool = useCvOnly ? all : holdout.train;

  let params: Record<string, unknown> = { ...(spec.params ?? {}) };
  let search: TrainingResult['search'];
  if (spec.search) {
    let candidates = combinations(spec.search.space);
    if (spec.search.method === 'random') {
      const random = seededRandom(seed);
      candidates = candidates.map((c) => ({ c, k: random() })).sort((a, b) => a.k - b.k).slice(0, spec.search.iterations ?? 10).map((x) => x.c);
    }
    const tried = candidates.map((c) => {
      const merged = { ...params, ...c };
      const scores = cvSplits(searchPool).map((s) => scoreOf(fitAndScore(rows, prep, spec, merged, s, weights).report, scoring));
      return { params: c, score: scores.reduce((a, b) => a + b, 0) / scores.length };
    });
    const best = tried.reduce((a, b) => (b.score > a.score ? b : a));
    params = { ...params, ...best.params };
    search = { tried, best: best.params };
  }

  let crossValidation: TrainingResult['crossValidation'];
  let metrics: MetricReport;
  let final: ReturnType<typeof fitAndScore>;
  if (useCvOnly) {
    const reports = cvSplits(all).map((s) => fitAndScore(rows, prep, spec, params, s, weights).report);
    const scores = reports.map((r) => scoreOf(r, scoring));
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    crossValidation = { scoring, scores, mean, std: Math.sqrt(scores.reduce((s, v) => s + (v - mean) ** 2, 0) / scores.length) };
    metrics = Object.fromEntries(Object.keys(reports[0] as MetricReport).filter((k) => typeof (reports[0] as MetricReport)[k] === 'number').map((k) => [k, reports.reduce((s, r) => s + (r[k] as number), 0) / reports.length]));
    final = fitAndScore(rows, prep, spec, params, { train: all, test: new Int32Array(0) }, weights);
  } else {
    final = fitAndScore(rows, prep, spec, params, holdout, weights);
    metrics = final.report;
  }
  const importance = final.learner.featureImportance?.();
  const names = outputNames(final.fitted);
  const artifact: ModelArtifact = {
    format: 'sluice-model@1', task: spec.task, target: spec.target, algorithm: spec.algorithm, params,
    ...(prep.classes ? { classes: prep.classes } : {}),
    featureSchema: prep.features.map((f) => ({ name: f, type: prep.categorical.includes(f) ? 'string' : 'number' })),
    preprocessing: final.fitted, model: final.learner.toJSON(),
  };
  return {
    artifact, metrics,
    ...(crossValidation ? { crossValidation } : {}),
    ...(search ? { search } : {}),
    ...(importance && importance.length === names.length
      ? { featureImportance: names.map((feature, i) => ({ feature, importance: importance[i] as number })).sort((a, b) => b.importance - a.importance) }
      : {}),
    rows: { total: rows.length, train: useCvOnly ? rows.length : holdout.train.length, test: useCvOnly ? 0 : holdout.test.length },
    fitSeconds: final.fitSeconds,
  };
}

/** Predictions for rows: the class label (and every class's probability) or the number. */
export interface Prediction {
  readonly prediction: string | number;
  readonly probabilities?: Record<string, number>;
}

/** Checks rows against the artifact's feature schema; throws MODEL_INPUT_INVALID naming the row and column. */
export function checkFeatures(artifact: ModelArtifact, rows: readonly Record<string, unknown>[]): void {
  rows.forEach((r, i) => {
    for (const f of artifact.featureSchema) {
      if (!(f.name in r)) throw new SluiceError('MODEL_INPUT_INVALID', `Row ${i + 1} has no column '${f.name}' (the model's features: ${artifact.featureSchema.map((s) => s.name).join(', ')}).`, { row: i + 1 }, { column: f.name });
      const v = r[f.name];
      if (f.type === 'number' && !isNumeric(v)) throw new SluiceError('MODEL_INPUT_INVALID', `Row ${i + 1}, column '${f.name}': expected a number, got ${JSON.stringify(v)}.`, { row: i + 1 }, { column: f.name });
    }
  });
}

/** Scores rows with a trained artifact. */
export function predictRows(artifact: ModelArtifact, rows: readonly Record<string, unknown>[]): Prediction[] {
  checkFeatures(artifact, rows);
  const x = transform(artifact.preprocessing, rows);
  const learner = restoreLearner(classTask(artifact.task), artifact.model);
  if (learner.kind === 'regressor') return Array.from(learner.predict(x), (prediction) => ({ prediction }));
  const classes = artifact.classes ?? [];
  const k = Math.max(2, classes.length);
  const p = learner.predictProba(x);
  return rows.map((_, i) => {
    let best = 0;
    const probabilities: Record<string, number> = {};
    for (let c = 0; c < k; c++) {
      probabilities[classes[c] ?? String(c)] = p[i * k + c] as number;
      if ((p[i * k + c] as number) > (p[i * k + best] as number)) best = c;
    }
    return { prediction: classes[best] ?? best, probabilities };
  });
}

/** The metrics of a trained artifact on labelled rows (the Evaluate activity). */
export function evaluateModel(artifact: ModelArtifact, rows: readonly Record<string, unknown>[]): MetricReport {
  checkFeatures(artifact, rows);
  const x = transform(artifact.preprocessing, rows);
  const learner = restoreLearner(classTask(artifact.task), artifact.model);
  if (learner.kind === 'regressor') return regressionReport(rows.map((r) => Number(r[artifact.target])), learner.predict(x));
  const classes = artifact.classes ?? [];
  const index = new Map(classes.map((c, i) => [c, i]));
  const labels = rows.map((r, i) => {
    const l = index.get(String(r[artifact.target]));
    if (l === undefined) throw new SluiceError('MODEL_INPUT_INVALID', `Row ${i + 1}: the label ${JSON.stringify(r[artifact.target])} is not one of the model's classes (${classes.join(', ')}).`, { row: i + 1 });
    return l;
  });
  return classificationReport(labels, learner.predictProba(x), classes.length);
}
