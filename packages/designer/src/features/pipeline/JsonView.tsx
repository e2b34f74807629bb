/**
 * The pipeline's JSON, editable and kept in sync both ways: canvas edits rewrite the text, and text that
 * parses into a pipeline replaces the document (one undo step). Text that does not parse stays as typed,
 * with the parser's message, and changes nothing.
 */
import type { ReactNode } from 'react';
import type { PipelineDoc } from '../../model/types.js';
import { JsonEditor, type ParseResult } from '../common/JsonEditor.js';

/** Props of {@link JsonView}. */
export interface JsonViewProps {
  doc: PipelineDoc;
  onChange(doc: PipelineDoc): void;
}

function parsePipeline(text: string): ParseResult<PipelineDoc> {
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
  return <JsonEditor id="pipeline-json" label="Pipeline JSON" doc={doc} parse={parsePipeline} onChange={onChange} />;
}
