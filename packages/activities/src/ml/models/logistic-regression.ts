import { lbfgs } from '../core/lbfgs.js';
import type { Matrix } from '../core/matrix.js';
import type { Classifier } from './model.js';

/** Hyperparameters, named as scikit-learn names them. */
export interface LogisticRegressionParams {
  /** Inverse regularisation strength (default 1). */
  readonly C?: number;
  readonly maxIter?: number;
  readonly tol?: number;
  readonly fitIntercept?: boolean;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * Logistic regression with an L2 penalty: minimises C·Σ wᵢ·loss(xᵢ) + ½‖β‖² (intercept not penalised), the
 * objective scikit-learn's `LogisticRegression` minimises, with L-BFGS as its default solver does: binary
 * tasks fit one weight vector, multiclass tasks the multinomial (softmax) model.
 */
export class LogisticRegression implements Classifier {
  readonly kind = 'classifier' as const;
  /** classes × (features + 1): each row holds the weights then the intercept. For binary, one row. */
  coefficients: Float64Array = new Float64Array(0);
  private features = 0;
  private classes = 2;

  constructor(private readonly params: LogisticRegressionParams = {}) {}

  /** Restores a model from {@link LogisticRegression.toJSON}. */
  static fromJSON(json: Record<string, unknown>): LogisticRegression {
    const m = new LogisticRegression(json.params as LogisticRegressionParams);
    m.features = json.features as number;
    m.classes = json.classes as number;
    m.coefficients = Float64Array.from(json.coefficients as number[]);
    return m;
  }

  fit(x: Matrix, y: ArrayLike<number>, classes: number, weights?: Float64Array): void {
    this.features = x.cols;
    this.classes = classes;
    if (classes <= 2) this.fitBinaryLbfgs(x, y, weights);
    else this.fitMultinomial(x, y, classes, weights);
  }

  /**
   * Binary fit by L-BFGS on the objective divided by the row count (same optimum, better scaled): each
   * step costs one pass over the rows, where a Newton step costs d² per row.
   */
  private fitBinaryLbfgs(x: Matrix, y: ArrayLike<number>, weights?: Float64Array): void {
    const C = this.params.C ?? 1;
    const intercept = this.params.fitIntercept ?? true;
    const d = x.cols;
    const n = x.rows;
    const data = x.data;
    // Typed copies: the loop below runs once per row per evaluation, and monomorphic typed reads keep it tight.
    const labels = Float64Array.from(y);
    const rowWeights = weights ?? new Float64Array(n).fill(1);
    const objective = (b: Float64Array, grad: Float64Array): number => {
      grad.fill(0);
      let total = 0;
      let interceptGrad = 0;
      const b0 = intercept ? (b[d] as number) : 0;
      for (let i = 0; i < n; i++) {
        const off = i * d;
        let z = b0;
        for (let j = 0; j < d; j++) z += (data[off + j] as number) * (b[j] as number);
        const w = rowWeights[i] as number;
        const yi = labels[i] as number;
        // One exponential gives both the stable log-loss and the probability.
        let loss: number;
        let p: number;
        if (z > 0) {
          const e = Math.exp(-z);
          loss = z + Math.log1p(e);
          p = 1 / (1 + e);
        } else {
          const e = Math.exp(z);
          loss = Math.log1p(e);
          p = e / (1 + e);
        }
        total += w * (loss - yi * z);
        const r = w * (p - yi);
        for (let j = 0; j < d; j++) grad[j] = (grad[j] as number) + r * (data[off + j] as number);
        interceptGrad += r;
      }
      grad[d] = interceptGrad;
      let pen = 0;
      const scale = C / n;
      for (let j = 0; j < d; j++) {
        pen += (b[j] as number) ** 2;
        grad[j] = (grad[j] as number) * scale + (b[j] as number) / n;
      }
      grad[d] = intercept ? (grad[d] as number) * scale : 0;
      return total * scale + (0.5 * pen) / n;
    };
    const result = lbfgs(objective, new Float64Array(d + 1), { maxIterations: this.params.maxIter ?? 500, tolerance: this.params.tol ?? 1e-7 });
    this.coefficients = result.x;
  }

