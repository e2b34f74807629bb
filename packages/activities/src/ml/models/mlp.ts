import type { Matrix } from '../core/matrix.js';
import { range, seededRandom, shuffle } from '../core/random.js';
import type { Classifier, Regressor } from './model.js';

/** Hyperparameters with scikit-learn's names and defaults (MLPClassifier / MLPRegressor). */
export interface MlpParams {
  readonly hiddenLayerSizes?: readonly number[];
  readonly activation?: 'relu' | 'tanh' | 'logistic';
  /** L2 penalty. */
  readonly alpha?: number;
  readonly learningRate?: number;
  readonly batchSize?: number;
  readonly maxIter?: number;
  readonly seed?: number;
  /** Stop when the loss improves by less than this for 10 epochs. */
  readonly tol?: number;
}

interface Layer { w: Float64Array; b: Float64Array; inputs: number; outputs: number }

/**
 * A multilayer perceptron trained with Adam on mini-batches (scikit-learn's default solver), with
 * Glorot-uniform initialisation. Output: softmax (multiclass), logistic (binary) or identity (regression).
 */
class Perceptron {
  layers: Layer[] = [];
  constructor(readonly params: MlpParams, readonly output: 'softmax' | 'logistic' | 'identity') {}

  private act(z: number): number {
    const a = this.params.activation ?? 'relu';
    return a === 'relu' ? (z > 0 ? z : 0) : a === 'tanh' ? Math.tanh(z) : 1 / (1 + Math.exp(-z));
  }

  private actGrad(activated: number): number {
    const a = this.params.activation ?? 'relu';
    return a === 'relu' ? (activated > 0 ? 1 : 0) : a === 'tanh' ? 1 - activated * activated : activated * (1 - activated);
  }

  /** Forward pass of one row; returns every layer's activations. */
  forward(x: Float64Array, offset: number, width: number): Float64Array[] {
    const acts: Float64Array[] = [x.subarray(offset, offset + width)];
    this.layers.forEach((layer, l) => {
      const input = acts[l] as Float64Array;
      const out = new Float64Array(layer.outputs);
      for (let o = 0; o < layer.outputs; o++) {
        let z = layer.b[o] as number;
        for (let i = 0; i < layer.inputs; i++) z += (input[i] as number) * (layer.w[i * layer.outputs + o] as number);
        out[o] = z;
      }
      const last = l === this.layers.length - 1;
      if (!last) for (let o = 0; o < out.length; o++) out[o] = this.act(out[o] as number);
      else if (this.output === 'logistic') out[0] = 1 / (1 + Math.exp(-(out[0] as number)));
      else if (this.output === 'softmax') {
        const max = Math.max(...out);
        let sum = 0;
        for (let o = 0; o < out.length; o++) { out[o] = Math.exp((out[o] as number) - max); sum += out[o] as number; }
        for (let o = 0; o < out.length; o++) out[o] = (out[o] as number) / sum;
      }
      acts.push(out);
    });
    return acts;
  }

