/**
 * The TypeScript shape of a Sluice data flow (what {@link sluiceDataFlowSchema} checks). Written out by
 * hand rather than inferred: the schema's per-type `if/then` is too deep for `FromSchema`.
 */

/** A dataset reference inside a source or sink step. */
export interface StepDatasetReference {
  referenceName: string;
  type?: 'DatasetReference';
  parameters?: Record<string, unknown>;
}

/** One ordering term. */
export interface OrderTerm {
  column?: string;
  expression?: string;
  direction?: 'asc' | 'desc';
  nulls?: 'first' | 'last';
}

/** A join key: the same column name on both sides, or a pair. */
export type JoinKey = string | { left: string; right: string };

/** A step: its name, type, inputs, and the settings of its type (see the schema per type). */
export interface DataFlowStep {
  name: string;
  type: string;
  description?: string;
  inputs?: string[];
  [setting: string]: unknown;
}

/** A declared data flow parameter. */
export interface DataFlowParameter {
  type: string;
  defaultValue?: unknown;
  description?: string;
}

/** `properties.typeProperties` of a SluiceDataFlow. */
export interface SluiceDataFlowProperties {
  parameters?: Record<string, DataFlowParameter>;
  steps: DataFlowStep[];
}

/** A data flow document (`dataflow/<name>.json`). */
export interface SluiceDataFlowDocument {
  name: string;
  properties: {
    type: string;
    description?: string;
    typeProperties: Record<string, unknown>;
    [key: string]: unknown;
  };
}
