/**
 * The step palette: every step type of `GET /api/dataflow-step-types`, grouped as ADF's data flow
 * palette groups them, with a search box. Drag an entry onto the canvas to place it there, or click it
 * (Enter with the keyboard) to add it after the selected step, connected.
 */
import type { ReactNode } from 'react';
import { GroupedPalette } from '../common/Palette.js';
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
  return (
    <GroupedPalette
      label="Steps"
      searchLabel="Search steps"
      help={after ? `Click adds after ${after}; drag places a step anywhere.` : 'Click adds a step; drag places it where you drop it.'}
      items={types}
      group={groupStepTypes}
      entry={(t) => ({
        type: t.type,
        title: t.title,
        tooltip: t.description,
        testId: `step-palette-${t.type}`,
        badge: (
          <span className="type-badge step-badge" aria-hidden="true">
            {stepBadge(t.type)}
          </span>
        ),
        drag: { [STEP_MIME]: t.type },
      })}
      empty={types.length ? 'No step matches.' : 'No step types: the API answered none.'}
      onAdd={onAdd}
    />
  );
}
