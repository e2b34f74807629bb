import type { Matrix } from '../core/matrix.js';

/**
 * What every learner implements. Models are plain objects with a JSON form, so a trained model (with its
 * preprocessing) can be stored as an artifact and loaded by another worker to predict.
 */
export interface Classifier {
  readonly kind: 'classifier';
  /** `y` holds class indices 0 … classes-1; `weights` are per-row sample weights (class weights expanded). */
  fit(x: Matrix, y: ArrayLike<number>, classes: number, weights?: Float64Array): void;
  /** Row-major n × classes probabilities. */
  predictProba(x: Matrix): Float64Array;
  /** A JSON-serialisable description of the fitted model. */
  toJSON(): Record<string, unknown>;
  /** Importance of each input column, when the algorithm has one (trees: impurity decrease; linear: |coef|). */
  featureImportance?(): Float64Array | undefined;
}

/** A learner of a numeric target. */
export interface Regressor {
  readonly kind: 'regressor';
  fit(x: Matrix, y: ArrayLike<number>, weights?: Float64Array): void;
  predict(x: Matrix): Float64Array;
  toJSON(): Record<string, unknown>;
  featureImportance?(): Float64Array | undefined;
}

/** The class with the highest probability, per row. */
export function argmaxRows(probabilities: Float64Array, classes: number): Int32Array {
  const n = probabilities.length / classes;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if ((probabilities[i * classes + c] as number) > (probabilities[i * classes + best] as number)) best = c;
    out[i] = best;
  }
  return out;
}
