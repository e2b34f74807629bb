// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Schema } from '../../model/types.js';
import { checkSyntax, completionsAt, functionList } from './expression-completion.js';
import { baseSchema, fieldKind, objectFields } from './schema-fields.js';
import { SchemaForm, type ReferenceNames } from './SchemaForm.js';

afterEach(cleanup);

const expressionObject: Schema = {
  type: 'object',
  properties: { value: { type: 'string' }, type: { type: 'string', enum: ['Expression'] } },
  required: ['value', 'type'],
};
const exprString: Schema = { type: 'string', pattern: '^@(?!@)|(?:^|[^@])@\\{' };
const orExpression = (s: Schema, title: string): Schema => ({ title, anyOf: [s, exprString, expressionObject] });

const schema: Schema = {
  type: 'object',
  required: ['url', 'method'],
  properties: {
    url: orExpression({ type: 'string' }, 'URL'),
    method: { type: 'string', title: 'Method', enum: ['GET', 'POST'] },
    retries: { type: 'integer', title: 'Retries' },
    verbose: { type: 'boolean', title: 'Verbose' },
    items: { ...expressionObject, title: 'Items' },
    dataset: { type: 'object', title: 'Dataset', properties: { referenceName: { type: 'string' }, type: { type: 'string', const: 'DatasetReference' } } },
    headers: { type: 'object', title: 'Headers' },
    tags: { type: 'array', title: 'Tags', items: { type: 'string' } },
    activities: { type: 'array', items: { type: 'object' } },
  },
};
const references: ReferenceNames = { datasets: ['Sales', 'Stores'], linkedservices: [], pipelines: [], dataflows: [] };

function renderForm(value: Record<string, unknown>, problems: Array<{ code: string; message: string; pointer: string }> = []) {
  const changes: Array<Record<string, unknown>> = [];
  const utils = render(
    <SchemaForm label="Settings" schema={schema} hints={{ '/method': { order: 1 }, '/url': { order: 2, help: 'Where to call' } }} value={value} onChange={(v) => changes.push(v)} problems={problems} problemBase="/properties/activities/0/typeProperties" references={references} />,
  );
  return { ...utils, changes };
}

describe('schema fields', () => {
  it('maps schemas to widgets, unwrapping orExpression', () => {
    expect(baseSchema(schema.properties!.url!)).toEqual({ type: 'string', title: 'URL' });
    expect(fieldKind(schema.properties!.url!)).toEqual({ kind: 'string', multiline: false, secret: false });
    expect(fieldKind(schema.properties!.items!)).toEqual({ kind: 'expression' });
    expect(fieldKind(schema.properties!.method!)).toEqual({ kind: 'enum', options: ['GET', 'POST'] });
    expect(fieldKind(schema.properties!.dataset!)).toEqual({ kind: 'reference', referenceType: 'DatasetReference' });
    expect(fieldKind(schema.properties!.headers!)).toEqual({ kind: 'json' });
    expect(fieldKind({ title: 'Value' }, { widget: 'code' })).toEqual({ kind: 'string', multiline: true, secret: false });
    expect(fieldKind({ type: 'string' }, { widget: 'password' })).toMatchObject({ secret: true });
  });

  it('orders fields by hint, then declaration, and leaves inner activity lists to the canvas', () => {
    expect(objectFields(schema, { '/method': { order: 1 }, '/url': { order: 2 } }).map((f) => f.key)).toEqual(['method', 'url', 'retries', 'verbose', 'items', 'dataset', 'headers', 'tags']);
  });
});

