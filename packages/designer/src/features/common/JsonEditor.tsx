/**
 * A document's JSON, editable and kept in step with the editor both ways: text that parses into a
 * document replaces the editor's document, and a change made elsewhere (form, canvas, undo) rewrites the
 * text. Text that does not parse stays as typed, with the parser's message, and changes nothing. Every
 * editor's JSON view is this one component, each with its own parser.
 */
import { useState, type ReactNode } from 'react';

/** What a parser says of a text: the document, or why it is not one. */
export interface ParseResult<D> {
  doc?: D;
  error?: string;
}

/** Props of {@link JsonEditor}. */
export interface JsonEditorProps<D> {
  /** The textarea's id; the error paragraph is `${id}-error`. */
  id: string;
  label: string;
  doc: D;
  parse(text: string): ParseResult<D>;
  onChange(doc: D): void;
}

const pretty = (doc: unknown): string => JSON.stringify(doc, null, 2);

/** The labelled textarea and, while the text is not a document, the reason. */
export function JsonEditor<D>({ id, label, doc, parse, onChange }: JsonEditorProps<D>): ReactNode {
  const [text, setText] = useState(() => pretty(doc));
  const [error, setError] = useState<string | undefined>();
  // A document changed elsewhere rewrites the text, unless the text already says the same (keeps the
  // user's own layout while they type).
  const [shown, setShown] = useState(doc);
  if (shown !== doc) {
    setShown(doc);
    const parsed = parse(text).doc;
    if (!parsed || JSON.stringify(parsed) !== JSON.stringify(doc)) {
      setText(pretty(doc));
      setError(undefined);
    }
  }
  return (
    <div className="json-view">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="code"
        spellCheck={false}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          const r = parse(e.target.value);
          setError(r.error);
          if (r.doc && JSON.stringify(r.doc) !== JSON.stringify(doc)) onChange(r.doc);
        }}
      />
      {error ? (
        <p id={`${id}-error`} className="field-problems" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
