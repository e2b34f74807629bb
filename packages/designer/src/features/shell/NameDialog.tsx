/**
 * Asks for the name of a new resource, with ADF's naming rule checked before anything is created.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';

/** Props of {@link NameDialog}. */
export interface NameDialogProps {
  title: string;
  taken: string[];
  onOk(name: string): void;
  onCancel(): void;
}

/** Checks a resource name: ADF's characters, not taken (case-insensitive). Returns the problem or undefined. */
export function nameProblem(name: string, taken: readonly string[]): string | undefined {
  if (!name.trim()) return 'A name is required.';
  if (!/^[A-Za-z0-9_][A-Za-z0-9_ .-]*$/.test(name)) return 'Use letters, digits, spaces, _, - and . (starting with a letter, digit or _).';
  if (taken.some((t) => t.toLowerCase() === name.toLowerCase())) return `${name} already exists.`;
  return undefined;
}

/** The modal name prompt. */
export function NameDialog({ title, taken, onOk, onCancel }: NameDialogProps): ReactNode {
  const ref = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal?.();
  }, []);
  const problem = nameProblem(name, taken);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="name-dialog-title" onCancel={onCancel}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (!problem) onOk(name.trim());
        }}
      >
        <h2 id="name-dialog-title">{title}</h2>
        <div className="field">
          <label htmlFor="new-name">Name</label>
          <input id="new-name" autoFocus value={name} onChange={(e) => setName(e.target.value)} aria-invalid={touched && problem ? true : undefined} aria-describedby="new-name-problem" />
          <p id="new-name-problem" className="field-problems" role={touched && problem ? 'alert' : undefined}>
            {touched ? problem : ''}
          </p>
        </div>
        <div className="dialog-actions">
          <button type="submit">Create</button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
