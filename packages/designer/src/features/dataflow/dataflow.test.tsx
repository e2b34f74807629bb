// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.js';
import { DataFlowJson, parseDataFlow } from './DataFlowJson.js';
import { cellText, DataPreview, parameterValue, type DataPreviewProps } from './DataPreview.js';
import { addStep, checkDataFlow, connectSteps, disconnectInput, locateStep, moveInput, removeSteps, renameStep, stepNameProblem, stepOutputs, uniqueStepName, upstreamOf, withSteps } from './model.js';
import { groupStepTypes, StepPalette } from './StepPalette.js';
import { settingsOf, StepPanel, withSettings, type StepPanelProps } from './StepPanel.js';
import { freeSpot, layoutSteps, STEP_HEIGHT, toStepFlow } from './step-graph.js';
import type { DataFlowDoc, StepDoc, StepTypeInfo } from './types.js';
import { problemsOfError } from './use-preview.js';

afterEach(cleanup);

/** A few entries shaped as `GET /api/dataflow-step-types` answers them (test/api checks the real ones). */
const info = (type: string, title: string, category: string, min: number, max: number | null, settings: StepTypeInfo['settings'], extra: Partial<StepTypeInfo> = {}): StepTypeInfo => ({
  type, title, category, description: `${title} rows.`, inputs: { min, max }, namedOutputs: [], outputsFromSettings: false, settings, uiHints: {}, ...extra,
});
const datasetRef = { type: 'object', title: 'Dataset', properties: { referenceName: { type: 'string' }, type: { const: 'DatasetReference' } }, required: ['referenceName'] };
const TYPES: StepTypeInfo[] = [
  info('source', 'Source', 'Sources and sinks', 0, 0, { type: 'object', properties: { dataset: datasetRef }, required: ['dataset'] }),
  info('sink', 'Sink', 'Sources and sinks', 1, 1, { type: 'object', properties: { dataset: datasetRef, mode: { enum: ['overwrite', 'append'], title: 'Mode' } }, required: ['dataset'] }),
  info('join', 'Join', 'Multiple inputs/outputs', 2, 2, { type: 'object', properties: { joinType: { enum: ['inner', 'left'], title: 'Join type' } }, required: ['joinType'] }),
  info('union', 'Union', 'Multiple inputs/outputs', 2, null, { type: 'object', properties: {} }),
  info('conditionalSplit', 'Conditional split', 'Multiple inputs/outputs', 1, 1, { type: 'object', properties: {} }, { outputsFromSettings: true }),
  info('filter', 'Filter', 'Row modifier', 1, 1, { type: 'object', properties: { condition: { type: 'string', title: 'Condition' } }, required: ['condition'] }),
  info('validate', 'Assert', 'Row modifier', 1, 1, { type: 'object', properties: {} }, { namedOutputs: ['rejected'] }),
];

const src = (name: string): StepDoc => ({ name, type: 'source', dataset: { referenceName: 'People', type: 'DatasetReference' } });
const step = (name: string, type: string, inputs: string[], rest: Record<string, unknown> = {}): StepDoc => ({ name, type, inputs, ...rest });
const flow = (steps: StepDoc[]): DataFlowDoc => ({ name: 'F', properties: { type: 'SluiceDataFlow', typeProperties: { steps } } });
const inputsOf = (steps: StepDoc[]): Record<string, string[] | undefined> => Object.fromEntries(steps.map((s) => [s.name, s.inputs]));
const ok = (r: { steps: StepDoc[] } | { error: string }): StepDoc[] => {
  if ('error' in r) throw new Error(r.error);
  return r.steps;
};
const refused = (r: { steps: StepDoc[] } | { error: string }): string => ('error' in r ? r.error : 'accepted');

