/**
 * Known answers: every expected figure below was computed by scikit-learn 1.2.1 (Debian's python3-sklearn)
 * on the same inputs; the script is in docs/ml.md. They pin the learners and metrics to scikit-learn's
 * definitions, not just to "plausible" values.
 */
import { describe, expect, it } from 'vitest';
import { fromRows } from './core/matrix.js';
import { kFold, stratifiedKFold, stratifiedSplit } from './core/split.js';
import { accuracy, confusionMatrix, logLoss, precisionRecallF1, rocAuc } from './metrics/classification.js';
import { meanAbsoluteError, meanSquaredError, r2Score, rootMeanSquaredError } from './metrics/regression.js';
import { LinearRegression } from './models/linear-regression.js';
import { LogisticRegression } from './models/logistic-regression.js';
import { fitPreprocessing, outputNames, transform } from './preprocess/preprocessor.js';

const X = fromRows([[0.5, 1.0], [1.5, -0.5], [2.0, 0.3], [3.0, 1.2], [0.2, -1.0], [2.5, 2.0], [1.0, 0.0], [3.5, -0.2]]);
const y = [0, 0, 1, 1, 0, 1, 0, 1];

describe('metrics', () => {
  const yt = [0, 1, 1, 0, 1, 1, 0, 0, 1, 1];
  const yp = [0, 1, 0, 0, 1, 1, 1, 0, 1, 0];
  const score = [0.1, 0.9, 0.4, 0.35, 0.8, 0.7, 0.6, 0.2, 0.65, 0.4];
  it('binary classification', () => {
    expect(accuracy(yt, yp)).toBeCloseTo(0.7, 12);
    const prf = precisionRecallF1(yt, yp, 2, 'binary');
    expect(prf.precision).toBeCloseTo(0.8, 12);
    expect(prf.recall).toBeCloseTo(2 / 3, 12);
    expect(prf.f1).toBeCloseTo(0.7272727272727272, 12);
    expect(rocAuc(yt, score)).toBeCloseTo(0.9166666666666666, 12);
    expect(logLoss(yt, Float64Array.from(score.flatMap((s) => [1 - s, s])), 2)).toBeCloseTo(0.4624121105690178, 10);
  });
  it('multiclass averages and the confusion matrix', () => {
    const t = [0, 1, 2, 2, 1, 0, 2, 1];
    const p = [0, 2, 2, 2, 1, 0, 1, 1];
    expect(confusionMatrix(t, p, 3)).toEqual([[2, 0, 0], [0, 2, 1], [0, 1, 2]]);
    const macro = precisionRecallF1(t, p, 3, 'macro');
    expect(macro.precision).toBeCloseTo(0.7777777777777777, 12);
    expect(macro.f1).toBeCloseTo(0.7777777777777777, 12);
    expect(precisionRecallF1(t, p, 3, 'weighted').recall).toBeCloseTo(0.75, 12);
    expect(precisionRecallF1(t, p, 3, 'micro').f1).toBeCloseTo(0.75, 12);
  });
  it('AUC counts ties as half and is undefined with one class', () => {
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNaN();
  });
  it('regression', () => {
    const t = [3.0, -0.5, 2.0, 7.0];
    const p = [2.5, 0.0, 2.0, 8.0];
    expect(meanSquaredError(t, p)).toBeCloseTo(0.375, 12);
    expect(rootMeanSquaredError(t, p)).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(meanAbsoluteError(t, p)).toBeCloseTo(0.5, 12);
    expect(r2Score(t, p)).toBeCloseTo(0.9486081370449679, 12);
  });
});

describe('logistic regression', () => {
  it('binary: the same optimum as scikit-learn (C=1, solved to tol 1e-12)', () => {
    const m = new LogisticRegression();
    m.fit(X, y, 2);
    expect(m.coefficients[0]).toBeCloseTo(1.2443304177713779, 5);
    expect(m.coefficients[1]).toBeCloseTo(0.5335938216054742, 5);
    expect(m.coefficients[2]).toBeCloseTo(-2.3969144869471846, 5);
  });
  it('multinomial: the same probabilities as scikit-learn', () => {
    const x3 = fromRows([[0.1, 0.2], [0.3, 0.1], [1.2, 1.1], [1.0, 1.3], [2.1, 0.2], [2.3, 0.1], [0.2, 0.0], [1.1, 0.9], [2.0, 0.4]]);
    const m = new LogisticRegression({ tol: 1e-8, maxIter: 500 });
    m.fit(x3, [0, 0, 1, 1, 2, 2, 0, 1, 2], 3);
    const p = m.predictProba(fromRows([[0.1, 0.2], [0.3, 0.1]]));
    const expected = [0.7215848202695473, 0.20413050201494212, 0.07428467771551064, 0.6912330363139157, 0.2015210140984729, 0.10724594958761142];
    expected.forEach((v, i) => expect(p[i]).toBeCloseTo(v, 4));
  });
  it('round-trips through JSON', () => {
    const m = new LogisticRegression();
    m.fit(X, y, 2);
    const back = LogisticRegression.fromJSON(JSON.parse(JSON.stringify(m.toJSON())) as Record<string, unknown>);
    expect(Array.from(back.predictProba(X))).toEqual(Array.from(m.predictProba(X)));
  });
});

