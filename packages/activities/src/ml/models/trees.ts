import { binMatrix } from '../core/binning.js';
import type { Matrix } from '../core/matrix.js';
import { randomInt, seededRandom } from '../core/random.js';
import type { Classifier, Regressor } from './model.js';
import { buildTree, leafOf, treeFromJSON, treeToJSON, type Tree, type TreeParams } from './tree-builder.js';

/**
 * Decision trees, random forests and gradient-boosted trees, all grown by {@link buildTree} on binned
 * features. Defaults follow scikit-learn: a forest has 100 trees, bootstraps rows and tries √d features per
 * split for classification (all for regression); boosting uses learning rate 0.1, depth 3 and 100 stages.
 */
export interface TreeEnsembleParams extends TreeParams {
  readonly nEstimators?: number;
  /** `sqrt`, `log2`, a fraction (0, 1] or a count. */
  readonly maxFeaturesRule?: 'sqrt' | 'log2' | number;
  readonly bootstrap?: boolean;
  readonly learningRate?: number;
  /** Fraction of rows each boosting stage sees (stochastic gradient boosting); 1 = all. */
  readonly subsample?: number;
  readonly seed?: number;
}

type Algorithm = 'decisionTree' | 'randomForest' | 'gradientBoosting';

function resolveMaxFeatures(rule: TreeEnsembleParams['maxFeaturesRule'], d: number): number | undefined {
  if (rule === undefined) return undefined;
  if (rule === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(d)));
  if (rule === 'log2') return Math.max(1, Math.floor(Math.log2(d)));
  if (rule <= 1) return Math.max(1, Math.floor(rule * d));
  return Math.min(d, Math.floor(rule));
}

function bootstrapWeights(n: number, random: () => number, base?: Float64Array): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) { const j = randomInt(random, n); w[j] = (w[j] as number) + 1; }
  if (base) for (let i = 0; i < n; i++) w[i] = (w[i] as number) * (base[i] as number);
  return w;
}

function normalise(v: Float64Array): Float64Array {
  const s = v.reduce((a, b) => a + b, 0);
  return s > 0 ? v.map((x) => x / s) : v;
}

/** Classification trees: one tree, a forest (averaged class shares) or boosting (logistic / softmax). */
export class TreeClassifier implements Classifier {
  readonly kind = 'classifier' as const;
  private trees: Tree[] = [];
  private classes = 2;
  private features = 0;
  private baseScore: number[] = [];
  private importance: Float64Array = new Float64Array(0);

  constructor(readonly algorithm: Algorithm, private readonly params: TreeEnsembleParams = {}) {}

  /** Restores a model from {@link TreeClassifier.toJSON}. */
  static fromJSON(json: Record<string, unknown>): TreeClassifier {
    const m = new TreeClassifier(json.algorithm as Algorithm, json.params as TreeEnsembleParams);
    m.trees = (json.trees as Record<string, unknown>[]).map(treeFromJSON);
    m.classes = json.classes as number;
    m.features = json.features as number;
    m.baseScore = json.baseScore as number[];
    m.importance = Float64Array.from(json.importance as number[]);
    return m;
  }

  fit(x: Matrix, y: ArrayLike<number>, classes: number, weights?: Float64Array): void {
    this.classes = Math.max(2, classes);
    this.features = x.cols;
    const binned = binMatrix(x);
    const random = seededRandom(this.params.seed ?? 0);
    const n = x.rows;
    const importance = new Float64Array(x.cols);
    if (this.algorithm === 'gradientBoosting') {
      this.fitBoosting(x, binned, y, weights, random, importance);
    } else {
      // Binary: one target (the positive indicator) gives the same Gini splits at half the work.
      const k = this.classes === 2 ? 1 : this.classes;
      const targets = new Float64Array(n * k);
      for (let i = 0; i < n; i++) {
        if (k === 1) targets[i] = y[i] as number;
        else targets[i * k + (y[i] as number)] = 1;
      }
      const forest = this.algorithm === 'randomForest';
      const count = forest ? (this.params.nEstimators ?? 100) : 1;
      const maxFeatures = resolveMaxFeatures(this.params.maxFeaturesRule ?? (forest ? 'sqrt' : undefined), x.cols);
      this.trees = [];
      for (let t = 0; t < count; t++) {
        const w = forest && (this.params.bootstrap ?? true) ? bootstrapWeights(n, random, weights) : (weights ?? new Float64Array(n).fill(1));
        this.trees.push(buildTree({ binned, targets, outputs: k, weights: w }, { ...this.params, maxFeatures }, random, importance));
      }
    }
    this.importance = normalise(importance);
  }