  /** Fits on x with targets (n × outputs, one-hot for classes). */
  fit(x: Matrix, targets: Float64Array, outputs: number, weights?: Float64Array): void {
    const random = seededRandom(this.params.seed ?? 0);
    const sizes = [x.cols, ...(this.params.hiddenLayerSizes ?? [100]), outputs];
    this.layers = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const inputs = sizes[l] as number;
      const outs = sizes[l + 1] as number;
      const bound = Math.sqrt((this.params.activation === 'logistic' ? 2 : 6) / (inputs + outs));
      const w = new Float64Array(inputs * outs);
      for (let i = 0; i < w.length; i++) w[i] = (random() * 2 - 1) * bound;
      const b = new Float64Array(outs);
      for (let i = 0; i < b.length; i++) b[i] = (random() * 2 - 1) * bound;
      this.layers.push({ w, b, inputs, outputs: outs });
    }
    const rate = this.params.learningRate ?? 0.001;
    const alpha = this.params.alpha ?? 0.0001;
    const batch = Math.min(this.params.batchSize ?? 200, x.rows);
    const beta1 = 0.9;
    const beta2 = 0.999;
    const eps = 1e-8;
    const m = this.layers.map((l) => ({ w: new Float64Array(l.w.length), b: new Float64Array(l.b.length) }));
    const v = this.layers.map((l) => ({ w: new Float64Array(l.w.length), b: new Float64Array(l.b.length) }));
    const grads = this.layers.map((l) => ({ w: new Float64Array(l.w.length), b: new Float64Array(l.b.length) }));
    let step = 0;
    let best = Number.POSITIVE_INFINITY;
    let stale = 0;
    const order = range(x.rows);
    for (let epoch = 0; epoch < (this.params.maxIter ?? 200); epoch++) {
      shuffle(order, random);
      let epochLoss = 0;
      for (let start = 0; start < x.rows; start += batch) {
        const end = Math.min(x.rows, start + batch);
        for (const g of grads) { g.w.fill(0); g.b.fill(0); }
        let wSum = 0;
        for (let p = start; p < end; p++) {
          const i = order[p] as number;
          const sw = weights ? (weights[i] as number) : 1;
          wSum += sw;
          const acts = this.forward(x.data, i * x.cols, x.cols);
          const out = acts[acts.length - 1] as Float64Array;
          // Output delta: for softmax/logistic with cross-entropy and identity with squared error, it is (out - target).
          let delta = new Float64Array(outputs);
          for (let o = 0; o < outputs; o++) {
            const t = targets[i * outputs + o] as number;
            delta[o] = sw * ((out[o] as number) - t);
            if (this.output === 'identity') epochLoss += (sw * ((out[o] as number) - t) ** 2) / 2;
            else if (t > 0) epochLoss -= sw * t * Math.log(Math.max(1e-12, out[o] as number));
            else if (this.output === 'logistic') epochLoss -= sw * Math.log(Math.max(1e-12, 1 - (out[o] as number)));
          }
          for (let l = this.layers.length - 1; l >= 0; l--) {
            const layer = this.layers[l] as Layer;
            const input = acts[l] as Float64Array;
            const g = grads[l] as { w: Float64Array; b: Float64Array };
            for (let o = 0; o < layer.outputs; o++) g.b[o] = (g.b[o] as number) + (delta[o] as number);
            for (let a = 0; a < layer.inputs; a++) {
              const xa = input[a] as number;
              if (xa === 0) continue;
              for (let o = 0; o < layer.outputs; o++) g.w[a * layer.outputs + o] = (g.w[a * layer.outputs + o] as number) + xa * (delta[o] as number);
            }
            if (l > 0) {
              const prev = new Float64Array(layer.inputs);
              for (let a = 0; a < layer.inputs; a++) {
                let s = 0;
                for (let o = 0; o < layer.outputs; o++) s += (layer.w[a * layer.outputs + o] as number) * (delta[o] as number);
                prev[a] = s * this.actGrad(input[a] as number);
              }
              delta = prev;
            }
          }
        }
        step++;
        const bc1 = 1 - beta1 ** step;
        const bc2 = 1 - beta2 ** step;
        this.layers.forEach((layer, l) => {
          const g = grads[l] as { w: Float64Array; b: Float64Array };
          const mm = m[l] as { w: Float64Array; b: Float64Array };
          const vv = v[l] as { w: Float64Array; b: Float64Array };
          const update = (param: Float64Array, grad: Float64Array, mo: Float64Array, ve: Float64Array, penalise: boolean): void => {
            for (let i = 0; i < param.length; i++) {
              const gi = (grad[i] as number) / (wSum || 1) + (penalise ? (alpha * (param[i] as number)) / (wSum || 1) : 0);
              mo[i] = beta1 * (mo[i] as number) + (1 - beta1) * gi;
              ve[i] = beta2 * (ve[i] as number) + (1 - beta2) * gi * gi;
              param[i] = (param[i] as number) - (rate * ((mo[i] as number) / bc1)) / (Math.sqrt((ve[i] as number) / bc2) + eps);
            }
          };
          update(layer.w, g.w, mm.w, vv.w, true);
          update(layer.b, g.b, mm.b, vv.b, false);
        });
      }
      epochLoss /= x.rows;
      if (epochLoss > best - (this.params.tol ?? 1e-4)) { if (++stale >= 10) break; } else stale = 0;
      best = Math.min(best, epochLoss);
    }
  }

  predictRows(x: Matrix, outputs: number): Float64Array {
    const out = new Float64Array(x.rows * outputs);
    for (let i = 0; i < x.rows; i++) out.set((this.forward(x.data, i * x.cols, x.cols).at(-1) as Float64Array), i * outputs);
    return out;
  }

  toJSON(): Record<string, unknown> {
    return { params: this.params, output: this.output, layers: this.layers.map((l) => ({ w: Array.from(l.w), b: Array.from(l.b), inputs: l.inputs, outputs: l.outputs })) };
  }

  restore(json: Record<string, unknown>): void {
    this.layers = (json.layers as { w: number[]; b: number[]; inputs: number; outputs: number }[]).map((l) => ({ w: Float64Array.from(l.w), b: Float64Array.from(l.b), inputs: l.inputs, outputs: l.outputs }));
  }
}