describe('adding steps', () => {
  it('names steps freshly and case-insensitively, and gives a source no inputs', () => {
    expect(uniqueStepName('filter', ['Filter1', 'filter2'])).toBe('filter3');
    expect(uniqueStepName('9lives', [])).toBe('_9lives1');
    const one = addStep([], 'source', TYPES[0]);
    expect(one).toEqual({ name: 'source1', steps: [{ name: 'source1', type: 'source' }] });
    const two = addStep(one.steps, 'filter', TYPES[5]);
    expect(two.steps[1]).toEqual({ name: 'filter1', type: 'filter', inputs: [] });
  });

  it('adds after a step, connected — but never after a sink, and a source never reads', () => {
    const steps = [src('people'), step('out', 'sink', ['people'])];
    expect(addStep(steps, 'filter', TYPES[5], 'people').steps[2]).toEqual({ name: 'filter1', type: 'filter', inputs: ['people'] });
    expect(addStep(steps, 'filter', TYPES[5], 'out').steps[2]?.inputs).toEqual([]);
    expect(addStep(steps, 'source', TYPES[0], 'people').steps[2]).toEqual({ name: 'source1', type: 'source' });
  });
});

describe('connecting steps keeps inputs consistent', () => {
  const base = [src('a'), src('b'), step('f', 'filter', []), step('j', 'join', []), step('out', 'sink', [])];

  it('a one-input step has its input replaced; a join gets left then right, and no third', () => {
    let steps = ok(connectSteps(base, 'a', 'f', TYPES));
    steps = ok(connectSteps(steps, 'b', 'f', TYPES));
    expect(inputsOf(steps).f).toEqual(['b']);
    steps = ok(connectSteps(steps, 'A', 'j', TYPES)); // names are case-insensitive; the step's own spelling is written
    steps = ok(connectSteps(steps, 'f', 'j', TYPES));
    expect(inputsOf(steps).j).toEqual(['a', 'f']);
    expect(refused(connectSteps(steps, 'b', 'j', TYPES))).toMatch(/at most 2 inputs/);
    expect(ok(connectSteps(steps, 'a', 'j', TYPES))).toEqual(steps); // already read: nothing changes
  });

  it('refuses a source as target, a sink as upstream, a self-loop and a cycle', () => {
    expect(refused(connectSteps(base, 'f', 'a', TYPES))).toMatch(/takes no input/);
    const withSink = ok(connectSteps(ok(connectSteps(base, 'a', 'f', TYPES)), 'f', 'out', TYPES));
    expect(refused(connectSteps(withSink, 'out', 'j', TYPES))).toMatch(/sink/);
    expect(refused(connectSteps(withSink, 'f', 'f', TYPES))).toMatch(/own output/);
    const chain = [src('s'), step('x', 'filter', ['s']), step('y', 'filter', ['x'])];
    expect(refused(connectSteps(chain, 'y', 'x', TYPES))).toMatch(/cycle/);
    expect(upstreamOf(chain, 'y')).toEqual(new Set(['x', 's']));
  });

  it('reads named outputs: a type’s own and those its settings name', () => {
    const steps = [src('s'), step('check', 'validate', ['s']), step('split', 'conditionalSplit', ['s'], { outputs: [{ name: 'big', condition: 'n > 1' }], defaultOutput: 'rest' }), step('u', 'union', [])];
    expect(stepOutputs(steps[1]!, TYPES[6])).toEqual(['rejected']);
    expect(stepOutputs(steps[2]!, TYPES[4])).toEqual(['big', 'rest']);
    let next = ok(connectSteps(steps, 'check.rejected', 'u', TYPES));
    next = ok(connectSteps(next, 'split.big', 'u', TYPES));
    next = ok(connectSteps(next, 'split.rest', 'u', TYPES)); // a union takes any number
    expect(inputsOf(next).u).toEqual(['check.rejected', 'split.big', 'split.rest']);
    expect(refused(connectSteps(steps, 'check.nope', 'u', TYPES))).toMatch(/no output 'nope'/);
  });

  it('disconnects and reorders exactly one input', () => {
    const steps = [src('a'), src('b'), step('j', 'join', ['a', 'b'])];
    expect(inputsOf(moveInput(steps, 'j', 1, -1)).j).toEqual(['b', 'a']);
    expect(inputsOf(moveInput(steps, 'j', 1, 1)).j).toEqual(['a', 'b']); // past the end: unchanged
    expect(inputsOf(disconnectInput(steps, 'j', 0)).j).toEqual(['b']);
  });
});

