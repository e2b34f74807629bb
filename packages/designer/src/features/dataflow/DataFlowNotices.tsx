/**
 * Notices of the data-flow editor: the save-conflict choice (someone saved first: overwrite, or load
 * theirs) and the list of problems, each naming its step and leading to it.
 */
import type { ReactNode } from 'react';
import type { Problem } from '../../model/types.js';

/** The choice offered after a 412 on save. */
export function DataFlowConflict({ name, onOverwrite, onLoadTheirs, onLater }: { name: string; onOverwrite(): void; onLoadTheirs(): void; onLater(): void }): ReactNode {
  return (
    <div className="conflict" role="alertdialog" aria-labelledby="df-conflict-title" aria-describedby="df-conflict-text">
      <h3 id="df-conflict-title">Someone else saved {name}</h3>
      <p id="df-conflict-text">The stored data flow changed after you opened it. Keep your version (overwrite theirs), or discard your changes and load theirs.</p>
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

/** The problems; choosing one selects the step it points into. */
export function DataFlowProblems({ problems, stepOf, onGo }: { problems: Problem[]; stepOf(p: Problem): string | undefined; onGo(step: string): void }): ReactNode {
  return (
    <section className="problems" aria-label="Validation problems">
      <h3>Problems ({problems.length})</h3>
      <ul>
        {problems.map((p, i) => {
          const step = stepOf(p);
          const text = (
            <>
              <span className={`badge badge-${p.severity === 'warning' ? 'warning' : 'error'}`}>{p.code}</span> {step ? <strong>{step}</strong> : null} <code>{p.pointer}</code> {p.message}
            </>
          );
          return (
            <li key={i}>
              {step ? (
                <button type="button" className="link" onClick={() => onGo(step)}>
                  {text}
                </button>
              ) : (
                text
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