describe('linear and ridge regression', () => {
  const yr = [1.0, 2.0, 2.5, 4.1, 0.3, 5.0, 1.7, 3.9];
  it('ordinary least squares', () => {
    const m = new LinearRegression();
    m.fit(X, yr);
    expect(m.coefficients[0]).toBeCloseTo(1.0633849614951985, 8);
    expect(m.coefficients[1]).toBeCloseTo(0.6052301635372501, 8);
    expect(m.intercept).toBeCloseTo(0.46316113610798526, 8);
  });
  it('ridge (alpha 2) does not penalise the intercept', () => {
    const m = new LinearRegression({ alpha: 2 });
    m.fit(X, yr);
    expect(m.coefficients[0]).toBeCloseTo(0.9049529615809114, 8);
    expect(m.coefficients[1]).toBeCloseTo(0.5235005518473747, 8);
    expect(m.intercept).toBeCloseTo(0.7729833000473012, 8);
  });
});

describe('preprocessing', () => {
  const rows = [
    { age: 20, income: null, plan: 'a' },
    { age: 30, income: 100, plan: 'b' },
    { age: null, income: 300, plan: null },
    { age: 50, income: 200, plan: 'a' },
  ];
  it('imputes, scales and one-hot encodes with statistics of the training rows', () => {
    const fitted = fitPreprocessing(rows, { numeric: ['age', 'income'], categorical: ['plan'], numericImpute: 'median', scaling: 'minMax' });
    expect(outputNames(fitted)).toEqual(['age', 'income', 'plan_a', 'plan_b']);
    const m = transform(fitted, rows);
    // age median of 20, 30, 50 = 30; min-max over [20, 30, 30, 50].
    expect(Array.from(m.data.subarray(8, 12))).toEqual([(30 - 20) / 30, 1, 1, 0]);
    // An unknown category is all zeros.
    expect(Array.from(transform(fitted, [{ age: 20, income: 100, plan: 'z' }]).data)).toEqual([0, 0, 0, 0]);
  });
  it('standard scaling uses the population standard deviation, as scikit-learn', () => {
    const fitted = fitPreprocessing([{ v: 1 }, { v: 3 }], { numeric: ['v'], categorical: [], scaling: 'standard' });
    expect(Array.from(transform(fitted, [{ v: 1 }, { v: 3 }]).data)).toEqual([-1, 1]);
  });
  it('ordinal encoding and constant imputation', () => {
    const fitted = fitPreprocessing(rows, { numeric: [], categorical: ['plan'], encoding: 'ordinal', categoricalImpute: 'constant', fillValue: 'none' });
    expect(Array.from(transform(fitted, rows).data)).toEqual([0, 1, 2, 0]);
  });
  it('PCA keeps the variance scikit-learn reports', () => {
    const data = [[2.5, 2.4, 1.0], [0.5, 0.7, 0.2], [2.2, 2.9, 1.1], [1.9, 2.2, 0.9], [3.1, 3.0, 1.5], [2.3, 2.7, 1.0], [2.0, 1.6, 0.4], [1.0, 1.1, 0.3], [1.5, 1.6, 0.8], [1.1, 0.9, 0.5]]
      .map(([a, b, c]) => ({ a, b, c }));
    const fitted = fitPreprocessing(data, { numeric: ['a', 'b', 'c'], categorical: [], scaling: 'none', pca: 2 });
    expect(fitted.pca?.explainedVarianceRatio[0]).toBeCloseTo(0.9533812532696875, 8);
    expect(fitted.pca?.explainedVarianceRatio[1]).toBeCloseTo(0.03361700131082022, 8);
    const t = transform(fitted, data.slice(0, 2));
    expect(Math.abs(t.data[0] as number)).toBeCloseTo(0.8575498964800781, 8);
    expect(Math.abs(t.data[3] as number)).toBeCloseTo(0.15028255622152178, 8);
    const byShare = fitPreprocessing(data, { numeric: ['a', 'b', 'c'], categorical: [], pca: 0.95 });
    expect(byShare.pca?.components).toHaveLength(1);
  });
});

describe('splits', () => {
  const labels = Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? 1 : 0));
  it('stratified split keeps class shares and is reproducible by seed', () => {
    const a = stratifiedSplit(labels, 0.2, 7);
    expect(a.test.length).toBe(20);
    expect(Array.from(a.test).filter((i) => labels[i] === 1)).toHaveLength(5);
    expect(stratifiedSplit(labels, 0.2, 7)).toEqual(a);
    expect(stratifiedSplit(labels, 0.2, 8).test).not.toEqual(a.test);
  });
  it('k folds partition the rows', () => {
    for (const folds of [kFold(100, 5, 1), stratifiedKFold(labels, 5, 1)]) {
      const all = folds.flatMap((f) => Array.from(f.test)).sort((p, q) => p - q);
      expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
      for (const f of folds) expect(f.train.length + f.test.length).toBe(100);
    }
    for (const f of stratifiedKFold(labels, 5, 1)) expect(Array.from(f.test).filter((i) => labels[i] === 1)).toHaveLength(5);
  });
});
