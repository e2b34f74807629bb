import type { Binned } from '../core/binning.js';
import { randomInt, type Random } from '../core/random.js';

/**
 * One tree learner for every tree model. Each row carries K target values and a weight; a split is chosen
 * to maximise Σₖ (S_Lₖ²/W_L + S_Rₖ²/W_R − Sₖ²/W) − the reduction of squared error. That single criterion
 * is CART regression (K = 1), Gini for classification (one-hot targets: Gini is the summed variance of the
 * indicators, so the same splits) and a gradient-boosting step (target −g/h with weight h, plus λ).
 * Leaves hold S/W: the mean, the class shares, or the Newton step.
 */
export interface TreeParams {
  readonly maxDepth?: number;
  readonly minSamplesSplit?: number;
  readonly minSamplesLeaf?: number;
  /** Features tried at each split: all when undefined. */
  readonly maxFeatures?: number;
  /** L2 penalty on leaf values (gradient boosting's λ). */
  readonly lambda?: number;
  /** Minimum gain to split. */
  readonly minGain?: number;
}

/** A fitted tree, flat: node i splits on `feature[i]` at `threshold[i]` (≤ goes left), or is a leaf (feature −1). */
export interface Tree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** K values per node (row-major). */
  readonly value: Float64Array;
  readonly outputs: number;
}

/** What the builder learns from. */
export interface TreeData {
  readonly binned: Binned;
  /** Row-major n × K targets. */
  readonly targets: Float64Array;
  readonly outputs: number;
  /** Per-row weight (a bootstrap count times a sample weight); 0 excludes the row. */
  readonly weights: Float64Array;
}

interface Pending { rows: Int32Array; depth: number; node: number }