describe('renaming and deleting steps keeps inputs consistent', () => {
  const steps = [src('people'), step('check', 'validate', ['people']), step('u', 'union', ['check', 'check.rejected', 'People']), step('out', 'sink', ['u'])];

  it('renames every input reading the step, with its outputs', () => {
    const renamed = renameStep(steps, 'check', 'verified');
    expect(inputsOf(renamed)).toEqual({ people: undefined, verified: ['people'], u: ['verified', 'verified.rejected', 'People'], out: ['u'] });
    expect(inputsOf(renameStep(steps, 'PEOPLE', 'persons')).u).toEqual(['check', 'check.rejected', 'persons']);
  });

  it('refuses a bad or taken name', () => {
    expect(stepNameProblem(steps, 'check', '1st')).toMatch(/letters/);
    expect(stepNameProblem(steps, 'check', 'has space')).toMatch(/letters/);
    expect(stepNameProblem(steps, 'check', 'OUT')).toMatch(/already named/);
    expect(stepNameProblem(steps, 'check', 'Check')).toBeUndefined(); // its own name in another case
  });

  it('removes steps and every input that read them', () => {
    const left = removeSteps(steps, new Set(['check']));
    expect(inputsOf(left)).toEqual({ people: undefined, u: ['People'], out: ['u'] });
    expect(removeSteps(steps, new Set(['people', 'u'])).map((s) => [s.name, s.inputs])).toEqual([['check', []], ['out', []]]);
  });
});

describe('checks, pointers and the graph', () => {
  it('reports what the editor can see, with the pointers the server uses', () => {
    const doc = flow([src('a'), step('f', 'filter', ['nope']), step('j', 'join', ['a']), step('f', 'filter', ['a'], { condition: 'x' })]);
    expect(checkDataFlow(doc, TYPES).map((p) => [p.pointer, p.message])).toEqual([
      ['/properties/typeProperties/steps/1/inputs/0', "Step 'f': input 'nope' names no step of this data flow."],
      ['/properties/typeProperties/steps/1/condition', "Step 'f' (Filter) needs 'condition'."],
      ['/properties/typeProperties/steps/2/inputs', "Step 'j' (join) takes 2 input(s), it has 1."],
      ['/properties/typeProperties/steps/2/joinType', "Step 'j' (Join) needs 'joinType'."],
      ['/properties/typeProperties/steps/3/name', "Step 'f': another step has this name (names are case-insensitive)."],
      ['/properties/typeProperties/steps', 'A data flow needs at least one sink step.'],
    ]);
    expect(checkDataFlow(flow([src('a'), step('f', 'filter', ['a'], { condition: 'x > 1' }), step('out', 'sink', ['f'], { dataset: { referenceName: 'O' } })]), TYPES)).toEqual([]);
    expect(checkDataFlow({ name: 'M', properties: { type: 'MappingDataFlow', typeProperties: {} } }, TYPES)).toEqual([]);
    expect(locateStep('/properties/typeProperties/steps/12/dataset/referenceName')).toEqual({ index: 12, field: '/dataset/referenceName' });
    expect(locateStep('/properties/typeProperties/steps')).toBeUndefined();
  });

  it('places a new step where it hides no other', () => {
    expect(freeSpot({ x: 300, y: 40 }, { a: { x: 40, y: 40 } })).toEqual({ x: 300, y: 40 });
    const below = freeSpot({ x: 300, y: 40 }, { a: { x: 300, y: 40 }, b: { x: 320, y: 40 + STEP_HEIGHT + 30 } });
    expect(below).toEqual({ x: 300, y: 40 + 2 * (STEP_HEIGHT + 30) });
  });

  it('draws one edge per input, from the output it reads, left to right', () => {
    const steps = [src('a'), src('b'), step('check', 'validate', ['a']), step('j', 'join', ['check.rejected', 'b']), step('out', 'sink', ['j', 'ghost'])];
    const positions = layoutSteps(steps);
    expect(positions.a!.x).toBeLessThan(positions.check!.x);
    expect(positions.j!.x).toBeLessThan(positions.out!.x);
    const { nodes, edges } = toStepFlow(steps, { positions, types: TYPES, rows: { j: 3 }, problems: { out: [{ code: 'DATAFLOW_INVALID', message: 'x' }] } });
    expect(edges.map((e) => [e.id, e.source, e.sourceHandle, e.target, e.label])).toEqual([
      ['check#0', 'a', 'out', 'check', undefined],
      ['j#0', 'check', 'rejected', 'j', 'rejected → left'],
      ['j#1', 'b', 'out', 'j', 'right'],
      ['out#0', 'j', 'out', 'out', undefined],
    ]);
    const byId = Object.fromEntries(nodes.map((n) => [n.id, n.data]));
    expect(byId.a).toMatchObject({ takesInputs: false, hasOutput: true, outputs: [] });
    expect(byId.check).toMatchObject({ outputs: ['rejected'] });
    expect(byId.out).toMatchObject({ hasOutput: false, takesInputs: true });
    expect(byId.j?.rows).toBe(3);
    expect(nodes.find((n) => n.id === 'out')?.ariaLabel).toBe('Sink step out, 1 problem(s)');
  });
});

