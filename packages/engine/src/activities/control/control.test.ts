import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../schema/json-schema.js';
import { checkTypeProperties, checkValue } from '../../validation/schema-check.js';
import { ActivityRegistry } from '../registry.js';
import {
  GENERAL,
  ITERATION_AND_CONDITIONALS,
  appendVariableActivity,
  controlActivities,
  executePipelineActivity,
  failActivity,
  filterActivity,
  forEachActivity,
  ifConditionActivity,
  setVariableActivity,
  switchActivity,
  untilActivity,
  waitActivity,
} from './index.js';
import type { ControlActivityDefinition } from '../contract.js';

const expr = (value: string) => ({ value, type: 'Expression' });
const wait = { name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } };

/** Post-evaluation check (the strict schema) and authoring check (expressions allowed). */
const strict = (a: ControlActivityDefinition, tp: unknown) => checkValue(a.typeProperties, tp, '').map((p) => p.pointer);
const authored = (a: ControlActivityDefinition, tp: unknown) => checkTypeProperties(a.typeProperties, tp, '').map((p) => p.pointer);

describe('control activities', () => {
  it('register once each, as control activities of version 1 in ADF Studio’s palette groups', () => {
    const registry = new ActivityRegistry(controlActivities);
    expect(registry.typeNames()).toEqual([
      'AppendVariable', 'ExecutePipeline', 'Fail', 'Filter', 'ForEach', 'IfCondition', 'SetVariable', 'Switch', 'Until', 'Wait',
    ]);
    for (const a of controlActivities) {
      expect(a.kind).toBe('control');
      expect(a.version).toBe(1);
      expect([GENERAL, ITERATION_AND_CONDITIONALS]).toContain(a.category);
      expect(a.title).not.toBe('');
      expect(a.description).not.toBe('');
    }
    expect(registry.get('foreach')?.category).toBe('Iteration & conditionals');
    expect(registry.get('wait')?.category).toBe('General');
  });

  it('declare ADF’s outputs for Filter, Execute Pipeline and Set Variable', () => {
    const out = (a: ControlActivityDefinition) => (a.output as { properties: Record<string, unknown> }).properties;
    expect(Object.keys(out(filterActivity))).toEqual(['ItemsCount', 'FilteredItemsCount', 'Value']);
    expect(Object.keys(out(executePipelineActivity))).toContain('pipelineRunId');
    expect(Object.keys(out(executePipelineActivity))).toContain('pipelineName');
    expect(Object.keys(out(setVariableActivity))).toContain('value');
    expect(checkValue(filterActivity.output as JsonSchema, { ItemsCount: 3, FilteredItemsCount: 1, Value: [{ a: 1 }] }, '')).toEqual([]);
  });
});

