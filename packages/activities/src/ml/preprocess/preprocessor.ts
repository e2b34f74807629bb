import { symmetricEigen, zeros, type Matrix } from '../core/matrix.js';

/**
 * Turns raw rows into the numeric matrix a learner needs, with every statistic (means, medians, categories,
 * scales, principal components) fitted on the training rows only and stored with the model, so scoring new
 * rows applies exactly the same transformation. It plays the part of scikit-learn's ColumnTransformer with
 * SimpleImputer, OneHotEncoder, OrdinalEncoder, StandardScaler, MinMaxScaler and PCA.
 */

export type ImputeStrategy = 'mean' | 'median' | 'mostFrequent' | 'constant' | 'none';
export type Scaling = 'standard' | 'minMax' | 'none';
export type Encoding = 'oneHot' | 'ordinal';

/** How to prepare the features. Columns not listed as categorical are numeric. */
export interface PreprocessingOptions {
  readonly numeric: readonly string[];
  readonly categorical: readonly string[];
  readonly numericImpute?: ImputeStrategy;
  readonly categoricalImpute?: Exclude<ImputeStrategy, 'mean' | 'median'>;
  /** The value `constant` imputation fills in (numeric: a number; categorical: a string). */
  readonly fillValue?: number | string;
  readonly scaling?: Scaling;
  readonly encoding?: Encoding;
  /** PCA: a number of components (≥ 1) or the share of variance to keep (0 < v < 1). */
  readonly pca?: number;
}

/** The fitted state: everything needed to transform new rows, as JSON. */
export interface FittedPreprocessing {
  readonly options: PreprocessingOptions;
  readonly numericFill: number[];
  readonly scaleCenter: number[];
  readonly scaleFactor: number[];
  readonly categoricalFill: (string | null)[];
  readonly categories: string[][];
  readonly outputNames: string[];
  readonly pca?: { mean: number[]; components: number[][]; explainedVarianceRatio: number[] };
}

/** A row's value as a number, or NaN when missing or not numeric. */
function asNumber(v: unknown): number {
  if (v === null || v === undefined || v === '') return Number.NaN;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  const n = Number(String(v).trim());
  return String(v).trim() === '' ? Number.NaN : n;
}

function asCategory(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = typeof v === 'string' ? v : String(v);
  return s === '' ? null : s;
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function mostFrequent<T>(values: T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | undefined;
  let bestCount = -1;
  // Ties go to the smallest value, as scikit-learn's SimpleImputer does.
  for (const [v, c] of [...counts.entries()].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1))) {
    if (c > bestCount) { best = v; bestCount = c; }
  }
  return best;
}

/** Fits the preprocessing on training rows. */
export function fitPreprocessing(rows: readonly Record<string, unknown>[], options: PreprocessingOptions): FittedPreprocessing {
  const numericImpute = options.numericImpute ?? 'mean';
  const categoricalImpute = options.categoricalImpute ?? 'mostFrequent';
  const numericFill: number[] = [];
  const scaleCenter: number[] = [];
  const scaleFactor: number[] = [];
  for (const col of options.numeric) {
    const present = rows.map((r) => asNumber(r[col])).filter((v) => !Number.isNaN(v));
    let fill = Number.NaN;
    if (numericImpute === 'mean') fill = present.reduce((s, v) => s + v, 0) / (present.length || 1);
    else if (numericImpute === 'median') fill = median(present);
    else if (numericImpute === 'mostFrequent') fill = mostFrequent(present) ?? 0;
    else if (numericImpute === 'constant') fill = typeof options.fillValue === 'number' ? options.fillValue : 0;
    numericFill.push(fill);
    const filled = rows.map((r) => { const v = asNumber(r[col]); return Number.isNaN(v) ? fill : v; });
    if (options.scaling === 'standard') {
      const mean = filled.reduce((s, v) => s + v, 0) / (filled.length || 1);
      const sd = Math.sqrt(filled.reduce((s, v) => s + (v - mean) ** 2, 0) / (filled.length || 1));
      scaleCenter.push(mean);
      scaleFactor.push(sd > 0 ? sd : 1);
    } else if (options.scaling === 'minMax') {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const v of filled) { if (v < min) min = v; if (v > max) max = v; }
      scaleCenter.push(min);
      scaleFactor.push(max - min > 0 ? max - min : 1);
    } else {
      scaleCenter.push(0);
      scaleFactor.push(1);
    }
  }
  const categoricalFill: (string | null)[] = [];
  const categories: string[][] = [];
  for (const col of options.categorical) {
    const values = rows.map((r) => asCategory(r[col]));
    const present = values.filter((v): v is string => v !== null);
    const fill = categoricalImpute === 'mostFrequent' ? (mostFrequent(present) ?? null)
      : categoricalImpute === 'constant' ? String(options.fillValue ?? 'missing') : null;
    categoricalFill.push(fill);
    const seen = new Set(values.map((v) => v ?? fill).filter((v): v is string => v !== null));
    categories.push([...seen].sort());
  }
  const outputNames = [
    ...options.numeric,
    ...options.categorical.flatMap((col, i) => ((options.encoding ?? 'oneHot') === 'oneHot' ? (categories[i] as string[]).map((c) => `${col}_${c}`) : [col])),
  ];
  const base: FittedPreprocessing = { options, numericFill, scaleCenter, scaleFactor, categoricalFill, categories, outputNames };
  if (options.pca === undefined) return base;
  return { ...base, pca: fitPca(transformBase(base, rows), options.pca) };
}

