/** Tree learners against scikit-learn 1.2.1's answers on the same data (see docs/ml.md for the script). */
import { describe, expect, it } from 'vitest';
import { fromRows, type Matrix } from './core/matrix.js';
import { seededRandom } from './core/random.js';
import { accuracy, rocAucFromProbabilities } from './metrics/classification.js';
import { r2Score } from './metrics/regression.js';
import { argmaxRows } from './models/model.js';
import { TreeClassifier, TreeRegressor } from './models/trees.js';

const X = fromRows([[1, 5], [2, 3], [3, 8], [4, 1], [5, 7], [6, 2], [7, 9], [8, 4], [9, 6], [10, 0]]);

describe('decision tree', () => {
  it('regression: the same splits, predictions and importances as scikit-learn (depth 2)', () => {
    const m = new TreeRegressor('decisionTree', { maxDepth: 2 });
    m.fit(X, [1.0, 1.2, 0.9, 3.0, 3.1, 2.9, 5.0, 5.2, 4.8, 5.1]);
    const expected = [1.0333333333333332, 1.0333333333333332, 1.0333333333333332, 3.0, 3.0, 3.0, 4.9, 5.15, 4.9, 5.15];
    Array.from(m.predict(X)).forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 10));
    expect(m.featureImportance()[0]).toBeCloseTo(0.9977342211158515, 10);
  });
  it('classification (Gini): pure leaves as scikit-learn', () => {
    const m = new TreeClassifier('decisionTree', { maxDepth: 2 });
    m.fit(X, [0, 0, 0, 1, 1, 1, 2, 2, 2, 2], 3);
    expect(Array.from(argmaxRows(m.predictProba(X), 3))).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 2]);
  });
});

/** Two informative features, three noise features: label = x0 + x1 > 0 with 10 % of labels flipped. */
function synthetic(n: number, seed: number): { x: Matrix; y: number[]; t: number[] } {
  const random = seededRandom(seed);
  const rows: number[][] = [];
  const y: number[] = [];
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = Array.from({ length: 5 }, () => random() * 2 - 1);
    rows.push(r);
    const signal = (r[0] as number) + (r[1] as number);
    t.push(3 * (r[0] as number) - 2 * (r[1] as number) + 0.1 * (random() - 0.5));
    y.push((signal > 0) !== (random() < 0.1) ? 1 : 0);
  }
  return { x: fromRows(rows), y, t };
}

describe('ensembles', () => {
  const train = synthetic(2000, 1);
  const test = synthetic(1000, 2);
  for (const algorithm of ['randomForest', 'gradientBoosting'] as const) {
    it(`${algorithm} classifier learns the signal, ranks informative features first, and is reproducible`, () => {
      const m = new TreeClassifier(algorithm, { nEstimators: 30, seed: 3 });
      m.fit(train.x, train.y, 2);
      const p = m.predictProba(test.x);
      // The Bayes-optimal accuracy is 0.9 (10 % flipped labels).
      expect(accuracy(test.y, argmaxRows(p, 2))).toBeGreaterThan(0.85);
      expect(rocAucFromProbabilities(test.y, p, 2)).toBeGreaterThan(0.9);
      const imp = Array.from(m.featureImportance());
      expect(Math.min(imp[0] as number, imp[1] as number)).toBeGreaterThan(Math.max(...imp.slice(2)));
      const again = new TreeClassifier(algorithm, { nEstimators: 30, seed: 3 });
      again.fit(train.x, train.y, 2);
      expect(Array.from(again.predictProba(test.x))).toEqual(Array.from(p));
      const restored = TreeClassifier.fromJSON(JSON.parse(JSON.stringify(m.toJSON())) as Record<string, unknown>);
      expect(Array.from(restored.predictProba(test.x))).toEqual(Array.from(p));
    });
    it(`${algorithm} regressor fits a linear target`, () => {
      const m = new TreeRegressor(algorithm, { nEstimators: 50, seed: 3, ...(algorithm === 'randomForest' ? {} : { maxDepth: 4 }) });
      m.fit(train.x, train.t);
      expect(r2Score(test.t, m.predict(test.x))).toBeGreaterThan(0.9);
    });
  }
  it('multiclass boosting', () => {
    const labels = train.t.map((v) => (v < -1 ? 0 : v < 1 ? 1 : 2));
    const m = new TreeClassifier('gradientBoosting', { nEstimators: 40 });
    m.fit(train.x, labels, 3);
    const testLabels = test.t.map((v) => (v < -1 ? 0 : v < 1 ? 1 : 2));
    expect(accuracy(testLabels, argmaxRows(m.predictProba(test.x), 3))).toBeGreaterThan(0.85);
  });
});

describe('k-nearest neighbours and the perceptron', () => {
  const train = synthetic(1500, 11);
  const test = synthetic(500, 12);
  it('k-NN classifies by its neighbours (k=1 recalls the training set exactly)', async () => {
    const { KnnClassifier, KnnRegressor } = await import('./models/knn.js');
    const one = new KnnClassifier({ k: 1 });
    one.fit(train.x, train.y, 2);
    expect(Array.from(argmaxRows(one.predictProba(train.x), 2))).toEqual(train.y);
    const m = new KnnClassifier({ k: 15 });
    m.fit(train.x, train.y, 2);
    expect(accuracy(test.y, argmaxRows(m.predictProba(test.x), 2))).toBeGreaterThan(0.8);
    const r = new KnnRegressor({ k: 10, weights: 'distance' });
    r.fit(train.x, train.t);
    expect(r2Score(test.t, r.predict(test.x))).toBeGreaterThan(0.8);
  });
  it('the perceptron learns the signal and round-trips through JSON', async () => {
    const { MlpClassifier, MlpRegressor } = await import('./models/mlp.js');
    const m = new MlpClassifier({ hiddenLayerSizes: [16], maxIter: 60, seed: 1, learningRate: 0.01 });
    m.fit(train.x, train.y, 2);
    const p = m.predictProba(test.x);
    expect(accuracy(test.y, argmaxRows(p, 2))).toBeGreaterThan(0.85);
    const back = MlpClassifier.fromJSON(JSON.parse(JSON.stringify(m.toJSON())) as Record<string, unknown>);
    expect(Array.from(back.predictProba(test.x))).toEqual(Array.from(p));
    const r = new MlpRegressor({ hiddenLayerSizes: [16], maxIter: 100, seed: 1, learningRate: 0.01 });
    r.fit(train.x, train.t);
    expect(r2Score(test.t, r.predict(test.x))).toBeGreaterThan(0.95);
  });
});
