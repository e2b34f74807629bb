import { KnnClassifier, KnnRegressor } from './knn.js';
import { LinearRegression } from './linear-regression.js';
import { LogisticRegression } from './logistic-regression.js';
import { MlpClassifier, MlpRegressor } from './mlp.js';
import type { Classifier, Regressor } from './model.js';
import { TreeClassifier, TreeRegressor, type TreeEnsembleParams } from './trees.js';

/** The algorithm names a Train activity accepts. */
export const ALGORITHMS = ['logisticRegression', 'linearRegression', 'ridge', 'decisionTree', 'randomForest', 'gradientBoosting', 'knn', 'mlp'] as const;
export type AlgorithmName = (typeof ALGORITHMS)[number];

/** Which algorithms suit which task. */
export function algorithmSupports(algorithm: AlgorithmName, task: 'classification' | 'regression'): boolean {
  if (algorithm === 'logisticRegression') return task === 'classification';
  if (algorithm === 'linearRegression' || algorithm === 'ridge') return task === 'regression';
  return true;
}

/** A new, unfitted learner. `params` are the algorithm's hyperparameters (validated by the activity's schema). */
export function createLearner(algorithm: AlgorithmName, task: 'classification' | 'regression', params: Record<string, unknown>): Classifier | Regressor {
  const p = params as never;
  switch (algorithm) {
    case 'logisticRegression': return new LogisticRegression(p);
    case 'linearRegression': return new LinearRegression({ ...(params as object), alpha: 0 });
    case 'ridge': return new LinearRegression({ alpha: 1, ...(params as object) });
    case 'decisionTree':
    case 'randomForest':
    case 'gradientBoosting':
      return task === 'classification' ? new TreeClassifier(algorithm, params as TreeEnsembleParams) : new TreeRegressor(algorithm, params as TreeEnsembleParams);
    case 'knn': return task === 'classification' ? new KnnClassifier(p) : new KnnRegressor(p);
    case 'mlp': return task === 'classification' ? new MlpClassifier(p) : new MlpRegressor(p);
  }
}

/** Restores a fitted learner from its JSON (the artifact's `model` field). */
export function restoreLearner(task: 'classification' | 'regression', json: Record<string, unknown>): Classifier | Regressor {
  const algorithm = json.algorithm as string;
  switch (algorithm) {
    case 'logisticRegression': return LogisticRegression.fromJSON(json);
    case 'linearRegression':
    case 'ridge': return LinearRegression.fromJSON(json);
    case 'decisionTree':
    case 'randomForest':
    case 'gradientBoosting':
      return task === 'classification' ? TreeClassifier.fromJSON(json) : TreeRegressor.fromJSON(json);
    case 'knn': return task === 'classification' ? KnnClassifier.fromJSON(json) : KnnRegressor.fromJSON(json);
    case 'mlp': return task === 'classification' ? MlpClassifier.fromJSON(json) : MlpRegressor.fromJSON(json);
    default: throw new RangeError(`Unknown algorithm '${algorithm}' in a model artifact.`);
  }
}
