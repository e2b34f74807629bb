import { describe, expect, it } from 'vitest';
import { controlActivities } from '../activities/control/index.js';
import type { JsonSchema } from '../schema/json-schema.js';
import { compileSchema, createAjv } from '../validation/schema-check.js';
import { activitySchema } from './activity.js';
import { builtinDatasetTypes, builtinLinkedServiceTypes } from './builtin-types.js';
import { dataFlowSchema } from './dataflow.js';
import { datasetSchema } from './dataset.js';
import { linkedServiceSchema } from './linked-service.js';
import { pipelineSchema } from './pipeline.js';
import { triggerEnvelopeSchema, triggerSchemas } from './trigger.js';
import { allowExpressions } from './values.js';

const schemas: Array<[string, JsonSchema]> = [
  ['pipeline', pipelineSchema],
  ['activity', activitySchema],
  ['dataset', datasetSchema],
  ['linkedService', linkedServiceSchema],
  ['dataflow', dataFlowSchema],
  ['trigger envelope', triggerEnvelopeSchema],
  ...Object.entries(triggerSchemas).map(([k, s]): [string, JsonSchema] => [`trigger ${k}`, s]),
  ...builtinLinkedServiceTypes.map((t): [string, JsonSchema] => [`linked service ${t.type}`, t.typeProperties]),
  ...builtinDatasetTypes.map((t): [string, JsonSchema] => [`dataset ${t.type}`, t.typeProperties]),
  ...controlActivities.map((a): [string, JsonSchema] => [`activity ${a.type}`, a.typeProperties]),
  ...controlActivities.filter((a) => a.output).map((a): [string, JsonSchema] => [`output of ${a.type}`, a.output as JsonSchema]),
];

describe('every schema compiles in ajv strict mode', () => {
  it.each(schemas)('%s (as declared and widened by allowExpressions)', (_name, schema) => {
    // A fresh instance each time, so a schema cannot lean on another's cached compilation.
    expect(() => createAjv().compile(schema)).not.toThrow();
    expect(() => createAjv().compile(allowExpressions(schema))).not.toThrow();
    expect(() => compileSchema(schema)).not.toThrow();
  });
});