  private fitMultinomial(x: Matrix, y: ArrayLike<number>, k: number, weights?: Float64Array): void {
    const C = this.params.C ?? 1;
    const intercept = this.params.fitIntercept ?? true;
    const d = x.cols;
    const p = d + 1;
    const logits = new Float64Array(k);
    const objective = (b: Float64Array, grad: Float64Array): number => {
      grad.fill(0);
      let total = 0;
      for (let i = 0; i < x.rows; i++) {
        const off = i * d;
        let max = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < k; c++) {
          let z = intercept ? (b[c * p + d] as number) : 0;
          for (let j = 0; j < d; j++) z += (x.data[off + j] as number) * (b[c * p + j] as number);
          logits[c] = z;
          if (z > max) max = z;
        }
        let sum = 0;
        for (let c = 0; c < k; c++) sum += Math.exp((logits[c] as number) - max);
        const logSum = max + Math.log(sum);
        const w = (weights ? (weights[i] as number) : 1) * C;
        const yi = y[i] as number;
        total += w * (logSum - (logits[yi] as number));
        for (let c = 0; c < k; c++) {
          const r = w * (Math.exp((logits[c] as number) - logSum) - (c === yi ? 1 : 0));
          for (let j = 0; j < d; j++) grad[c * p + j] = (grad[c * p + j] as number) + r * (x.data[off + j] as number);
          if (intercept) grad[c * p + d] = (grad[c * p + d] as number) + r;
        }
      }
      let pen = 0;
      for (let c = 0; c < k; c++) {
        for (let j = 0; j < d; j++) {
          const v = b[c * p + j] as number;
          pen += v * v;
          grad[c * p + j] = (grad[c * p + j] as number) + v;
        }
      }
      return total + 0.5 * pen;
    };
    const result = lbfgs(objective, new Float64Array(k * p), { maxIterations: this.params.maxIter ?? 100, tolerance: this.params.tol ?? 1e-4 });
    this.coefficients = result.x;
  }

  predictProba(x: Matrix): Float64Array {
    const d = this.features;
    const p = d + 1;
    if (x.cols !== d) throw new RangeError(`The model was trained on ${d} features; got ${x.cols}.`);
    const k = Math.max(2, this.classes);
    const out = new Float64Array(x.rows * k);
    const b = this.coefficients;
    for (let i = 0; i < x.rows; i++) {
      const off = i * d;
      if (this.classes <= 2) {
        let z = b[d] as number;
        for (let j = 0; j < d; j++) z += (x.data[off + j] as number) * (b[j] as number);
        const prob = sigmoid(z);
        out[i * 2] = 1 - prob;
        out[i * 2 + 1] = prob;
        continue;
      }
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        let z = b[c * p + d] as number;
        for (let j = 0; j < d; j++) z += (x.data[off + j] as number) * (b[c * p + j] as number);
        out[i * k + c] = z;
        if (z > max) max = z;
      }
      let sum = 0;
      for (let c = 0; c < k; c++) { const e = Math.exp((out[i * k + c] as number) - max); out[i * k + c] = e; sum += e; }
      for (let c = 0; c < k; c++) out[i * k + c] = (out[i * k + c] as number) / sum;
    }
    return out;
  }

  /** |coefficient| per feature (summed over classes): comparable only on standardised features. */
  featureImportance(): Float64Array {
    const d = this.features;
    const rows = this.classes <= 2 ? 1 : this.classes;
    const out = new Float64Array(d);
    for (let c = 0; c < rows; c++) for (let j = 0; j < d; j++) out[j] = (out[j] as number) + Math.abs(this.coefficients[c * (d + 1) + j] as number);
    return out;
  }

  toJSON(): Record<string, unknown> {
    return { algorithm: 'logisticRegression', params: this.params, features: this.features, classes: this.classes, coefficients: Array.from(this.coefficients) };
  }
}
