import { describe, expect, it } from 'vitest';
import { RunProgress } from './progress.js';

const snapshot = {
  kind: 'snapshot' as const,
  run: { runId: 'r1', pipelineName: 'P', status: 'InProgress', runStart: '2024-01-01T00:00:00.000Z', runEnd: null, durationInMs: null, message: '', error: null },
  activityRuns: [{ activityRunId: 'a1', activityName: 'Copy', activityType: 'Copy', status: 'InProgress', iteration: null, key: '/Copy', durationInMs: null, error: null }],
};
const activity = (name: string, status: string, iteration?: number) => ({
  kind: 'activity' as const, runId: 'r1', activityRunId: `${name}${iteration ?? ''}`, activityName: name, activityType: 'TestEcho', key: `/${name}${iteration ?? ''}`, status, at: '2024-01-01T00:00:01.250Z', ...(iteration !== undefined ? { iteration } : {}),
});

describe('RunProgress', () => {
  it('prints one plain line per change when not on a terminal', () => {
    let out = '';
    const p = new RunProgress((t) => (out += t), false, 'P r1');
    p.update(activity('Say', 'Succeeded'));
    p.update(activity('Each', 'Failed', 2));
    p.update({ kind: 'run', runId: 'r1', status: 'Failed', at: '2024-01-01T00:00:02.000Z', message: 'Each failed' });
    expect(out).toBe('00:00:01.250  Say (TestEcho) Succeeded\n00:00:01.250  Each [2] (TestEcho) Failed\n00:00:02.000  run Failed: Each failed\n');
    expect(out).not.toContain('\u001b[');
  });

  it('redraws a table in place on a terminal: cursor up over the previous table, clear, draw', () => {
    const writes: string[] = [];
    const p = new RunProgress((t) => writes.push(t), true, 'P r1');
    p.update(snapshot);
    p.update(activity('Say', 'Succeeded'));
    expect(writes[0]?.startsWith('\u001b[')).toBe(false);
    expect(writes[1]?.startsWith('\u001b[3A\u001b[J')).toBe(true); // title, header, Copy
    const ESC = String.fromCharCode(27);
    expect(p.table().map((l) => l.split(ESC).map((part, i) => (i ? part.replace(/^\[\d+m/, '') : part)).join('').trimEnd())).toEqual([
      'P r1: InProgress',
      '  ACTIVITY  TYPE      STATUS',
      '  Copy      Copy      InProgress',
      '  Say       TestEcho  Succeeded',
    ]);
    expect(writes[2]).toBeUndefined();
  });
});
