/**
 * The prompt for a run's parameters (Debug, Trigger now): one field per declared parameter, prefilled
 * with its default; non-string types are typed as JSON.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { TypedValueSpec } from '../../model/types.js';

/** Props of {@link ParametersDialog}. */
export interface ParametersDialogProps {
  parameters: Record<string, TypedValueSpec>;
  onRun(values: Record<string, unknown>): void;
  onCancel(): void;
}

/** A modal dialog asking for parameter values. */
export function ParametersDialog({ parameters, onRun, onCancel }: ParametersDialogProps): ReactNode {
  const ref = useRef<HTMLDialogElement>(null);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, v.defaultValue === undefined ? '' : typeof v.defaultValue === 'string' ? v.defaultValue : JSON.stringify(v.defaultValue)])),
  );
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal?.();
  }, []);
  const submit = (): void => {
    const out: Record<string, unknown> = {};
    for (const [k, spec] of Object.entries(parameters)) {
      const text = values[k] ?? '';
      if (text === '' && spec.defaultValue === undefined) continue;
      if (/^(string|securestring)$/i.test(spec.type)) out[k] = text;
      else {
        try {
          out[k] = JSON.parse(text);
        } catch {
          setError(`${k}: a ${spec.type} value is written as JSON.`);
          return;
        }
      }
    }
    onRun(out);
  };
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="params-title" onCancel={onCancel}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2 id="params-title">Pipeline run parameters</h2>
        {Object.entries(parameters).map(([k, spec]) => (
          <div className="field" key={k}>
            <label htmlFor={`param-${k}`}>
              {k} <span className="muted">({spec.type})</span>
            </label>
            <input id={`param-${k}`} value={values[k] ?? ''} onChange={(e) => setValues({ ...values, [k]: e.target.value })} />
          </div>
        ))}
        {error ? <p role="alert" className="field-problems">{error}</p> : null}
        <div className="dialog-actions">
          <button type="submit">OK</button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
