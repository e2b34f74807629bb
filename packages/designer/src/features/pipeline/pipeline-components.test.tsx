// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActivityRun } from '../../api/client.js';
import type { ActivityTypeInfo, PipelineDoc, TypedValueSpec } from '../../model/types.js';
import { ganttBars } from '../monitor/gantt.js';
import { JsonView } from './JsonView.js';
import { groupTypes, Palette } from './Palette.js';
import { foldStatus, statusesOf } from './run-events.js';
import { TypedValuesEditor } from './TypedValuesEditor.js';
import { conditionStyle, statusStyle, typeBadge } from './visuals.js';

afterEach(cleanup);

const type = (t: string, category: string, version = 1): ActivityTypeInfo => ({ type: t, version, kind: 'control', category, title: `${t} v${version}`, description: '', typeProperties: { type: 'object' } });

describe('Palette', () => {
  it('groups by category, keeps the newest version and filters', () => {
    const types = [type('Wait', 'General'), type('ForEach', 'Iteration & conditionals'), type('Copy', 'Move and transform'), type('Copy', 'Move and transform', 2)];
    expect(groupTypes(types).map(([c, l]) => [c, l.map((t) => t.title)])).toEqual([
      ['General', ['Wait v1']],
      ['Iteration & conditionals', ['ForEach v1']],
      ['Move and transform', ['Copy v2']],
    ]);
    expect(groupTypes(types, 'each').map(([c]) => c)).toEqual(['Iteration & conditionals']);
  });

  it('adds an activity from the keyboard and offers it for dragging', () => {
    const added: string[] = [];
    render(<Palette types={[type('Wait', 'General')]} onAdd={(t) => added.push(t)} />);
    const item = screen.getByRole('button', { name: /Wait v1/ });
    expect(item.getAttribute('draggable')).toBe('true');
    fireEvent.click(item);
    expect(added).toEqual(['Wait']);
    fireEvent.change(screen.getByLabelText('Search activities'), { target: { value: 'zzz' } });
    expect(screen.getByText('No activity matches.')).toBeTruthy();
  });
});

describe('JsonView', () => {
  const doc: PipelineDoc = { name: 'P', properties: { activities: [{ name: 'A', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }] } };

  it('applies JSON that parses into a pipeline and keeps text that does not', () => {
    const changes: PipelineDoc[] = [];
    render(<JsonView doc={doc} onChange={(d) => changes.push(d)} />);
    const box = screen.getByLabelText('Pipeline JSON') as HTMLTextAreaElement;
    expect(JSON.parse(box.value)).toEqual(doc);
    fireEvent.change(box, { target: { value: '{"name": "P", ' } });
    expect(changes).toEqual([]);
    expect(screen.getByRole('alert')).toBeTruthy();
    expect(box.value).toBe('{"name": "P", ');
    fireEvent.change(box, { target: { value: '{"name": "P", "properties": {}}' } });
    expect(changes).toEqual([]);
    const next = { name: 'P', properties: { activities: [] } };
    fireEvent.change(box, { target: { value: JSON.stringify(next) } });
    expect(changes).toEqual([next]);
  });

  it('rewrites the text when the canvas changes the document', () => {
    const { rerender } = render(<JsonView doc={doc} onChange={() => undefined} />);
    const changed: PipelineDoc = { ...doc, properties: { activities: [] } };
    rerender(<JsonView doc={changed} onChange={() => undefined} />);
    expect(JSON.parse((screen.getByLabelText('Pipeline JSON') as HTMLTextAreaElement).value)).toEqual(changed);
  });
});

describe('TypedValuesEditor', () => {
  it('adds, renames, retypes and deletes parameters, typing defaults as JSON', () => {
    let value: Record<string, TypedValueSpec> = {};
    const { rerender } = render(<TypedValuesEditor what="Parameter" types={['String', 'Int', 'Array']} value={value} onChange={(v) => (value = v)} />);
    fireEvent.click(screen.getByRole('button', { name: '+ New parameter' }));
    expect(value).toEqual({ parameter1: { type: 'String' } });
    const again = (): void => {
      rerender(<TypedValuesEditor what="Parameter" types={['String', 'Int', 'Array']} value={value} onChange={(v) => (value = v)} />);
    };
    again();
    const name = screen.getByLabelText('Parameter 1 name');
    fireEvent.change(name, { target: { value: 'days' } });
    fireEvent.blur(name);
    expect(Object.keys(value)).toEqual(['days']);
    again();
    fireEvent.change(screen.getByLabelText('Parameter days type'), { target: { value: 'Array' } });
    again();
    fireEvent.change(screen.getByLabelText('Parameter days default value'), { target: { value: '[1,2]' } });
    expect(value).toEqual({ days: { type: 'Array', defaultValue: [1, 2] } });
    again();
    fireEvent.click(screen.getByRole('button', { name: 'Delete parameter days' }));
    expect(value).toEqual({});
  });
});

describe('runs', () => {
  const run = (name: string, start: string | null, end: string | null, status = 'Succeeded'): ActivityRun => ({ activityRunId: name, activityName: name, status, ...(start ? { activityRunStart: start } : {}), ...(end ? { activityRunEnd: end } : {}) });

  it('places Gantt bars on one time axis, in start order, running ones up to now', () => {
    const { bars, start, end } = ganttBars([run('B', '2024-01-01T00:00:10Z', '2024-01-01T00:00:20Z'), run('A', '2024-01-01T00:00:00Z', '2024-01-01T00:00:10Z'), run('C', null, null, 'Skipped'), run('D', '2024-01-01T00:00:15Z', null, 'InProgress')], Date.parse('2024-01-01T00:00:40Z'));
    expect(bars.map((b) => [b.label, b.left, b.width])).toEqual([
      ['A', 0, 0.25],
      ['B', 0.25, 0.25],
      ['D', 0.375, 0.625],
    ]);
    expect(end - start).toBe(40_000);
    expect(ganttBars([], 5).bars).toEqual([]);
  });

  it('folds live status messages by activity name', () => {
    let s = statusesOf([run('A', null, null, 'Queued')]);
    s = foldStatus(s, { kind: 'activity', activityName: 'A', status: 'InProgress' });
    s = foldStatus(s, { kind: 'run', status: 'InProgress' });
    expect(s).toEqual({ A: 'InProgress' });
  });

  it('never uses colour alone: every status and condition has a symbol', () => {
    for (const st of ['Queued', 'InProgress', 'Succeeded', 'Failed', 'Skipped', 'Cancelled']) expect(statusStyle(st).symbol).not.toBe('?');
    expect(new Set(['Succeeded', 'Failed', 'Completed', 'Skipped'].map((c) => conditionStyle(c as 'Failed').symbol)).size).toBe(4);
    expect(typeBadge('SetVariable', 'General').text).toBe('SV');
    expect(typeBadge('Wait', undefined).text).toBe('WA');
  });
});
