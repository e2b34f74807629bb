import { accuracy, confusionMatrix, logLoss, precisionRecallF1, rocAucFromProbabilities } from './classification.js';
import { meanAbsoluteError, meanSquaredError, r2Score, rootMeanSquaredError } from './regression.js';
import { argmaxRows } from '../models/model.js';

/** The metrics a Train or Evaluate activity reports, named as users branch on them (`output.metrics.auc`). */
export type MetricReport = Record<string, number | number[][] | null>;

/** Every classification metric of the issue, from true labels and predicted probabilities. */
export function classificationReport(yTrue: ArrayLike<number>, probabilities: Float64Array, classes: number): MetricReport {
  const k = Math.max(2, classes);
  const yPred = argmaxRows(probabilities, k);
  const report: MetricReport = { accuracy: accuracy(yTrue, yPred) };
  if (k === 2) {
    const b = precisionRecallF1(yTrue, yPred, k, 'binary');
    report.precision = b.precision;
    report.recall = b.recall;
    report.f1 = b.f1;
  }
  const macro = precisionRecallF1(yTrue, yPred, k, 'macro');
  const weighted = precisionRecallF1(yTrue, yPred, k, 'weighted');
  Object.assign(report, {
    precisionMacro: macro.precision, recallMacro: macro.recall, f1Macro: macro.f1,
    precisionWeighted: weighted.precision, recallWeighted: weighted.recall, f1Weighted: weighted.f1,
  });
  const auc = rocAucFromProbabilities(yTrue, probabilities, k);
  report.auc = Number.isNaN(auc) ? null : auc;
  report.logLoss = logLoss(yTrue, probabilities, k);
  report.confusionMatrix = confusionMatrix(yTrue, yPred, k);
  return report;
}

/** The regression metrics of the issue. */
export function regressionReport(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): MetricReport {
  return {
    mse: meanSquaredError(yTrue, yPred),
    rmse: rootMeanSquaredError(yTrue, yPred),
    mae: meanAbsoluteError(yTrue, yPred),
    r2: r2Score(yTrue, yPred),
  };
}
