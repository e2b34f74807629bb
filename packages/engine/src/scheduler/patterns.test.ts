import { describe, expect, it } from 'vitest';
import { act, drive, statuses, type AnswerTable } from './testing.js';

// ADF's conditional paths and the leaf rule ("Errors and Conditional execution" / "Pipeline failure and
// error message"), one row per documented pattern and outcome.
interface Row {
  readonly name: string;
  readonly activities: Array<Record<string, unknown>>;
  readonly answers?: AnswerTable;
  readonly expected: Record<string, string>;
  readonly run: 'Succeeded' | 'Failed';
}

const tryCatch = [act('A'), act('Handler', { A: ['Failed'] })];
const doIfElse = [act('A'), act('OnSuccess', { A: ['Succeeded'] }), act('OnFailure', { A: ['Failed'] })];
const doIfSkipElse = [...doIfElse, act('Dummy', { OnSuccess: ['Skipped'] })];
const tryCatchProceed = [act('First'), act('Handler', { First: ['Failed'] }), act('Next', { Handler: ['Succeeded', 'Skipped'] })];
const tryCatchProceedAsWritten = [act('First'), act('Handler', { First: ['Failed'] }), act('Next', { Handler: ['Failed', 'Skipped'] })];
const generic = [act('A1'), act('A2', { A1: ['Succeeded'] }), act('A3', { A2: ['Succeeded'] }), act('Handler', { A3: ['Failed', 'Skipped'] })];

const rows: Row[] = [
  { name: 'try-catch: A fails, handler succeeds', activities: tryCatch, answers: { A: 'Failed' }, expected: { A: 'Failed', Handler: 'Succeeded' }, run: 'Succeeded' },
  { name: 'try-catch: A succeeds, handler skipped', activities: tryCatch, expected: { A: 'Succeeded', Handler: 'Skipped' }, run: 'Succeeded' },
  { name: 'try-catch: A and handler fail', activities: tryCatch, answers: { A: 'Failed', Handler: 'Failed' }, expected: { A: 'Failed', Handler: 'Failed' }, run: 'Failed' },
  { name: 'do-if-else: A fails, failure path succeeds', activities: doIfElse, answers: { A: 'Failed' }, expected: { A: 'Failed', OnSuccess: 'Skipped', OnFailure: 'Succeeded' }, run: 'Failed' },
  { name: 'do-if-else: A succeeds', activities: doIfElse, expected: { A: 'Succeeded', OnSuccess: 'Succeeded', OnFailure: 'Skipped' }, run: 'Succeeded' },
  { name: 'do-if-skip-else: A fails', activities: doIfSkipElse, answers: { A: 'Failed' }, expected: { A: 'Failed', OnSuccess: 'Skipped', OnFailure: 'Succeeded', Dummy: 'Succeeded' }, run: 'Succeeded' },
  { name: 'do-if-skip-else: A succeeds', activities: doIfSkipElse, expected: { A: 'Succeeded', OnSuccess: 'Succeeded', OnFailure: 'Skipped', Dummy: 'Skipped' }, run: 'Succeeded' },
  { name: 'try-catch-proceed: first fails', activities: tryCatchProceed, answers: { First: 'Failed' }, expected: { First: 'Failed', Handler: 'Succeeded', Next: 'Succeeded' }, run: 'Succeeded' },
  { name: 'try-catch-proceed: first succeeds', activities: tryCatchProceed, expected: { First: 'Succeeded', Handler: 'Skipped', Next: 'Succeeded' }, run: 'Succeeded' },
  { name: 'try-catch-proceed wired Failed+Skipped as the page words it: first fails', activities: tryCatchProceedAsWritten, answers: { First: 'Failed' }, expected: { First: 'Failed', Handler: 'Succeeded', Next: 'Skipped' }, run: 'Succeeded' },
  { name: 'generic error handling: all succeed', activities: generic, expected: { A1: 'Succeeded', A2: 'Succeeded', A3: 'Succeeded', Handler: 'Skipped' }, run: 'Succeeded' },
  { name: 'generic error handling: A2 fails', activities: generic, answers: { A2: 'Failed' }, expected: { A1: 'Succeeded', A2: 'Failed', A3: 'Skipped', Handler: 'Succeeded' }, run: 'Succeeded' },
  { name: 'generic error handling: A1 fails, skip propagates', activities: generic, answers: { A1: 'Failed' }, expected: { A1: 'Failed', A2: 'Skipped', A3: 'Skipped', Handler: 'Succeeded' }, run: 'Succeeded' },
  { name: 'generic error handling: the handler fails too', activities: generic, answers: { A3: 'Failed', Handler: 'Failed' }, expected: { A3: 'Failed', Handler: 'Failed' }, run: 'Failed' },
  { name: 'a failed leaf fails the run', activities: [act('A')], answers: { A: 'Failed' }, expected: { A: 'Failed' }, run: 'Failed' },
  { name: 'only a success path after a failure fails the run', activities: [act('A'), act('B', { A: ['Succeeded'] })], answers: { A: 'Failed' }, expected: { A: 'Failed', B: 'Skipped' }, run: 'Failed' },
  { name: 'Completed runs after a failure', activities: [act('A'), act('B', { A: ['Completed'] })], answers: { A: 'Failed' }, expected: { A: 'Failed', B: 'Succeeded' }, run: 'Succeeded' },
  { name: 'Completed runs after a success', activities: [act('A'), act('B', { A: ['Completed'] })], expected: { A: 'Succeeded', B: 'Succeeded' }, run: 'Succeeded' },
  { name: 'Completed does not match Skipped', activities: [act('A'), act('B', { A: ['Succeeded'] }), act('C', { B: ['Completed'] })], answers: { A: 'Failed' }, expected: { B: 'Skipped', C: 'Skipped' }, run: 'Failed' },
  { name: 'Failed and Completed paths together succeed', activities: [act('A'), act('F', { A: ['Failed'] }), act('C', { A: ['Completed'] })], answers: { A: 'Failed' }, expected: { F: 'Succeeded', C: 'Succeeded' }, run: 'Succeeded' },
  { name: 'entries are ANDed: one upstream failed', activities: [act('A'), act('B'), act('C', { A: ['Succeeded'], B: ['Succeeded'] })], answers: { B: 'Failed' }, expected: { A: 'Succeeded', B: 'Failed', C: 'Skipped' }, run: 'Failed' },
  { name: 'entries are ANDed: both hold', activities: [act('A'), act('B'), act('C', { A: ['Succeeded'], B: ['Failed'] })], answers: { B: 'Failed' }, expected: { C: 'Succeeded' }, run: 'Succeeded' },
  { name: 'conditions of one entry are ORed', activities: [act('A'), act('B', { A: ['Succeeded', 'Failed'] })], answers: { A: 'Failed' }, expected: { B: 'Succeeded' }, run: 'Succeeded' },
  { name: 'conditions and names are case-insensitive', activities: [act('A'), act('B', { a: ['fAILED'] })], answers: { A: 'Failed' }, expected: { B: 'Succeeded' }, run: 'Succeeded' },
  { name: 'Skipped matches a skipped upstream', activities: [act('A'), act('B', { A: ['Succeeded'] }), act('C', { B: ['Skipped'] })], answers: { A: 'Failed' }, expected: { B: 'Skipped', C: 'Succeeded' }, run: 'Succeeded' },
  { name: 'inactive (default Succeeded) lets its success path run', activities: [act('A', {}, { state: 'Inactive' }), act('B', { A: ['Succeeded'] })], expected: { A: 'Succeeded', B: 'Succeeded' }, run: 'Succeeded' },
  { name: 'inactive marked Failed takes the failure path', activities: [act('A', {}, { state: 'inactive', onInactiveMarkAs: 'failed' }), act('B', { A: ['Failed'] })], expected: { A: 'Failed', B: 'Succeeded' }, run: 'Succeeded' },
  { name: 'inactive marked Failed as a leaf fails the run', activities: [act('A', {}, { state: 'Inactive', onInactiveMarkAs: 'Failed' })], expected: { A: 'Failed' }, run: 'Failed' },
  { name: 'inactive marked Skipped takes the skip path', activities: [act('A', {}, { state: 'Inactive', onInactiveMarkAs: 'Skipped' }), act('B', { A: ['Skipped'] }), act('C', { A: ['Succeeded'] })], expected: { A: 'Skipped', B: 'Succeeded', C: 'Skipped' }, run: 'Succeeded' },
  { name: 'an inactive activity whose dependency does not hold is skipped', activities: [act('A'), act('B', { A: ['Succeeded'] }, { state: 'Inactive', onInactiveMarkAs: 'Failed' })], answers: { A: 'Failed' }, expected: { A: 'Failed', B: 'Skipped' }, run: 'Failed' },
];

