/**
 * Accessible tabs (WAI-ARIA tabs pattern: arrow keys move between tabs, the panel is labelled by its tab).
 */
import { useId, useRef, type ReactNode } from 'react';

/** One tab. */
export interface TabSpec {
  id: string;
  label: string;
  render(): ReactNode;
}

/** Props of {@link Tabs}. */
export interface TabsProps {
  tabs: TabSpec[];
  active: string;
  onChange(id: string): void;
  label: string;
}

/** A tab list and the active panel. */
export function Tabs({ tabs, active, onChange, label }: TabsProps): ReactNode {
  const base = useId();
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const current = tabs.find((t) => t.id === active) ?? tabs[0];
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label}>
        {tabs.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[t.id] = el;
            }}
            role="tab"
            type="button"
            id={`${base}-tab-${t.id}`}
            aria-selected={t.id === current?.id}
            aria-controls={`${base}-panel`}
            tabIndex={t.id === current?.id ? 0 : -1}
            onClick={() => onChange(t.id)}
            onKeyDown={(e) => {
              const dir = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
              if (!dir) return;
              const next = tabs[(i + dir + tabs.length) % tabs.length]!;
              onChange(next.id);
              refs.current[next.id]?.focus();
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={current ? `${base}-tab-${current.id}` : undefined} className="tab-panel">
        {current?.render()}
      </div>
    </div>
  );
}
