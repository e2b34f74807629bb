/**
 * The filter bar of the monitor's lists: labelled fields and a Refresh button that reloads the list (Enter
 * in a field does the same). Shared by the pipeline-run and trigger-run lists so their filters look and
 * work alike.
 */
import type { ReactNode } from 'react';

/** The filter form; submitting it (Refresh, or Enter) calls `onRefresh`. */
export function FilterForm({ onRefresh, children }: { onRefresh(): void; children: ReactNode }): ReactNode {
  return (
    <form
      className="filters"
      onSubmit={(e) => {
        e.preventDefault();
        onRefresh();
      }}
    >
      {children}
      <button type="submit">Refresh</button>
    </form>
  );
}

/** An option of {@link FilterSelect}: a value, or a value with its own words. */
export type FilterOption = string | { value: string; label: string };

/** Props of {@link FilterSelect}. */
export interface FilterSelectProps {
  label: string;
  value: string;
  options: readonly FilterOption[];
  onChange(value: string): void;
}

/** A labelled select whose first option, "All", filters nothing (the empty value). */
export function FilterSelect({ label, value, options, onChange }: FilterSelectProps): ReactNode {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All</option>
        {options.map((o) =>
          typeof o === 'string' ? (
            <option key={o}>{o}</option>
          ) : (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ),
        )}
      </select>
    </label>
  );
}
