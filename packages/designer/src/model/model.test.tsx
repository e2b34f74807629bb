import { describe, expect, it } from 'vitest';
import { addActivity, allNames, connect, copyActivities, dependencyConditions, pasteActivities, removeActivities, renameActivity, setDependency, uniqueName, wouldCycle } from './edits.js';
import { describeElsewhere, resourceLabel } from './dependents.js';
import { sameEdge, sameNode, toFlow } from './graph.js';
import { redo, push, startHistory, undo } from './history.js';
import { autoLayout, NODE_WIDTH } from './layout.js';
import { containerSlots, getActivities, locatePointer, scopePointer, setActivities } from './scopes.js';
import type { ActivityDoc, PipelineDoc } from './types.js';

const pipeline: PipelineDoc = {
  name: 'P',
  properties: {
    activities: [
      { name: 'A', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } },
      { name: 'B', type: 'SetVariable', dependsOn: [{ activity: 'A', dependencyConditions: ['Succeeded', 'Failed'] }], typeProperties: { variableName: 'v', value: 'x' } },
      {
        name: 'Loop',
        type: 'ForEach',
        dependsOn: [{ activity: 'B', dependencyConditions: ['Completed'] }],
        typeProperties: {
          items: { value: '@createArray(1)', type: 'Expression' },
          activities: [{ name: 'Inner', type: 'IfCondition', typeProperties: { expression: { value: '@true', type: 'Expression' }, ifTrueActivities: [{ name: 'Deep', type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } }], ifFalseActivities: [] } }],
        },
      },
      { name: 'Sw', type: 'Switch', typeProperties: { on: '@x', cases: [{ value: 'a', activities: [{ name: 'CaseA', type: 'Wait' }] }], defaultActivities: [] } },
    ],
    variables: { v: { type: 'String' } },
  },
};

describe('scopes', () => {
  it('lists the inner lists of containers and none for other types', () => {
    expect(containerSlots(pipeline.properties.activities[2]!).map((s) => [s.slot, s.count])).toEqual([['activities', 1]]);
    expect(containerSlots(pipeline.properties.activities[3]!).map((s) => s.label)).toEqual(['Case a', 'Default']);
    expect(containerSlots(pipeline.properties.activities[0]!)).toEqual([]);
  });

  it('reads and replaces a nested list without touching the rest', () => {
    const path = [{ activity: 'Loop', slot: 'activities' }, { activity: 'Inner', slot: 'ifTrueActivities' }];
    expect(getActivities(pipeline, path).map((a) => a.name)).toEqual(['Deep']);
    const next = setActivities(pipeline, path, []);
    expect(getActivities(next, path)).toEqual([]);
    expect(getActivities(pipeline, path)).toHaveLength(1); // the original is untouched
    expect(next.properties.activities[0]).toBe(pipeline.properties.activities[0]);
    expect(getActivities(setActivities(pipeline, [{ activity: 'Sw', slot: 'cases/0' }], []), [{ activity: 'Sw', slot: 'cases/0' }])).toEqual([]);
    expect(() => getActivities(pipeline, [{ activity: 'Nope', slot: 'activities' }])).toThrow(/Nope/);
  });

  it('maps scope paths to pointers and pointers back to activities', () => {
    const path = [{ activity: 'Loop', slot: 'activities' }, { activity: 'Inner', slot: 'ifTrueActivities' }];
    expect(scopePointer(pipeline, path)).toBe('/properties/activities/2/typeProperties/activities/0/typeProperties/ifTrueActivities');
    expect(locatePointer(pipeline, '/properties/activities/2/typeProperties/activities/0/typeProperties/ifTrueActivities/0/typeProperties/waitTimeInSeconds')).toEqual({
      path,
      activity: 'Deep',
      rest: '/typeProperties/waitTimeInSeconds',
    });
    expect(locatePointer(pipeline, '/properties/activities/1')).toEqual({ path: [], activity: 'B', rest: '' });
    expect(locatePointer(pipeline, '/properties/activities/3/typeProperties/cases/0/activities/0/name')).toEqual({ path: [{ activity: 'Sw', slot: 'cases/0' }], activity: 'CaseA', rest: '/name' });
    expect(locatePointer(pipeline, '/properties/parameters/x')).toEqual({ path: [], rest: '/properties/parameters/x' });
    // The items expression of a ForEach is a field of the ForEach, not a scope.
    expect(locatePointer(pipeline, '/properties/activities/2/typeProperties/items')).toEqual({ path: [], activity: 'Loop', rest: '/typeProperties/items' });
  });
});

