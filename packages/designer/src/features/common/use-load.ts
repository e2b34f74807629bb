/**
 * Loading a monitor view: load when the view opens and whenever what it loads changes (its filters),
 * again on demand (Refresh), and keep the last failure's message until a load succeeds. Shared by the
 * monitor's lists so each reports a failed load the same way.
 */
import { useCallback, useEffect, useState } from 'react';

/** What {@link useLoad} gives the view. */
export interface LoadControls<P> {
  /** The last load's failure, or null. */
  error: string | null;
  setError(error: string | null): void;
  /** Loads again (with the loader's optional argument, such as a continuation token). */
  reload(arg?: P): Promise<void>;
}

/**
 * Runs `load` now and each time it changes (make it with `useCallback` over what it depends on). A
 * failure is kept as `error`; a success clears it.
 */
export function useLoad<P = never>(load: (arg?: P) => Promise<void>): LoadControls<P> {
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async (arg?: P): Promise<void> => {
    try {
      await load(arg);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [load]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { error, setError, reload };
}
