/**
 * The pipeline's JSON, editable and kept in sync both ways: canvas edits rewrite the text, and text that
 * parses into a pipeline replaces the document (one undo step). Text that does not parse stays as typed,
 * with the parser's message, and changes nothing.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { PipelineDoc } from '../../model/types.js';

/** Props of {@link JsonView}. */
export interface JsonViewProps {
  doc: PipelineDoc;
  onChange(doc: PipelineDoc): void;
}

function parsePipeline(text: string): { doc?: PipelineDoc; error?: string } {
  try {
    const value = JSON.parse(text) as unknown;
    const v = value as Partial<PipelineDoc> | null;
    if (!v || typeof v !== 'object' || typeof v.properties !== 'object' || v.properties === null || !Array.isArray(v.properties.activities)) {
      return { error: 'A pipeline is {"name", "properties": {"activities": […]}}.' };
    }
    return { doc: v as PipelineDoc };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The JSON editor of a pipeline. */
export function JsonView({ doc, onChange }: JsonViewProps): ReactNode {
  const [text, setText] = useState(() => JSON.stringify(doc, null, 2));
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    setText((current) => {
      const parsed = parsePipeline(current).doc;
      return parsed && JSON.stringify(parsed) === JSON.stringify(doc) ? current : JSON.stringify(doc, null, 2);
    });
  }, [doc]);
  return (
    <div className="json-view">
      <label htmlFor="pipeline-json">Pipeline JSON</label>
      <textarea
        id="pipeline-json"
        className="code"
        spellCheck={false}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'pipeline-json-error' : undefined}
        onChange={(e) => {
          setText(e.target.value);
          const r = parsePipeline(e.target.value);
          setError(r.error);
          if (r.doc && JSON.stringify(r.doc) !== JSON.stringify(doc)) onChange(r.doc);
        }}
      />
      {error ? (
        <p id="pipeline-json-error" className="field-problems" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
