import { describe, expect, it } from 'vitest';
import { SluiceError } from '../errors/index.js';
import type { ExpressionContext } from './context.js';
import { evaluate, evaluateExpression, resolveValue } from './evaluate.js';
import { toJson } from './values.js';

const context: ExpressionContext = {
  pipeline: {
    parameters: { myString: 'foo', myNumber: 42, flag: true, list: [1, 2, 3], obj: { 'a-b': 1, Nested: { x: null } } },
    RunId: 'run-1',
    Pipeline: 'Demo',
  },
  variables: { status: 'Ready', count: 3 },
  activities: {
    LookupTables: { Status: 'Succeeded', output: { count: 2, value: [{ table_name: 'customers' }, { table_name: 'orders' }] } },
  },
  item: { table_name: 'orders' },
};

function failure(f: () => unknown): SluiceError {
  try {
    f();
  } catch (e) {
    if (e instanceof SluiceError) return e;
    throw e;
  }
  throw new Error('expected an expression error');
}

describe('evaluate: ADF documented value forms', () => {
  // The table of "Expressions" in Microsoft's "Expressions and functions in Azure Data Factory".
  it.each([
    ['@pipeline().parameters.myString', 'foo'],
    ['@{pipeline().parameters.myString}', 'foo'],
    ['@pipeline().parameters.myNumber', 42],
    ['@{pipeline().parameters.myNumber}', '42'],
    ['Answer is: @{pipeline().parameters.myNumber}', 'Answer is: 42'],
    ['Answer is: @@{pipeline().parameters.myNumber}', 'Answer is: @{pipeline().parameters.myNumber}'],
    ['parameters', 'parameters'],
    ['parameters[1]', 'parameters[1]'],
    ['@@', '@'],
    [' @', ' @'],
  ])('%j → %j', (text, expected) => {
    expect(toJson(evaluate(text, context))).toEqual(expected);
  });
});

describe('evaluate: scopes and member access', () => {
  it.each([
    ["@activity('LookupTables').output.value[1].table_name", 'orders'],
    ["@activity('lookuptables').output.count", 2],
    ["@activity('LookupTables').Status", 'Succeeded'],
    ["@activity('LookupTables').status", 'Succeeded'],
    ["@activity('LookupTables').output['value'][0]['table_name']", 'customers'],
    ['@item().table_name', 'orders'],
    ["@variables('status')", 'Ready'],
    ["@pipeline().parameters.obj['a-b']", 1],
    ['@pipeline().parameters.obj.nested.x', null],
    ['@pipeline().parameters.obj?.missing', null],
    ['@pipeline().parameters.obj.nested.x?.deeper', null],
    ['@pipeline().parameters.list?[7]', null],
    ['@pipeline().RunId', 'run-1'],
    ['@PIPELINE().Pipeline', 'Demo'],
    ['@pipeline().parameters.list', [1, 2, 3]],
    ['@{pipeline().parameters.list}', '[1,2,3]'],
    ['@{pipeline().parameters.flag}', 'True'],
    ['@true', true],
    ["@'text'", 'text'],
    ['@{null}', ''],
    ['a-@{item().table_name}-@{variables(\'count\')}', 'a-orders-3'],
  ])('%s → %j', (text, expected) => {
    expect(toJson(evaluate(text, context))).toEqual(expected);
  });

  it('reads a bare expression', () => {
    expect(evaluateExpression("variables('status')", context)).toBe('Ready');
  });

  it.each([
    ['@pipeline().parameters.nope', 'EXPRESSION_PROPERTY_NOT_FOUND', 23, "property 'nope' doesn't exist, available properties are 'myString, myNumber, flag, list, obj'"],
    ['@pipeline().parameters.list[3]', 'EXPRESSION_INDEX_OUT_OF_RANGE', 28, "array index '3' is outside bounds (0, 2) of array"],
    ['@pipeline().parameters.list.x', 'EXPRESSION_TYPE', 28, 'integer index'],
    ['@pipeline().parameters.obj.nested.x.deeper', 'EXPRESSION_PROPERTY_NOT_FOUND', 36, "Property selection is not supported on values of type 'Null'"],
    ['@pipeline().parameters.myString.length', 'EXPRESSION_TYPE', 32, "values of type 'String'"],
    ["@activity('Nope').output", 'EXPRESSION_SCOPE', 1, "The activity 'Nope' has not run"],
    ["@variables('nope')", 'EXPRESSION_SCOPE', 1, "available ones are 'status, count'"],
    ['@noSuchFunction(1)', 'EXPRESSION_UNKNOWN_FUNCTION', 1, "'noSuchFunction' at position 1 is not defined"],
    ['@pipeline(1)', 'EXPRESSION_ARITY', 1, 'expects no parameters, but 1 was given'],
    ["@variables()", 'EXPRESSION_ARITY', 1, 'exactly 1 parameter'],
    ['@variables(1)', 'EXPRESSION_TYPE', 1, 'expects its parameter 1 to be a string'],
    ['x @{trigger().name}', 'EXPRESSION_SCOPE', 4, 'not started by a trigger'],
  ])('%s fails with %s at %i', (text, code, position, message) => {
    const e = failure(() => evaluate(text, context));
    expect(e.code).toBe(code);
    expect(e.location.position).toBe(position);
    expect(e.message).toContain(message);
  });

  it('item() outside a ForEach is a scope error', () => {
    const { item: _item, ...outside } = context;
    expect(failure(() => evaluate('@item()', outside)).code).toBe('EXPRESSION_SCOPE');
  });

  it('names the failing expression in the message', () => {
    expect(failure(() => evaluate('@pipeline().parameters.nope', context)).message).toMatch(
      /^The expression 'pipeline\(\)\.parameters\.nope' cannot be evaluated because/,
    );
  });
});

