import { describe, expect, it } from 'vitest';
import { act, answer, drive, runsOf, statuses } from './testing.js';
import type { RunCommand } from './types.js';

type RunActivity = Extract<RunCommand, { type: 'RunActivity' }>;
const inputsOf = (commands: RunCommand[], name: string): unknown[] =>
  commands.filter((c): c is RunActivity => c.type === 'RunActivity' && c.activityName === name).map((c) => c.input);

const forEach = (typeProperties: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'Loop',
  type: 'ForEach',
  typeProperties: { activities: [act('Work', {}, { typeProperties: { v: '@item()' } })], ...typeProperties },
  ...extra,
});

describe('ForEach', () => {
  it.each([
    { name: 'parallel with batchCount 3', tp: { items: '@range(0, 10)', batchCount: 3 }, runs: 10, max: 3 },
    { name: 'sequential', tp: { items: '@range(0, 5)', isSequential: true, batchCount: 10 }, runs: 5, max: 1 },
    { name: 'isSequential written as a string', tp: { items: '@range(0, 4)', isSequential: 'true' }, runs: 4, max: 1 },
    { name: 'default batchCount 20', tp: { items: '@range(0, 30)' }, runs: 30, max: 20 },
    { name: 'batchCount capped at 50', tp: { items: '@range(0, 60)', batchCount: 100 }, runs: 60, max: 50 },
  ])('$name: runs every item, at most $max at once', ({ tp, runs, max }) => {
    const { state, ran, maxInFlight } = drive({ pipeline: { activities: [forEach(tp)] } });
    expect(state.status).toBe('Succeeded');
    expect(ran.length).toBe(runs);
    expect(maxInFlight).toBe(max);
    expect(runsOf(state, 'Loop')[0]?.output).toEqual({});
  });

  it('runs items in order when sequential, each with its item() and iteration', () => {
    const { state, commands } = drive({ pipeline: { activities: [forEach({ items: '@createArray(\'a\', \'b\', \'c\')', isSequential: true })] } });
    expect(inputsOf(commands, 'Work')).toEqual([{ v: 'a' }, { v: 'b' }, { v: 'c' }]);
    expect(runsOf(state, 'Work').map((r) => r.iteration)).toEqual([0, 1, 2]);
  });

  it('deals items to batch slots up front, as ADF does', () => {
    // Item 0 is slow: its slot (items 0, 2, 4) waits for it while the other slot runs 1, 3, 5.
    const { commands } = drive({
      pipeline: { activities: [forEach({ items: '@range(0, 6)', batchCount: 2 })] },
      activities: { Work: (c) => answer({ durationMs: (c.input as { v: number }).v === 0 ? 10_000 : 1000 }) },
    });
    expect(inputsOf(commands, 'Work')).toEqual([{ v: 0 }, { v: 1 }, { v: 3 }, { v: 5 }, { v: 2 }, { v: 4 }]);
  });

  it('succeeds at once on an empty array', () => {
    const { state, ran } = drive({ pipeline: { activities: [forEach({ items: "@json('[]')" }), act('After', { Loop: ['Succeeded'] })] } });
    expect(ran).toEqual(['After']);
    expect(statuses(state)).toMatchObject({ Loop: 'Succeeded', After: 'Succeeded' });
  });

  it('runs the other iterations when one fails, then fails naming the inner failure', () => {
    const { state, ran } = drive({
      pipeline: { activities: [forEach({ items: '@range(1, 3)' })] },
      activities: { Work: (c) => ((c.input as { v: number }).v === 2 ? 'Failed' : 'Succeeded') },
    });
    expect(ran).toEqual(['Work', 'Work', 'Work']);
    expect(runsOf(state, 'Loop')[0]?.status).toBe('Failed');
    expect(state.status).toBe('Failed');
    expect(state.message).toBe('Operation on target Loop failed: Activity failed because an inner activity failed; Inner activity name: Work, Error: Work failed');
    expect(state.error?.errorCode).toBe('TestFailure');
  });

  it('fails with a clear error when items is not an array', () => {
    const { state, ran } = drive({ pipeline: { parameters: { s: { type: 'String', defaultValue: 'x' } }, activities: [forEach({ items: '@pipeline().parameters.s' })] } });
    expect(ran).toEqual([]);
    expect(runsOf(state, 'Loop')[0]?.error).toMatchObject({ errorCode: 'EXPRESSION_TYPE', failureType: 'UserError', target: 'Loop' });
    expect(runsOf(state, 'Loop')[0]?.error?.message).toContain('must evaluate to an array');
  });

  it('gives item() of the nearest ForEach in nested frames (ForEach in If in ForEach)', () => {
    const inner = { name: 'Inner', type: 'ForEach', typeProperties: { items: "@createArray(concat(item(), '1'), concat(item(), '2'))", activities: [act('Deep', {}, { typeProperties: { v: '@item()' } })] } };
    const check = {
      name: 'IsA', type: 'IfCondition',
      typeProperties: { expression: "@equals(item(), 'a')", ifTrueActivities: [act('WhenA', {}, { typeProperties: { v: '@item()' } }), inner], ifFalseActivities: [act('WhenOther', {}, { typeProperties: { v: '@item()' } })] },
    };
    const outer = { name: 'Outer', type: 'ForEach', typeProperties: { items: "@createArray('a', 'b')", isSequential: true, activities: [check] } };
    const { state, commands } = drive({ pipeline: { activities: [outer] } });
    expect(state.status).toBe('Succeeded');
    expect(inputsOf(commands, 'WhenA')).toEqual([{ v: 'a' }]);
    expect(inputsOf(commands, 'Deep')).toEqual([{ v: 'a1' }, { v: 'a2' }]);
    expect(inputsOf(commands, 'WhenOther')).toEqual([{ v: 'b' }]);
    expect(runsOf(state, 'Deep').map((r) => r.iteration)).toEqual([0, 1]);
  });
});

