/**
 * Editor of a pipeline's parameters or variables: rows of name, type and default value, as ADF Studio's
 * Parameters and Variables tabs. Defaults of non-string types are typed as JSON (`[1,2]`, `true`).
 */
import { useState, type ReactNode } from 'react';
import type { TypedValueSpec } from '../../model/types.js';

/** Props of {@link TypedValuesEditor}. */
export interface TypedValuesEditorProps {
  what: 'Parameter' | 'Variable';
  types: readonly string[];
  value: Record<string, TypedValueSpec>;
  onChange(value: Record<string, TypedValueSpec>): void;
}

function formatDefault(spec: TypedValueSpec): string {
  if (spec.defaultValue === undefined) return '';
  return typeof spec.defaultValue === 'string' ? spec.defaultValue : JSON.stringify(spec.defaultValue);
}

function parseDefault(type: string, text: string): unknown {
  if (text === '') return undefined;
  if (/^(string|securestring)$/i.test(type)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The rows editor. */
export function TypedValuesEditor({ what, types, value, onChange }: TypedValuesEditorProps): ReactNode {
  const entries = Object.entries(value);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const rename = (from: string, to: string): void => {
    if (!to || (to !== from && to in value)) return;
    onChange(Object.fromEntries(entries.map(([k, v]) => [k === from ? to : k, v])));
  };
  const set = (name: string, spec: TypedValueSpec): void => onChange(Object.fromEntries(entries.map(([k, v]) => [k, k === name ? spec : v])));
  const lower = what.toLowerCase();
  return (
    <div className="typed-values">
      {entries.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Default value</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map(([name, spec], i) => (
              <tr key={i}>
                <td>
                  <input
                    aria-label={`${what} ${i + 1} name`}
                    value={drafts[`n${i}`] ?? name}
                    onChange={(e) => setDrafts({ ...drafts, [`n${i}`]: e.target.value })}
                    onBlur={(e) => {
                      rename(name, e.target.value.trim());
                      const { [`n${i}`]: _drop, ...rest } = drafts;
                      setDrafts(rest);
                    }}
                  />
                </td>
                <td>
                  <select aria-label={`${what} ${name} type`} value={types.find((t) => t.toLowerCase() === spec.type.toLowerCase()) ?? spec.type} onChange={(e) => set(name, { ...spec, type: e.target.value })}>
                    {[...new Set([...types, spec.type])].map((t) => (
                      <option key={t}>{t}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    aria-label={`${what} ${name} default value`}
                    value={formatDefault(spec)}
                    onChange={(e) => {
                      const d = parseDefault(spec.type, e.target.value);
                      const { defaultValue: _old, ...rest } = spec;
                      set(name, d === undefined ? rest : { ...rest, defaultValue: d });
                    }}
                  />
                </td>
                <td>
                  <button type="button" aria-label={`Delete ${lower} ${name}`} onClick={() => onChange(Object.fromEntries(entries.filter(([k]) => k !== name)))}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No {lower}s.</p>
      )}
      <button
        type="button"
        onClick={() => {
          let n = entries.length + 1;
          while (`${lower}${n}` in value) n += 1;
          onChange({ ...value, [`${lower}${n}`]: { type: types[0] ?? 'String' } });
        }}
      >
        + New {lower}
      </button>
    </div>
  );
}