describe.each<[string, ControlActivityDefinition, unknown[], Array<[unknown, string]>]>([
  ['ForEach', forEachActivity,
    [{ items: expr("@activity('Lookup').output.value"), isSequential: false, batchCount: 20, activities: [wait] }, { items: expr('@range(0, 3)'), activities: [] }],
    [[{ activities: [] }, ''], [{ items: '@x', activities: [] }, '/items'], [{ items: expr('@x'), activities: [], batchCount: 51 }, '/batchCount'],
     [{ items: expr('@x'), activities: [], batchCount: 0 }, '/batchCount'], [{ items: expr('@x'), activities: [1] }, '/activities/0'], [{ items: expr('@x'), activities: [], parallel: true }, '/parallel']]],
  ['IfCondition', ifConditionActivity,
    [{ expression: expr("@equals(pipeline().parameters.env, 'prod')"), ifTrueActivities: [wait], ifFalseActivities: [] }, { expression: expr('@true') }],
    [[{ ifTrueActivities: [] }, ''], [{ expression: expr('@x'), ifTrueActivities: {} }, '/ifTrueActivities'], [{ expression: expr('@x'), elseActivities: [] }, '/elseActivities']]],
  ['Switch', switchActivity,
    [{ on: expr('@pipeline().parameters.region'), cases: [{ value: 'eu', activities: [wait] }, { value: 'us', activities: [] }], defaultActivities: [wait] }],
    [[{ cases: [] }, ''], [{ on: expr('@x'), cases: [{ activities: [] }] }, '/cases/0'], [{ on: expr('@x'), cases: [{ value: 1, activities: [] }] }, '/cases/0/value']]],
  ['Until', untilActivity,
    [{ expression: expr("@equals(variables('status'), 'Ready')"), timeout: '0.12:00:00', activities: [wait] }, { expression: expr('@true'), timeout: '01:00:00', activities: [] }],
    [[{ expression: expr('@x') }, ''], [{ expression: expr('@x'), activities: [], timeout: '12h' }, '/timeout']]],
  ['Wait', waitActivity,
    [{ waitTimeInSeconds: 30 }, { waitTimeInSeconds: 0 }],
    [[{}, ''], [{ waitTimeInSeconds: 1.5 }, '/waitTimeInSeconds'], [{ waitTimeInSeconds: -1 }, '/waitTimeInSeconds']]],
  ['SetVariable', setVariableActivity,
    [{ variableName: 'status', value: 'Ready' }, { variableName: 'items', value: [1, 2] },
     { variableName: 'pipelineReturnValue', setSystemVariable: true, value: [{ key: 'rows', value: { type: 'Int', content: 42 } }, { key: 'when', value: { type: 'Expression', content: '@utcNow()' } }] }],
    [[{ value: 1 }, ''], [{ variableName: '' }, '/variableName'],
     [{ variableName: 'x', setSystemVariable: true, value: [] }, '/variableName'],
     [{ variableName: 'pipelineReturnValue', setSystemVariable: true, value: [{ key: 'k', value: { type: 'Date' } }] }, '/value/0/value/type']]],
  ['AppendVariable', appendVariableActivity,
    [{ variableName: 'names', value: 'x' }, { variableName: 'names', value: { a: 1 } }],
    [[{ variableName: 'names' }, ''], [{ value: 1 }, '']]],
  ['Filter', filterActivity,
    [{ items: expr('@pipeline().parameters.files'), condition: expr("@endswith(item(), '.csv')") }],
    [[{ items: expr('@x') }, ''], [{ items: expr('@x'), condition: true }, '/condition']]],
  ['Fail', failActivity,
    [{ message: 'Copy failed', errorCode: '500' }],
    [[{ message: 'x' }, ''], [{ message: '', errorCode: 'E' }, '/message'], [{ message: 'x', errorCode: 500 }, '/errorCode']]],
  ['ExecutePipeline', executePipelineActivity,
    [{ pipeline: { referenceName: 'Child', type: 'PipelineReference' }, waitOnCompletion: true, parameters: { day: '2024-01-01', n: 3 } }, { pipeline: { referenceName: 'Child', type: 'PipelineReference' } }],
    [[{ waitOnCompletion: true }, ''], [{ pipeline: { referenceName: 'Child', type: 'DatasetReference' } }, '/pipeline/type'], [{ pipeline: { referenceName: 'Child', type: 'PipelineReference' }, waitOnCompletion: 'yes' }, '/waitOnCompletion']]],
])('%s', (_type, activity, valid, invalid) => {
  it.each(valid.map((v) => [v]))('accepts %j', (tp) => {
    expect(strict(activity, tp)).toEqual([]);
    expect(authored(activity, tp)).toEqual([]);
  });
  it.each(invalid)('rejects %j at its pointer', (tp, pointer) => {
    expect(strict(activity, tp)).toContain(pointer);
  });
});

describe('authoring form', () => {
  it('accepts expressions where ADF lets values be dynamic', () => {
    expect(authored(waitActivity, { waitTimeInSeconds: '@pipeline().parameters.pause' })).toEqual([]);
    expect(authored(forEachActivity, { items: expr('@x'), batchCount: expr('@pipeline().parameters.parallelism'), activities: [] })).toEqual([]);
    expect(authored(failActivity, { message: expr("@activity('Copy').error.message"), errorCode: expr("@activity('Copy').error.errorCode") })).toEqual([]);
    expect(authored(executePipelineActivity, { pipeline: { referenceName: 'Child', type: 'PipelineReference' }, waitOnCompletion: '@pipeline().parameters.wait' })).toEqual([]);
  });

  it('still reports what an expression cannot fix', () => {
    expect(authored(waitActivity, {})).toEqual(['']);
    expect(authored(waitActivity, { waitTimeInSeconds: 'ten' })).toEqual(['/waitTimeInSeconds']);
  });
});