describe('If Condition', () => {
  const ifActivity = (expression: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    name: 'If', type: 'IfCondition', typeProperties: { expression, ifTrueActivities: [act('T')], ifFalseActivities: [act('F')], ...extra },
  });
  it.each([
    { name: 'true runs the true branch', expression: { value: '@equals(1, 1)', type: 'Expression' }, ran: ['T'] },
    { name: 'false runs the false branch', expression: '@equals(1, 2)', ran: ['F'] },
  ])('$name', ({ expression, ran: expected }) => {
    const { state, ran } = drive({ pipeline: { activities: [ifActivity(expression)] } });
    expect(ran).toEqual(expected);
    expect(state.status).toBe('Succeeded');
  });

  it('succeeds when the chosen branch is empty or missing', () => {
    const { state, ran } = drive({ pipeline: { activities: [{ name: 'If', type: 'IfCondition', typeProperties: { expression: '@equals(1, 2)', ifTrueActivities: [act('T')] } }] } });
    expect(ran).toEqual([]);
    expect(state.status).toBe('Succeeded');
  });

  it('fails when the expression is not a boolean', () => {
    const { state, ran } = drive({ pipeline: { activities: [ifActivity("@string('true')")] } });
    expect(ran).toEqual([]);
    expect(runsOf(state, 'If')[0]?.error?.errorCode).toBe('EXPRESSION_TYPE');
  });

  it('fails when its branch fails, by the leaf rule inside the branch', () => {
    const branch = [act('T'), act('Catch', { T: ['Failed'] })];
    const ok = drive({ pipeline: { activities: [ifActivity('@true', { ifTrueActivities: branch })] }, activities: { T: 'Failed' } });
    expect(ok.state.status).toBe('Succeeded');
    const bad = drive({ pipeline: { activities: [ifActivity('@true'), act('After', { If: ['Succeeded'] })] }, activities: { T: 'Failed' } });
    expect(statuses(bad.state)).toMatchObject({ If: 'Failed', After: 'Skipped' });
  });
});

describe('Switch', () => {
  const sw = (on: unknown): Record<string, unknown> => ({
    name: 'Route', type: 'Switch',
    typeProperties: { on, cases: [{ value: 'a', activities: [act('CaseA')] }, { value: 'b', activities: [act('CaseB')] }], defaultActivities: [act('Default')] },
  });
  it.each([
    { on: 'b', ran: ['CaseB'] },
    { on: 'a', ran: ['CaseA'] },
    { on: 'z', ran: ['Default'] },
    { on: 'A', ran: ['Default'] },
  ])('on "$on" runs $ran (values compared exactly)', ({ on, ran: expected }) => {
    const { ran, state } = drive({ pipeline: { parameters: { mode: { type: 'String' } }, activities: [sw({ value: '@pipeline().parameters.mode', type: 'Expression' })] }, parameters: { mode: on } });
    expect(ran).toEqual(expected);
    expect(runsOf(state, 'Route')[0]?.status).toBe('Succeeded');
  });

  it('fails when `on` is not a string', () => {
    const { state } = drive({ pipeline: { activities: [sw('@add(1, 1)')] } });
    expect(runsOf(state, 'Route')[0]?.error?.errorCode).toBe('EXPRESSION_TYPE');
  });
});

