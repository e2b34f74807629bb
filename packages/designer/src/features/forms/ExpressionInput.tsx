/**
 * ADF's dynamic-content editor, inline: a text area with completion (functions, parameters, variables,
 * upstream outputs, item()), the engine parser's syntax error under it with its position, and a preview
 * through POST /api/expressions/evaluate. Keyboard: Ctrl+Space opens completion, arrows move, Enter or
 * Tab inserts, Escape closes.
 */
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../api/client.js';
import { useApi } from '../../api/context.js';
import { checkSyntax, completionsAt, type Completion, type CompletionSource } from './expression-completion.js';

/** Props of {@link ExpressionInput}. */
export interface ExpressionInputProps {
  id: string;
  value: string;
  onChange(value: string): void;
  describedBy?: string | undefined;
  invalid?: boolean;
  completion?: CompletionSource | undefined;
}

const EMPTY: CompletionSource = { parameters: [], variables: [], activities: [], inForEach: false };

/** A dynamic-content text area with completion, syntax check and preview. */
export function ExpressionInput({ id, value, onChange, describedBy, invalid, completion }: ExpressionInputProps): ReactNode {
  const api = useApi();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [open, setOpen] = useState<{ from: number; items: Completion[] } | null>(null);
  const [active, setActive] = useState(0);
  const [preview, setPreview] = useState<{ ok: boolean; text: string } | null>(null);
  const syntax = useMemo(() => checkSyntax(value), [value]);
  const listId = `${id}-completions`;

  const refresh = (text: string, cursor: number, force: boolean): void => {
    const before = text.slice(0, cursor);
    if (!force && !/[A-Za-z_]$/.test(before)) {
      setOpen(null);
      return;
    }
    const result = completionsAt(text, cursor, completion ?? EMPTY);
    setOpen(result.items.length ? result : null);
    setActive(0);
  };

  const insert = (c: Completion): void => {
    const el = ref.current;
    const cursor = el?.selectionStart ?? value.length;
    const from = open?.from ?? cursor;
    let prefix = value.slice(0, from);
    if (prefix === '' && !value.startsWith('@')) prefix = '@';
    const next = `${prefix}${c.insert}${value.slice(cursor)}`;
    onChange(next);
    setOpen(null);
    requestAnimationFrame(() => {
      const pos = prefix.length + c.insert.length;
      el?.setSelectionRange(pos, pos);
      el?.focus();
    });
  };

  const runPreview = async (): Promise<void> => {
    if (!api) return;
    try {
      const r = await api.evaluate(value, completion?.sampleContext ?? {});
      setPreview({ ok: true, text: `${JSON.stringify(r.value)}${r.type ? ` (${r.type})` : ''}` });
    } catch (e) {
      setPreview({ ok: false, text: e instanceof ApiError ? `${e.code}: ${e.message}` : String(e) });
    }
  };

  return (
    <div className="expression-input">
      <textarea
        ref={ref}
        id={id}
        className="code"
        rows={2}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open !== null}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        aria-describedby={[describedBy, syntax ? `${id}-syntax` : ''].filter(Boolean).join(' ') || undefined}
        aria-invalid={invalid || syntax ? true : undefined}
        placeholder="@pipeline().parameters.name"
        value={value}
        spellCheck={false}
        onChange={(e) => {
          onChange(e.target.value);
          setPreview(null);
          refresh(e.target.value, e.target.selectionStart, false);
        }}
        onBlur={() => setTimeout(() => setOpen(null), 150)}
        onKeyDown={(e) => {
          if (e.key === ' ' && e.ctrlKey) {
            e.preventDefault();
            refresh(value, e.currentTarget.selectionStart, true);
            return;
          }
          if (!open) return;
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, open.items.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter' || e.key === 'Tab') {
            const c = open.items[active];
            if (c) {
              e.preventDefault();
              insert(c);
            }
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            setOpen(null);
          }
        }}
      />
      {open ? (
        <ul id={listId} role="listbox" className="completions" aria-label="Completions">
          {open.items.map((c, i) => (
            <li
              key={`${c.kind}:${c.label}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                insert(c);
              }}
            >
              <span className={`completion-kind kind-${c.kind}`}>{c.kind}</span> <code>{c.label}</code> <span className="muted">{c.detail}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {syntax ? (
        <p id={`${id}-syntax`} className="field-problems" role="alert">
          {syntax.code} at position {syntax.position}: {syntax.message}
        </p>
      ) : null}
      <div className="expression-tools">
        {api ? (
          <button type="button" className="link" onClick={() => void runPreview()} disabled={!value || !!syntax}>
            Preview value
          </button>
        ) : null}
        {preview ? <output className={preview.ok ? 'preview-ok' : 'preview-error'}>{preview.text}</output> : null}
      </div>
    </div>
  );
}
