/**
 * The trigger service's clock, injected so tests can run schedules and windows on simulated time (a
 * minute per real second) and two services can share one simulated timeline.
 */

/** Time source and sleep of the trigger service. */
export interface TriggerClock {
  /** Current time, epoch ms. */
  now(): number;
  /** Resolves after `ms` of this clock's time, or when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

function realSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, ms));
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The system clock. */
export const systemClock: TriggerClock = { now: () => Date.now(), sleep: realSleep };

/**
 * A clock that starts at `start` and runs `factor` times faster than real time: with factor 60 a
 * Minute-frequency trigger fires every real second. Every clock built with the same `start`, `factor` and
 * `origin` shows the same time, so several services agree on it.
 */
export function scaledClock(start: number, factor: number, origin = Date.now()): TriggerClock {
  return {
    now: () => start + (Date.now() - origin) * factor,
    sleep: (ms, signal) => realSleep(ms / factor, signal),
  };
}
