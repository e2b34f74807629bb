/**
 * The step palette: every step type of `GET /api/dataflow-step-types`, grouped as ADF's data flow
 * palette groups them, with a search box. Drag an entry onto the canvas to place it there, or click it
 * (Enter with the keyboard) to add it after the selected step, connected.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { stepBadge } from './StepNode.js';
import type { StepTypeInfo } from './types.js';

/** The drag data type carrying a step type. */
export const STEP_MIME = 'application/x-sluice-step';

/** Step types grouped by category, in catalog order; `filter` matches title, type or category. */
export function groupStepTypes(types: readonly StepTypeInfo[], filter = ''): Array<[string, StepTypeInfo[]]> {
  const f = filter.trim().toLowerCase();
  const groups = new Map<string, StepTypeInfo[]>();
  for (const t of types) {
    if (f && ![t.title, t.type, t.category].some((s) => s.toLowerCase().includes(f))) continue;
    groups.set(t.category, [...(groups.get(t.category) ?? []), t]);
  }
  return [...groups.entries()];
}

/** Props of {@link StepPalette}. */
export interface StepPaletteProps {
  types: StepTypeInfo[];
  /** The step a click adds after, if any (shown in the hint). */
  after: string | undefined;
  onAdd(type: string): void;
}

/** The palette panel. */
export function StepPalette({ types, after, onAdd }: StepPaletteProps): ReactNode {
  const [filter, setFilter] = useState('');
  const groups = useMemo(() => groupStepTypes(types, filter), [types, filter]);
  return (
    <nav className="palette" aria-label="Steps">
      <h2>Steps</h2>
      <input type="search" aria-label="Search steps" placeholder="Search steps" value={filter} onChange={(e) => setFilter(e.target.value)} />
      <p className="help">{after ? `Click adds after ${after}; drag places a step anywhere.` : 'Click adds a step; drag places it where you drop it.'}</p>
      {groups.map(([category, list]) => (
        <details key={category} open>
          <summary>{category}</summary>
          <ul>
            {list.map((t) => (
              <li key={t.type}>
                <button
                  type="button"
                  className="palette-item"
                  draggable
                  data-testid={`step-palette-${t.type}`}
                  title={t.description}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(STEP_MIME, t.type);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                  onClick={() => onAdd(t.type)}
                >
                  <span className="type-badge step-badge" aria-hidden="true">
                    {stepBadge(t.type)}
                  </span>
                  {t.title}
                </button>
              </li>
            ))}
          </ul>
        </details>
      ))}
      {groups.length === 0 ? <p className="muted">{types.length ? 'No step matches.' : 'No step types: the API answered none.'}</p> : null}
    </nav>
  );
}
