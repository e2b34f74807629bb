import type { Engine, StatusMessage } from '@sluice/engine/runtime';

/**
 * One Redis subscription per API process for every run's status messages, fanned out in process: to the
 * SSE streams of the runs being watched and to the metrics. A thousand browsers watching runs cost one
 * Redis connection, and messages keep the order Redis delivered them in.
 */
export class RunEventHub {
  readonly #byRun = new Map<string, Set<(m: StatusMessage) => void>>();
  readonly #all = new Set<(m: StatusMessage) => void>();
  #unsubscribe: (() => Promise<void>) | undefined;

  constructor(private readonly engine: Engine) {}

  /** Subscribes (once). */
  async start(): Promise<void> {
    this.#unsubscribe ??= await this.engine.subscribe((m) => {
      for (const fn of this.#all) fn(m);
      for (const fn of this.#byRun.get(m.runId) ?? []) fn(m);
    }, { activities: true });
  }

  /** Calls `listener` with every message of `runId`; returns the function that stops it. */
  listen(runId: string, listener: (m: StatusMessage) => void): () => void {
    let set = this.#byRun.get(runId);
    if (!set) {
      set = new Set();
      this.#byRun.set(runId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size) this.#byRun.delete(runId);
    };
  }

  /** Calls `listener` with every message of every run. */
  listenAll(listener: (m: StatusMessage) => void): () => void {
    this.#all.add(listener);
    return () => this.#all.delete(listener);
  }

  async stop(): Promise<void> {
    await this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }
}
