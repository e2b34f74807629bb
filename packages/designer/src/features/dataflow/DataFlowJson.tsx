/**
 * The data flow's JSON, editable and kept in sync both ways: canvas edits rewrite the text, and text that
 * parses into a data flow replaces the document (one undo step). Text that does not parse stays as
 * typed, with the parser's message, and changes nothing.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { DataFlowDoc } from './types.js';

/** Parses the text of a data flow document, or says why it is not one. */
export function parseDataFlow(text: string): { doc?: DataFlowDoc; error?: string } {
  try {
    const v = JSON.parse(text) as Partial<DataFlowDoc> | null;
    if (!v || typeof v !== 'object' || typeof v.properties !== 'object' || v.properties === null || typeof v.properties.typeProperties !== 'object' || v.properties.typeProperties === null) {
      return { error: 'A data flow is {"name", "properties": {"type", "typeProperties": {"steps": […]}}}.' };
    }
    const steps = v.properties.typeProperties.steps;
    if (steps !== undefined && (!Array.isArray(steps) || steps.some((s) => !s || typeof s.name !== 'string' || typeof s.type !== 'string'))) {
      return { error: '"steps" is a list of {"name", "type", …} objects.' };
    }
    return { doc: v as DataFlowDoc };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The JSON editor. */
export function DataFlowJson({ doc, onChange }: { doc: DataFlowDoc; onChange(doc: DataFlowDoc): void }): ReactNode {
  const [text, setText] = useState(() => JSON.stringify(doc, null, 2));
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    setText((current) => {
      const parsed = parseDataFlow(current).doc;
      return parsed && JSON.stringify(parsed) === JSON.stringify(doc) ? current : JSON.stringify(doc, null, 2);
    });
  }, [doc]);
  return (
    <div className="json-view">
      <label htmlFor="dataflow-json">Data flow JSON</label>
      <textarea
        id="dataflow-json"
        className="code"
        spellCheck={false}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'dataflow-json-error' : undefined}
        onChange={(e) => {
          setText(e.target.value);
          const r = parseDataFlow(e.target.value);
          setError(r.error);
          if (r.doc && JSON.stringify(r.doc) !== JSON.stringify(doc)) onChange(r.doc);
        }}
      />
      {error ? (
        <p id="dataflow-json-error" className="field-problems" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
