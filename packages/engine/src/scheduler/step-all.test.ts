import { describe, expect, it } from 'vitest';
import { createRunState } from './create-run.js';
import { step, stepAll } from './step.js';
import type { RunEvent, RunState, StepEnv } from './types.js';

// stepAll must be exactly `step` applied event after event, only cheaper.
function env(): (e: RunEvent) => StepEnv {
  let n = 0;
  return (e) => ({ now: e.at, newId: () => `id-${++n}` });
}

const pipeline = {
  name: 'P',
  properties: {
    activities: [
      { name: 'A', type: 'Work', typeProperties: {} },
      { name: 'B', type: 'Work', typeProperties: {} },
      { name: 'C', type: 'Work', dependsOn: [{ activity: 'A', dependencyConditions: ['Succeeded'] }, { activity: 'B', dependencyConditions: ['Failed'] }], typeProperties: {} },
      { name: 'D', type: 'Work', dependsOn: [{ activity: 'B', dependencyConditions: ['Completed'] }], typeProperties: { v: "@activity('B').Status" } },
    ],
  },
};

describe('stepAll', () => {
  it('gives the same state, commands and changes as one step per event', () => {
    const start = createRunState({ runId: 'r', pipeline, now: '2024-01-01T00:00:00.000Z' });
    const events: RunEvent[] = [
      { type: 'RunStarted', at: '2024-01-01T00:00:01.000Z' },
      { type: 'ActivityStarted', key: '/A', attempt: 1, at: '2024-01-01T00:00:02.000Z' },
      { type: 'ActivityCompleted', key: '/A', status: 'Succeeded', output: { n: 1 }, at: '2024-01-01T00:00:03.000Z' },
      { type: 'ActivityCompleted', key: '/A', status: 'Succeeded', output: { n: 1 }, at: '2024-01-01T00:00:03.500Z' },
      { type: 'ActivityCompleted', key: '/B', status: 'Failed', at: '2024-01-01T00:00:04.000Z' },
    ];
    const e1 = env();
    let seq: RunState = start;
    const commands: unknown[] = [];
    const changed = new Map<string, unknown>();
    for (const e of events) {
      const r = step(seq, e, e1(e));
      seq = r.state;
      commands.push(...r.commands);
      for (const a of r.changed) changed.set(a.key, a);
    }
    const batch = stepAll(start, events, env());
    expect(batch.state).toEqual(seq);
    expect(batch.commands).toEqual(commands);
    expect(new Map(batch.changed.map((a) => [a.key, a]))).toEqual(changed);
    expect(start.status).toBe('Queued');

    const owned = structuredClone(start);
    const inPlace = stepAll(owned, events, env(), { inPlace: true });
    expect(inPlace.state).toBe(owned);
    expect(inPlace.state).toEqual(seq);
    expect(inPlace.commands).toEqual(commands);
    expect(new Map(inPlace.changed.map((a) => [a.key, a]))).toEqual(changed);
  });
});
