/**
 * A palette of types to add to a canvas (activities, data-flow steps): a search box, the types grouped by
 * category in open disclosure sections, and per type a button that adds it on click (Enter from the
 * keyboard) or is dragged onto the canvas. Both canvas editors use it, so their palettes behave alike;
 * each passes its own grouping, badge and drag data.
 */
import { useMemo, useState, type ReactNode } from 'react';

/** How one palette entry is drawn and dragged. */
export interface PaletteEntry {
  type: string;
  title: string;
  /** The button's title (tooltip). */
  tooltip: string;
  testId: string;
  /** The badge before the title (hidden from assistive technology: the title says it). */
  badge: ReactNode;
  /** The drag data, by MIME type. */
  drag: Readonly<Record<string, string>>;
}

/** Props of {@link GroupedPalette}. */
export interface GroupedPaletteProps<T> {
  /** The navigation's name and heading ("Activities", "Steps"). */
  label: string;
  /** The search box's name and placeholder. */
  searchLabel: string;
  /** A hint under the search box. */
  help?: string | undefined;
  items: readonly T[];
  /** The items matching the search text, grouped by category, in display order. */
  group(items: readonly T[], filter: string): Array<[string, T[]]>;
  entry(item: T): PaletteEntry;
  /** What is said when no group is left. */
  empty: string;
  onAdd(type: string): void;
}

/** The palette panel. */
export function GroupedPalette<T>({ label, searchLabel, help, items, group, entry, empty, onAdd }: GroupedPaletteProps<T>): ReactNode {
  const [filter, setFilter] = useState('');
  const groups = useMemo(() => group(items, filter), [group, items, filter]);
  return (
    <nav className="palette" aria-label={label}>
      <h2>{label}</h2>
      <input type="search" aria-label={searchLabel} placeholder={searchLabel} value={filter} onChange={(e) => setFilter(e.target.value)} />
      {help ? <p className="help">{help}</p> : null}
      {groups.map(([category, list]) => (
        <details key={category} open>
          <summary>{category}</summary>
          <ul>
            {list.map((item) => {
              const e = entry(item);
              return (
                <li key={e.type}>
                  <button
                    type="button"
                    className="palette-item"
                    draggable
                    data-testid={e.testId}
                    title={e.tooltip}
                    onDragStart={(d) => {
                      for (const [mime, value] of Object.entries(e.drag)) d.dataTransfer.setData(mime, value);
                      d.dataTransfer.effectAllowed = 'copy';
                    }}
                    onClick={() => onAdd(e.type)}
                  >
                    {e.badge}
                    {e.title}
                  </button>
                </li>
              );
            })}
          </ul>
        </details>
      ))}
      {groups.length === 0 ? <p className="muted">{empty}</p> : null}
    </nav>
  );
}
