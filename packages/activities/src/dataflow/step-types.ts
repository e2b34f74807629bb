/**
 * The catalog of data-flow step types as the designer needs it: a title, a palette category, a
 * description, how many inputs a step takes, which named outputs it offers, and the JSON Schema of its
 * settings (with titles and help added, ajv-neutral annotations). Built from the same tables the checks
 * use (`stepSettingsSchema`, `stepInputRange`), so the editor's form and the runner cannot disagree.
 */
import type { JsonSchema } from '@sluice/engine';
import { namedOutputs, stepInputRange } from './graph.js';
import { STEP_TYPES, stepSettingsSchema } from './schema.js';

/** A UI hint for one settings field, by JSON pointer into the settings (`/condition`). */
export interface StepUiHint {
  readonly widget?: string;
  readonly order?: number;
  readonly help?: string;
  readonly placeholder?: string;
}

/** One step type, as `GET /api/dataflow-step-types` answers it. */
export interface DataFlowStepTypeInfo {
  /** The step's `type` in the document (`filter`). */
  readonly type: string;
  readonly title: string;
  /** Palette group, in ADF's data flow palette terms. */
  readonly category: string;
  readonly description: string;
  /** Inputs a step takes; `max` is null when unbounded (union, sql). */
  readonly inputs: { readonly min: number; readonly max: number | null };
  /** Outputs besides the main one, read as `step.output` (`rejected` of validate). */
  readonly namedOutputs: readonly string[];
  /** True when the settings name further outputs: each `outputs[].name`, and `defaultOutput` (default `default`). */
  readonly outputsFromSettings: boolean;
  /** JSON Schema of the step's settings (its keys besides name, type, inputs, description). */
  readonly settings: JsonSchema;
  readonly uiHints: Readonly<Record<string, StepUiHint>>;
}

const ABOUT: Readonly<Record<string, { title: string; category: string; description: string }>> = {
  source: { title: 'Source', category: 'Sources and sinks', description: 'Reads a dataset: DelimitedText, Json or Parquet files on any file store, or a database table.' },
  sink: { title: 'Sink', category: 'Sources and sinks', description: 'Writes its input to a dataset (overwrite or append).' },
  join: { title: 'Join', category: 'Multiple inputs/outputs', description: 'Joins two inputs (left, right) on keys or a condition.' },
  exists: { title: 'Exists', category: 'Multiple inputs/outputs', description: 'Keeps the left rows that have a match on the right.' },
  notExists: { title: 'Not exists', category: 'Multiple inputs/outputs', description: 'Keeps the left rows that have no match on the right.' },
  lookup: { title: 'Lookup', category: 'Multiple inputs/outputs', description: 'Adds the columns of the first (or last) matching right row to each left row.' },
  union: { title: 'Union', category: 'Multiple inputs/outputs', description: 'All rows of every input, matched by column name.' },
  conditionalSplit: { title: 'Conditional split', category: 'Multiple inputs/outputs', description: 'Sends each row to the first output whose condition holds, else to the default output.' },
  derive: { title: 'Derived column', category: 'Schema modifier', description: 'Adds columns, or replaces same-named ones, from SQL expressions.' },
  select: { title: 'Select', category: 'Schema modifier', description: 'Keeps, renames and orders columns, or drops some.' },
  cast: { title: 'Cast', category: 'Schema modifier', description: 'Converts columns to DuckDB types, optionally parsing text with a format.' },
  aggregate: { title: 'Aggregate', category: 'Schema modifier', description: 'Groups rows and computes aggregates.' },
  window: { title: 'Window', category: 'Schema modifier', description: 'Adds ranks, running totals, lag and lead over partitions.' },
  pivot: { title: 'Pivot', category: 'Schema modifier', description: 'One column per value of a pivot column.' },
  unpivot: { title: 'Unpivot', category: 'Schema modifier', description: 'Turns columns into rows of name and value.' },
  surrogateKey: { title: 'Surrogate key', category: 'Schema modifier', description: 'Numbers the rows.' },
  flatten: { title: 'Flatten', category: 'Formatters', description: 'One row per array element, or one column per struct field.' },
  filter: { title: 'Filter', category: 'Row modifier', description: 'Keeps the rows for which a SQL condition is true.' },
  sort: { title: 'Sort', category: 'Row modifier', description: 'Orders rows.' },
  dedupe: { title: 'Deduplicate', category: 'Row modifier', description: 'One row per key, the first or last by an ordering.' },
  validate: { title: 'Assert', category: 'Row modifier', description: 'Rows that pass every rule continue; the others go to the rejected output with their reasons.' },
  cleanse: { title: 'Cleanse', category: 'Row modifier', description: 'Trims, changes case, fills or drops nulls, replaces by pattern, standardizes dates.' },
  sql: { title: 'SQL', category: 'Custom', description: 'A SELECT over the step’s inputs, each visible as a table named like the input.' },
};