describe('SchemaForm', () => {
  it('renders labelled inputs of every kind with the current values', () => {
    renderForm({ url: 'http://x', method: 'POST', retries: 2, verbose: true, dataset: { referenceName: 'Stores', type: 'DatasetReference' }, tags: ['a'] });
    expect((screen.getByLabelText('URL') as HTMLInputElement).value).toBe('http://x');
    expect((screen.getByLabelText('Method') as HTMLSelectElement).value).toBe('POST');
    expect((screen.getByLabelText('Retries') as HTMLInputElement).value).toBe('2');
    expect((screen.getByLabelText('Verbose') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Dataset') as HTMLSelectElement).value).toBe('Stores');
    expect((screen.getByLabelText('Tags item 1') as HTMLInputElement).value).toBe('a');
    expect(screen.getByText('Where to call')).toBeTruthy();
    expect(screen.getByLabelText('URL').getAttribute('aria-required')).toBe('true');
  });

  it('reports typed values and removes cleared ones', () => {
    const { changes } = renderForm({ url: 'http://x' });
    fireEvent.change(screen.getByLabelText('Retries'), { target: { value: '3' } });
    expect(changes.at(-1)).toEqual({ url: 'http://x', retries: 3 });
    fireEvent.change(screen.getByLabelText('URL'), { target: { value: '' } });
    expect(changes.at(-1)).toEqual({});
    fireEvent.change(screen.getByLabelText('Dataset'), { target: { value: 'Sales' } });
    expect(changes.at(-1)).toEqual({ url: 'http://x', dataset: { referenceName: 'Sales', type: 'DatasetReference' } });
    fireEvent.click(screen.getByLabelText('Verbose'));
    expect(changes.at(-1)).toMatchObject({ verbose: true });
  });

  it('switches a field to dynamic content and back', () => {
    const { changes, rerender } = renderForm({ url: 'http://x' });
    fireEvent.click(screen.getByRole('button', { name: 'URL: use dynamic content' }));
    expect(changes.at(-1)).toEqual({ url: { value: "@'http://x'", type: 'Expression' } });
    rerender(
      <SchemaForm label="Settings" schema={schema} hints={{}} value={{ url: { value: '@pipeline().parameters.u', type: 'Expression' } }} onChange={(v) => changes.push(v)} problems={[]} problemBase="" references={references} />,
    );
    expect((screen.getByLabelText('URL') as HTMLTextAreaElement).value).toBe('@pipeline().parameters.u');
    expect(screen.getByRole('button', { name: 'URL: use dynamic content' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('shows a server problem under the field its pointer names', () => {
    renderForm({}, [{ code: 'SCHEMA_VIOLATION', message: 'must be integer', pointer: '/properties/activities/0/typeProperties/retries' }]);
    const input = screen.getByLabelText('Retries');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const describedBy = input.getAttribute('aria-describedby')!;
    expect(document.getElementById(describedBy)!.textContent).toContain('must be integer');
  });

  it('keeps JSON that does not parse and says why', () => {
    const { changes } = renderForm({});
    fireEvent.change(screen.getByLabelText('Headers'), { target: { value: '{"a": ' } });
    expect(changes).toEqual([]);
    expect(screen.getByRole('alert').textContent).toMatch(/JSON/);
    fireEvent.change(screen.getByLabelText('Headers'), { target: { value: '{"a": 1}' } });
    expect(changes.at(-1)).toEqual({ headers: { a: 1 } });
  });
});

describe('expression editor', () => {
  const source = { parameters: ['day'], variables: ['total'], activities: ['Lookup1'], inForEach: true };

  it('completes functions from the engine registry and names in scope', () => {
    expect(functionList().length).toBeGreaterThan(100);
    const { from, items } = completionsAt('@conc', 5, source);
    expect(from).toBe(1);
    expect(items.map((i) => i.label)).toContain('concat');
    expect(completionsAt('@', 1, source).items.slice(0, 4).map((i) => i.insert)).toEqual(["pipeline().parameters.day", "variables('total')", "activity('Lookup1').output", 'item()']);
    expect(completionsAt('@ite', 4, { ...source, inForEach: false }).items.map((i) => i.label)).not.toContain('item()');
    // After a dot, only members of the receiver.
    expect(completionsAt('@pipeline().parameters.d', 24, source).items.map((i) => i.insert)).toEqual(['day']);
    expect(completionsAt("@activity('Lookup1').o", 22, source).items.map((i) => i.insert)).toEqual(['output']);
    expect(completionsAt('@foo.x', 6, source).items).toEqual([]);
  });

  it('completes the factory’s global parameters after pipeline().globalParameters.', () => {
    const withGlobals = { ...source, globalParameters: ['region', 'batchSize'] };
    const after = '@pipeline().globalParameters.';
    expect(completionsAt(after, after.length, withGlobals).items.map((i) => [i.insert, i.detail])).toEqual([['region', 'global parameter'], ['batchSize', 'global parameter']]);
    expect(completionsAt(`${after}Ba`, after.length + 2, withGlobals).items.map((i) => i.insert)).toEqual(['batchSize']);
    expect(completionsAt(after, after.length, source).items).toEqual([]);
    expect(completionsAt('@pipeline().glo', 15, withGlobals).items.map((i) => i.insert)).toEqual(['globalParameters']);
    // Typed as a whole, a global parameter is offered with the pipeline's own names.
    expect(completionsAt('@batch', 6, withGlobals).items.map((i) => i.insert)).toContain('pipeline().globalParameters.batchSize');
  });

  it('reports syntax errors with their position, as the engine parser does', () => {
    expect(checkSyntax("@concat('a', 'b')")).toBeUndefined();
    expect(checkSyntax('plain text')).toBeUndefined();
    const problem = checkSyntax("@concat('a',");
    expect(problem?.code).toBe('EXPRESSION_SYNTAX');
    expect(problem?.position).toBeGreaterThan(0);
  });

  it('inserts a completion with the keyboard and shows syntax errors inline', () => {
    const values: string[] = [];
    const { rerender } = render(<SchemaForm label="S" schema={{ type: 'object', properties: { items: { ...expressionObject, title: 'Items' } } }} hints={{}} value={{ items: { value: '@pipeline().parameters.d', type: 'Expression' } }} onChange={(v) => values.push((v.items as { value: string }).value)} problems={[]} problemBase="" references={references} completion={source} />);
    const box = screen.getByRole('combobox') as HTMLTextAreaElement;
    box.setSelectionRange(box.value.length, box.value.length);
    fireEvent.keyDown(box, { key: ' ', ctrlKey: true });
    expect(screen.getByRole('listbox')).toBeTruthy();
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(values.at(-1)).toBe('@pipeline().parameters.day');
    rerender(<SchemaForm label="S" schema={{ type: 'object', properties: { items: { ...expressionObject, title: 'Items' } } }} hints={{}} value={{ items: { value: "@concat('a',", type: 'Expression' } }} onChange={() => undefined} problems={[]} problemBase="" references={references} completion={source} />);
    expect(screen.getByRole('alert').textContent).toContain('EXPRESSION_SYNTAX');
  });
});
