import { afterAll, describe, expect, it } from 'vitest';
import { dataFlowProblems } from './graph.js';
import { Scratch } from './testing/fixtures.js';

const src = { name: 'a', type: 'source', dataset: { referenceName: 'A' } };
const sink = (input: string) => ({ name: 'out', type: 'sink', inputs: [input], dataset: { referenceName: 'Out' } });
const pointers = (steps: unknown[]) => dataFlowProblems({ steps }).map((p) => [p.pointer, p.message]);

describe('data flow checks name the step and field', () => {
  it('accepts a good flow', () => {
    expect(pointers([src, { name: 'f', type: 'filter', inputs: ['a'], condition: 'x > 1' }, sink('f')])).toEqual([]);
  });

  it('an unknown input step', () => {
    expect(pointers([src, { name: 'f', type: 'filter', inputs: ['nope'], condition: 'x' }, sink('f')])).toEqual([
      ['/properties/typeProperties/steps/1/inputs/0', "Step 'f': input 'nope' names no step of this data flow."],
    ]);
  });

  it('an unknown output of a step', () => {
    expect(pointers([src, { name: 'v', type: 'validate', inputs: ['a'], rules: [{ name: 'r', condition: 'true' }] }, sink('v.bad')])[0]?.[0]).toBe('/properties/typeProperties/steps/2/inputs/0');
  });

  it('a cycle', () => {
    const problems = pointers([src, { name: 'f', type: 'filter', inputs: ['g'], condition: 'x' }, { name: 'g', type: 'filter', inputs: ['f'], condition: 'x' }, sink('g')]);
    expect(problems).toEqual([['/properties/typeProperties/steps/1/inputs', 'Steps form a cycle: f → g → f.']]);
  });

  it('a setting of the wrong shape, an unknown setting, a missing sink, a wrong number of inputs', () => {
    expect(pointers([src, { name: 'f', type: 'filter', inputs: ['a'], condition: 3 }, sink('f')])[0]?.[0]).toBe('/properties/typeProperties/steps/1/condition');
    expect(pointers([src, { name: 'f', type: 'filter', inputs: ['a'], condition: 'x', where: 'y' }, sink('f')])[0]?.[0]).toBe('/properties/typeProperties/steps/1/where');
    expect(pointers([src])).toEqual([['/properties/typeProperties/steps', 'A data flow needs at least one sink step.']]);
    expect(pointers([src, { name: 'j', type: 'join', inputs: ['a'], joinType: 'inner', keys: ['id'] }, sink('j')])[0]?.[0]).toBe('/properties/typeProperties/steps/1/inputs');
  });
});

describe('columns that do not exist (DuckDB binder errors mapped back to the step)', () => {
  const s = new Scratch().file('in/a.csv', 'id,name\n1,x\n').dataset('A', 'DelimitedText', 'in', 'a.csv').dataset('Out', 'Json', 'out', 'o.json');
  afterAll(() => s.cleanup());

  it('in an expression: DATAFLOW_INVALID pointing at the field that names it', async () => {
    const e = await s.run([src, { name: 'f', type: 'derive', inputs: ['a'], columns: [{ name: 'ok', expression: 'id + 1' }, { name: 'bad', expression: 'upper(nmae)' }] }, sink('f')] as never).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'DATAFLOW_INVALID', location: { pointer: '/properties/typeProperties/steps/1/columns/1/expression' } });
    expect((e as Error).message).toMatch(/Step 'f' \(derive\): Binder Error: Referenced column "nmae" not found/);
  });

  it('in a column setting: checked before DuckDB runs', async () => {
    const e = await s.run([src, { name: 'f', type: 'select', inputs: ['a'], columns: ['id', 'nom'] }, sink('f')] as never).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'DATAFLOW_INVALID', location: { pointer: '/properties/typeProperties/steps/1/columns/1' } });
    expect((e as Error).message).toContain("column 'nom' does not exist in input 'a' (columns: id, name)");
  });
});