describe('the step panel', () => {
  const steps = [src('people'), step('adults', 'filter', ['people'], { condition: 'age >' }), step('out', 'sink', ['adults'], { dataset: { referenceName: 'Out' } })];
  const doc = withSteps(flow([]), steps);
  const props = (over: Partial<StepPanelProps>, changes: StepDoc[] = []): StepPanelProps => ({
    doc, steps, step: steps[1]!, index: 1, types: TYPES, problems: [], references: { datasets: ['People', 'Out'], linkedservices: [], pipelines: [], dataflows: [] },
    tab: 'settings', onTab: () => undefined, onStepChange: (s) => changes.push(s), onRename: () => undefined, onConnect: () => undefined, onDisconnect: () => undefined,
    onMoveInput: () => undefined, onDocChange: () => undefined,
    preview: { preview: null, stale: false, busy: false, error: null, rows: 20, onRowsChange: () => undefined, parameters: {}, values: {}, onValueChange: () => undefined, onRun: () => undefined },
    ...over,
  });

  it('renders the settings form from the type’s schema, without dynamic content, and writes back beside name and inputs', () => {
    const changes: StepDoc[] = [];
    render(<StepPanel {...props({}, changes)} />);
    const condition = screen.getByLabelText('Condition') as HTMLInputElement;
    expect(condition.value).toBe('age >');
    expect(screen.queryByRole('button', { name: /dynamic content/ })).toBeNull();
    fireEvent.change(condition, { target: { value: 'age > 30' } });
    expect(changes).toEqual([{ name: 'adults', type: 'filter', inputs: ['people'], condition: 'age > 30' }]);
    expect(settingsOf(changes[0]!)).toEqual({ condition: 'age > 30' });
    expect(Object.keys(withSettings({ condition: 'x', name: 'n', type: 'filter', inputs: [] } as StepDoc, { condition: 'y' }))).toEqual(['name', 'type', 'inputs', 'condition']);
  });

  it('shows a problem on the field its pointer names, and in the step’s list', () => {
    const problem = { code: 'DATAFLOW_INVALID', severity: 'error', pointer: '/properties/typeProperties/steps/1/condition', message: "Step 'adults' (filter): Parser Error: syntax error at end of input" };
    render(<StepPanel {...props({ problems: [problem] })} />);
    const field = screen.getByLabelText('Condition').closest('.field') as HTMLElement;
    expect(field.className).toContain('field-invalid');
    expect(within(field).getByText(/syntax error/)).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Problems of adults' })).getByText('/condition')).toBeTruthy();
  });

  it('lists inputs in order and connects from the keyboard', () => {
    const connected: string[] = [];
    render(<StepPanel {...props({ tab: 'general', step: steps[2]!, index: 2, onConnect: (from, to) => connected.push(`${from}->${to}`) })} />);
    expect(screen.getByText('adults', { selector: 'code' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Read instead'), { target: { value: 'people' } });
    expect(connected).toEqual(['people->out']);
  });

  it('edits the data flow’s parameters when no step is selected', () => {
    const docs: DataFlowDoc[] = [];
    render(<StepPanel {...props({ step: null, index: -1, tab: 'parameters', onDocChange: (d) => docs.push(d) })} />);
    fireEvent.click(screen.getByRole('button', { name: '+ New parameter' }));
    expect(docs[0]?.properties.typeProperties.parameters).toEqual({ parameter1: { type: 'string' } });
  });
});

describe('the data preview', () => {
  const base: DataPreviewProps = { step: 'adults', preview: null, stale: false, busy: false, error: null, rows: 20, onRowsChange: () => undefined, parameters: {}, values: {}, onValueChange: () => undefined, onRun: () => undefined };

  it('shows the step’s outputs with column types, its row count, and says when it is stale', () => {
    const preview = {
      rowsPerSource: 20,
      steps: [
        { name: 'adults', type: 'validate', rows: 2, outputs: {
          'adults.rejected': { columns: ['name'], types: ['VARCHAR'], rows: [{ name: 'kid' }] },
          adults: { columns: ['name', 'age'], types: ['VARCHAR', 'BIGINT'], rows: [{ name: 'ada', age: 36 }, { name: null, age: 45 }] },
        } },
      ],
    };
    const { rerender } = render(<DataPreview {...base} preview={preview} />);
    expect(screen.getByTestId('preview-count').textContent).toContain('2 rows out of adults');
    const tables = screen.getAllByRole('table');
    expect(tables.map((t) => t.getAttribute('aria-label'))).toEqual(['Preview of adults', 'Preview of adults.rejected']);
    expect(within(tables[0]!).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['name VARCHAR', 'age BIGINT']);
    expect(within(tables[0]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['ada', '36', 'NULL', '45']);
    expect(screen.queryByText(/changed after this preview/)).toBeNull();
    rerender(<DataPreview {...base} preview={preview} stale />);
    expect(screen.getByText(/changed after this preview/)).toBeTruthy();
  });

  it('types parameter values and cells', () => {
    expect(parameterValue('int', '42')).toBe(42);
    expect(parameterValue('int', 'x')).toBe('x');
    expect(parameterValue('bool', 'TRUE')).toBe(true);
    expect(parameterValue('string', '7')).toBe('7');
    expect(cellText({ a: [1] })).toBe('{"a":[1]}');
  });

  it('turns an API error into problems at its pointer', () => {
    const withList = new ApiError(400, 'DATAFLOW_INVALID', 'bad', { problems: [{ code: 'DATAFLOW_INVALID', message: 'm', pointer: '/properties/typeProperties/steps' }] });
    expect(problemsOfError(withList).map((p) => p.pointer)).toEqual(['/properties/typeProperties/steps']);
    const located = new ApiError(400, 'DATAFLOW_INVALID', "Step 'f' (filter): Binder Error", { pointer: '/properties/typeProperties/steps/1/condition', step: 'f' });
    expect(problemsOfError(located)).toEqual([{ code: 'DATAFLOW_INVALID', message: "Step 'f' (filter): Binder Error", pointer: '/properties/typeProperties/steps/1/condition', severity: 'error' }]);
    expect(problemsOfError(new Error('network'))).toEqual([]);
  });
});

describe('palette and JSON view', () => {
  it('groups step types, adds on click and offers them for dragging', () => {
    expect(groupStepTypes(TYPES, 'split').map(([c, l]) => [c, l.map((t) => t.type)])).toEqual([['Multiple inputs/outputs', ['conditionalSplit']]]);
    const added: string[] = [];
    render(<StepPalette types={TYPES} after="people" onAdd={(t) => added.push(t)} />);
    const filter = screen.getByRole('button', { name: /Filter/ });
    expect(filter.getAttribute('draggable')).toBe('true');
    fireEvent.click(filter);
    expect(added).toEqual(['filter']);
    expect(screen.getByText(/Click adds after people/)).toBeTruthy();
  });

  it('applies JSON that parses into a data flow and keeps text that does not', () => {
    const doc = flow([src('a')]);
    const changes: DataFlowDoc[] = [];
    render(<DataFlowJson doc={doc} onChange={(d) => changes.push(d)} />);
    const box = screen.getByLabelText('Data flow JSON') as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: '{"name": "F", "properties": {"type": "SluiceDataFlow", "typeProperties": {"steps": [{"name": 1}]}}}' } });
    expect(changes).toEqual([]);
    expect(screen.getByRole('alert').textContent).toMatch(/steps/);
    const next = flow([src('a'), step('f', 'filter', ['a'])]);
    fireEvent.change(box, { target: { value: JSON.stringify(next) } });
    expect(changes).toEqual([next]);
    expect(parseDataFlow('{}').error).toMatch(/properties/);
  });
});
