/**
 * The rows of the global parameters page, as ADF Studio's Manage › Global parameters table: name, type (a
 * select) and a value input that suits the type (text, a number field, true/false, JSON text for Array and
 * Object), with add, remove and rename. Every input is labelled with its row, and a field's problems (the
 * server's, or a name the page cannot save) are listed under it and named by `aria-describedby`.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { Problem } from '../../model/types.js';
import { FieldProblems } from '../common/FieldProblems.js';
import { canonicalType, GLOBAL_TYPES, newRow, placeOf, withText, withType, type GlobalRow, type GlobalType, type ProblemPlace } from './globals-model.js';

/** Props of {@link GlobalParametersTable}. */
export interface GlobalParametersTableProps {
  rows: readonly GlobalRow[];
  onChange(rows: GlobalRow[]): void;
  /** Problems answered by the server, placed on their field by pointer. */
  problems: readonly Problem[];
  /** Names the page cannot save, by row key (see `nameProblems`). */
  names: ReadonlyMap<number, string>;
}

type Field = ProblemPlace['field'];

/** The table, its "+ New global parameter" button, and the focus kept on the row being worked on. */
export function GlobalParametersTable({ rows, onChange, problems, names }: GlobalParametersTableProps): ReactNode {
  const id = useId();
  const addRef = useRef<HTMLButtonElement>(null);
  const [focus, setFocus] = useState<number | 'add' | null>(null);
  useEffect(() => {
    if (focus === null) return;
    if (focus === 'add') addRef.current?.focus();
    else {
      const input = document.getElementById(`${id}-${focus}-name`) as HTMLInputElement | null;
      input?.focus();
      input?.select();
    }
    setFocus(null);
  }, [focus, id]);

  const fieldId = (row: GlobalRow, field: Field): string => `${id}-${row.key}-${field}`;
  const problemsOf = (row: GlobalRow, field: Field): Array<Pick<Problem, 'code' | 'message'>> => {
    const server = problems.filter((p) => {
      const place = placeOf(p);
      return place?.name === row.name && place.field === field;
    });
    const local = field === 'name' ? names.get(row.key) : undefined;
    return local ? [{ code: 'NAME', message: local }, ...server] : server;
  };
  const a11y = (row: GlobalRow, field: Field): { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string } => {
    const has = problemsOf(row, field).length > 0;
    return { id: fieldId(row, field), ...(has ? { 'aria-invalid': true, 'aria-describedby': `${fieldId(row, field)}-problems` } : {}) };
  };
  const problemList = (row: GlobalRow, field: Field): ReactNode => <FieldProblems id={`${fieldId(row, field)}-problems`} problems={problemsOf(row, field)} />;
  const update = (key: number, change: (row: GlobalRow) => GlobalRow): void => onChange(rows.map((r) => (r.key === key ? change(r) : r)));

  return (
    <div className="globals-table">
      {rows.length ? (
        <table aria-label="Global parameters">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Value</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              // A row is named by its name once that is a good one, by its position before.
              const what = names.has(row.key) ? String(i + 1) : row.name;
              const type = canonicalType(row.type);
              return (
                <tr key={row.key} className={problemsOf(row, 'name').length + problemsOf(row, 'type').length + problemsOf(row, 'value').length ? 'row-invalid' : undefined}>
                  <td>
                    <input {...a11y(row, 'name')} aria-label={`Global parameter ${i + 1} name`} value={row.name} spellCheck={false} autoComplete="off" onChange={(e) => update(row.key, (r) => ({ ...r, name: e.target.value.trim() }))} />
                    {problemList(row, 'name')}
                  </td>
                  <td>
                    <select {...a11y(row, 'type')} aria-label={`Global parameter ${what} type`} value={type ?? row.type} onChange={(e) => update(row.key, (r) => withType(r, e.target.value as GlobalType))}>
                      {type ? null : <option value={row.type}>{row.type}</option>}
                      {GLOBAL_TYPES.map((t) => (
                        <option key={t}>{t}</option>
                      ))}
                    </select>
                    {problemList(row, 'type')}
                  </td>
                  <td>
                    <ValueInput row={row} label={`Global parameter ${what} value`} attributes={a11y(row, 'value')} onChange={(text) => update(row.key, (r) => withText(r, text))} />
                    {problemList(row, 'value')}
                  </td>
                  <td>
                    <button
                      type="button"
                      aria-label={`Remove global parameter ${what}`}
                      onClick={() => {
                        onChange(rows.filter((r) => r.key !== row.key));
                        setFocus('add');
                      }}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted">No global parameters yet.</p>
      )}
      <button
        ref={addRef}
        type="button"
        onClick={() => {
          const key = rows.reduce((m, r) => Math.max(m, r.key), -1) + 1;
          onChange([...rows, newRow(rows, key)]);
          setFocus(key);
        }}
      >
        + New global parameter
      </button>
    </div>
  );
}

interface ValueInputProps {
  row: GlobalRow;
  label: string;
  attributes: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string };
  onChange(text: string): void;
}

/** The value's input for the row's type: true/false for Bool, JSON text for Array and Object, text otherwise. */
function ValueInput({ row, label, attributes, onChange }: ValueInputProps): ReactNode {
  const type = canonicalType(row.type);
  if (type === 'Bool') {
    return (
      <select {...attributes} aria-label={label} value={row.text} onChange={(e) => onChange(e.target.value)}>
        {row.text === 'true' || row.text === 'false' ? null : <option value={row.text}>{row.text}</option>}
        <option>true</option>
        <option>false</option>
      </select>
    );
  }
  if (type === 'Array' || type === 'Object') {
    return (
      <textarea
        {...attributes}
        aria-label={label}
        className="code"
        spellCheck={false}
        rows={Math.min(8, Math.max(2, row.text.split('\n').length))}
        placeholder={type === 'Array' ? '["a", "b"]' : '{"key": "value"}'}
        value={row.text}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <input
      {...attributes}
      aria-label={label}
      value={row.text}
      spellCheck={false}
      autoComplete="off"
      {...(type === 'Int' ? { inputMode: 'numeric' as const } : type === 'Float' ? { inputMode: 'decimal' as const } : {})}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
