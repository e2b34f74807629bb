/**
 * Limited-memory BFGS with a backtracking (Armijo) line search: minimises a smooth function given its value
 * and gradient. The multinomial logistic regression and the perceptron use it, as scikit-learn's default
 * `lbfgs` solver does, so fitted models land on the same optimum.
 */

/** Returns f(x) and writes ∇f(x) into `gradient`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  readonly maxIterations?: number;
  /** Stop when the largest gradient component falls below this (scikit-learn's `tol` on the projected gradient). */
  readonly tolerance?: number;
  readonly memory?: number;
}

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly converged: boolean;
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
};

/** Minimises `objective` from `start`. */
export function lbfgs(objective: Objective, start: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-4;
  const m = options.memory ?? 10;
  const n = start.length;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let f = objective(x, g);
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rhoList: number[] = [];
  const direction = new Float64Array(n);
  const alpha = new Array<number>(m);
  let iteration = 0;
  const gradientMax = (v: Float64Array): number => v.reduce((s, e) => Math.max(s, Math.abs(e)), 0);
  while (iteration < maxIterations && gradientMax(g) > tolerance) {
    iteration++;
    // Two-loop recursion: direction = -H g.
    direction.set(g);
    for (let i = sList.length - 1; i >= 0; i--) {
      const a = (rhoList[i] as number) * dot(sList[i] as Float64Array, direction);
      alpha[i] = a;
      const y = yList[i] as Float64Array;
      for (let k = 0; k < n; k++) direction[k] = (direction[k] as number) - a * (y[k] as number);
    }
    if (sList.length > 0) {
      const last = sList.length - 1;
      const gamma = dot(sList[last] as Float64Array, yList[last] as Float64Array) / dot(yList[last] as Float64Array, yList[last] as Float64Array);
      for (let k = 0; k < n; k++) direction[k] = (direction[k] as number) * gamma;
    } else {
      const scale = 1 / Math.max(1, Math.sqrt(dot(g, g)));
      for (let k = 0; k < n; k++) direction[k] = (direction[k] as number) * scale;
    }
    for (let i = 0; i < sList.length; i++) {
      const b = (rhoList[i] as number) * dot(yList[i] as Float64Array, direction);
      const s = sList[i] as Float64Array;
      const a = alpha[i] as number;
      for (let k = 0; k < n; k++) direction[k] = (direction[k] as number) + (s[k] as number) * (a - b);
    }
    for (let k = 0; k < n; k++) direction[k] = -(direction[k] as number);
    let slope = dot(g, direction);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      sList.length = 0; yList.length = 0; rhoList.length = 0;
      for (let k = 0; k < n; k++) direction[k] = -(g[k] as number);
      slope = dot(g, direction);
    }
    let step = 1;
    const xNew = new Float64Array(n);
    const gNew = new Float64Array(n);
    let fNew = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 40; tries++) {
      for (let k = 0; k < n; k++) xNew[k] = (x[k] as number) + step * (direction[k] as number);
      fNew = objective(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew < f) && !(fNew <= f)) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      s[k] = (xNew[k] as number) - (x[k] as number);
      y[k] = (gNew[k] as number) - (g[k] as number);
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      sList.push(s); yList.push(y); rhoList.push(1 / sy);
      if (sList.length > m) { sList.shift(); yList.shift(); rhoList.shift(); }
    }
    const improvement = f - fNew;
    x = xNew; g = gNew; f = fNew;
    if (improvement <= 1e-15 * Math.max(1, Math.abs(f))) break;
  }
  return { x, value: f, iterations: iteration, converged: gradientMax(g) <= tolerance };
}