  private fitBoosting(x: Matrix, binned: ReturnType<typeof binMatrix>, y: ArrayLike<number>, weights: Float64Array | undefined, random: () => number, importance: Float64Array): void {
    const n = binned.rows;
    const k = this.classes === 2 ? 1 : this.classes;
    const rate = this.params.learningRate ?? 0.1;
    const stages = this.params.nEstimators ?? 100;
    const params: TreeParams = { maxDepth: 3, ...this.params, lambda: this.params.lambda ?? 0 };
    const w0 = weights ?? new Float64Array(n).fill(1);
    // Initial scores: log-odds of the prior (binary) or log class shares (multiclass).
    const prior = new Float64Array(this.classes);
    let wSum = 0;
    for (let i = 0; i < n; i++) { prior[y[i] as number] = (prior[y[i] as number] as number) + (w0[i] as number); wSum += w0[i] as number; }
    this.baseScore = k === 1
      ? [Math.log(Math.max(1e-12, (prior[1] as number) / wSum) / Math.max(1e-12, (prior[0] as number) / wSum))]
      : Array.from(prior, (p) => Math.log(Math.max(1e-12, p / wSum)));
    const score = new Float64Array(n * k);
    for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) score[i * k + c] = this.baseScore[c] as number;
    this.trees = [];
    const targets = new Float64Array(n);
    const hess = new Float64Array(n);
    const probs = new Float64Array(k);
    for (let s = 0; s < stages; s++) {
      const sampleMask = (this.params.subsample ?? 1) < 1 ? Float64Array.from({ length: n }, () => (random() < (this.params.subsample as number) ? 1 : 0)) : undefined;
      for (let c = 0; c < k; c++) {
        for (let i = 0; i < n; i++) {
          let p: number;
          if (k === 1) p = 1 / (1 + Math.exp(-(score[i] as number)));
          else {
            let max = Number.NEGATIVE_INFINITY;
            for (let q = 0; q < k; q++) max = Math.max(max, score[i * k + q] as number);
            let sum = 0;
            for (let q = 0; q < k; q++) { probs[q] = Math.exp((score[i * k + q] as number) - max); sum += probs[q] as number; }
            p = (probs[c] as number) / sum;
          }
          const label = k === 1 ? (y[i] as number) : (y[i] === c ? 1 : 0);
          const g = p - label;
          const h = Math.max(p * (1 - p), 1e-12);
          targets[i] = -g / h;
          hess[i] = h * (w0[i] as number) * (sampleMask ? (sampleMask[i] as number) : 1);
        }
        const tree = buildTree({ binned, targets, outputs: 1, weights: hess }, params, random, importance);
        const scaled = { ...tree, value: tree.value.map((v) => v * rate) };
        this.trees.push(scaled);
        for (let i = 0; i < n; i++) {
          const node = leafOf(scaled, x.data, i * x.cols);
          score[i * k + c] = (score[i * k + c] as number) + (scaled.value[node] as number);
        }
      }
    }
  }

  predictProba(x: Matrix): Float64Array {
    if (x.cols !== this.features) throw new RangeError(`The model was trained on ${this.features} features; got ${x.cols}.`);
    const k = this.classes;
    const out = new Float64Array(x.rows * k);
    if (this.algorithm !== 'gradientBoosting') {
      const outputs = (this.trees[0]?.outputs ?? k);
      for (let i = 0; i < x.rows; i++) {
        for (const tree of this.trees) {
          const leaf = leafOf(tree, x.data, i * x.cols);
          if (outputs === 1) out[i * k + 1] = (out[i * k + 1] as number) + (tree.value[leaf] as number);
          else for (let c = 0; c < k; c++) out[i * k + c] = (out[i * k + c] as number) + (tree.value[leaf * k + c] as number);
        }
        for (let c = 0; c < k; c++) out[i * k + c] = (out[i * k + c] as number) / this.trees.length;
        if (outputs === 1) out[i * k] = 1 - (out[i * k + 1] as number);
      }
      return out;
    }
    const kk = k === 2 ? 1 : k;
    for (let i = 0; i < x.rows; i++) {
      const s = this.baseScore.slice();
      this.trees.forEach((tree, t) => {
        const c = t % kk;
        s[c] = (s[c] as number) + (tree.value[leafOf(tree, x.data, i * x.cols)] as number);
      });
      if (kk === 1) {
        const p = 1 / (1 + Math.exp(-(s[0] as number)));
        out[i * 2] = 1 - p;
        out[i * 2 + 1] = p;
      } else {
        const max = Math.max(...s);
        const e = s.map((v) => Math.exp(v - max));
        const sum = e.reduce((a, b) => a + b, 0);
        e.forEach((v, c) => (out[i * k + c] = v / sum));
      }
    }
    return out;
  }

  featureImportance(): Float64Array {
    return this.importance;
  }

  toJSON(): Record<string, unknown> {
    return { algorithm: this.algorithm, params: this.params, classes: this.classes, features: this.features, baseScore: this.baseScore, importance: Array.from(this.importance), trees: this.trees.map(treeToJSON) };
  }
}

