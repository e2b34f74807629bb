import { describe, expect, it } from 'vitest';
import { createRunState } from './create-run.js';
import { step } from './step.js';
import { act, deepFreeze, drive, runsOf } from './testing.js';
import type { RunCommand, RunEvent, RunState, StepEnv, StepResult } from './types.js';

const T0 = '2024-01-01T00:00:00.000Z';
let ids = 0;
const env = (now = T0): StepEnv => ({ now, newId: () => `n-${++ids}` });
const newRun = (properties: Record<string, unknown>): RunState => createRunState({ runId: 'r1', pipeline: { name: 'p', properties }, now: T0 });
const started = (properties: Record<string, unknown>): StepResult => step(newRun(properties), { type: 'RunStarted', at: T0 }, env());
type RunActivity = Extract<RunCommand, { type: 'RunActivity' }>;

describe('work activities', () => {
  const copy = {
    name: 'Copy',
    type: 'Copy',
    typeVersion: 2,
    typeProperties: { source: { query: "@concat('select * from ', pipeline().parameters.table)" }, sink: { type: 'ParquetSink' } },
    inputs: [{ referenceName: 'src', type: 'DatasetReference', parameters: { path: '@pipeline().parameters.table' } }],
    outputs: [{ referenceName: 'dst', type: 'DatasetReference' }],
    linkedServiceName: { referenceName: 'ls', type: 'LinkedServiceReference', parameters: { run: '@pipeline().RunId' } },
    policy: { timeout: '0.00:10:00', retry: '@add(1, 1)', retryIntervalInSeconds: 60, secureOutput: true },
  };
  const properties = { parameters: { table: { type: 'String', defaultValue: 'sales' } }, activities: [copy] };

  it('resolves everything and asks the runtime to run it', () => {
    const { state, commands, changed } = started(properties);
    expect(commands).toEqual([{
      type: 'RunActivity', key: '/Copy', activityRunId: state.activities['/Copy']?.activityRunId, activityName: 'Copy', activityType: 'Copy', typeVersion: 2,
      input: { source: { query: 'select * from sales' }, sink: { type: 'ParquetSink' } },
      inputs: [{ referenceName: 'src', type: 'DatasetReference', parameters: { path: 'sales' } }],
      outputs: [{ referenceName: 'dst', type: 'DatasetReference' }],
      linkedServiceName: { referenceName: 'ls', type: 'LinkedServiceReference', parameters: { run: 'r1' } },
      policy: { timeoutMs: 600_000, retry: 2, retryIntervalSeconds: 60, secureInput: false, secureOutput: true },
    }]);
    expect(state.status).toBe('InProgress');
    expect(changed.map((r) => [r.key, r.status])).toEqual([['/Copy', 'Queued']]);
    expect(state.activities['/Copy']).toMatchObject({ start: T0, input: { source: { query: 'select * from sales' } } });
  });

  it("applies ADF's policy defaults", () => {
    const { commands } = started({ activities: [act('A')] });
    expect((commands[0] as RunActivity).policy).toEqual({ timeoutMs: 12 * 3600_000, retry: 0, retryIntervalSeconds: 30, secureInput: false, secureOutput: false });
  });

  it('does not record the input of a secureInput activity (the command still carries it)', () => {
    const { state, commands } = started({ activities: [act('A', {}, { typeProperties: { password: 'x' }, policy: { secureInput: true } })] });
    expect((commands[0] as RunActivity).input).toEqual({ password: 'x' });
    expect(state.activities['/A']?.input).toBeUndefined();
  });

  it('keeps a secureOutput output in the state for later expressions (the store hides it)', () => {
    const { commands, state } = drive({
      pipeline: { activities: [act('Secret', {}, { policy: { secureOutput: true } }), act('Use', { Secret: ['Succeeded'] }, { typeProperties: { token: "@activity('Secret').output.token" } })] },
      activities: { Secret: { token: 't0k3n' } },
    });
    expect((commands.filter((c) => c.type === 'RunActivity')[1] as RunActivity).input).toEqual({ token: 't0k3n' });
    expect(runsOf(state, 'Secret')[0]?.output).toEqual({ token: 't0k3n' });
  });

  it('moves Queued → InProgress → Succeeded with attempts and times', () => {
    const first = started({ activities: [act('A')] });
    const inProgress = step(first.state, { type: 'ActivityStarted', key: '/A', attempt: 1, at: '2024-01-01T00:00:01.000Z' }, env('2024-01-01T00:00:01.000Z'));
    expect(inProgress.state.activities['/A']).toMatchObject({ status: 'InProgress', attempts: 1 });
    const retried = step(inProgress.state, { type: 'ActivityStarted', key: '/A', attempt: 2, at: '2024-01-01T00:00:40.000Z' }, env('2024-01-01T00:00:40.000Z'));
    expect(retried.state.activities['/A']?.attempts).toBe(2);
    const done = step(retried.state, { type: 'ActivityCompleted', key: '/A', status: 'Succeeded', output: { rows: 3 }, attempts: 2, at: '2024-01-01T00:01:00.000Z' }, env('2024-01-01T00:01:00.000Z'));
    expect(done.state.activities['/A']).toMatchObject({ status: 'Succeeded', output: { rows: 3 }, attempts: 2, end: '2024-01-01T00:01:00.000Z' });
    expect(done.state).toMatchObject({ status: 'Succeeded', runEnd: '2024-01-01T00:01:00.000Z' });
    expect(done.commands).toEqual([{ type: 'RunFinished', status: 'Succeeded' }]);
  });

  it.each([
    { name: 'an expression error in typeProperties', extra: { typeProperties: { q: '@concat(' } }, code: 'EXPRESSION_SYNTAX', pointer: '/properties/activities/0/typeProperties' },
    { name: 'an unknown function', extra: { typeProperties: { q: '@nope()' } }, code: 'EXPRESSION_UNKNOWN_FUNCTION', pointer: '/properties/activities/0/typeProperties' },
    { name: 'an error in a dataset parameter', extra: { inputs: [{ referenceName: 'd', type: 'DatasetReference', parameters: { p: "@div(1, 0)" } }] }, code: 'EXPRESSION_EVALUATION', pointer: '/properties/activities/0/inputs' },
    { name: 'a bad policy timeout', extra: { policy: { timeout: 'soon' } }, code: 'SCHEMA_VIOLATION', pointer: '/properties/activities/0/policy/timeout' },
  ])('fails at once, without a command, on $name', ({ extra, code, pointer }) => {
    const { state, commands } = started({ activities: [act('A', {}, extra), act('OnError', { A: ['Failed'] }, { type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } })] });
    expect(commands.filter((c) => c.type === 'RunActivity')).toEqual([]);
    expect(state.activities['/A']?.error).toMatchObject({ errorCode: code, failureType: 'UserError', target: 'A', details: { code, pointer } });
    expect(state.activities['/OnError']?.status).toBe('Succeeded');
    expect(state.status).toBe('Succeeded');
  });
});

