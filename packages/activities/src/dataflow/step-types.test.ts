import { describe, expect, it } from 'vitest';
import { checkValue } from '@sluice/engine';
import { dataFlowProblems } from './graph.js';
import { STEP_TYPES } from './schema.js';
import { describeStepTypes } from './step-types.js';

describe('the step-type catalog', () => {
  const types = describeStepTypes();
  const byType = Object.fromEntries(types.map((t) => [t.type, t]));

  it('lists every step type once, with a title, a category and its input range', () => {
    expect(types.map((t) => t.type).sort()).toEqual([...STEP_TYPES].sort());
    expect(byType.source).toMatchObject({ title: 'Source', category: 'Sources and sinks', inputs: { min: 0, max: 0 } });
    expect(byType.join?.inputs).toEqual({ min: 2, max: 2 });
    expect(byType.union?.inputs).toEqual({ min: 2, max: null });
    expect(byType.filter?.inputs).toEqual({ min: 1, max: 1 });
    expect(types[0]?.category).toBe('Sources and sinks');
  });

  it('names the outputs the graph accepts', () => {
    expect(byType.validate).toMatchObject({ namedOutputs: ['rejected'], outputsFromSettings: false });
    expect(byType.conditionalSplit).toMatchObject({ namedOutputs: [], outputsFromSettings: true });
    expect(byType.filter).toMatchObject({ namedOutputs: [], outputsFromSettings: false });
  });

  it('gives settings schemas that accept what the data flow schema accepts, and refuse what it refuses', () => {
    const filter = byType.filter!;
    expect(filter.settings).toMatchObject({ type: 'object', required: ['condition'], properties: { condition: { type: 'string', title: 'Condition' } } });
    expect(checkValue(filter.settings, { condition: 'age > 30' }, '')).toEqual([]);
    expect(checkValue(filter.settings, {}, '').map((p) => p.message).join()).toContain('condition');
    // The same settings in a whole flow pass the flow's own checks.
    const flow = {
      steps: [
        { name: 'a', type: 'source', dataset: { referenceName: 'A', type: 'DatasetReference' } },
        { name: 'f', type: 'filter', inputs: ['a'], condition: 'age > 30' },
        { name: 'out', type: 'sink', inputs: ['f'], dataset: { referenceName: 'B' }, mode: 'overwrite' },
      ],
    };
    expect(dataFlowProblems(flow)).toEqual([]);
    for (const t of types) expect(checkValue(t.settings, { surely_not_a_setting: 1 }, '').length, t.type).toBeGreaterThan(0);
  });

  it('edits lists of objects as JSON and keeps a dataset reference a reference', () => {
    expect(byType.join?.uiHints['/keys']).toMatchObject({ widget: 'json' });
    expect(byType.derive?.uiHints['/columns']).toMatchObject({ widget: 'json' });
    expect(byType.source?.uiHints['/dataset']?.widget).toBeUndefined();
    expect(byType.dedupe?.uiHints['/keys']?.widget).toBeUndefined(); // a list of column names stays a list
  });
});