function fitPca(m: Matrix, spec: number): NonNullable<FittedPreprocessing['pca']> {
  const d = m.cols;
  const mean = new Array<number>(d).fill(0);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (m.data[i * d + j] as number) / m.rows;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < d; j++) {
      const a = (m.data[i * d + j] as number) - (mean[j] as number);
      for (let k = 0; k <= j; k++) cov[j * d + k] = (cov[j * d + k] as number) + a * ((m.data[i * d + k] as number) - (mean[k] as number));
    }
  }
  for (let j = 0; j < d; j++) for (let k = 0; k <= j; k++) { const v = (cov[j * d + k] as number) / Math.max(1, m.rows - 1); cov[j * d + k] = v; cov[k * d + j] = v; }
  const { values, vectors } = symmetricEigen(cov, d);
  const total = values.reduce((s, v) => s + Math.max(0, v), 0) || 1;
  const ratios = Array.from(values, (v) => Math.max(0, v) / total);
  let keep = spec >= 1 ? Math.min(d, Math.floor(spec)) : 0;
  if (spec < 1) { let acc = 0; while (keep < d && acc < spec) acc += ratios[keep++] as number; }
  const components = Array.from({ length: keep }, (_, r) => Array.from(vectors.data.subarray(r * d, (r + 1) * d)));
  return { mean, components, explainedVarianceRatio: ratios.slice(0, keep) };
}

function transformBase(fitted: FittedPreprocessing, rows: readonly Record<string, unknown>[]): Matrix {
  const { options } = fitted;
  const oneHot = (options.encoding ?? 'oneHot') === 'oneHot';
  const width = options.numeric.length + (oneHot ? fitted.categories.reduce((s, c) => s + c.length, 0) : options.categorical.length);
  const m = zeros(rows.length, width);
  const index = fitted.categories.map((cats) => new Map(cats.map((c, i) => [c, i])));
  rows.forEach((r, i) => {
    let col = 0;
    const off = i * width;
    options.numeric.forEach((name, j) => {
      let v = asNumber(r[name]);
      if (Number.isNaN(v)) v = fitted.numericFill[j] as number;
      m.data[off + col++] = (v - (fitted.scaleCenter[j] as number)) / (fitted.scaleFactor[j] as number);
    });
    options.categorical.forEach((name, j) => {
      const v = asCategory(r[name]) ?? fitted.categoricalFill[j] ?? null;
      const at = v === null ? undefined : (index[j] as Map<string, number>).get(v);
      if (oneHot) {
        // Unknown categories get all zeros (scikit-learn's handle_unknown='ignore').
        if (at !== undefined) m.data[off + col + at] = 1;
        col += (fitted.categories[j] as string[]).length;
      } else {
        m.data[off + col++] = at ?? -1;
      }
    });
  });
  return m;
}

/** Applies fitted preprocessing to rows (training or new). */
export function transform(fitted: FittedPreprocessing, rows: readonly Record<string, unknown>[]): Matrix {
  const base = transformBase(fitted, rows);
  if (!fitted.pca) return base;
  const { mean, components } = fitted.pca;
  const out = zeros(base.rows, components.length);
  for (let i = 0; i < base.rows; i++) {
    components.forEach((comp, c) => {
      let s = 0;
      for (let j = 0; j < base.cols; j++) s += ((base.data[i * base.cols + j] as number) - (mean[j] as number)) * (comp[j] as number);
      out.data[i * components.length + c] = s;
    });
  }
  return out;
}

/** Names of the output columns (after one-hot expansion, or `pc1 …` after PCA). */
export function outputNames(fitted: FittedPreprocessing): string[] {
  return fitted.pca ? fitted.pca.components.map((_, i) => `pc${i + 1}`) : fitted.outputNames;
}