describe('the expression context', () => {
  it("gives pipeline()'s system variables, trigger() and a deterministic utcNow()", () => {
    const state = createRunState({
      runId: 'r9', runGroupId: 'g1', now: T0,
      pipeline: { name: 'nightly', properties: { activities: [act('A', {}, { typeProperties: {
        df: '@pipeline().DataFactory', p: '@pipeline().Pipeline', run: '@pipeline().RunId', group: '@pipeline().GroupId',
        type: '@pipeline().TriggerType', name: '@pipeline().TriggerName', id: '@pipeline().TriggerId', time: '@pipeline().TriggerTime',
        env: '@pipeline().globalParameters.env', now: '@utcNow()', trig: '@trigger().name', body: '@triggerBody().x',
      } })] } },
      invokedBy: { type: 'ScheduleTrigger', name: 'nightly-trigger', id: 't1' },
      system: { TriggerTime: '2024-01-01T00:00:00Z', globalParameters: { env: 'prod' } },
      trigger: { name: 'nightly-trigger' },
      triggerBody: { x: 1 },
    });
    const { commands } = step(state, { type: 'RunStarted', at: T0 }, env('2024-01-01T00:00:05.000Z'));
    expect((commands[0] as RunActivity).input).toEqual({
      df: 'Sluice', p: 'nightly', run: 'r9', group: 'g1', type: 'ScheduleTrigger', name: 'nightly-trigger', id: 't1',
      time: '2024-01-01T00:00:00Z', env: 'prod', now: '2024-01-01T00:00:05.0000000Z', trig: 'nightly-trigger', body: 1,
    });
  });

  it('gives child runs TriggeredByPipelineName and TriggeredByPipelineRunId', () => {
    const state = createRunState({
      runId: 'c1', now: T0, pipeline: { name: 'child', properties: { activities: [act('A', {}, { typeProperties: { by: '@pipeline().TriggeredByPipelineName', parent: '@pipeline().TriggeredByPipelineRunId' } })] } },
      invokedBy: { type: 'PipelineActivity', parentRunId: 'p1', parentPipelineName: 'parent', parentActivityKey: '/Run child' },
    });
    expect((step(state, { type: 'RunStarted', at: T0 }, env()).commands[0] as RunActivity).input).toEqual({ by: 'parent', parent: 'p1' });
  });

  it('shows activities of the frame and of enclosing frames, not of inner frames', () => {
    const loop = { name: 'Loop', type: 'ForEach', dependsOn: [{ activity: 'Lookup', dependencyConditions: ['Succeeded'] }], typeProperties: {
      items: "@range(0, activity('Lookup').output.firstRow.n)",
      activities: [act('Inner', {}, { typeProperties: { n: "@activity('Lookup').output.firstRow.n", i: '@item()' } }), act('Next', { Inner: ['Succeeded'] }, { typeProperties: { v: "@activity('Inner').output.v" } })],
    } };
    const after = act('After', { Loop: ['Succeeded'] }, { typeProperties: { v: "@activity('Inner').output" } });
    const { state, commands } = drive({ pipeline: { activities: [act('Lookup'), loop, after] }, activities: { Lookup: { firstRow: { n: 2 } }, Inner: (c) => ({ v: (c.input as { i: number }).i * 10 }) } });
    const inputs = commands.filter((c): c is RunActivity => c.type === 'RunActivity').map((c) => [c.activityName, c.input]);
    expect(inputs).toEqual([['Lookup', {}], ['Inner', { n: 2, i: 0 }], ['Inner', { n: 2, i: 1 }], ['Next', { v: 0 }], ['Next', { v: 10 }]]);
    expect(runsOf(state, 'After')[0]?.status).toBe('Failed');
  });
});

