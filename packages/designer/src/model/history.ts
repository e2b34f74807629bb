/**
 * Undo and redo over immutable snapshots. The pipeline document is replaced, never mutated, so a
 * snapshot is just a reference; the stack is bounded so a long session does not grow without end.
 */

/** Past, present and future states. */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
}

/** Most snapshots kept for undo. */
export const HISTORY_LIMIT = 200;

/** A history holding only `present`. */
export function startHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

/** Records a new present (clears redo). A state equal by reference to the present is ignored. */
export function push<T>(h: History<T>, next: T): History<T> {
  if (next === h.present) return h;
  return { past: [...h.past, h.present].slice(-HISTORY_LIMIT), present: next, future: [] };
}

/** Steps back one state, if any. */
export function undo<T>(h: History<T>): History<T> {
  const previous = h.past[h.past.length - 1];
  if (previous === undefined) return h;
  return { past: h.past.slice(0, -1), present: previous, future: [h.present, ...h.future] };
}

/** Steps forward one state, if any. */
export function redo<T>(h: History<T>): History<T> {
  const [next, ...rest] = h.future;
  if (next === undefined) return h;
  return { past: [...h.past, h.present], present: next, future: rest };
}