/** Grows one tree; `importance` (length = features) accumulates each split's gain. */
export function buildTree(data: TreeData, params: TreeParams, random: Random, importance?: Float64Array): Tree {
  const { binned, targets, outputs: k, weights } = data;
  const maxDepth = params.maxDepth ?? Number.POSITIVE_INFINITY;
  const minSplit = Math.max(2, params.minSamplesSplit ?? 2);
  const minLeaf = Math.max(1, params.minSamplesLeaf ?? 1);
  const lambda = params.lambda ?? 0;
  const minGain = params.minGain ?? 1e-12;
  const features = binned.features;
  const tryFeatures = Math.min(features, params.maxFeatures ?? features);
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const stride = k + 2; // K sums, the weight, the row count
  const hist = new Float64Array(256 * stride);
  const featureOrder = Int32Array.from({ length: features }, (_, i) => i);

  const newNode = (): number => {
    feature.push(-1); threshold.push(0); left.push(-1); right.push(-1);
    for (let c = 0; c < k; c++) value.push(0);
    return feature.length - 1;
  };

  const initial: number[] = [];
  for (let i = 0; i < binned.rows; i++) if ((weights[i] as number) > 0) initial.push(i);
  const stack: Pending[] = [{ rows: Int32Array.from(initial), depth: 0, node: newNode() }];
  const totals = new Float64Array(k);
  while (stack.length > 0) {
    const { rows, depth, node } = stack.pop() as Pending;
    totals.fill(0);
    let wTotal = 0;
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r] as number;
      const w = weights[i] as number;
      wTotal += w;
      for (let c = 0; c < k; c++) totals[c] = (totals[c] as number) + w * (targets[i * k + c] as number);
    }
    for (let c = 0; c < k; c++) value[node * k + c] = (totals[c] as number) / (wTotal + lambda || 1);
    if (depth >= maxDepth || rows.length < minSplit || rows.length < 2 * minLeaf) continue;
    let parentScore = 0;
    for (let c = 0; c < k; c++) parentScore += (totals[c] as number) ** 2 / (wTotal + lambda);

    let bestGain = minGain;
    let bestFeature = -1;
    let bestBin = -1;
    // Partial Fisher–Yates: the first `tryFeatures` entries are a random subset.
    for (let t = 0; t < tryFeatures; t++) {
      if (tryFeatures < features) {
        const j = t + randomInt(random, features - t);
        const tmp = featureOrder[t] as number; featureOrder[t] = featureOrder[j] as number; featureOrder[j] = tmp;
      }
      const f = featureOrder[t] as number;
      const fb = binned.bins[f] as Uint8Array;
      const nBins = (binned.edges[f] as Float64Array).length + 1;
      if (nBins < 2) continue;
      hist.fill(0, 0, nBins * stride);
      for (let r = 0; r < rows.length; r++) {
        const i = rows[r] as number;
        const base = (fb[i] as number) * stride;
        const w = weights[i] as number;
        for (let c = 0; c < k; c++) hist[base + c] = (hist[base + c] as number) + w * (targets[i * k + c] as number);
        hist[base + k] = (hist[base + k] as number) + w;
        hist[base + k + 1] = (hist[base + k + 1] as number) + 1;
      }
      // Scan left to right, accumulating the left side.
      const leftSum = new Float64Array(k);
      let leftW = 0;
      let leftN = 0;
      for (let b = 0; b < nBins - 1; b++) {
        const base = b * stride;
        for (let c = 0; c < k; c++) leftSum[c] = (leftSum[c] as number) + (hist[base + c] as number);
        leftW += hist[base + k] as number;
        leftN += hist[base + k + 1] as number;
        const rightN = rows.length - leftN;
        if (leftN < minLeaf) continue;
        if (rightN < minLeaf) break;
        const rightW = wTotal - leftW;
        if (leftW <= 0 || rightW <= 0) continue;
        let score = 0;
        for (let c = 0; c < k; c++) {
          const sl = leftSum[c] as number;
          const sr = (totals[c] as number) - sl;
          score += (sl * sl) / (leftW + lambda) + (sr * sr) / (rightW + lambda);
        }
        const gain = score - parentScore;
        if (gain > bestGain) { bestGain = gain; bestFeature = f; bestBin = b; }
      }
    }
    if (bestFeature < 0) continue;
    const fb = binned.bins[bestFeature] as Uint8Array;
    let nLeft = 0;
    for (const i of rows) if ((fb[i] as number) <= bestBin) nLeft++;
    const lRows = new Int32Array(nLeft);
    const rRows = new Int32Array(rows.length - nLeft);
    let li = 0;
    let ri = 0;
    for (const i of rows) if ((fb[i] as number) <= bestBin) lRows[li++] = i; else rRows[ri++] = i;
    feature[node] = bestFeature;
    threshold[node] = (binned.edges[bestFeature] as Float64Array)[bestBin] as number;
    if (importance) importance[bestFeature] = (importance[bestFeature] as number) + bestGain;
    const l = newNode();
    const r = newNode();
    left[node] = l;
    right[node] = r;
    stack.push({ rows: rRows, depth: depth + 1, node: r }, { rows: lRows, depth: depth + 1, node: l });
  }
  return {
    feature: Int32Array.from(feature), threshold: Float64Array.from(threshold),
    left: Int32Array.from(left), right: Int32Array.from(right), value: Float64Array.from(value), outputs: k,
  };
}

/** The leaf a row of raw (unbinned) features lands in. */
export function leafOf(tree: Tree, x: Float64Array, offset: number): number {
  let node = 0;
  while ((tree.feature[node] as number) >= 0) {
    node = (x[offset + (tree.feature[node] as number)] as number) <= (tree.threshold[node] as number) ? (tree.left[node] as number) : (tree.right[node] as number);
  }
  return node;
}

/** A tree as JSON (typed arrays as plain arrays). */
export function treeToJSON(tree: Tree): Record<string, unknown> {
  return { feature: Array.from(tree.feature), threshold: Array.from(tree.threshold), left: Array.from(tree.left), right: Array.from(tree.right), value: Array.from(tree.value), outputs: tree.outputs };
}

/** Restores a tree from {@link treeToJSON}. */
export function treeFromJSON(json: Record<string, unknown>): Tree {
  return {
    feature: Int32Array.from(json.feature as number[]), threshold: Float64Array.from(json.threshold as number[]),
    left: Int32Array.from(json.left as number[]), right: Int32Array.from(json.right as number[]),
    value: Float64Array.from(json.value as number[]), outputs: json.outputs as number,
  };
}