describe('conditional paths and the leaf rule', () => {
  it.each(rows)('$name', (row) => {
    const { state } = drive({ pipeline: { activities: row.activities }, ...(row.answers ? { activities: row.answers } : {}) });
    expect(statuses(state)).toMatchObject(row.expected);
    expect(state.status).toBe(row.run);
  });

  it('runs independent activities in parallel and dependents after them', () => {
    const { ran, maxInFlight } = drive({ pipeline: { activities: [act('A'), act('B'), act('C', { A: ['Succeeded'], B: ['Succeeded'] })] } });
    expect(ran).toEqual(['A', 'B', 'C']);
    expect(maxInFlight).toBe(2);
  });

  it('never runs an inactive activity', () => {
    const { ran } = drive({ pipeline: { activities: [act('A', {}, { state: 'Inactive' }), act('B', { A: ['Succeeded'] })] } });
    expect(ran).toEqual(['B']);
  });

  it("names the failed activity in the run's error, ADF style", () => {
    const { state } = drive({ pipeline: { activities: [act('Copy data')] }, activities: { 'Copy data': 'Failed' } });
    expect(state.message).toBe('Operation on target Copy data failed: Copy data failed');
    expect(state.error).toMatchObject({ errorCode: 'TestFailure', target: 'Copy data' });
  });

  it('succeeds at once with no activities', () => {
    const { state, commands } = drive({ pipeline: { activities: [] } });
    expect(state.status).toBe('Succeeded');
    expect(commands).toEqual([{ type: 'RunFinished', status: 'Succeeded' }]);
  });

  it('fails activities whose dependencies form a cycle instead of hanging', () => {
    const { state } = drive({ pipeline: { activities: [act('A', { B: ['Succeeded'] }), act('B', { A: ['Succeeded'] })] } });
    expect(state.status).toBe('Failed');
    expect(state.error?.errorCode).toBe('PIPELINE_CYCLE');
  });
});
