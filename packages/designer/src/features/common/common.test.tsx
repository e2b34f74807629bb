// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useCallback, useState, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { push, startHistory } from '../../model/history.js';
import type { Problem } from '../../model/types.js';
import { FieldProblems } from './FieldProblems.js';
import { FilterForm, FilterSelect } from './Filters.js';
import { JsonEditor, type ParseResult } from './JsonEditor.js';
import { ConflictBanner, FormProblemList, MessageBanner, ProblemList } from './Notices.js';
import { GroupedPalette } from './Palette.js';
import { ReferenceOptions } from './ReferenceOptions.js';
import { DeleteButton, DocumentToolbar, historyActions } from './Toolbar.js';
import { useLoad } from './use-load.js';
import { documentShortcut, useShortcuts } from './use-shortcuts.js';

afterEach(cleanup);

const problems: Problem[] = [
  { code: 'STEP_INPUTS', message: 'Needs an input.', pointer: '/properties/typeProperties/steps/0', severity: 'error' },
  { code: 'DATAFLOW_INVALID', message: 'Needs a sink.', pointer: '/properties/typeProperties/steps', severity: 'warning' },
];

describe('notices', () => {
  it('announces errors as alerts and the rest as status, dismissible only when asked', () => {
    const dismissed: string[] = [];
    const { rerender } = render(<MessageBanner message={{ kind: 'error', text: 'Not saved: boom' }} onDismiss={() => dismissed.push('x')} />);
    expect(screen.getByRole('alert').textContent).toContain('Not saved: boom');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss message' }));
    expect(dismissed).toEqual(['x']);
    rerender(<MessageBanner message={{ kind: 'success', text: 'Saved F.' }} />);
    expect(screen.getByRole('status').className).toBe('message message-success');
    expect(screen.queryByRole('button')).toBeNull();
    rerender(<MessageBanner message={null} />);
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('offers the conflict choice as an alert dialog named after the document', () => {
    const chosen: string[] = [];
    render(<ConflictBanner name="Loops" noun="pipeline" onOverwrite={() => chosen.push('overwrite')} onLoadTheirs={() => chosen.push('theirs')} onLater={() => chosen.push('later')} />);
    const dialog = screen.getByRole('alertdialog', { name: 'Someone else saved Loops' });
    expect(dialog.textContent).toContain('The stored pipeline changed after you opened it.');
    for (const name of ['Overwrite with my version', 'Discard mine and load theirs', 'Decide later']) fireEvent.click(within(dialog).getByRole('button', { name }));
    expect(chosen).toEqual(['overwrite', 'theirs', 'later']);
  });

  it('lists problems as links, or, with places, links only those that have one', () => {
    const went: Array<[string, string | undefined]> = [];
    const { rerender } = render(<ProblemList problems={problems} onGo={(p, place) => went.push([p.code, place])} />);
    const region = screen.getByRole('region', { name: 'Validation problems' });
    expect(within(region).getByRole('heading').textContent).toBe('Problems (2)');
    expect(within(region).getAllByRole('button')).toHaveLength(2);
    expect(within(region).getAllByRole('listitem')[0]!.textContent).toBe('STEP_INPUTS /properties/typeProperties/steps/0 Needs an input.');
    fireEvent.click(within(region).getAllByRole('button')[1]!);
    expect(went).toEqual([['DATAFLOW_INVALID', undefined]]);

    rerender(<ProblemList problems={problems} placeOf={(p) => (p.pointer?.endsWith('/0') ? 'source1' : undefined)} onGo={(p, place) => went.push([p.code, place])} />);
    const buttons = within(screen.getByRole('region', { name: 'Validation problems' })).getAllByRole('button');
    expect(buttons).toHaveLength(1);
    expect(buttons[0]!.textContent).toBe('STEP_INPUTS source1 /properties/typeProperties/steps/0 Needs an input.');
    expect(screen.getAllByRole('listitem')[1]!.textContent).toBe('DATAFLOW_INVALID  /properties/typeProperties/steps Needs a sink.');
    fireEvent.click(buttons[0]!);
    expect(went[1]).toEqual(['STEP_INPUTS', 'source1']);
  });

  it('lists a form editor’s problems as a named list, and a field’s under it with an id', () => {
    const { rerender } = render(<FormProblemList problems={problems} />);
    expect(within(screen.getByRole('list', { name: 'Validation problems' })).getAllByRole('listitem')).toHaveLength(2);
    rerender(<FormProblemList problems={[]} />);
    expect(screen.queryByRole('list')).toBeNull();
    render(<FieldProblems id="f-problems" problems={problems.slice(0, 1)} />);
    expect(document.getElementById('f-problems')?.textContent).toBe('STEP_INPUTS Needs an input.');
  });
});

describe('toolbar parts', () => {
  it('names the toolbar, marks unsaved work in words, and asks before deleting', () => {
    const deleted: string[] = [];
    const confirm = window.confirm;
    const answers = [false, true];
    window.confirm = () => answers.shift() ?? false;
    try {
      render(
        <DocumentToolbar label="Trigger actions" name="Nightly" dirty>
          <DeleteButton question="Delete Nightly?" disabled={false} onDelete={() => deleted.push('Nightly')} />
        </DocumentToolbar>,
      );
      const toolbar = screen.getByRole('toolbar', { name: 'Trigger actions' });
      expect(toolbar.textContent).toContain('Nightly ● unsaved');
      fireEvent.click(within(toolbar).getByRole('button', { name: 'Delete' }));
      expect(deleted).toEqual([]);
      fireEvent.click(within(toolbar).getByRole('button', { name: 'Delete' }));
      expect(deleted).toEqual(['Nightly']);
    } finally {
      window.confirm = confirm;
    }
  });

  it('derives undo and redo from the history', () => {
    let h = push(startHistory(1), 2);
    const actions = historyActions(h, (next) => (h = typeof next === 'function' ? next(h) : next));
    expect([actions.canUndo, actions.canRedo]).toEqual([true, false]);
    actions.onUndo();
    expect(h.present).toBe(1);
    expect(historyActions(h, () => undefined).canRedo).toBe(true);
  });
});

describe('JSON editor', () => {
  const parse = (text: string): ParseResult<{ n: number }> => {
    try {
      const v = JSON.parse(text) as { n?: unknown };
      return typeof v.n === 'number' ? { doc: { n: v.n } } : { error: 'needs n' };
    } catch (e) {
      return { error: (e as Error).message };
    }
  };
  function Host({ start }: { start: { n: number } }): ReactNode {
    const [doc, setDoc] = useState(start);
    return (
      <>
        <JsonEditor id="x-json" label="X JSON" doc={doc} parse={parse} onChange={setDoc} />
        <button type="button" onClick={() => setDoc({ n: doc.n + 1 })}>
          bump
        </button>
        <output data-testid="n">{doc.n}</output>
      </>
    );
  }

  it('keeps text that is not a document, applies text that is, and rewrites itself when the document changes elsewhere', () => {
    render(<Host start={{ n: 1 }} />);
    const box = screen.getByLabelText('X JSON') as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: '{"n": ' } });
    expect(box.value).toBe('{"n": ');
    expect(box.getAttribute('aria-describedby')).toBe('x-json-error');
    expect(screen.getByRole('alert')).toBeTruthy();
    fireEvent.change(box, { target: { value: '{"n":5}' } });
    expect(screen.getByTestId('n').textContent).toBe('5');
    expect(box.value).toBe('{"n":5}');
    fireEvent.change(box, { target: { value: '{"m": 1}' } });
    expect(screen.getByRole('alert').textContent).toBe('needs n');
    fireEvent.click(screen.getByRole('button', { name: 'bump' }));
    expect(JSON.parse(box.value)).toEqual({ n: 6 });
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('shortcuts', () => {
  it.each([
    [{ key: 's', ctrlKey: true }, 'save'],
    [{ key: 'S', metaKey: true, shiftKey: true }, 'save'],
    [{ key: 'z', ctrlKey: true }, 'undo'],
    [{ key: 'Z', ctrlKey: true, shiftKey: true }, 'redo'],
    [{ key: 'y', metaKey: true }, 'redo'],
    [{ key: 'z' }, null],
    [{ key: 'c', ctrlKey: true }, null],
  ])('%o is %s', (init, expected) => {
    expect(documentShortcut(new KeyboardEvent('keydown', init))).toBe(expected);
  });

  it('listens on the window but not while typing in a field', () => {
    const keys: string[] = [];
    function Host(): ReactNode {
      useShortcuts((e) => keys.push(e.key));
      return <input aria-label="field" />;
    }
    render(<Host />);
    fireEvent.keyDown(document.body, { key: 'a' });
    fireEvent.keyDown(screen.getByLabelText('field'), { key: 'b' });
    expect(keys).toEqual(['a']);
  });
});

describe('palette', () => {
  it('groups, filters, adds on click and drags with the entry’s data', () => {
    const added: string[] = [];
    const items = [{ type: 'filter', category: 'Row modifier' }, { type: 'sink', category: 'Sources and sinks' }];
    render(
      <GroupedPalette
        label="Steps"
        searchLabel="Search steps"
        help="Click adds a step."
        items={items}
        group={(list, f) => list.filter((t) => t.type.includes(f)).map((t) => [t.category, [t]] as [string, typeof list[number][]])}
        entry={(t) => ({ type: t.type, title: t.type.toUpperCase(), tooltip: `about ${t.type}`, testId: `p-${t.type}`, badge: null, drag: { 'application/x-test': t.type, 'text/plain': t.type } })}
        empty="Nothing matches."
        onAdd={(t) => added.push(t)}
      />,
    );
    const nav = screen.getByRole('navigation', { name: 'Steps' });
    fireEvent.click(within(nav).getByRole('button', { name: 'FILTER' }));
    expect(added).toEqual(['filter']);
    const data: Record<string, string> = {};
    const dataTransfer = { setData: (k: string, v: string) => (data[k] = v), effectAllowed: '' };
    fireEvent.dragStart(screen.getByTestId('p-sink'), { dataTransfer });
    expect(data).toEqual({ 'application/x-test': 'sink', 'text/plain': 'sink' });
    expect(dataTransfer.effectAllowed).toBe('copy');
    fireEvent.change(within(nav).getByRole('searchbox', { name: 'Search steps' }), { target: { value: 'zzz' } });
    expect(nav.textContent).toContain('Nothing matches.');
  });
});

describe('monitor parts', () => {
  it('filters with "All" first and refreshes on submit', () => {
    const seen: string[] = [];
    function Host(): ReactNode {
      const [status, setStatus] = useState('');
      return (
        <FilterForm onRefresh={() => seen.push(`refresh:${status}`)}>
          <FilterSelect label="Status" value={status} options={['Succeeded', { value: 'Failed', label: 'Failed runs' }]} onChange={setStatus} />
        </FilterForm>
      );
    }
    render(<Host />);
    const select = screen.getByLabelText('Status') as HTMLSelectElement;
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([['', 'All'], ['Succeeded', 'Succeeded'], ['Failed', 'Failed runs']]);
    fireEvent.change(select, { target: { value: 'Failed' } });
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(seen).toEqual(['refresh:Failed']);
  });

  it('keeps a failed load’s message until a load succeeds', async () => {
    let fail = true;
    function Host(): ReactNode {
      const [loads, setLoads] = useState(0);
      const { error, reload } = useLoad(useCallback(async () => {
        if (fail) throw new Error('API down');
        setLoads((n) => n + 1);
      }, []));
      return (
        <>
          {error ? <p role="alert">{error}</p> : null}
          <output data-testid="loads">{loads}</output>
          <button type="button" onClick={() => void reload()}>
            Refresh
          </button>
        </>
      );
    }
    render(<Host />);
    expect((await screen.findByRole('alert')).textContent).toBe('API down');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await screen.findByText('1');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('keeps the current reference among the options', () => {
    render(
      <select aria-label="Pipeline" value="Gone" onChange={() => undefined}>
        <ReferenceOptions current="Gone" names={['Daily', 'Gone']} />
      </select>,
    );
    expect([...(screen.getByLabelText('Pipeline') as HTMLSelectElement).options].map((o) => o.value)).toEqual(['', 'Gone', 'Daily']);
  });
});