describe('graph', () => {
  it('draws one node per activity and one edge per dependency with all its conditions', () => {
    const { nodes, edges } = toFlow(pipeline.properties.activities, { positions: { A: { x: 5, y: 6 } }, statuses: { A: 'Succeeded' }, selected: new Set(['B']) });
    expect(nodes.map((n) => n.id)).toEqual(['A', 'B', 'Loop', 'Sw']);
    expect(nodes[0]!.position).toEqual({ x: 5, y: 6 });
    expect(nodes[0]!.data.status).toBe('Succeeded');
    expect(nodes[1]!.selected).toBe(true);
    expect(nodes[2]!.data.slots).toHaveLength(1);
    expect(edges).toEqual([
      expect.objectContaining({ id: 'A->B', source: 'A', sourceHandle: 'Succeeded', target: 'B', data: { conditions: ['Succeeded', 'Failed'] } }),
      expect.objectContaining({ id: 'B->Loop', sourceHandle: 'Completed', data: { conditions: ['Completed'] } }),
    ]);
  });

  it('draws no edge for a dependency on an activity outside the list', () => {
    const { edges } = toFlow([{ name: 'X', type: 'Wait', dependsOn: [{ activity: 'Gone', dependencyConditions: ['Succeeded'] }] }], { positions: {} });
    expect(edges).toEqual([]);
  });

  it('tells a node or edge that draws the same thing from one that changed, so the canvas re-renders only those', () => {
    const acts = pipeline.properties.activities;
    const opts = { positions: { A: { x: 5, y: 6 } }, statuses: { A: 'InProgress' } };
    const first = toFlow(acts, opts);
    const again = toFlow(acts, { ...opts, problems: {} });
    expect(first.nodes.every((n, i) => sameNode(n, again.nodes[i]!))).toBe(true);
    expect(first.edges.every((e, i) => sameEdge(e, again.edges[i]!))).toBe(true);
    const moved = toFlow(acts, { ...opts, statuses: { A: 'Succeeded' }, positions: { A: { x: 5, y: 6 }, B: { x: 1, y: 1 } } });
    expect(first.nodes.map((n, i) => sameNode(n, moved.nodes[i]!))).toEqual([false, false, true, true]);
    const problem = { code: 'X', pointer: '/p', message: 'm', severity: 'error' as const };
    const withProblem = toFlow(acts, { ...opts, problems: { Loop: [problem] } });
    expect(sameNode(first.nodes[2]!, withProblem.nodes[2]!)).toBe(false);
    expect(sameNode(withProblem.nodes[2]!, toFlow(acts, { ...opts, problems: { Loop: [{ ...problem }] } }).nodes[2]!)).toBe(true);
    const edited = acts.map((a) => (a.name === 'B' ? { ...a, dependsOn: [{ activity: 'A', dependencyConditions: ['Succeeded' as const] }] } : a));
    const changed = toFlow(edited, opts);
    expect(sameEdge(first.edges[0]!, changed.edges[0]!)).toBe(false);
    expect(sameNode(first.nodes[1]!, changed.nodes[1]!)).toBe(false);
  });
});

describe('problems in other resources', () => {
  it('names the resource, moves its pointer into the message and leaves own problems alone', () => {
    const own = { code: 'X', message: 'own', pointer: '/properties/activities/0' };
    expect(describeElsewhere(own)).toBe(own);
    expect(resourceLabel(own)).toBeUndefined();
    const other = { code: 'REQUIRED_PARAMETER_MISSING', severity: 'error', message: 'needs region', pointer: '/properties/pipelines/0', resource: { kind: 'triggers', name: 'Nightly' } };
    expect(resourceLabel(other)).toBe("trigger 'Nightly'");
    expect(describeElsewhere(other)).toEqual({ code: 'REQUIRED_PARAMETER_MISSING', severity: 'error', message: "In trigger 'Nightly' at /properties/pipelines/0: needs region", resource: other.resource });
    expect(resourceLabel({ code: 'Y', message: 'm', resource: { kind: 'linkedservices', name: 'Db' } })).toBe("linked service 'Db'");
  });
});