describe('idempotence', () => {
  const base = (): StepResult => started({ activities: [act('A'), act('B', { A: ['Succeeded'] })] });
  const complete = (key: string): RunEvent => ({ type: 'ActivityCompleted', key, status: 'Succeeded', output: {}, at: '2024-01-01T00:00:01.000Z' });

  it.each<{ name: string; event: (s: RunState) => RunEvent; prepare?: (s: RunState) => RunState }>([
    { name: 'a duplicate completion', event: () => complete('/A'), prepare: (s) => step(s, complete('/A'), env()).state },
    { name: 'a completion for an unknown key', event: () => complete('/Nope') },
    { name: 'a timer for a work activity', event: () => ({ type: 'TimerFired', key: '/A', at: T0 }) },
    { name: 'a second RunStarted', event: () => ({ type: 'RunStarted', at: T0 }) },
    { name: 'a start after the end', event: () => ({ type: 'ActivityStarted', key: '/A', attempt: 1, at: T0 }), prepare: (s) => step(s, complete('/A'), env()).state },
    {
      name: 'any event after the run ended',
      event: () => complete('/B'),
      prepare: (s) => step(step(s, complete('/A'), env()).state, complete('/B'), env()).state,
    },
  ])('ignores $name', ({ event, prepare }) => {
    const state = deepFreeze(prepare ? prepare(base().state) : base().state);
    const result = step(state, event(state), env());
    expect(result.state).toBe(state);
    expect(result.commands).toEqual([]);
    expect(result.changed).toEqual([]);
  });

  it('never mutates the state it is given', () => {
    const first = base().state;
    const snapshot = JSON.stringify(first);
    step(deepFreeze(first), complete('/A'), env());
    expect(JSON.stringify(first)).toBe(snapshot);
  });
});

describe('the state', () => {
  it('is plain JSON (nothing undefined, no class instances), so a store can keep it as it is', () => {
    const loop = { name: 'Loop', type: 'ForEach', typeProperties: { items: '@range(0, 3)', activities: [act('Work'), { name: 'Stop', type: 'Fail', dependsOn: [{ activity: 'Work', dependencyConditions: ['Succeeded'] }], typeProperties: { message: 'm', errorCode: 'E' } }] } };
    const { state } = drive({ pipeline: { variables: { v: { type: 'String' } }, activities: [loop, act('Bad', {}, { typeProperties: { q: '@concat(' } })] }, roundTrip: false });
    expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
  });
});
