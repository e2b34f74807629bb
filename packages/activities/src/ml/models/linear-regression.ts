import { solveSpd, type Matrix } from '../core/matrix.js';
import type { Regressor } from './model.js';

/** Hyperparameters: `alpha` 0 is ordinary least squares; above 0 it is ridge regression (scikit-learn's `Ridge`). */
export interface LinearRegressionParams {
  readonly alpha?: number;
  readonly fitIntercept?: boolean;
}

/**
 * Least squares (optionally ridge-penalised) solved exactly from the centred normal equations, as
 * scikit-learn's `LinearRegression`/`Ridge` do: the intercept is not penalised.
 */
export class LinearRegression implements Regressor {
  readonly kind = 'regressor' as const;
  coefficients: Float64Array = new Float64Array(0);
  intercept = 0;

  constructor(private readonly params: LinearRegressionParams = {}) {}

  /** Restores a model from {@link LinearRegression.toJSON}. */
  static fromJSON(json: Record<string, unknown>): LinearRegression {
    const m = new LinearRegression(json.params as LinearRegressionParams);
    m.coefficients = Float64Array.from(json.coefficients as number[]);
    m.intercept = json.intercept as number;
    return m;
  }

  fit(x: Matrix, y: ArrayLike<number>, weights?: Float64Array): void {
    const d = x.cols;
    const n = x.rows;
    const alpha = this.params.alpha ?? 0;
    const intercept = this.params.fitIntercept ?? true;
    const means = new Float64Array(d);
    let yMean = 0;
    let wSum = 0;
    if (intercept) {
      for (let i = 0; i < n; i++) {
        const w = weights ? (weights[i] as number) : 1;
        wSum += w;
        yMean += w * (y[i] as number);
        for (let j = 0; j < d; j++) means[j] = (means[j] as number) + w * (x.data[i * d + j] as number);
      }
      yMean /= wSum;
      for (let j = 0; j < d; j++) means[j] = (means[j] as number) / wSum;
    }
    const xtx = new Float64Array(d * d);
    const xty = new Float64Array(d);
    const centred = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const w = weights ? (weights[i] as number) : 1;
      for (let j = 0; j < d; j++) centred[j] = (x.data[i * d + j] as number) - (means[j] as number);
      const yi = (y[i] as number) - yMean;
      for (let j = 0; j < d; j++) {
        const cj = w * (centred[j] as number);
        xty[j] = (xty[j] as number) + cj * yi;
        for (let k = 0; k <= j; k++) xtx[j * d + k] = (xtx[j * d + k] as number) + cj * (centred[k] as number);
      }
    }
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < j; k++) xtx[k * d + j] = xtx[j * d + k] as number;
      // A tiny jitter keeps OLS solvable with a constant column; ridge adds its penalty.
      xtx[j * d + j] = (xtx[j * d + j] as number) + (alpha > 0 ? alpha : 1e-10);
    }
    this.coefficients = solveSpd(xtx, xty, d);
    let b = yMean;
    for (let j = 0; j < d; j++) b -= (this.coefficients[j] as number) * (means[j] as number);
    this.intercept = intercept ? b : 0;
  }

  predict(x: Matrix): Float64Array {
    const d = this.coefficients.length;
    if (x.cols !== d) throw new RangeError(`The model was trained on ${d} features; got ${x.cols}.`);
    const out = new Float64Array(x.rows);
    for (let i = 0; i < x.rows; i++) {
      let s = this.intercept;
      for (let j = 0; j < d; j++) s += (x.data[i * d + j] as number) * (this.coefficients[j] as number);
      out[i] = s;
    }
    return out;
  }

  featureImportance(): Float64Array {
    return this.coefficients.map(Math.abs);
  }

  toJSON(): Record<string, unknown> {
    return { algorithm: this.params.alpha ? 'ridge' : 'linearRegression', params: this.params, coefficients: Array.from(this.coefficients), intercept: this.intercept };
  }
}
