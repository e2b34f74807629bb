import { describe, expect, it } from 'vitest';
import { createRunState } from './create-run.js';
import { parseTimeSpan } from './policy.js';

const NOW = '2024-01-01T00:00:00.000Z';
const run = (properties: Record<string, unknown>, parameters?: Record<string, unknown>) =>
  createRunState({ runId: 'r1', pipeline: { name: 'p', properties: { activities: [], ...properties } }, now: NOW, ...(parameters ? { parameters } : {}) });

describe('createRunState', () => {
  it('starts Queued with a top frame, the run id as group id and a manual invoker', () => {
    expect(run({})).toEqual({
      runId: 'r1', pipelineName: 'p', pipeline: { name: 'p', properties: { activities: [] } }, parameters: {}, variables: {},
      status: 'Queued', runGroupId: 'r1', invokedBy: { type: 'Manual' }, system: {}, runStart: NOW,
      frames: { '': { id: '', pointer: '/properties/activities', status: 'Running' } }, activities: {},
    });
  });

  it.each([
    { type: 'String', given: 'x', expected: 'x' },
    { type: 'string', given: 5, expected: '5' },
    { type: 'SecureString', given: 's3cret', expected: 's3cret' },
    { type: 'Int', given: 5, expected: 5 },
    { type: 'Int', given: '5', expected: 5 },
    { type: 'int', given: ' -12 ', expected: -12 },
    { type: 'Float', given: '2.5', expected: 2.5 },
    { type: 'Float', given: 3, expected: 3 },
    { type: 'Bool', given: 'TRUE', expected: true },
    { type: 'Bool', given: false, expected: false },
    { type: 'Array', given: '[1, "a"]', expected: [1, 'a'] },
    { type: 'Array', given: [1], expected: [1] },
    { type: 'Object', given: '{"k": {"n": 1}}', expected: { k: { n: 1 } } },
    { type: 'Object', given: { k: 1 }, expected: { k: 1 } },
    { type: 'Int', given: null, expected: null },
  ])('coerces $given to $type', ({ type, given, expected }) => {
    expect(run({ parameters: { v: { type } } }, { v: given }).parameters).toEqual({ v: expected });
  });

  it.each([
    { type: 'Int', given: '5.5' },
    { type: 'Int', given: 'five' },
    { type: 'Float', given: 'x' },
    { type: 'Bool', given: 'yes' },
    { type: 'Array', given: '{"a": 1}' },
    { type: 'Object', given: '[1]' },
    { type: 'String', given: { a: 1 } },
  ])('refuses $given for $type', ({ type, given }) => {
    expect(() => run({ parameters: { v: { type } } }, { v: given })).toThrow(expect.objectContaining({ code: 'PARAMETER_TYPE_MISMATCH', location: { pointer: '/properties/parameters/v' } }));
  });

  it('matches names case-insensitively and stores them as declared; applies literal defaults', () => {
    const state = run({ parameters: { TableName: { type: 'String' }, limit: { type: 'Int', defaultValue: 10 }, expr: { type: 'String', defaultValue: '@utcNow()' } } }, { tablename: 'sales' });
    expect(state.parameters).toEqual({ TableName: 'sales', limit: 10, expr: '@utcNow()' });
  });

  it('refuses a missing required parameter, pointing at it', () => {
    expect(() => run({ parameters: { need: { type: 'String' } } })).toThrow(expect.objectContaining({ code: 'REQUIRED_PARAMETER_MISSING', location: { pointer: '/properties/parameters/need' } }));
  });

  it('refuses a value for an undeclared parameter', () => {
    expect(() => run({ parameters: { a: { type: 'String', defaultValue: '' } } }, { b: 1 })).toThrow(expect.objectContaining({ code: 'PARAMETER_NOT_FOUND' }));
  });

  it('refuses a default of the wrong type, pointing at the default', () => {
    expect(() => run({ parameters: { n: { type: 'Int', defaultValue: 'many' } } })).toThrow(expect.objectContaining({ location: { pointer: '/properties/parameters/n/defaultValue' } }));
  });

  it('initialises variables from their defaults, null when there is none', () => {
    expect(run({ variables: { s: { type: 'String', defaultValue: 'a' }, list: { type: 'Array' }, b: { type: 'Bool', defaultValue: false } } }).variables).toEqual({ s: 'a', list: null, b: false });
  });

  it('keeps trigger information for pipeline() and trigger()', () => {
    const state = createRunState({ runId: 'r', pipeline: { name: 'p', properties: { activities: [] } }, now: NOW, runGroupId: 'g', invokedBy: { type: 'ScheduleTrigger', name: 't' }, system: { TriggerTime: NOW }, trigger: { name: 't' }, triggerBody: { a: 1 } });
    expect(state).toMatchObject({ runGroupId: 'g', invokedBy: { type: 'ScheduleTrigger', name: 't' }, system: { TriggerTime: NOW }, trigger: { name: 't' }, triggerBody: { a: 1 } });
  });
});

describe('parseTimeSpan', () => {
  it.each([
    ['00:10:00', 600_000],
    ['12:00:00', 43_200_000],
    ['1.02:03:04', 93_784_000],
    ['7.00:00:00', 604_800_000],
    ['00:00:01.5', 1500],
    ['0:0:30', 30_000],
  ])('%s is %d ms', (text, ms) => expect(parseTimeSpan(text)).toBe(ms));

  it.each(['', 'soon', '10', '00:60:00', '1.2.00:00:00'])('refuses %j', (text) => expect(parseTimeSpan(text)).toBeUndefined());
});
