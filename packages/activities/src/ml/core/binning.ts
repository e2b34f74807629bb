import type { Matrix } from './matrix.js';

/**
 * Features quantised into at most 255 bins, column by column. Tree learners search splits over bins
 * instead of sorted values (the histogram method of LightGBM and scikit-learn's HistGradientBoosting):
 * this is what makes a 50-tree forest on 200,000 rows fit in seconds.
 */
export interface Binned {
  readonly rows: number;
  readonly features: number;
  /** Per feature, each row's bin. */
  readonly bins: Uint8Array[];
  /** Per feature, the split thresholds: a value goes to bin b when `edges[b-1] < v ≤ edges[b]`. */
  readonly edges: Float64Array[];
}

function upperBound(edges: Float64Array, v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((edges[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bins every column of `x`: midpoints between distinct values when there are few, quantiles otherwise. */
export function binMatrix(x: Matrix, maxBins = 255): Binned {
  const bins: Uint8Array[] = [];
  const edges: Float64Array[] = [];
  const n = x.rows;
  const column = new Float64Array(n);
  for (let f = 0; f < x.cols; f++) {
    for (let i = 0; i < n; i++) column[i] = x.data[i * x.cols + f] as number;
    const sorted = Float64Array.from(column).sort();
    const distinct: number[] = [];
    for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i] as number);
    let e: number[];
    if (distinct.length <= maxBins) {
      e = [];
      for (let i = 1; i < distinct.length; i++) e.push(((distinct[i - 1] as number) + (distinct[i] as number)) / 2);
    } else {
      const set = new Set<number>();
      for (let q = 1; q < maxBins; q++) {
        const at = Math.min(n - 1, Math.floor((q * n) / maxBins));
        const hi = sorted[at] as number;
        const lo = sorted[Math.max(0, at - 1)] as number;
        set.add(lo === hi ? hi : (lo + hi) / 2);
      }
      e = [...set].sort((a, b) => a - b);
    }
    const fe = Float64Array.from(e);
    const fb = new Uint8Array(n);
    for (let i = 0; i < n; i++) fb[i] = upperBound(fe, column[i] as number);
    bins.push(fb);
    edges.push(fe);
  }
  return { rows: n, features: x.cols, bins, edges };
}
