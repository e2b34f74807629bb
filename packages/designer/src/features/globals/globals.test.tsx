// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Problem } from '../../model/types.js';
import { GlobalParametersEditor } from './GlobalParameters.js';
import { GlobalParametersTable } from './GlobalParametersTable.js';
import { docOf, nameProblems, newRow, normalized, placeOf, previewValues, rowsOf, valueOf, withText, withType, type GlobalRow } from './globals-model.js';

afterEach(cleanup);

describe('global parameter rows', () => {
  it('writes back what it read when nothing was edited, and types values once their text is', () => {
    const stored = { batch: { type: 'int', value: '5' }, tags: { type: 'Array', value: ['a'] }, on: { type: 'Bool', value: true } };
    const rows = rowsOf(stored);
    expect(rows.map((r) => r.text)).toEqual(['5', '[\n  "a"\n]', 'true']);
    expect(docOf(rows)).toEqual(stored);
    expect(docOf([withText(rows[0]!, '12'), ...rows.slice(1)]).batch).toEqual({ type: 'int', value: 12 });
    // `{value, type}` as stored by hand is read in the order the page writes.
    expect(JSON.stringify(normalized({ x: { value: 1, type: 'Int' } }))).toBe('{"x":{"type":"Int","value":1}}');
  });

  it('turns text into the value of its type, and sends text that is not one as typed (the server says why)', () => {
    expect(valueOf('Int', ' -3 ')).toBe(-3);
    expect(valueOf('Int', '1.5')).toBe('1.5');
    expect(valueOf('float', '1.5')).toBe(1.5);
    expect(valueOf('Float', '')).toBe('');
    expect(valueOf('Bool', 'TRUE')).toBe(true);
    expect(valueOf('Object', '{"a": 1}')).toEqual({ a: 1 });
    expect(valueOf('Array', '[1,')).toBe('[1,');
    expect(valueOf('String', '42')).toBe('42');
  });

  it('keeps the text through a type change when it fits, and starts from the type’s empty value when not', () => {
    const row: GlobalRow = { key: 0, name: 'n', type: 'String', text: '7', value: '7' };
    expect(withType(row, 'Int')).toMatchObject({ type: 'Int', text: '7', value: 7 });
    expect(withType(row, 'Bool')).toMatchObject({ type: 'Bool', text: 'false', value: false });
    expect(withType(row, 'Array')).toMatchObject({ type: 'Array', text: '[]', value: [] });
    expect(withType({ ...row, text: '[1]', value: '[1]' }, 'Object')).toMatchObject({ text: '{}', value: {} });
  });

  it('names new rows with the first free name and says what is wrong with a name', () => {
    const rows = [{ key: 0, name: 'parameter2', type: 'String', text: '', value: '' }];
    expect(newRow(rows, 1).name).toBe('parameter3');
    const problems = nameProblems([
      { key: 0, name: 'region', type: 'String', text: '', value: '' },
      { key: 1, name: 'Region', type: 'String', text: '', value: '' },
      { key: 2, name: '', type: 'String', text: '', value: '' },
      { key: 3, name: '1st', type: 'String', text: '', value: '' },
    ]);
    expect([...problems.keys()]).toEqual([1, 2, 3]);
    expect(problems.get(1)).toMatch(/Another global parameter/);
  });

  it('places a server problem on the field its pointer names', () => {
    expect(placeOf({ pointer: '/globalParameters/batch/value' })).toEqual({ name: 'batch', field: 'value' });
    expect(placeOf({ pointer: '/globalParameters/a~1b/type' })).toEqual({ name: 'a/b', field: 'type' });
    expect(placeOf({ pointer: '/globalParameters/batch' })).toEqual({ name: 'batch', field: 'name' });
    expect(placeOf({ pointer: '/globalParameters' })).toBeUndefined();
    expect(placeOf({})).toBeUndefined();
  });

  it('gives the expression preview each value as a run sees it', () => {
    expect(previewValues({ n: { type: 'Int', value: '5' }, bad: { type: 'Int', value: 'x' }, o: { type: 'Object', value: '{"a":1}' } })).toEqual({ n: 5, o: { a: 1 } });
  });
});

/** The table with its own state, as the page holds it. */
function Table({ initial, problems = [], onRows }: { initial: GlobalRow[]; problems?: Problem[]; onRows?(rows: GlobalRow[]): void }): ReactNode {
  const [rows, setRows] = useState(initial);
  return (
    <GlobalParametersTable
      rows={rows}
      problems={problems}
      names={nameProblems(rows)}
      onChange={(next) => {
        setRows(next);
        onRows?.(next);
      }}
    />
  );
}

