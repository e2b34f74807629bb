/**
 * The options of a select that picks a named resource (a pipeline, dataset, linked service, data flow):
 * "(choose)" for none, then the names. The current name is kept as an option even when the factory's list
 * no longer has it, so opening a document never silently changes what it references.
 */
import type { ReactNode } from 'react';

/** "(choose)", the current name (if set), then the other names, each once. */
export function ReferenceOptions({ current, names }: { current: string; names: readonly string[] }): ReactNode {
  return (
    <>
      <option value="">(choose)</option>
      {[...new Set([...(current ? [current] : []), ...names])].map((n) => (
        <option key={n} value={n}>
          {n}
        </option>
      ))}
    </>
  );
}
