/**
 * The JSON Schema of a Sluice data flow's `typeProperties`: its parameters and its steps. Checked with
 * ajv in strict mode (the engine's shared instance) before anything runs; the designer renders step
 * forms from the same schema. One `if/then` per step type keeps the error of a bad step on that step.
 */
import type { JsonSchema } from '@sluice/engine';

const name = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', maxLength: 128 } as const;
const sql = { type: 'string', minLength: 1 } as const;
const column = { type: 'string', minLength: 1 } as const;
const columns = { type: 'array', items: column, minItems: 1 } as const;
const datasetRef = {
  type: 'object',
  properties: { referenceName: { type: 'string', minLength: 1 }, type: { const: 'DatasetReference' }, parameters: { type: 'object' } },
  required: ['referenceName'],
  additionalProperties: false,
} as const;
const orderBy = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    properties: { column, expression: sql, direction: { enum: ['asc', 'desc'] }, nulls: { enum: ['first', 'last'] } },
    additionalProperties: false,
  },
} as const;
const keys = {
  type: 'array',
  minItems: 1,
  items: {
    anyOf: [
      column,
      { type: 'object', properties: { left: column, right: column }, required: ['left', 'right'], additionalProperties: false },
    ],
  },
} as const;

/** Settings allowed per step type (besides name, type, inputs, description). */
const STEP_SETTINGS: Record<string, { properties: Record<string, JsonSchema>; required?: string[] }> = {
  source: { properties: { dataset: datasetRef, columns: { type: 'array', items: { type: 'object', properties: { name: column, type: { type: 'string' } }, required: ['name'], additionalProperties: false } }, storeSettings: { type: 'object' }, query: sql }, required: ['dataset'] },
  filter: { properties: { condition: sql }, required: ['condition'] },
  derive: { properties: { columns: { type: 'array', minItems: 1, items: { type: 'object', properties: { name: column, expression: sql }, required: ['name', 'expression'], additionalProperties: false } } }, required: ['columns'] },
  select: { properties: { columns: { type: 'array', minItems: 1, items: { anyOf: [column, { type: 'object', properties: { name: column, as: column }, required: ['name'], additionalProperties: false }] } }, exclude: columns } },
  cast: { properties: { columns: { type: 'array', minItems: 1, items: { type: 'object', properties: { name: column, type: { type: 'string', minLength: 1 }, format: { type: 'string' } }, required: ['name', 'type'], additionalProperties: false } }, onError: { enum: ['fail', 'null'] } }, required: ['columns'] },
  cleanse: {
    properties: {
      operations: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          properties: {
            op: { enum: ['trim', 'case', 'fillNulls', 'dropNulls', 'regexReplace', 'standardizeDates'] },
            columns,
            to: { enum: ['upper', 'lower', 'title', 'date', 'timestamp'] },
            values: { type: 'object' },
            pattern: { type: 'string' },
            replacement: { type: 'string' },
            flags: { type: 'string', pattern: '^[cilmnpsgx]*$' },
            formats: { type: 'array', items: { type: 'string' } },
            epoch: { enum: ['s', 'ms'] },
          },
          required: ['op'],
          additionalProperties: false,
        },
      },
    },
    required: ['operations'],
  },
  validate: {
    properties: {
      rules: { type: 'array', minItems: 1, items: { type: 'object', properties: { name: { type: 'string', minLength: 1 }, condition: sql }, required: ['name', 'condition'], additionalProperties: false } },
      jsonSchema: { type: 'object' },
    },
  },
  dedupe: { properties: { keys: columns, keep: { enum: ['first', 'last'] }, orderBy } },
  join: { properties: { joinType: { enum: ['inner', 'left', 'right', 'full', 'cross'] }, keys, condition: sql }, required: ['joinType'] },
  exists: { properties: { keys, condition: sql } },
  notExists: { properties: { keys, condition: sql } },
  lookup: { properties: { keys, columns, keep: { enum: ['first', 'last'] }, orderBy }, required: ['keys'] },
  aggregate: {
    properties: {
      groupBy: columns,
      aggregates: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          properties: {
            name: column,
            function: { enum: ['count', 'countDistinct', 'sum', 'avg', 'min', 'max', 'first', 'last', 'stddev', 'variance', 'median', 'stringAgg', 'listAgg'] },
            column,
            expression: sql,
            orderBy,
            separator: { type: 'string' },
          },
          required: ['name'],
          additionalProperties: false,
        },
      },
      having: sql,
    },
    required: ['aggregates'],
  },
  window: {
    properties: {
      partitionBy: columns,
      orderBy,
      columns: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          properties: {
            name: column,
            function: { enum: ['rowNumber', 'rank', 'denseRank', 'percentRank', 'ntile', 'lag', 'lead', 'firstValue', 'lastValue', 'runningSum', 'runningCount', 'runningAvg', 'runningMin', 'runningMax'] },
            column,
            expression: sql,
            offset: { type: 'integer', minimum: 1 },
            buckets: { type: 'integer', minimum: 1 },
            default: { type: ['string', 'number', 'boolean', 'null'] },
          },
          required: ['name'],
          additionalProperties: false,
        },
      },
    },
    required: ['columns'],
  },
  sort: { properties: { orderBy }, required: ['orderBy'] },
  union: { properties: { distinct: { type: 'boolean' } } },
  conditionalSplit: {
    properties: {
      outputs: { type: 'array', minItems: 1, items: { type: 'object', properties: { name, condition: sql }, required: ['name', 'condition'], additionalProperties: false } },
      defaultOutput: name,
      matchAll: { type: 'boolean' },
    },
    required: ['outputs'],
  },
  pivot: {
    properties: {
      groupBy: columns,
      pivotColumn: column,
      values: { type: 'array', minItems: 1, items: { type: ['string', 'number', 'boolean'] } },
      aggregates: { type: 'array', minItems: 1, items: { type: 'object', properties: { name: column, function: { enum: ['count', 'sum', 'avg', 'min', 'max', 'first', 'last'] }, column }, required: ['function'], additionalProperties: false } },
    },
    required: ['groupBy', 'pivotColumn', 'aggregates'],
  },
  unpivot: { properties: { columns, nameColumn: column, valueColumn: column, includeNulls: { type: 'boolean' } }, required: ['columns', 'nameColumn', 'valueColumn'] },
  flatten: { properties: { column, as: column, kind: { enum: ['array', 'struct', 'auto'] }, recursive: { type: 'boolean' }, keepEmpty: { type: 'boolean' } }, required: ['column'] },
  surrogateKey: { properties: { column, start: { type: 'integer' }, orderBy }, required: ['column'] },
  sql: { properties: { query: sql }, required: ['query'] },
  sink: { properties: { dataset: datasetRef, mode: { enum: ['overwrite', 'append'] }, partitionBy: columns, fileName: { type: 'string', minLength: 1 } }, required: ['dataset'] },
};

