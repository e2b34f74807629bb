import type { Matrix } from '../core/matrix.js';
import type { Classifier, Regressor } from './model.js';

/** Hyperparameters as scikit-learn names them. */
export interface KnnParams {
  readonly k?: number;
  /** `uniform` (default) or `distance` (closer neighbours count more). */
  readonly weights?: 'uniform' | 'distance';
}

/**
 * k-nearest neighbours by Euclidean distance, brute force. It stores the training rows, so its artifact
 * grows with the data: fine for the tens of thousands of rows it suits.
 */
abstract class Neighbours {
  protected train: Matrix = { rows: 0, cols: 0, data: new Float64Array(0) };
  protected targets: Float64Array = new Float64Array(0);

  constructor(protected readonly params: KnnParams = {}) {}

  /** For each row of `x`, its k nearest training rows and their weights. */
  protected neighbours(x: Matrix, visit: (row: number, indices: Int32Array, weights: Float64Array) => void): void {
    if (x.cols !== this.train.cols) throw new RangeError(`The model was trained on ${this.train.cols} features; got ${x.cols}.`);
    const k = Math.min(this.params.k ?? 5, this.train.rows);
    const bestD = new Float64Array(k);
    const bestI = new Int32Array(k);
    const w = new Float64Array(k);
    const d = x.cols;
    for (let i = 0; i < x.rows; i++) {
      bestD.fill(Number.POSITIVE_INFINITY);
      bestI.fill(-1);
      for (let j = 0; j < this.train.rows; j++) {
        let dist = 0;
        for (let f = 0; f < d; f++) {
          const diff = (x.data[i * d + f] as number) - (this.train.data[j * d + f] as number);
          dist += diff * diff;
        }
        if (dist >= (bestD[k - 1] as number)) continue;
        // Insertion into the sorted top-k; ties keep the earlier training row, as scikit-learn's brute search.
        let p = k - 1;
        while (p > 0 && (bestD[p - 1] as number) > dist) { bestD[p] = bestD[p - 1] as number; bestI[p] = bestI[p - 1] as number; p--; }
        bestD[p] = dist;
        bestI[p] = j;
      }
      const exact = this.params.weights === 'distance' && bestD[0] === 0;
      for (let q = 0; q < k; q++) {
        w[q] = this.params.weights === 'distance' ? (exact ? (bestD[q] === 0 ? 1 : 0) : 1 / Math.sqrt(bestD[q] as number)) : 1;
      }
      visit(i, bestI, w);
    }
  }

  toJSON(): Record<string, unknown> {
    return { params: this.params, cols: this.train.cols, train: Array.from(this.train.data), targets: Array.from(this.targets) };
  }

  protected restore(json: Record<string, unknown>): void {
    const data = Float64Array.from(json.train as number[]);
    const cols = json.cols as number;
    this.train = { rows: cols ? data.length / cols : 0, cols, data };
    this.targets = Float64Array.from(json.targets as number[]);
  }
}

/** k-NN classification: class shares among the neighbours. */
export class KnnClassifier extends Neighbours implements Classifier {
  readonly kind = 'classifier' as const;
  private classes = 2;

  /** Restores a model from its JSON. */
  static fromJSON(json: Record<string, unknown>): KnnClassifier {
    const m = new KnnClassifier(json.params as KnnParams);
    m.restore(json);
    m.classes = json.classes as number;
    return m;
  }

  fit(x: Matrix, y: ArrayLike<number>, classes: number): void {
    this.train = { rows: x.rows, cols: x.cols, data: Float64Array.from(x.data) };
    this.targets = Float64Array.from(y);
    this.classes = Math.max(2, classes);
  }

  predictProba(x: Matrix): Float64Array {
    const k = this.classes;
    const out = new Float64Array(x.rows * k);
    this.neighbours(x, (i, idx, w) => {
      let total = 0;
      idx.forEach((j, q) => { const c = this.targets[j] as number; out[i * k + c] = (out[i * k + c] as number) + (w[q] as number); total += w[q] as number; });
      for (let c = 0; c < k; c++) out[i * k + c] = (out[i * k + c] as number) / (total || 1);
    });
    return out;
  }

  override toJSON(): Record<string, unknown> {
    return { algorithm: 'knn', ...super.toJSON(), classes: this.classes };
  }
}

/** k-NN regression: the (weighted) mean of the neighbours' targets. */
export class KnnRegressor extends Neighbours implements Regressor {
  readonly kind = 'regressor' as const;

  /** Restores a model from its JSON. */
  static fromJSON(json: Record<string, unknown>): KnnRegressor {
    const m = new KnnRegressor(json.params as KnnParams);
    m.restore(json);
    return m;
  }

  fit(x: Matrix, y: ArrayLike<number>): void {
    this.train = { rows: x.rows, cols: x.cols, data: Float64Array.from(x.data) };
    this.targets = Float64Array.from(y);
  }

  predict(x: Matrix): Float64Array {
    const out = new Float64Array(x.rows);
    this.neighbours(x, (i, idx, w) => {
      let s = 0;
      let total = 0;
      idx.forEach((j, q) => { s += (w[q] as number) * (this.targets[j] as number); total += w[q] as number; });
      out[i] = s / (total || 1);
    });
    return out;
  }

  override toJSON(): Record<string, unknown> {
    return { algorithm: 'knn', ...super.toJSON() };
  }
}
