/**
 * Classification metrics with scikit-learn's definitions (so the quality table against scikit-learn compares
 * like with like). Labels are class indices 0 … k-1; for binary tasks class 1 is the positive class.
 */

/** How per-class scores are combined (scikit-learn's `average`). */
export type Average = 'binary' | 'macro' | 'weighted' | 'micro';

/** Counts of true class (row) against predicted class (column). */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i] as number;
    const p = yPred[i] as number;
    const r = m[t];
    if (r === undefined || p < 0 || p >= classes) throw new RangeError(`Label out of range at row ${i}: true ${t}, predicted ${p}.`);
    r[p] = (r[p] as number) + 1;
  }
  return m;
}

/** The share of rows predicted right. */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) ok++;
  return yTrue.length === 0 ? 0 : ok / yTrue.length;
}

interface ClassCounts { tp: number; fp: number; fn: number; support: number }

function perClass(cm: number[][]): ClassCounts[] {
  const k = cm.length;
  return Array.from({ length: k }, (_, c) => {
    let fp = 0;
    let fn = 0;
    for (let o = 0; o < k; o++) {
      if (o === c) continue;
      fp += (cm[o] as number[])[c] as number;
      fn += (cm[c] as number[])[o] as number;
    }
    const tp = (cm[c] as number[])[c] as number;
    return { tp, fp, fn, support: tp + fn };
  });
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

function combine(scores: number[], counts: ClassCounts[], average: Average, micro: () => number): number {
  if (average === 'binary') return scores[1] ?? 0;
  if (average === 'micro') return micro();
  if (average === 'macro') return scores.reduce((s, x) => s + x, 0) / scores.length;
  const total = counts.reduce((s, c) => s + c.support, 0);
  return ratio(scores.reduce((s, x, i) => s + x * (counts[i] as ClassCounts).support, 0), total);
}

/** Precision, recall and F1 under one averaging rule; zero when undefined (scikit-learn's zero_division=0). */
export function precisionRecallF1(
  yTrue: ArrayLike<number>, yPred: ArrayLike<number>, classes: number, average: Average,
): { precision: number; recall: number; f1: number } {
  const counts = perClass(confusionMatrix(yTrue, yPred, classes));
  const p = counts.map((c) => ratio(c.tp, c.tp + c.fp));
  const r = counts.map((c) => ratio(c.tp, c.tp + c.fn));
  const f = counts.map((c) => ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn));
  const sum = (key: 'tp' | 'fp' | 'fn'): number => counts.reduce((s, c) => s + c[key], 0);
  return {
    precision: combine(p, counts, average, () => ratio(sum('tp'), sum('tp') + sum('fp'))),
    recall: combine(r, counts, average, () => ratio(sum('tp'), sum('tp') + sum('fn'))),
    f1: combine(f, counts, average, () => ratio(2 * sum('tp'), 2 * sum('tp') + sum('fp') + sum('fn'))),
  };
}

/**
 * Area under the ROC curve for a binary task: the probability that a random positive scores above a random
 * negative, ties counting half (the Mann–Whitney statistic, equal to the trapezoidal area scikit-learn
 * computes). Undefined (NaN) when only one class is present.
 */
export function rocAuc(yTrue: ArrayLike<number>, score: ArrayLike<number>): number {
  const n = yTrue.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (score[a] as number) - (score[b] as number));
  let rankSumPos = 0;
  let positives = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && score[order[j + 1] as number] === score[order[i] as number]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (yTrue[order[k] as number] === 1) { rankSumPos += avgRank; positives++; }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSumPos - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * ROC-AUC for any number of classes: binary uses the positive class's probability; multiclass is the
 * unweighted mean of one-vs-rest AUCs (scikit-learn's `multi_class='ovr', average='macro'`).
 * `probabilities` is row-major n × k.
 */
export function rocAucFromProbabilities(yTrue: ArrayLike<number>, probabilities: Float64Array, classes: number): number {
  const n = yTrue.length;
  const column = (c: number): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = probabilities[i * classes + c] as number;
    return out;
  };
  if (classes === 2) return rocAuc(yTrue, column(1));
  let sum = 0;
  for (let c = 0; c < classes; c++) {
    const binary = new Float64Array(n);
    for (let i = 0; i < n; i++) binary[i] = yTrue[i] === c ? 1 : 0;
    sum += rocAuc(binary, column(c));
  }
  return sum / classes;
}

/**
 * Mean negative log-likelihood of the true class. Probabilities are clipped to [ε, 1-ε] with ε the
 * double's machine epsilon and each row renormalised, as scikit-learn does.
 */
export function logLoss(yTrue: ArrayLike<number>, probabilities: Float64Array, classes: number): number {
  const eps = Number.EPSILON;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    let rowSum = 0;
    for (let c = 0; c < classes; c++) rowSum += Math.min(1 - eps, Math.max(eps, probabilities[i * classes + c] as number));
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i * classes + (yTrue[i] as number)] as number)) / rowSum;
    total -= Math.log(p);
  }
  return yTrue.length === 0 ? 0 : total / yTrue.length;
}
