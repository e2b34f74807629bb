/**
 * The factory explorer: pipelines, data flows, datasets, linked services and triggers, grouped by folder,
 * with a search box and a "new" action per kind. Selecting an entry opens it in the editor area.
 */
import { useState, type ReactNode } from 'react';
import type { ResourceSegment, ResourceSummary } from '../../api/client.js';

/** The kinds in explorer order, with their labels. */
export const KINDS: ReadonlyArray<{ segment: ResourceSegment; label: string; singular: string }> = [
  { segment: 'pipelines', label: 'Pipelines', singular: 'pipeline' },
  { segment: 'dataflows', label: 'Data flows', singular: 'data flow' },
  { segment: 'datasets', label: 'Datasets', singular: 'dataset' },
  { segment: 'linkedservices', label: 'Linked services', singular: 'linked service' },
  { segment: 'triggers', label: 'Triggers', singular: 'trigger' },
];

/** Props of {@link Explorer}. */
export interface ExplorerProps {
  resources: Partial<Record<ResourceSegment, ResourceSummary[]>>;
  open: { segment: ResourceSegment; name: string } | null;
  onOpen(segment: ResourceSegment, name: string): void;
  onNew(segment: ResourceSegment): void;
}

/** Groups entries by folder (`''` = no folder), folders sorted, names sorted. */
export function byFolder(list: readonly ResourceSummary[], filter: string): Array<[string, ResourceSummary[]]> {
  const f = filter.trim().toLowerCase();
  const groups = new Map<string, ResourceSummary[]>();
  for (const r of list) {
    if (f && !r.name.toLowerCase().includes(f)) continue;
    const folder = typeof r.folder === 'string' ? r.folder : '';
    groups.set(folder, [...(groups.get(folder) ?? []), r]);
  }
  return [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([k, v]) => [k, v.sort((a, b) => a.name.localeCompare(b.name))]);
}

/** The explorer tree. */
export function Explorer({ resources, open, onOpen, onNew }: ExplorerProps): ReactNode {
  const [filter, setFilter] = useState('');
  return (
    <nav className="explorer" aria-label="Factory resources">
      <h2>Factory resources</h2>
      <input type="search" aria-label="Search resources" placeholder="Search resources" value={filter} onChange={(e) => setFilter(e.target.value)} />
      {KINDS.map((k) => {
        const list = resources[k.segment] ?? [];
        const groups = byFolder(list, filter);
        return (
          <details key={k.segment} open>
            <summary>
              {k.label} <span className="count">{list.length}</span>
            </summary>
            <button type="button" className="link new-resource" onClick={() => onNew(k.segment)} aria-label={`New ${k.singular}`}>
              + New {k.singular}
            </button>
            {groups.map(([folder, entries]) => (
              <ul key={folder} aria-label={folder ? `Folder ${folder}` : undefined}>
                {folder ? <li className="folder">Folder: {folder}</li> : null}
                {entries.map((r) => (
                  <li key={r.name}>
                    <button
                      type="button"
                      className={`resource${open?.segment === k.segment && open.name === r.name ? ' current' : ''}`}
                      aria-current={open?.segment === k.segment && open.name === r.name ? 'page' : undefined}
                      onClick={() => onOpen(k.segment, r.name)}
                    >
                      {r.name}
                    </button>
                  </li>
                ))}
              </ul>
            ))}
          </details>
        );
      })}
    </nav>
  );
}
