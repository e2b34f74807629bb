/**
 * The data flow's JSON, editable and kept in sync both ways: canvas edits rewrite the text, and text that
 * parses into a data flow replaces the document (one undo step). Text that does not parse stays as
 * typed, with the parser's message, and changes nothing.
 */
import type { ReactNode } from 'react';
import { JsonEditor, type ParseResult } from '../common/JsonEditor.js';
import type { DataFlowDoc } from './types.js';

/** Parses the text of a data flow document, or says why it is not one. */
export function parseDataFlow(text: string): ParseResult<DataFlowDoc> {
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
  return <JsonEditor id="dataflow-json" label="Data flow JSON" doc={doc} parse={parseDataFlow} onChange={onChange} />;
}