describe('Until', () => {
  const variables = { seen: { type: 'Array' }, done: { type: 'Bool', defaultValue: false } };

  it('loops until its expression holds, reading variables set in the body', () => {
    const body = [
      act('Work'),
      { name: 'Tick', type: 'AppendVariable', dependsOn: [{ activity: 'Work', dependencyConditions: ['Succeeded'] }], typeProperties: { variableName: 'seen', value: 'x' } },
      { name: 'Check', type: 'SetVariable', dependsOn: [{ activity: 'Tick', dependencyConditions: ['Succeeded'] }], typeProperties: { variableName: 'done', value: "@greaterOrEquals(length(variables('seen')), 3)" } },
    ];
    const until = { name: 'Loop', type: 'Until', typeProperties: { expression: "@variables('done')", activities: body } };
    const { state, ran } = drive({ pipeline: { variables, activities: [until] } });
    expect(ran).toEqual(['Work', 'Work', 'Work']);
    expect(state.variables.seen).toEqual(['x', 'x', 'x']);
    expect(runsOf(state, 'Loop')[0]).toMatchObject({ status: 'Succeeded', output: {} });
    expect(state.status).toBe('Succeeded');
  });

  it("sees the body's activity outputs in its expression", () => {
    const until = { name: 'Poll', type: 'Until', typeProperties: { expression: "@activity('Probe').output.ready", activities: [act('Probe')] } };
    const { ran, state } = drive({ pipeline: { activities: [until] }, activities: { Probe: (_c, call) => ({ ready: call >= 2 }) } });
    expect(ran).toEqual(['Probe', 'Probe', 'Probe']);
    expect(state.status).toBe('Succeeded');
  });

  it('times out, checked when an iteration ends', () => {
    const until = { name: 'Poll', type: 'Until', typeProperties: { expression: '@equals(1, 2)', timeout: '00:00:05', activities: [{ name: 'Pause', type: 'Wait', typeProperties: { waitTimeInSeconds: 2 } }] } };
    const { state } = drive({ pipeline: { activities: [until] } });
    expect(runsOf(state, 'Pause').length).toBe(3);
    expect(runsOf(state, 'Poll')[0]?.error?.errorCode).toBe('ACTIVITY_TIMEOUT');
    expect(state.status).toBe('Failed');
    expect(state.runEnd).toBe('2024-01-01T00:00:06.000Z');
  });

  it('keeps looping when an inner activity fails, and fails at the end', () => {
    const body = [act('Work'), { name: 'Tick', type: 'AppendVariable', typeProperties: { variableName: 'seen', value: 1 } }];
    const until = { name: 'Loop', type: 'Until', typeProperties: { expression: "@equals(length(variables('seen')), 2)", activities: body } };
    const { state, ran } = drive({ pipeline: { variables, activities: [until] }, activities: { Work: (_c, call) => (call === 0 ? 'Failed' : 'Succeeded') } });
    expect(ran).toEqual(['Work', 'Work']);
    expect(runsOf(state, 'Loop')[0]?.status).toBe('Failed');
    expect(state.message).toContain('Inner activity name: Work');
  });

  it('runs a body that ends at once (a counter loop) within one step', () => {
    const body = [{ name: 'Count', type: 'AppendVariable', typeProperties: { variableName: 'seen', value: 1 } }];
    const until = { name: 'Loop', type: 'Until', typeProperties: { expression: "@equals(length(variables('seen')), 10)", activities: body } };
    const { state, steps } = drive({ pipeline: { variables, activities: [until] } });
    expect(state.variables.seen).toHaveLength(10);
    expect(state.status).toBe('Succeeded');
    expect(steps).toBe(1);
  });

  it('stops a body that ends at once and never satisfies its expression, instead of spinning', () => {
    const until = { name: 'Loop', type: 'Until', typeProperties: { expression: '@equals(1, 2)', activities: [{ name: 'Nothing', type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } }] } };
    const { state } = drive({ pipeline: { activities: [until] }, freeze: false, roundTrip: false, duplicateEvents: false });
    expect(runsOf(state, 'Nothing').length).toBe(1001);
    expect(runsOf(state, 'Loop')[0]?.error?.message).toContain('ran 1000 iterations without waiting on anything');
  });

  it('fails when its expression is not a boolean', () => {
    const until = { name: 'Loop', type: 'Until', typeProperties: { expression: "@string('x')", activities: [act('Work')] } };
    const { state } = drive({ pipeline: { activities: [until] } });
    expect(runsOf(state, 'Loop')[0]?.error?.errorCode).toBe('EXPRESSION_TYPE');
  });
});
