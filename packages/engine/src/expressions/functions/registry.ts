import type { ExpressionFunction } from './types.js';

/**
 * The functions an evaluator can call, looked up case-insensitively (`utcnow` and `utcNow` are the same
 * function, as in ADF). Built once from the function groups; extra functions can be layered on top.
 */
export class FunctionRegistry {
  readonly #byName = new Map<string, ExpressionFunction>();

  constructor(groups: Iterable<readonly ExpressionFunction[]>) {
    for (const group of groups) {
      for (const f of group) {
        const key = f.name.toLowerCase();
        if (this.#byName.has(key)) throw new Error(`Expression function '${f.name}' is declared twice.`);
        this.#byName.set(key, f);
      }
    }
  }

  get(name: string): ExpressionFunction | undefined {
    return this.#byName.get(name.toLowerCase());
  }

  /** Every function, sorted by name (docs, completion). */
  list(): ExpressionFunction[] {
    return [...this.#byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
