import type * as TfModule from '@tensorflow/tfjs';
import { SluiceError } from '@sluice/engine';

/**
 * An LSTM sequence classifier over sensor windows, on TensorFlow.js with its WebAssembly backend (no native
 * library, nothing downloaded: the .wasm files ship inside the npm package). Rows are grouped (by device),
 * ordered (by time) and cut into fixed windows; each window is labelled by its last row.
 */
export interface SequenceSpec {
  readonly target: string;
  readonly features: readonly string[];
  /** Column that separates independent sequences (a device, a customer); optional. */
  readonly groupBy?: string;
  /** Column that orders rows within a sequence (a timestamp); optional (then input order). */
  readonly orderBy?: string;
  readonly windowSize: number;
  /** Rows between window starts (default windowSize / 2). */
  readonly step?: number;
  readonly units?: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  readonly testSize?: number;
  readonly seed?: number;
}

/** A trained sequence model as JSON. */
export interface SequenceArtifact {
  readonly format: 'sluice-sequence-model@1';
  readonly spec: SequenceSpec;
  readonly classes: string[];
  readonly mean: number[];
  readonly std: number[];
  /** The weights of every layer, in order, with their shapes. */
  readonly weights: { shape: number[]; values: number[] }[];
}

type Tf = typeof TfModule;
let tfReady: Promise<Tf> | undefined;

/** Loads TensorFlow.js once, on the WASM backend. */
async function loadTf(): Promise<Tf> {
  tfReady ??= (async () => {
    const tf = await import('@tensorflow/tfjs');
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    await tf.ready();
    return tf;
  })();
  return tfReady;
}

interface Windows { x: number[][][]; labels: string[] }

function makeWindows(rows: readonly Record<string, unknown>[], spec: SequenceSpec): Windows {
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) {
    const key = spec.groupBy ? String(r[spec.groupBy]) : '';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(r);
  }
  const step = Math.max(1, spec.step ?? Math.floor(spec.windowSize / 2));
  const x: number[][][] = [];
  const labels: string[] = [];
  for (const g of groups.values()) {
    if (spec.orderBy) {
      const key = spec.orderBy;
      g.sort((a, b) => (String(a[key]) < String(b[key]) ? -1 : String(a[key]) > String(b[key]) ? 1 : 0));
    }
    for (let start = 0; start + spec.windowSize <= g.length; start += step) {
      const window = g.slice(start, start + spec.windowSize);
      x.push(window.map((r, i) => spec.features.map((f) => {
        const v = Number(r[f]);
        if (r[f] === null || r[f] === '' || Number.isNaN(v)) throw new SluiceError('MODEL_INPUT_INVALID', `Window row ${start + i + 1}: the feature '${f}' is not a number (${JSON.stringify(r[f])}).`, {}, { column: f });
        return v;
      })));
      labels.push(String((window[window.length - 1] as Record<string, unknown>)[spec.target]));
    }
  }
  return { x, labels };
}

function buildModel(tf: Tf, spec: SequenceSpec, classes: number, seed: number): TfModule.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.lstm({ units: spec.units ?? 32, inputShape: [spec.windowSize, spec.features.length], kernelInitializer: tf.initializers.glorotUniform({ seed }), recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 1 }) }));
  model.add(tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }));
  model.compile({ optimizer: tf.train.adam(spec.learningRate ?? 0.01), loss: 'categoricalCrossentropy' });
  return model;
}

function standardise(x: number[][][], mean: number[], std: number[]): number[][][] {
  return x.map((w) => w.map((r) => r.map((v, j) => (v - (mean[j] as number)) / (std[j] as number))));
}

/** Trains the sequence classifier; returns the artifact and the held-out windows' probabilities. */
export async function trainSequenceModel(rows: readonly Record<string, unknown>[], spec: SequenceSpec): Promise<{ artifact: SequenceArtifact; test: { labels: number[]; probabilities: Float64Array } }> {
  const tf = await loadTf();
  const { x, labels } = makeWindows(rows, spec);
  if (x.length < 4) throw new SluiceError('ML_TRAINING_INVALID', `Only ${x.length} windows of ${spec.windowSize} rows could be cut from the data; the LSTM needs more.`);
  const classes = [...new Set(labels)].sort();
  if (classes.length < 2) throw new SluiceError('ML_TRAINING_INVALID', `Every window has the label '${classes[0]}'; classification needs two or more.`);
  const index = new Map(classes.map((c, i) => [c, i]));
  const y = labels.map((l) => index.get(l) as number);
  // A deterministic hold-out: every k-th window.
  const every = Math.max(2, Math.round(1 / (spec.testSize ?? 0.2)));
  const trainIdx = x.map((_, i) => i).filter((i) => i % every !== 0);
  const testIdx = x.map((_, i) => i).filter((i) => i % every === 0);
  const d = spec.features.length;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  let count = 0;
  for (const i of trainIdx) for (const r of x[i] as number[][]) { count++; r.forEach((v, j) => (mean[j] = (mean[j] as number) + v)); }
  for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / count;
  for (const i of trainIdx) for (const r of x[i] as number[][]) r.forEach((v, j) => (std[j] = (std[j] as number) + (v - (mean[j] as number)) ** 2));
  for (let j = 0; j < d; j++) std[j] = Math.sqrt((std[j] as number) / count) || 1;
  const xs = standardise(x, mean, std);
  const seed = spec.seed ?? 42;
  const model = buildModel(tf, spec, classes.length, seed);
  const xTrain = tf.tensor3d(trainIdx.map((i) => xs[i] as number[][]));
  const yTrain = tf.oneHot(tf.tensor1d(trainIdx.map((i) => y[i] as number), 'int32'), classes.length);
  await model.fit(xTrain, yTrain, { epochs: spec.epochs ?? 20, batchSize: spec.batchSize ?? 32, shuffle: false, verbose: 0 });
  const xTest = tf.tensor3d(testIdx.map((i) => xs[i] as number[][]));
  const probabilities = Float64Array.from((model.predict(xTest) as TfModule.Tensor).dataSync());
  const weights = model.getWeights().map((w) => ({ shape: w.shape, values: Array.from(w.dataSync()) }));
  tf.dispose([xTrain, yTrain, xTest]);
  model.dispose();
  return {
    artifact: { format: 'sluice-sequence-model@1', spec, classes, mean, std, weights },
    test: { labels: testIdx.map((i) => y[i] as number), probabilities },
  };
}

/** Scores rows with a sequence artifact: one prediction per window. */
export async function predictSequences(artifact: SequenceArtifact, rows: readonly Record<string, unknown>[]): Promise<{ prediction: string; probabilities: Record<string, number> }[]> {
  const tf = await loadTf();
  const { x } = makeWindows(rows, artifact.spec);
  if (x.length === 0) return [];
  const model = buildModel(tf, artifact.spec, artifact.classes.length, artifact.spec.seed ?? 42);
  model.setWeights(artifact.weights.map((w) => tf.tensor(w.values, w.shape)));
  const input = tf.tensor3d(standardise(x, artifact.mean, artifact.std));
  const out = (model.predict(input) as TfModule.Tensor).dataSync();
  tf.dispose(input);
  model.dispose();
  const k = artifact.classes.length;
  return x.map((_, i) => {
    const probabilities: Record<string, number> = {};
    let best = 0;
    for (let c = 0; c < k; c++) {
      probabilities[artifact.classes[c] as string] = out[i * k + c] as number;
      if ((out[i * k + c] as number) > (out[i * k + best] as number)) best = c;
    }
    return { prediction: artifact.classes[best] as string, probabilities };
  });
}
