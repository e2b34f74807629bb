/**
 * The activity palette: every type the API's catalog lists, grouped by category (so a plugin's activities
 * appear without designer changes), with a search box. Drag an entry onto the canvas, or focus it and
 * press Enter to add it (keyboard users).
 */
import type { ReactNode } from 'react';
import type { ActivityTypeInfo } from '../../model/types.js';
import { GroupedPalette } from '../common/Palette.js';
import { typeBadge } from './visuals.js';

/** The drag data type carrying an activity type name. */
export const PALETTE_MIME = 'application/x-sluice-activity';

/** Props of {@link Palette}. */
export interface PaletteProps {
  types: ActivityTypeInfo[];
  onAdd(type: string): void;
}

/** Activity types grouped by category, sorted by category then title. */
export function groupTypes(types: readonly ActivityTypeInfo[], filter = ''): Array<[string, ActivityTypeInfo[]]> {
  const f = filter.trim().toLowerCase();
  const groups = new Map<string, ActivityTypeInfo[]>();
  const latest = new Map<string, ActivityTypeInfo>();
  for (const t of types) {
    const key = t.type.toLowerCase();
    const prev = latest.get(key);
    if (!prev || prev.version < t.version) latest.set(key, t);
  }
  for (const t of latest.values()) {
    if (f && !t.title.toLowerCase().includes(f) && !t.type.toLowerCase().includes(f) && !t.category.toLowerCase().includes(f)) continue;
    const list = groups.get(t.category) ?? [];
    list.push(t);
    groups.set(t.category, list);
  }
  return [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([c, l]) => [c, l.sort((a, b) => a.title.localeCompare(b.title))]);
}

/** The palette panel. */
export function Palette({ types, onAdd }: PaletteProps): ReactNode {
  return (
    <GroupedPalette
      label="Activities"
      searchLabel="Search activities"
      items={types}
      group={groupTypes}
      entry={(t) => {
        const badge = typeBadge(t.type, t.category);
        return {
          type: t.type,
          title: t.title,
          tooltip: `${t.description}\nDrag onto the canvas, or press Enter to add.`,
          testId: `palette-${t.type}`,
          badge: (
            <span className="type-badge" style={{ background: badge.color }} aria-hidden="true">
              {badge.text}
            </span>
          ),
          drag: { [PALETTE_MIME]: t.type, 'text/plain': t.type },
        };
      }}
      empty="No activity matches."
      onAdd={onAdd}
    />
  );
}
