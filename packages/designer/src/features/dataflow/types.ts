/**
 * The slice of a Sluice data flow the designer edits, and the API's answers about data flows (the step
 * catalog, a preview). Kept loose and local, as for pipelines: every document type carries an index
 * signature so keys the designer does not know survive a load → edit → save cycle.
 */
import type { Schema, TypedValueSpec, UiHint } from '../../model/types.js';

/** A step: name, type, inputs, and its type's settings as sibling keys (`condition`, `dataset` …). */
export interface StepDoc {
  name: string;
  type: string;
  description?: string;
  /** Step names, or `step.output` for a named output (`check.rejected`). */
  inputs?: string[];
  [setting: string]: unknown;
}

/** `properties.typeProperties` of a SluiceDataFlow. */
export interface DataFlowTypeProperties {
  parameters?: Record<string, TypedValueSpec>;
  steps?: StepDoc[];
  [key: string]: unknown;
}

/** A data flow document in ADF's envelope. */
export interface DataFlowDoc {
  name: string;
  properties: {
    type: string;
    description?: string;
    typeProperties: DataFlowTypeProperties;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** An entry of `GET /api/dataflow-step-types`. */
export interface StepTypeInfo {
  type: string;
  title: string;
  category: string;
  description: string;
  /** Inputs a step takes; `max` null when unbounded. */
  inputs: { min: number; max: number | null };
  /** Outputs besides the main one (`rejected`). */
  namedOutputs: string[];
  /** The settings name further outputs: each `outputs[].name`, and `defaultOutput` (default `default`). */
  outputsFromSettings: boolean;
  /** JSON Schema of the step's settings. */
  settings: Schema;
  uiHints?: Record<string, UiHint>;
}

/** One output of a step in a preview: DuckDB's column names and types, and the rows. */
export interface OutputPreview {
  columns: string[];
  types: string[];
  rows: Array<Record<string, unknown>>;
}

/** One step of a preview: its exact row count, and its outputs by reference (`step`, `step.rejected`). */
export interface StepPreview {
  name: string;
  type: string;
  rows: number;
  outputs: Record<string, OutputPreview>;
}

/** The answer of `POST /api/dataflows/{name}/preview`. */
export interface DataFlowPreview {
  dataflow?: string;
  rowsPerSource?: number;
  durationMs?: number;
  steps: StepPreview[];
}

/** Data flow parameter types (`docs/dataflows.md`), for the parameters editor. */
export const PARAMETER_TYPES: readonly string[] = ['string', 'int', 'float', 'bool', 'date', 'timestamp'];
