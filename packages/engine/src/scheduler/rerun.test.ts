import { describe, expect, it } from 'vitest';
import { createRerunState, type RerunMode } from './rerun.js';
import { act, drive, runsOf, statuses, type AnswerTable } from './testing.js';
import type { RunState } from './types.js';

const R = { runId: 'run-2', now: '2024-01-02T00:00:00.000Z' };

function firstRun(activities: unknown[], answers: AnswerTable, extra: Record<string, unknown> = {}): RunState {
  return drive({ pipeline: { activities, ...extra }, activities: answers, parameters: extra.parameters ? { p: 'given' } : {} }).state;
}

function rerun(previous: RunState, mode: RerunMode, answers: AnswerTable = {}) {
  return drive({ pipeline: previous.pipeline, state: createRerunState(previous, mode, R), activities: answers, start: R.now });
}

describe('reruns', () => {
  const chain = [act('A'), act('B', { A: ['Succeeded'] }), act('C', { B: ['Succeeded'] }), act('D')];

  it('from the failed activity: reuses what succeeded, runs the failed one and what follows', () => {
    const previous = firstRun(chain, { B: 'Failed' }, { parameters: { p: { type: 'String' } } });
    expect(previous.status).toBe('Failed');
    const { state, ran } = rerun(previous, { type: 'fromFailed' });
    expect(ran).toEqual(['B', 'C']);
    expect(state).toMatchObject({ runId: 'run-2', runGroupId: 'run-1', parameters: { p: 'given' }, status: 'Succeeded', runStart: R.now });
    expect(state.activities['/A']).toMatchObject({ status: 'Succeeded', activityRunId: previous.activities['/A']?.activityRunId, container: { reused: true } });
    expect(state.activities['/D']?.container?.reused).toBe(true);
    expect(state.activities['/B']?.container?.reused).toBeUndefined();
  });

  it('from the failed activity: reruns a container with a failure entirely', () => {
    const loop = { name: 'Loop', type: 'ForEach', typeProperties: { items: '@range(0, 3)', activities: [act('Work', {}, { typeProperties: { i: '@item()' } })] } };
    const activities = [act('Before'), { ...loop, dependsOn: [{ activity: 'Before', dependencyConditions: ['Succeeded'] }] }, act('After', { Loop: ['Succeeded'] })];
    const previous = firstRun(activities, { Work: (c) => ((c.input as { i: number }).i === 1 ? 'Failed' : 'Succeeded') });
    const { state, ran } = rerun(previous, { type: 'fromFailed' });
    expect(ran).toEqual(['Work', 'Work', 'Work', 'After']);
    expect(state.status).toBe('Succeeded');
  });

  it('from the failed activity: re-decides the paths that depended on it', () => {
    const previous = firstRun([act('A'), act('Handler', { A: ['Failed'] })], { A: 'Failed' });
    expect(previous.status).toBe('Succeeded');
    expect(() => createRerunState(previous, { type: 'fromFailed' }, R)).toThrow(expect.objectContaining({ code: 'RERUN_INVALID' }));
    const failedRun = firstRun([act('A'), act('Handler', { A: ['Failed'] }), act('Next', { A: ['Succeeded'] })], { A: 'Failed' });
    const { state, ran } = rerun(failedRun, { type: 'fromFailed' });
    expect(ran).toEqual(['A', 'Next']);
    expect(statuses(state)).toEqual({ A: 'Succeeded', Handler: 'Skipped', Next: 'Succeeded' });
  });

  it("replays the reused activities' variables, not those of the part that reruns", () => {
    const activities = [
      act('Init', {}, { type: 'SetVariable', typeProperties: { variableName: 'x', value: 'one' } }),
      act('A', { Init: ['Succeeded'] }, { typeProperties: { v: "@variables('x')" } }),
      act('OnError', { A: ['Failed'] }, { type: 'SetVariable', typeProperties: { variableName: 'x', value: 'error' } }),
      act('Flag', { A: ['Succeeded'] }),
    ];
    const previous = firstRun(activities, { A: 'Failed' }, { variables: { x: { type: 'String', defaultValue: 'none' } } });
    expect(previous.variables.x).toBe('error');
    const { state, commands } = rerun(previous, { type: 'fromFailed' });
    expect(commands.find((c) => c.type === 'RunActivity')).toMatchObject({ activityName: 'A', input: { v: 'one' } });
    expect(state.variables.x).toBe('one');
  });

  it('from an activity: reruns it and everything downstream, keeping the rest as it was', () => {
    const previous = firstRun(chain, { D: 'Failed' });
    const { state, ran } = rerun(previous, { type: 'fromActivity', activityName: 'b' });
    expect(ran).toEqual(['B', 'C']);
    expect(runsOf(state, 'D')[0]).toMatchObject({ status: 'Failed', container: { reused: true } });
    expect(state.status).toBe('Failed');
  });

  it('all: runs everything again from the defaults', () => {
    const previous = firstRun(chain, { B: 'Failed' });
    const { state, ran } = rerun(previous, { type: 'all' });
    expect(ran).toEqual(['A', 'D', 'B', 'C']);
    expect(state.status).toBe('Succeeded');
  });

  it.each([
    { name: 'an unknown activity', mode: { type: 'fromActivity', activityName: 'Nope' } as RerunMode },
    { name: 'an activity inside a container', mode: { type: 'fromActivity', activityName: 'Work' } as RerunMode },
  ])('refuses to rerun from $name', ({ mode }) => {
    const loop = { name: 'Loop', type: 'ForEach', typeProperties: { items: '@range(0, 1)', activities: [act('Work')] } };
    const previous = firstRun([loop], { Work: 'Failed' });
    expect(() => createRerunState(previous, mode, R)).toThrow(expect.objectContaining({ code: 'RERUN_INVALID' }));
  });

  it('refuses to rerun a run that has not ended', () => {
    const previous: RunState = { ...firstRun(chain, {}), status: 'InProgress' };
    expect(() => createRerunState(previous, { type: 'all' }, R)).toThrow(expect.objectContaining({ code: 'RERUN_INVALID' }));
  });
});
