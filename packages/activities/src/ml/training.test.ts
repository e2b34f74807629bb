import { describe, expect, it } from 'vitest';
import { seededRandom } from './core/random.js';
import { evaluateModel, predictRows, trainModel } from './training.js';

/** Customers: churn more likely with short tenure and a monthly contract; ~20 % churn. */
function customers(n: number, seed: number): Record<string, unknown>[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const tenure = Math.floor(random() * 72);
    const contract = random() < 0.5 ? 'Month-to-month' : random() < 0.5 ? 'One year' : 'Two year';
    const charges = 20 + random() * 100;
    const risk = -1.8 - tenure / 20 + (contract === 'Month-to-month' ? 1.8 : 0) + charges / 80 + (random() - 0.5);
    return { id: `c${i}`, tenure, contract, charges: i % 50 === 0 ? null : charges, churn: risk > 0 ? 'Yes' : 'No' };
  });
}

describe('trainModel', () => {
  const rows = customers(2000, 1);
  it('trains with a stratified hold-out and reports every classification metric', () => {
    const r = trainModel(rows, { task: 'binaryClassification', target: 'churn', exclude: ['id'], algorithm: 'logisticRegression', preprocessing: { scaling: 'standard' } });
    expect(r.rows).toEqual({ total: 2000, train: 1600, test: 400 });
    expect(r.metrics.auc).toBeGreaterThan(0.9);
    for (const k of ['accuracy', 'precision', 'recall', 'f1', 'f1Macro', 'f1Weighted', 'logLoss', 'confusionMatrix']) expect(r.metrics).toHaveProperty(k);
    expect(r.artifact.classes).toEqual(['No', 'Yes']);
    expect(r.artifact.featureSchema).toEqual([{ name: 'tenure', type: 'number' }, { name: 'contract', type: 'string' }, { name: 'charges', type: 'number' }]);
    const preds = predictRows(r.artifact, [{ tenure: 1, contract: 'Month-to-month', charges: 110 }, { tenure: 70, contract: 'Two year', charges: 20 }]);
    expect(preds.map((p) => p.prediction)).toEqual(['Yes', 'No']);
    expect((preds[0]?.probabilities?.Yes ?? 0) + (preds[0]?.probabilities?.No ?? 0)).toBeCloseTo(1, 12);
    // Evaluate on the same kind of data gives metrics of the same shape.
    expect(evaluateModel(r.artifact, customers(500, 2)).auc).toBeGreaterThan(0.9);
  });
  it('cross-validates and searches hyperparameters by the CV score', () => {
    const r = trainModel(rows.slice(0, 600), {
      task: 'binaryClassification', target: 'churn', exclude: ['id'], algorithm: 'decisionTree',
      validation: { method: 'stratifiedKFold', folds: 4, seed: 7 },
      search: { method: 'grid', space: { maxDepth: [1, 4] } },
    });
    expect(r.crossValidation?.scores).toHaveLength(4);
    expect(r.search?.tried).toHaveLength(2);
    const [d1, d4] = r.search?.tried ?? [];
    expect(r.search?.best).toEqual((d4?.score ?? 0) > (d1?.score ?? 0) ? { maxDepth: 4 } : { maxDepth: 1 });
    expect(r.artifact.params).toMatchObject(r.search?.best ?? {});
  });
  it('balanced class weights raise the recall of the rare class', () => {
    const plain = trainModel(rows, { task: 'binaryClassification', target: 'churn', exclude: ['id'], algorithm: 'logisticRegression', preprocessing: { scaling: 'standard' } });
    const balanced = trainModel(rows, { task: 'binaryClassification', target: 'churn', exclude: ['id'], algorithm: 'logisticRegression', preprocessing: { scaling: 'standard' }, classWeight: 'balanced' });
    expect(balanced.metrics.recall as number).toBeGreaterThan(plain.metrics.recall as number);
  });
  it('regression with feature importance', () => {
    const r = trainModel(rows, { task: 'regression', target: 'tenure', features: ['charges', 'contract'], algorithm: 'randomForest', params: { nEstimators: 10 } });
    expect(r.metrics).toHaveProperty('rmse');
    expect(r.featureImportance?.map((f) => f.feature).sort()).toEqual(['charges', 'contract_Month-to-month', 'contract_One year', 'contract_Two year']);
  });
  it('refuses what it cannot train, with the place', () => {
    const spec = { task: 'binaryClassification', target: 'churn', algorithm: 'logisticRegression' } as const;
    expect(() => trainModel(rows, { ...spec, target: 'nope' })).toThrow(/target column 'nope'/);
    expect(() => trainModel(rows.map((r) => ({ ...r, churn: 'No' })), spec)).toThrow(/single class/);
    expect(() => trainModel(rows, { ...spec, algorithm: 'linearRegression' })).toThrow(/does not do classification/);
    expect(() => trainModel([{ churn: 'Yes', x: 1 }, { churn: null, x: 2 }], spec)).toThrow(/Row 2/);
    const model = trainModel(rows, { ...spec, exclude: ['id'] }).artifact;
    expect(() => predictRows(model, [{ tenure: 3, contract: 'One year', charges: 50 }, { tenure: 'x', contract: 'One year', charges: 1 }])).toThrow(/Row 2, column 'tenure'/);
    expect(() => predictRows(model, [{ tenure: 3 }])).toThrow(expect.objectContaining({ code: 'MODEL_INPUT_INVALID' }));
  });
});
