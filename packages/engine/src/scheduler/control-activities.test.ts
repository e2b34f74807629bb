import { describe, expect, it } from 'vitest';
import { act, answer, drive, runsOf } from './testing.js';
import type { RunCommand } from './types.js';

const setVar = (name: string, variableName: string, value: unknown, dependsOn: Record<string, string[]> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> =>
  act(name, dependsOn, { type: 'SetVariable', typeProperties: { variableName, value }, ...extra });

describe('Set Variable and Append Variable', () => {
  const variables = { s: { type: 'String' }, b: { type: 'Bool' }, list: { type: 'Array', defaultValue: ['a'] }, n: { type: 'Integer', defaultValue: 0 } };

  it.each([
    { name: 'a String', variable: 's', value: "@concat('x', 'y')", expected: 'xy' },
    { name: 'a Bool', variable: 'b', value: '@equals(1, 1)', expected: true },
    { name: 'an Array', variable: 'list', value: '@createArray(1, 2)', expected: [1, 2] },
    { name: 'an Integer', variable: 'n', value: '@add(1, 2)', expected: 3 },
    { name: 'a name in another casing', variable: 'S', value: 'plain', expected: 'plain' },
  ])('sets $name, output {name, value}', ({ variable, value, expected }) => {
    const { state } = drive({ pipeline: { variables, activities: [setVar('Set', variable, value)] } });
    const declared = variable.toLowerCase() === 's' ? 's' : variable;
    expect(state.variables[declared]).toEqual(expected);
    expect(runsOf(state, 'Set')[0]).toMatchObject({ status: 'Succeeded', output: { name: declared, value: expected } });
  });

  it.each([
    { name: 'a number into a String', variable: 's', value: '@add(1, 1)', code: 'VARIABLE_TYPE_MISMATCH' },
    { name: 'a string into a Bool', variable: 'b', value: 'yes', code: 'VARIABLE_TYPE_MISMATCH' },
    { name: 'an undeclared variable', variable: 'nope', value: 'x', code: 'VARIABLE_NOT_FOUND' },
    { name: 'a broken expression', variable: 's', value: '@concat(', code: 'EXPRESSION_SYNTAX' },
  ])('fails on $name', ({ variable, value, code }) => {
    const { state } = drive({ pipeline: { variables, activities: [setVar('Set', variable, value)] } });
    expect(runsOf(state, 'Set')[0]?.error).toMatchObject({ errorCode: code, failureType: 'UserError', target: 'Set' });
    expect(state.status).toBe('Failed');
  });

  it('gives later activities the new value, and shares variables across parallel iterations', () => {
    const loop = { name: 'Loop', type: 'ForEach', typeProperties: { items: '@range(0, 4)', activities: [{ name: 'Add', type: 'AppendVariable', typeProperties: { variableName: 'list', value: '@item()' } }] } };
    const { state, commands } = drive({ pipeline: { variables, activities: [loop, act('Use', { Loop: ['Succeeded'] }, { typeProperties: { all: "@variables('list')" } })] } });
    expect(state.variables.list).toEqual(['a', 0, 1, 2, 3]);
    expect(commands.find((c) => c.type === 'RunActivity')).toMatchObject({ input: { all: ['a', 0, 1, 2, 3] } });
  });

  it('appends only to Array variables', () => {
    const { state } = drive({ pipeline: { variables, activities: [{ name: 'Add', type: 'AppendVariable', typeProperties: { variableName: 's', value: 'x' } }] } });
    expect(runsOf(state, 'Add')[0]?.error?.errorCode).toBe('VARIABLE_TYPE_MISMATCH');
  });

  it("sets the pipeline's return value from ADF's typed key/value list", () => {
    const value = [
      { key: 'str', value: { type: 'String', content: 'hello' } },
      { key: 'expr', value: { type: 'Expression', content: '@pipeline().RunId' } },
      { key: 'num', value: { type: 'Int', content: 5 } },
      { key: 'arr', value: { type: 'Array', content: [{ type: 'String', content: 'a' }, { type: 'Boolean', content: true }] } },
      { key: 'obj', value: { type: 'Object', content: '{"k": 1}' } },
      { key: 'nil', value: { type: 'Null' } },
    ];
    const { state } = drive({ pipeline: { activities: [setVar('Return', 'pipelineReturnValue', value, {}, { typeProperties: { variableName: 'pipelineReturnValue', value, setSystemVariable: true } })] } });
    expect(state.returnValue).toEqual({ str: 'hello', expr: 'run-1', num: 5, arr: ['a', true], obj: { k: 1 }, nil: null });
    expect(state.status).toBe('Succeeded');
  });
});

describe('Filter', () => {
  it('keeps the items whose condition holds, output as ADF names it', () => {
    const filter = { name: 'Big', type: 'Filter', typeProperties: { items: '@range(1, 6)', condition: '@greater(item(), 3)' } };
    const { state, commands } = drive({ pipeline: { activities: [filter, act('Use', { Big: ['Succeeded'] }, { typeProperties: { v: "@activity('Big').output.value" } })] } });
    expect(runsOf(state, 'Big')[0]?.output).toEqual({ ItemsCount: 6, FilteredItemsCount: 3, Value: [4, 5, 6] });
    expect(commands.find((c) => c.type === 'RunActivity')).toMatchObject({ input: { v: [4, 5, 6] } });
  });

  it.each([
    { name: 'items not an array', tp: { items: "@string('x')", condition: '@true' } },
    { name: 'a condition that is not a boolean', tp: { items: '@range(1, 2)', condition: '@item()' } },
  ])('fails on $name', ({ tp }) => {
    const { state } = drive({ pipeline: { activities: [{ name: 'F', type: 'Filter', typeProperties: tp }] } });
    expect(runsOf(state, 'F')[0]?.error?.errorCode).toBe('EXPRESSION_TYPE');
  });
});

describe('Wait', () => {
  it('asks for a timer and ends when it fires', () => {
    const { state, commands } = drive({ pipeline: { activities: [{ name: 'Pause', type: 'Wait', typeProperties: { waitTimeInSeconds: 30 } }, act('After', { Pause: ['Succeeded'] })] } });
    expect(commands[0]).toEqual({ type: 'StartTimer', key: '/Pause', at: '2024-01-01T00:00:30.000Z' });
    expect(runsOf(state, 'Pause')[0]).toMatchObject({ status: 'Succeeded', start: '2024-01-01T00:00:00.000Z', end: '2024-01-01T00:00:30.000Z' });
    expect(state.runEnd).toBe('2024-01-01T00:00:31.000Z');
  });

  it('fails on a negative wait', () => {
    const { state } = drive({ pipeline: { activities: [{ name: 'Pause', type: 'Wait', typeProperties: { waitTimeInSeconds: -1 } }] } });
    expect(runsOf(state, 'Pause')[0]?.error?.errorCode).toBe('EXPRESSION_TYPE');
  });
});

describe('Fail', () => {
  const fail = (typeProperties: Record<string, unknown>): Record<string, unknown> => ({ name: 'Stop', type: 'Fail', typeProperties });

  it.each([
    { name: 'literal message and code', tp: { message: 'Bad data', errorCode: '500' }, message: 'Bad data', code: '500' },
    { name: 'expressions', tp: { message: "@concat('Run ', pipeline().RunId)", errorCode: { value: "@string(add(400, 4))", type: 'Expression' } }, message: 'Run run-1', code: '404' },
    { name: 'a numeric code', tp: { message: 'm', errorCode: 7 }, message: 'm', code: '7' },
    { name: 'a blank message', tp: { message: ' ', errorCode: 'E1' }, message: 'Failed to interpret Stop fail message or error code', code: 'E1' },
    { name: 'a message that is not a string', tp: { message: '@createArray(1)', errorCode: 'E1' }, message: "Stop fail message parameter couldn't be interpreted as a string", code: 'E1' },
    { name: 'neither interpretable', tp: { message: '@createArray(1)', errorCode: '@createArray(2)' }, message: 'Failed to interpret Stop fail message or error code', code: 'ErrorCodeNotString' },
    { name: 'a missing message', tp: { errorCode: 'E1' }, message: "Fail message wasn't provided", code: 'E1' },
    { name: 'a missing code', tp: { message: 'm' }, message: 'm', code: 'ErrorCodeNotString' },
  ])('fails with $name', ({ tp, message, code }) => {
    const { state } = drive({ pipeline: { activities: [fail(tp)] } });
    expect(runsOf(state, 'Stop')[0]?.error).toEqual({ errorCode: code, message, failureType: 'UserError', target: 'Stop' });
    expect(state.error).toMatchObject({ errorCode: code, message: `Operation on target Stop failed: ${message}` });
  });

  it("carries its code to the run's error from inside containers", () => {
    const loop = { name: 'Loop', type: 'ForEach', typeProperties: { items: '@range(0, 1)', activities: [fail({ message: 'nested', errorCode: 'E42' })] } };
    const { state } = drive({ pipeline: { activities: [loop] } });
    expect(state.error?.errorCode).toBe('E42');
    expect(state.message).toBe('Operation on target Loop failed: Activity failed because an inner activity failed; Inner activity name: Stop, Error: nested');
  });
});

describe('Execute Pipeline', () => {
  const exec = (typeProperties: Record<string, unknown>): Record<string, unknown> => ({
    name: 'Child', type: 'ExecutePipeline', typeProperties: { pipeline: { referenceName: 'child', type: 'PipelineReference' }, ...typeProperties },
  });
  type Start = Extract<RunCommand, { type: 'StartChildRun' }>;

  it('starts the child with resolved parameters and waits by default', () => {
    const { state, commands } = drive({
      pipeline: { parameters: { p: { type: 'String', defaultValue: 'v' } }, activities: [exec({ parameters: { x: '@pipeline().parameters.p', y: 1 } })] },
      children: { child: answer({ output: { pipelineReturnValue: { r: 1 } } }) },
    });
    const start = commands.find((c): c is Start => c.type === 'StartChildRun');
    expect(start).toMatchObject({ key: '/Child', pipelineName: 'child', parameters: { x: 'v', y: 1 }, waitOnCompletion: true });
    expect(runsOf(state, 'Child')[0]).toMatchObject({ status: 'Succeeded', output: { pipelineName: 'child', pipelineRunId: start?.childRunId, pipelineReturnValue: { r: 1 } } });
    expect(state.runEnd).toBe('2024-01-01T00:00:01.000Z');
  });

  it('fails when the waited-on child fails', () => {
    const { state } = drive({ pipeline: { activities: [exec({})] }, children: { child: answer({ status: 'Failed', error: { message: 'child broke' } }) } });
    expect(runsOf(state, 'Child')[0]?.status).toBe('Failed');
    expect(state.message).toBe('Operation on target Child failed: child broke');
  });

  it('succeeds at once when not waiting, with the child run id in its output', () => {
    const { state, commands } = drive({ pipeline: { activities: [exec({ waitOnCompletion: false }), act('After', { Child: ['Succeeded'] })] } });
    const start = commands.find((c): c is Start => c.type === 'StartChildRun');
    expect(start?.waitOnCompletion).toBe(false);
    expect(runsOf(state, 'Child')[0]).toMatchObject({ status: 'Succeeded', output: { pipelineName: 'child', pipelineRunId: start?.childRunId } });
    expect(commands.filter((c) => c.type === 'RunActivity').length).toBe(1);
  });
});