const HELP: Readonly<Record<string, string>> = {
  condition: 'DuckDB SQL over the input row, e.g. age > 30 AND country = \'FR\'. $name reads a parameter.',
  query: 'DuckDB SQL.',
  having: 'DuckDB SQL over the aggregated row.',
  dataset: 'The dataset to read or write.',
  orderBy: 'A JSON list of {column | expression, direction, nulls}.',
  fileName: 'One file with this name (default: a part file in the dataset’s folder).',
};

/** Help of settings edited as JSON (lists of objects), where the form cannot show the shape. */
const JSON_HELP: Readonly<Record<string, string>> = {
  columns: 'A JSON list; docs/dataflows.md gives this step’s shape.',
  keys: 'A JSON list of column names, or {"left", "right"} pairs.',
};

const SPECIFIC_HELP: Readonly<Record<string, string>> = {
  'join/condition': 'DuckDB SQL; l is the left input, r the right one: l.id = r.customer_id.',
  'source/query': 'A SELECT over the table (table datasets only).',
  'sql/query': 'A SELECT over the inputs, each a table named like the input.',
  'source/columns': 'A JSON list of {name, type}: the columns to read, with their DuckDB types.',
};

/** `joinType` → `Join type`. */
function titleOf(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function describeOne(type: string): DataFlowStepTypeInfo {
  const schema = stepSettingsSchema(type) as JsonSchema & { properties: Record<string, JsonSchema> };
  const about = ABOUT[type] ?? { title: titleOf(type), category: 'Other', description: '' };
  const uiHints: Record<string, StepUiHint> = {};
  const properties: Record<string, JsonSchema> = {};
  for (const [key, property] of Object.entries(schema.properties)) {
    properties[key] = { ...(property as object), title: titleOf(key) } as JsonSchema;
    const items = (property as { items?: { anyOf?: unknown; type?: unknown } }).items;
    // Lists of objects, or of "a name or an object", are edited as JSON (a text list would lose the objects).
    const asJson = ((property as { type?: unknown }).type === 'object' && key !== 'dataset') || (!!items && (items.anyOf !== undefined || items.type === 'object'));
    const help = SPECIFIC_HELP[`${type}/${key}`] ?? (asJson ? JSON_HELP[key] : undefined) ?? HELP[key];
    if (help || asJson) uiHints[`/${key}`] = { ...(help ? { help } : {}), ...(asJson ? { widget: 'json' } : {}) };
  }
  const [min, max] = stepInputRange(type);
  // Asked of the graph's own rule rather than listed here: a type whose outputs follow its settings.
  const fromSettings = namedOutputs({ name: 'step', type, outputs: [{ name: 'probe' }] }).includes('probe');
  return {
    type,
    ...about,
    inputs: { min, max: Number.isFinite(max) ? max : null },
    namedOutputs: fromSettings ? [] : namedOutputs({ name: 'step', type }),
    outputsFromSettings: fromSettings,
    settings: { ...schema, properties },
    uiHints,
  };
}

/**
 * Every step type with its settings schema, in palette order (by category as ADF lists them, then as
 * declared). The API serves this list at `GET /api/dataflow-step-types`.
 */
export function describeStepTypes(): DataFlowStepTypeInfo[] {
  const order = ['Sources and sinks', 'Multiple inputs/outputs', 'Schema modifier', 'Formatters', 'Row modifier', 'Custom', 'Other'];
  return STEP_TYPES.map(describeOne).sort((a, b) => order.indexOf(a.category) - order.indexOf(b.category));
}
