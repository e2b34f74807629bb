import { range, seededRandom, shuffle } from './random.js';

/**
 * Train/test splits and cross-validation folds. All take a seed; stratified versions keep each class's
 * share in every part, which matters on imbalanced data such as churn (about one customer in four).
 */

/** Row indices of a hold-out split. */
export interface Split {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

function byClass(labels: ArrayLike<number>): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i] as number;
    let g = groups.get(c);
    if (!g) groups.set(c, (g = []));
    g.push(i);
  }
  return new Map([...groups.entries()].sort((a, b) => a[0] - b[0]));
}

/** A random split with `testSize` (a fraction) of the rows held out. */
export function trainTestSplit(rows: number, testSize: number, seed: number): Split {
  const order = shuffle(range(rows), seededRandom(seed));
  const nTest = Math.round(rows * testSize);
  return { test: Int32Array.from(order.slice(0, nTest)).sort(), train: Int32Array.from(order.slice(nTest)).sort() };
}

/** A split holding out `testSize` of every class. */
export function stratifiedSplit(labels: ArrayLike<number>, testSize: number, seed: number): Split {
  const random = seededRandom(seed);
  const test: number[] = [];
  const train: number[] = [];
  for (const members of byClass(labels).values()) {
    shuffle(members, random);
    const nTest = Math.round(members.length * testSize);
    test.push(...members.slice(0, nTest));
    train.push(...members.slice(nTest));
  }
  return { test: Int32Array.from(test).sort(), train: Int32Array.from(train).sort() };
}

/** k folds over shuffled rows: each row is in exactly one test fold. */
export function kFold(rows: number, k: number, seed: number): Split[] {
  if (k < 2 || k > rows) throw new RangeError(`k-fold needs 2 ≤ k ≤ rows (k = ${k}, rows = ${rows}).`);
  const order = shuffle(range(rows), seededRandom(seed));
  const folds: number[][] = Array.from({ length: k }, () => []);
  order.forEach((row, i) => (folds[i % k] as number[]).push(row));
  return foldsToSplits(folds);
}

/** k folds keeping each class's share: each class's rows are dealt round-robin across the folds. */
export function stratifiedKFold(labels: ArrayLike<number>, k: number, seed: number): Split[] {
  const random = seededRandom(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const members of byClass(labels).values()) {
    shuffle(members, random);
    for (const row of members) {
      (folds[next % k] as number[]).push(row);
      next++;
    }
  }
  return foldsToSplits(folds);
}

function foldsToSplits(folds: number[][]): Split[] {
  return folds.map((testRows, f) => ({
    test: Int32Array.from(testRows).sort(),
    train: Int32Array.from(folds.flatMap((rows, g) => (g === f ? [] : rows))).sort(),
  }));
}