/** Every step type a Sluice data flow has. */
export const STEP_TYPES: readonly string[] = Object.keys(STEP_SETTINGS);

/**
 * The JSON Schema of one step type's settings (the step's keys besides name, type, inputs and
 * description), or undefined for an unknown type: what the designer renders a step's form from. The
 * same objects as in {@link sluiceDataFlowSchema}, so the form and the check cannot drift.
 */
export function stepSettingsSchema(type: string): JsonSchema | undefined {
  const s = STEP_SETTINGS[type];
  if (!s) return undefined;
  return { type: 'object', properties: s.properties, ...(s.required ? { required: s.required } : {}), additionalProperties: false };
}

const common = {
  name: { ...name, title: 'Step name' },
  type: { enum: STEP_TYPES, title: 'Step type' },
  description: { type: 'string' },
  inputs: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$' } },
} as const;

const stepSchema: JsonSchema = {
  type: 'object',
  properties: common,
  required: ['name', 'type'],
  allOf: Object.entries(STEP_SETTINGS).map(([type, s]) => ({
    if: { type: 'object', properties: { type: { const: type } }, required: ['type'] },
    then: {
      type: 'object',
      properties: { ...Object.fromEntries(Object.keys(common).map((k) => [k, true])), ...s.properties },
      ...(s.required ? { required: s.required } : {}),
      additionalProperties: false,
    },
  })),
};

/** The JSON Schema of a data flow parameter declaration (ADF's shape: `{type, defaultValue}`). */
export const PARAMETER_TYPES: readonly string[] = ['string', 'int', 'integer', 'float', 'double', 'bool', 'boolean', 'date', 'timestamp'];

/**
 * The schema of `properties.typeProperties` of a `SluiceDataFlow` document.
 */
export const sluiceDataFlowSchema: JsonSchema = {
  type: 'object',
  title: 'Sluice data flow',
  properties: {
    parameters: {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
      additionalProperties: {
        type: 'object',
        properties: { type: { type: 'string' }, defaultValue: true, description: { type: 'string' } },
        required: ['type'],
        additionalProperties: false,
      },
    },
    steps: { type: 'array', minItems: 1, items: stepSchema },
  },
  required: ['steps'],
  additionalProperties: false,
};
