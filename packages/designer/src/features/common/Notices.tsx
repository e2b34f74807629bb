/**
 * The notices every document editor shows above or below its work area: the one-line message after an
 * action, the save-conflict choice after a 412, and the list of validation problems. They live here, once,
 * so the pipeline, data-flow, trigger and resource editors cannot drift apart in wording or in the roles
 * and names that assistive technology (and the end-to-end tests) find them by.
 */
import { useId, type ReactNode } from 'react';
import type { Problem } from '../../model/types.js';

/** What an editor says after an action: errors are alerts, the rest polite status messages. */
export interface Message {
  kind: 'info' | 'error' | 'success';
  text: string;
}

/** Props of {@link MessageBanner}. */
export interface MessageBannerProps {
  message: Message | null;
  /** When given, the banner has a "Dismiss message" button that calls it. */
  onDismiss?: (() => void) | undefined;
}

/**
 * The message line. An error is announced at once (`role="alert"`), anything else politely
 * (`role="status"`); the kind is also its class, so colour is never the only signal (the text says it).
 */
export function MessageBanner({ message, onDismiss }: MessageBannerProps): ReactNode {
  if (!message) return null;
  return (
    <div className={`message message-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
      {message.text}
      {onDismiss ? (
        <button type="button" className="link" aria-label="Dismiss message" onClick={onDismiss}>
          ✕
        </button>
      ) : null}
    </div>
  );
}

/** Props of {@link ConflictBanner}. */
export interface ConflictBannerProps {
  /** The document's name, in the dialog's title ("Someone else saved {name}"). */
  name: string;
  /** What the document is, in words ("pipeline", "data flow"). */
  noun: string;
  onOverwrite(): void;
  onLoadTheirs(): void;
  onLater(): void;
}

/**
 * The choice offered after a 412 on save: keep mine (overwrite theirs), load theirs, or decide later.
 * An `alertdialog` named by its title, so it is announced and can be found by that name.
 */
export function ConflictBanner({ name, noun, onOverwrite, onLoadTheirs, onLater }: ConflictBannerProps): ReactNode {
  const id = useId();
  return (
    <div className="conflict" role="alertdialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-text`}>
      <h3 id={`${id}-title`}>Someone else saved {name}</h3>
      <p id={`${id}-text`}>The stored {noun} changed after you opened it. Keep your version (overwrite theirs), or discard your changes and load theirs.</p>
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

/** Props of {@link ProblemList}. */
export interface ProblemListProps {
  problems: readonly Problem[];
  /** Shows where a problem is (selects its activity or step); `place` is what {@link placeOf} named. */
  onGo(problem: Problem, place: string | undefined): void;
  /**
   * Names the place a problem points into (a step), shown in bold. When given, only problems with a place
   * lead somewhere; without it, every problem is a link.
   */
  placeOf?: ((problem: Problem) => string | undefined) | undefined;
}

/** The document's problems under the canvas, as a region with a count; choosing one shows where it is. */
export function ProblemList({ problems, onGo, placeOf }: ProblemListProps): ReactNode {
  return (
    <section className="problems" aria-label="Validation problems">
      <h3>Problems ({problems.length})</h3>
      <ul>
        {problems.map((p, i) => {
          const place = placeOf ? placeOf(p) : undefined;
          const text = (
            <>
              <span className={`badge badge-${p.severity === 'warning' ? 'warning' : 'error'}`}>{p.code}</span>
              {placeOf ? <> {place ? <strong>{place}</strong> : null}</> : null} <code>{p.pointer}</code> {p.message}
            </>
          );
          return (
            <li key={i}>
              {placeOf && !place ? (
                text
              ) : (
                <button type="button" className="link" onClick={() => onGo(p, place)}>
                  {text}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * The problems of a form editor (trigger, dataset, linked service) as a plain named list: each problem is
 * also shown on its field by the form, so the list needs no links.
 */
export function FormProblemList({ problems }: { problems: readonly Problem[] }): ReactNode {
  if (!problems.length) return null;
  return (
    <ul className="problems" aria-label="Validation problems">
      {problems.map((p, i) => (
        <li key={i}>
          <span className="badge badge-error">{p.code}</span> <code>{p.pointer}</code> {p.message}
        </li>
      ))}
    </ul>
  );
}