describe('evaluate: the trigger, dataset and linked service scopes', () => {
  const scoped: ExpressionContext = {
    trigger: { name: 'Nightly', scheduledTime: '2024-03-01T02:00:00Z', outputs: { windowStartTime: '2024-03-01T00:00:00Z' } },
    triggerBody: { folderPath: 'landing/orders', fileName: 'orders.csv' },
    triggerOutputs: { headers: { 'x-id': '7' }, body: { ok: true } },
    dataset: { folder: 'raw', table: 'orders' },
    linkedService: { host: 'db.internal' },
  };

  it.each([
    ['@trigger().name', 'Nightly'],
    ['@trigger().outputs.windowStartTime', '2024-03-01T00:00:00Z'],
    ["@{triggerBody().folderPath}/@{triggerBody().fileName}", 'landing/orders/orders.csv'],
    ["@triggerOutputs().headers['x-id']", '7'],
    ['@triggerOutputs().body.ok', true],
    ['@{dataset().folder}/@{dataset().table}.parquet', 'raw/orders.parquet'],
    ["@concat('postgres://', linkedService().host)", 'postgres://db.internal'],
  ])('%s → %j', (text, expected) => {
    expect(toJson(evaluate(text, scoped))).toEqual(expected);
  });

  it.each(['@trigger()', '@triggerBody()', '@triggerOutputs()', '@dataset().x', '@linkedService().x'])('%s without that scope is an EXPRESSION_SCOPE error', (text) => {
    expect(failure(() => evaluate(text, {})).code).toBe('EXPRESSION_SCOPE');
  });
});

describe('resolveValue', () => {
  it('resolves strings, expression objects, arrays and objects deeply', () => {
    const resolved = resolveValue(
      {
        table: '@item().table_name',
        folder: { value: "@{pipeline().parameters.myString}/@{item().table_name}", type: 'Expression' },
        list: ['@pipeline().parameters.myNumber', 'plain', 3, null],
        nested: { flag: '@pipeline().parameters.flag', mail: 'a@b.c' },
      },
      context,
    );
    expect(resolved).toEqual({
      table: 'orders',
      folder: 'foo/orders',
      list: [42, 'plain', 3, null],
      nested: { flag: true, mail: 'a@b.c' },
    });
  });
});
