/**
 * The read-only "next fire times" panel of the trigger editor: a schedule's next times in its time zone and
 * in UTC, a tumbling-window trigger's backfill and next windows, and the parameters the first run would get.
 * Computed in the browser by the engine's trigger arithmetic (see trigger-preview.ts).
 */
import type { ReactNode } from 'react';
import type { FirePreview as Preview } from './trigger-preview.js';

/** Props of {@link FirePreview}. */
export interface FirePreviewProps {
  preview: Preview;
  /** Per pipeline: its first run's parameters, or why they cannot be evaluated. */
  parameters: Array<{ pipeline: string; parameters?: Record<string, unknown>; problem?: { code: string; message: string } }>;
}

const utc = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The preview panel. */
export function FirePreview({ preview, parameters }: FirePreviewProps): ReactNode {
  return (
    <section className="fire-preview" aria-labelledby="fire-preview-title">
      <h3 id="fire-preview-title">{preview.kind === 'windows' ? 'Windows' : preview.kind === 'schedule' ? 'Next fire times' : 'When it fires'}</h3>
      {preview.problem ? (
        <p role="alert" className="field-problems">
          <span className="badge badge-error">{preview.problem.code}</span> {preview.problem.message}
        </p>
      ) : null}
      {preview.kind === 'events' ? <p className="muted">On events, not on a clock: each firing is listed in Monitor → Trigger runs.</p> : null}
      {preview.kind === 'windows' && preview.backfill !== undefined && !preview.problem ? (
        <p data-testid="backfill">
          {preview.backfill === 0 ? 'No past window: nothing to backfill.' : `${preview.backfill} past window${preview.backfill === 1 ? '' : 's'} will backfill, oldest first, once the trigger is started.`}
        </p>
      ) : null}
      {preview.times.length ? (
        <ol aria-label={preview.kind === 'windows' ? 'Next windows' : 'Next fire times'} className="fire-times">
          {preview.times.map((t) => (
            <li key={t.at}>
              {t.window ? (
                <>
                  <time dateTime={utc(t.window.start)}>{utc(t.window.start)}</time> – <time dateTime={utc(t.window.end)}>{utc(t.window.end)}</time>
                  <span className="muted"> · runs at {utc(t.at)}</span>
                </>
              ) : (
                <>
                  <time dateTime={utc(t.at)}>{t.local}</time> <span className="muted">({preview.zone}) · {utc(t.at)}</span>
                </>
              )}
            </li>
          ))}
        </ol>
      ) : !preview.problem && preview.kind !== 'events' ? (
        <p className="muted">No further firing: the recurrence has ended.</p>
      ) : null}
      {parameters.some((p) => p.problem || Object.keys(p.parameters ?? {}).length) ? (
        <>
          <h4>First run&apos;s parameters</h4>
          <dl className="first-parameters">
            {parameters.map((p, i) =>
              p.problem ? (
                <div key={i}>
                  <dt>{p.pipeline || `Pipeline ${i + 1}`}</dt>
                  <dd className="field-problems">
                    <span className="badge badge-error">{p.problem.code}</span> {p.problem.message}
                  </dd>
                </div>
              ) : (
                Object.entries(p.parameters ?? {}).map(([k, v]) => (
                  <div key={`${i}:${k}`}>
                    <dt>
                      {p.pipeline}.{k}
                    </dt>
                    <dd>
                      <code>{JSON.stringify(v)}</code>
                    </dd>
                  </div>
                ))
              ),
            )}
          </dl>
        </>
      ) : null}
    </section>
  );
}