describe('global parameters table', () => {
  it('adds, renames, retypes, fills and removes rows, keeping the focus on the row being worked on', () => {
    let last: GlobalRow[] = [];
    render(<Table initial={[]} onRows={(r) => (last = r)} />);
    expect(screen.getByText('No global parameters yet.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '+ New global parameter' }));
    const name = screen.getByLabelText('Global parameter 1 name') as HTMLInputElement;
    expect(document.activeElement).toBe(name);
    expect(name.value).toBe('parameter1');
    fireEvent.change(name, { target: { value: 'batchSize' } });
    fireEvent.change(screen.getByLabelText('Global parameter batchSize type'), { target: { value: 'Int' } });
    fireEvent.change(screen.getByLabelText('Global parameter batchSize value'), { target: { value: '500' } });
    expect(docOf(last)).toEqual({ batchSize: { type: 'Int', value: 500 } });

    fireEvent.click(screen.getByRole('button', { name: '+ New global parameter' }));
    fireEvent.change(screen.getByLabelText('Global parameter 2 name'), { target: { value: 'tags' } });
    fireEvent.change(screen.getByLabelText('Global parameter tags type'), { target: { value: 'Array' } });
    const tags = screen.getByLabelText('Global parameter tags value');
    expect(tags.tagName).toBe('TEXTAREA');
    fireEvent.change(tags, { target: { value: '["eu", "us"]' } });
    fireEvent.change(screen.getByLabelText('Global parameter batchSize type'), { target: { value: 'Bool' } });
    expect((screen.getByLabelText('Global parameter batchSize value') as HTMLSelectElement).value).toBe('false');
    expect(docOf(last)).toEqual({ batchSize: { type: 'Bool', value: false }, tags: { type: 'Array', value: ['eu', 'us'] } });

    fireEvent.click(screen.getByRole('button', { name: 'Remove global parameter batchSize' }));
    expect(docOf(last)).toEqual({ tags: { type: 'Array', value: ['eu', 'us'] } });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: '+ New global parameter' }));
  });

  it('shows a name it cannot save, and the server’s problems, under their fields', () => {
    const rows = rowsOf({ region: { type: 'String', value: 'eu' }, batchSize: { type: 'Int', value: 5 } });
    const problems: Problem[] = [{ code: 'PARAMETER_TYPE_MISMATCH', severity: 'error', pointer: '/globalParameters/batchSize/value', message: "Global parameter 'batchSize' expects Int." }];
    render(<Table initial={rows} problems={problems} />);
    const value = screen.getByLabelText('Global parameter batchSize value');
    expect(value.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(value.getAttribute('aria-describedby')!)!.textContent).toBe("PARAMETER_TYPE_MISMATCH Global parameter 'batchSize' expects Int.");
    expect(screen.getByLabelText('Global parameter region value').getAttribute('aria-invalid')).toBeNull();

    // A duplicate name (case-insensitive) is said on the name field; the row is then named by its position.
    fireEvent.change(screen.getByLabelText('Global parameter 2 name'), { target: { value: 'Region' } });
    const name = screen.getByLabelText('Global parameter 2 name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(name.getAttribute('aria-describedby')!)!.textContent).toContain('Another global parameter has this name.');
    expect(screen.getByLabelText('Global parameter 2 type')).toBeTruthy();
  });
});

describe('global parameters page', () => {
  it('marks unsaved work in words, reports it to the shell, and will not save names it cannot', () => {
    const dirty: boolean[] = [];
    const saved: unknown[] = [];
    render(<GlobalParametersEditor initial={{ region: { type: 'String', value: 'eu' } }} initialEtag='"3"' onDirtyChange={(d) => void dirty.push(d)} onSaved={(g) => void saved.push(g)} />);
    const toolbar = screen.getByRole('toolbar', { name: 'Global parameter actions' });
    expect(toolbar.textContent).not.toContain('unsaved');
    expect(dirty.at(-1)).toBe(false);
    fireEvent.change(screen.getByLabelText('Global parameter region value'), { target: { value: 'us' } });
    expect(toolbar.textContent).toContain('● unsaved');
    expect(dirty.at(-1)).toBe(true);
    fireEvent.change(screen.getByLabelText('Global parameter region value'), { target: { value: 'eu' } });
    expect(dirty.at(-1)).toBe(false);

    fireEvent.change(screen.getByLabelText('Global parameter 1 name'), { target: { value: '' } });
    fireEvent.click(within(toolbar).getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert').textContent).toContain('Not saved: a name needs fixing first.');
    // Ctrl+S in a field says the same: the page is all fields, so the shortcut works from inside them.
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss message' }));
    fireEvent.keyDown(screen.getByLabelText('Global parameter 1 name'), { key: 's', ctrlKey: true });
    expect(screen.getByRole('alert').textContent).toContain('Not saved');
    expect(saved).toEqual([]);
  });
});