describe('edits', () => {
  const list = pipeline.properties.activities;

  it('names new activities ADF-style and uniquely across containers', () => {
    expect(uniqueName('Wait1', ['Wait1', 'wait2'])).toBe('Wait3');
    expect(uniqueName('Fresh', [])).toBe('Fresh');
    const taken = allNames(list);
    expect(taken).toEqual(['A', 'B', 'Loop', 'Inner', 'Deep', 'Sw', 'CaseA']);
    const added = addActivity(list, 'ForEach', 'ForEach', taken);
    expect(added.name).toBe('ForEach1');
    expect(added.list.at(-1)).toMatchObject({ type: 'ForEach', typeProperties: { activities: [] } });
  });

  it('renames an activity and the dependencies on it', () => {
    const next = renameActivity(list, 'A', 'Start');
    expect(next[0]!.name).toBe('Start');
    expect(next[1]!.dependsOn).toEqual([{ activity: 'Start', dependencyConditions: ['Succeeded', 'Failed'] }]);
  });

  it('removes activities and the dependencies on them', () => {
    const next = removeActivities(list, new Set(['B']));
    expect(next.map((a) => a.name)).toEqual(['A', 'Loop', 'Sw']);
    expect(next[1]!.dependsOn).toEqual([]);
  });

  it('connects with several conditions per edge and removes a dependency with none', () => {
    let next: ActivityDoc[] = connect(list, 'A', 'Sw', 'Failed');
    next = connect(next, 'A', 'Sw', 'Succeeded');
    next = connect(next, 'A', 'Sw', 'Failed');
    expect(dependencyConditions(next, 'A', 'Sw')).toEqual(['Succeeded', 'Failed']);
    expect(dependencyConditions(setDependency(next, 'A', 'Sw', []), 'A', 'Sw')).toEqual([]);
    expect(setDependency(list, 'A', 'A', ['Succeeded'])).toEqual(list);
  });

  it('detects cycles', () => {
    expect(wouldCycle(list, 'Loop', 'A')).toBe(true);
    expect(wouldCycle(list, 'A', 'Sw')).toBe(false);
  });

  it('copies and pastes with fresh names, keeping inner dependencies only', () => {
    const clip = copyActivities(list, new Set(['B', 'Loop']));
    const { list: next, names } = pasteActivities(list, clip, allNames(list));
    expect(names).toEqual(['B1', 'Loop1']);
    expect(next.find((a) => a.name === 'B1')!.dependsOn).toEqual([]);
    expect(next.find((a) => a.name === 'Loop1')!.dependsOn).toEqual([{ activity: 'B1', dependencyConditions: ['Completed'] }]);
    // Inner activities are renamed too, so names stay unique across the pipeline.
    expect(allNames(next)).toEqual([...allNames(list), 'B1', 'Loop1', 'Inner1', 'Deep1']);
    expect(allNames(list)).toEqual(['A', 'B', 'Loop', 'Inner', 'Deep', 'Sw', 'CaseA']);
  });
});

describe('layout and history', () => {
  it('lays out left to right by dependency rank', () => {
    const pos = autoLayout(pipeline.properties.activities);
    expect(pos.A!.x).toBeLessThan(pos.B!.x);
    expect(pos.B!.x + NODE_WIDTH).toBeLessThan(pos.Loop!.x + 1);
    expect(autoLayout(pipeline.properties.activities)).toEqual(pos);
  });

  it('remembers a layout by graph shape, not by settings, and hands out copies', () => {
    const acts: ActivityDoc[] = [{ name: 'P', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }, { name: 'Q', type: 'Wait', dependsOn: [{ activity: 'P', dependencyConditions: ['Succeeded' as const] }] }];
    const pos = autoLayout(acts);
    pos.P = { x: -999, y: -999 };
    const settingsEdited = [{ ...acts[0]!, typeProperties: { waitTimeInSeconds: 5 } }, acts[1]!];
    expect(autoLayout(settingsEdited).P).not.toEqual({ x: -999, y: -999 });
    const reshaped = autoLayout([acts[0]!, { ...acts[1]!, dependsOn: [] }]);
    expect(reshaped.Q!.x).toBe(reshaped.P!.x);
  });

  it('undoes and redoes snapshots', () => {
    let h = startHistory(1);
    h = push(h, 2);
    h = push(h, 3);
    h = undo(h);
    expect(h.present).toBe(2);
    h = redo(h);
    expect(h.present).toBe(3);
    h = undo(undo(h));
    h = push(h, 9);
    expect(h).toEqual({ past: [1], present: 9, future: [] });
    expect(undo(startHistory(0)).present).toBe(0);
  });
});
