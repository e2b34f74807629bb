/**
 * A pipeline's saved versions (GET /api/pipelines/{name}/versions), newest first. Opening one puts it in
 * the editor as an ordinary, undoable edit: saving it then makes it the newest version, with the usual
 * conflict check — nothing is overwritten behind the user's back.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { ResourceVersion } from '../../api/client.js';
import { useApi } from '../../api/context.js';
import type { PipelineDoc } from '../../model/types.js';

/** Props of {@link VersionsPanel}. */
export interface VersionsPanelProps {
  name: string;
  /** Changes after each save, so the list is read again. */
  savedEtag: string | undefined;
  onOpen(doc: PipelineDoc, version: number): void;
  onClose(): void;
}

/** The versions list. */
export function VersionsPanel({ name, savedEtag, onOpen, onClose }: VersionsPanelProps): ReactNode {
  const api = useApi();
  const [versions, setVersions] = useState<ResourceVersion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api?.versions('pipelines', name).then((v) => setVersions([...v].reverse()), (e: unknown) => setError((e as Error).message));
  }, [api, name, savedEtag]);
  return (
    <section className="versions" aria-labelledby="versions-title">
      <h3 id="versions-title">Versions of {name}</h3>
      <button type="button" className="link" aria-label="Close versions" onClick={onClose}>
        ✕
      </button>
      {error ? <p role="alert" className="error-text">{error}</p> : null}
      {!versions && !error ? <p aria-busy="true">Loading…</p> : null}
      <ol>
        {(versions ?? []).map((v) => (
          <li key={v.version}>
            <strong>v{v.version}</strong> {v.operation}
            {v.restoredFrom ? ` (from v${v.restoredFrom})` : ''} · {new Date(v.at).toLocaleString()} {v.by ? `· ${v.by}` : ''}{' '}
            {v.operation !== 'delete' ? (
              <button
                type="button"
                className="link"
                aria-label={`Open version ${v.version} in the editor`}
                onClick={() => {
                  void api?.version<PipelineDoc>('pipelines', name, v.version).then((doc) => {
                    if (doc) onOpen(doc, v.version);
                  }, (e: unknown) => setError((e as Error).message));
                }}
              >
                Open
              </button>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