/** MLP classification. */
export class MlpClassifier implements Classifier {
  readonly kind = 'classifier' as const;
  private net: Perceptron;
  private classes = 2;
  constructor(private readonly params: MlpParams = {}) { this.net = new Perceptron(params, 'logistic'); }

  /** Restores a model from its JSON. */
  static fromJSON(json: Record<string, unknown>): MlpClassifier {
    const m = new MlpClassifier(json.params as MlpParams);
    m.classes = json.classes as number;
    m.net = new Perceptron(json.params as MlpParams, m.classes > 2 ? 'softmax' : 'logistic');
    m.net.restore(json);
    return m;
  }

  fit(x: Matrix, y: ArrayLike<number>, classes: number, weights?: Float64Array): void {
    this.classes = Math.max(2, classes);
    const binary = this.classes === 2;
    this.net = new Perceptron(this.params, binary ? 'logistic' : 'softmax');
    const outputs = binary ? 1 : this.classes;
    const targets = new Float64Array(x.rows * outputs);
    for (let i = 0; i < x.rows; i++) {
      if (binary) targets[i] = y[i] as number;
      else targets[i * outputs + (y[i] as number)] = 1;
    }
    this.net.fit(x, targets, outputs, weights);
  }

  predictProba(x: Matrix): Float64Array {
    if (this.classes > 2) return this.net.predictRows(x, this.classes);
    const p = this.net.predictRows(x, 1);
    const out = new Float64Array(x.rows * 2);
    for (let i = 0; i < x.rows; i++) { out[i * 2] = 1 - (p[i] as number); out[i * 2 + 1] = p[i] as number; }
    return out;
  }

  toJSON(): Record<string, unknown> {
    return { algorithm: 'mlp', ...this.net.toJSON(), params: this.params, classes: this.classes };
  }
}

/** MLP regression (identity output, squared error). */
export class MlpRegressor implements Regressor {
  readonly kind = 'regressor' as const;
  private net: Perceptron;
  constructor(private readonly params: MlpParams = {}) { this.net = new Perceptron(params, 'identity'); }

  /** Restores a model from its JSON. */
  static fromJSON(json: Record<string, unknown>): MlpRegressor {
    const m = new MlpRegressor(json.params as MlpParams);
    m.net.restore(json);
    return m;
  }

  fit(x: Matrix, y: ArrayLike<number>, weights?: Float64Array): void {
    this.net = new Perceptron(this.params, 'identity');
    this.net.fit(x, Float64Array.from(y), 1, weights);
  }

  predict(x: Matrix): Float64Array {
    return this.net.predictRows(x, 1);
  }

  toJSON(): Record<string, unknown> {
    return { algorithm: 'mlp', ...this.net.toJSON(), params: this.params };
  }
}
