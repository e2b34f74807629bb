/**
 * Notices above and below the canvas: the save-conflict choice (someone saved first: overwrite, or load
 * theirs) and the list of validation problems.
 */
import type { ReactNode } from 'react';
import type { Problem } from '../../model/types.js';

/** Props of {@link ConflictBanner}. */
export interface ConflictBannerProps {
  name: string;
  onOverwrite(): void;
  onLoadTheirs(): void;
  onLater(): void;
}

/** The choice offered after a 412 on save. */
export function ConflictBanner({ name, onOverwrite, onLoadTheirs, onLater }: ConflictBannerProps): ReactNode {
  return (
    <div className="conflict" role="alertdialog" aria-labelledby="conflict-title" aria-describedby="conflict-text">
      <h3 id="conflict-title">Someone else saved {name}</h3>
      <p id="conflict-text">The stored pipeline changed after you opened it. Keep your version (overwrite theirs), or discard your changes and load theirs.</p>
      <button type="button" onClick={onOverwrite}>
        Overwrite with my version
      </button>
      <button type="button" onClick={onLoadTheirs}>
        Discard mine and load theirs
      </button>
      <button type="button" onClick={onLater}>
        Decide later
      </button>
    </div>
  );
}

/** The validation problems of the document; choosing one shows its activity. */
export function ProblemList({ problems, onGo }: { problems: Problem[]; onGo(p: Problem): void }): ReactNode {
  return (
    <section className="problems" aria-label="Validation problems">
      <h3>Problems ({problems.length})</h3>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            <button type="button" className="link" onClick={() => onGo(p)}>
              <span className={`badge badge-${p.severity === 'warning' ? 'warning' : 'error'}`}>{p.code}</span> <code>{p.pointer}</code> {p.message}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
