/**
 * A time limit on one operation (a connection test), cancellable by the caller's signal. The timer and
 * the listener are removed when the operation ends, so nothing fires (or rejects unobserved) later.
 */

/** Runs `operation`, failing with `onTimeout()` after `ms` or with the signal's reason when it aborts. */
export async function withDeadline<T>(operation: Promise<T>, ms: number, onTimeout: () => Error, signal?: AbortSignal): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
    if (signal) {
      onAbort = (): void => reject(signal.reason);
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  try {
    return await Promise.race([operation, limit]);
  } finally {
    clearTimeout(timer);
    if (signal && onAbort) signal.removeEventListener('abort', onAbort);
  }
}
