/**
 * The header row of the studio's tables (runs, windows, model versions, previews): one column header per
 * name, each scoped to its column so a screen reader announces it with every cell. Shared so every table
 * is read the same way.
 */
import type { ReactNode } from 'react';

/** A `<thead>` of column headers. */
export function ColumnHeaders({ columns }: { columns: readonly string[] }): ReactNode {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c} scope="col">
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}