/** Regression trees: one tree, a forest (averaged) or gradient boosting on squared error. */
export class TreeRegressor implements Regressor {
  readonly kind = 'regressor' as const;
  private trees: Tree[] = [];
  private features = 0;
  private base = 0;
  private importance: Float64Array = new Float64Array(0);

  constructor(readonly algorithm: Algorithm, private readonly params: TreeEnsembleParams = {}) {}

  /** Restores a model from {@link TreeRegressor.toJSON}. */
  static fromJSON(json: Record<string, unknown>): TreeRegressor {
    const m = new TreeRegressor(json.algorithm as Algorithm, json.params as TreeEnsembleParams);
    m.trees = (json.trees as Record<string, unknown>[]).map(treeFromJSON);
    m.features = json.features as number;
    m.base = json.base as number;
    m.importance = Float64Array.from(json.importance as number[]);
    return m;
  }

  fit(x: Matrix, y: ArrayLike<number>, weights?: Float64Array): void {
    this.features = x.cols;
    const binned = binMatrix(x);
    const random = seededRandom(this.params.seed ?? 0);
    const n = x.rows;
    const importance = new Float64Array(x.cols);
    const w0 = weights ?? new Float64Array(n).fill(1);
    this.trees = [];
    if (this.algorithm === 'gradientBoosting') {
      let wSum = 0;
      let ySum = 0;
      for (let i = 0; i < n; i++) { wSum += w0[i] as number; ySum += (w0[i] as number) * (y[i] as number); }
      this.base = ySum / wSum;
      const pred = new Float64Array(n).fill(this.base);
      const residual = new Float64Array(n);
      const rate = this.params.learningRate ?? 0.1;
      for (let s = 0; s < (this.params.nEstimators ?? 100); s++) {
        for (let i = 0; i < n; i++) residual[i] = (y[i] as number) - (pred[i] as number);
        const tree = buildTree({ binned, targets: residual, outputs: 1, weights: w0 }, { maxDepth: 3, ...this.params }, random, importance);
        const scaled = { ...tree, value: tree.value.map((v) => v * rate) };
        this.trees.push(scaled);
        for (let i = 0; i < n; i++) pred[i] = (pred[i] as number) + (scaled.value[leafOf(scaled, x.data, i * x.cols)] as number);
      }
    } else {
      this.base = 0;
      const forest = this.algorithm === 'randomForest';
      const maxFeatures = resolveMaxFeatures(this.params.maxFeaturesRule, x.cols);
      const targets = Float64Array.from(y as ArrayLike<number>);
      for (let t = 0; t < (forest ? (this.params.nEstimators ?? 100) : 1); t++) {
        const w = forest && (this.params.bootstrap ?? true) ? bootstrapWeights(n, random, weights) : w0;
        this.trees.push(buildTree({ binned, targets, outputs: 1, weights: w }, { ...this.params, maxFeatures }, random, importance));
      }
    }
    this.importance = normalise(importance);
  }

  predict(x: Matrix): Float64Array {
    if (x.cols !== this.features) throw new RangeError(`The model was trained on ${this.features} features; got ${x.cols}.`);
    const out = new Float64Array(x.rows);
    const boosting = this.algorithm === 'gradientBoosting';
    for (let i = 0; i < x.rows; i++) {
      let s = 0;
      for (const tree of this.trees) s += tree.value[leafOf(tree, x.data, i * x.cols)] as number;
      out[i] = boosting ? this.base + s : s / this.trees.length;
    }
    return out;
  }

  featureImportance(): Float64Array {
    return this.importance;
  }

  toJSON(): Record<string, unknown> {
    return { algorithm: this.algorithm, params: this.params, features: this.features, base: this.base, importance: Array.from(this.importance), trees: this.trees.map(treeToJSON) };
  }
}
