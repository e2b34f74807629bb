/**
 * The data preview of one step: the flow (as edited, unsaved) runs on the server on the first N rows of
 * each source (`POST /api/dataflows/{name}/preview`), and this step's outputs are shown as tables with
 * DuckDB's column types and the step's exact row count. One preview answers every step, so moving from
 * step to step needs no new run; an edit marks the answer stale.
 */
import { useId, type ReactNode } from 'react';
import type { TypedValueSpec } from '../../model/types.js';
import type { DataFlowPreview, OutputPreview } from './types.js';

/** Turns a parameter's typed text into the value the API expects (`int` → number, `bool` → boolean). */
export function parameterValue(type: string, text: string): unknown {
  const t = type.toLowerCase();
  if (/^(int|integer|float|double|number)$/.test(t) && text.trim() !== '' && !Number.isNaN(Number(text))) return Number(text);
  if (/^(bool|boolean)$/.test(t) && /^(true|false)$/i.test(text.trim())) return text.trim().toLowerCase() === 'true';
  return text;
}

/** How a cell is written: NULL for null, JSON for lists and structs, the text otherwise. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Props of {@link DataPreview}. */
export interface DataPreviewProps {
  step: string;
  preview: DataFlowPreview | null;
  /** The flow changed since the preview ran. */
  stale: boolean;
  busy: boolean;
  /** Why the last preview failed (its problems are also drawn on the steps and fields). */
  error: string | null;
  rows: number;
  onRowsChange(rows: number): void;
  parameters: Record<string, TypedValueSpec>;
  values: Record<string, string>;
  onValueChange(name: string, text: string): void;
  onRun(): void;
}

function OutputTable({ reference, output }: { reference: string; output: OutputPreview }): ReactNode {
  return (
    <table className="runs-table preview-table" aria-label={`Preview of ${reference}`}>
      <caption>
        <code>{reference}</code> — {output.rows.length} row{output.rows.length === 1 ? '' : 's'} shown
      </caption>
      <thead>
        <tr>
          {output.columns.map((c, i) => (
            <th key={c} scope="col">
              <span className="col-name">{c}</span> <span className="col-type">{output.types[i] ?? ''}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {output.rows.map((row, r) => (
          <tr key={r}>
            {output.columns.map((c) => {
              const v = row[c];
              return (
                <td key={c} className={v === null || v === undefined ? 'null' : undefined}>
                  {cellText(v)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The "Data preview" tab. */
export function DataPreview(props: DataPreviewProps): ReactNode {
  const { step, preview, stale, busy, error, rows, parameters } = props;
  const id = useId();
  const result = preview?.steps.find((s) => s.name.toLowerCase() === step.toLowerCase());
  const outputs = result ? Object.entries(result.outputs).sort(([a], [b]) => (a === result.name ? -1 : b === result.name ? 1 : a.localeCompare(b))) : [];
  return (
    <div className="data-preview" aria-busy={busy || undefined}>
      <div className="preview-controls">
        <div className="field field-inline">
          <label htmlFor={`${id}-rows`}>Rows per source</label>
          <input id={`${id}-rows`} type="number" min={1} max={1000} value={rows} onChange={(e) => props.onRowsChange(Math.min(1000, Math.max(1, Math.trunc(Number(e.target.value) || 1))))} />
        </div>
        {Object.entries(parameters).map(([name, spec]) => (
          <div className="field field-inline" key={name}>
            <label htmlFor={`${id}-p-${name}`}>
              ${name} <span className="muted">({spec.type})</span>
            </label>
            <input id={`${id}-p-${name}`} value={props.values[name] ?? ''} onChange={(e) => props.onValueChange(name, e.target.value)} />
          </div>
        ))}
        <button type="button" onClick={props.onRun} disabled={busy}>
          {preview ? 'Refresh preview' : 'Preview data'}
        </button>
      </div>
      {busy ? <p role="status">Running the data flow on the first {rows} rows of each source…</p> : null}
      {error && !busy ? (
        <p role="alert" className="error-text">
          Preview failed: {error}
        </p>
      ) : null}
      {stale && preview && !busy ? <p className="muted">The data flow changed after this preview: refresh to see the new data.</p> : null}
      {!preview && !busy && !error ? <p className="muted">Runs the data flow as edited (unsaved changes included) on the first rows of each source; no sink is written.</p> : null}
      {preview && !result && !busy ? <p className="muted">The last preview has no output for {step}.</p> : null}
      {result ? (
        <section aria-label={`Data preview of ${step}`}>
          <p className="preview-count" data-testid="preview-count">
            <strong>{result.rows}</strong> row{result.rows === 1 ? '' : 's'} out of {step}
            {preview?.rowsPerSource !== undefined ? <span className="muted"> (from the first {preview.rowsPerSource} rows of each source)</span> : null}
          </p>
          {outputs.length ? outputs.map(([ref, output]) => <OutputTable key={ref} reference={ref} output={output} />) : <p className="muted">A sink shows its count only: it writes nothing in a preview.</p>}
        </section>
      ) : null}
    </div>
  );
}
