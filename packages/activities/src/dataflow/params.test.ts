import { afterAll, describe, expect, it } from 'vitest';
import { Scratch } from './testing/fixtures.js';
import { rewriteParameters } from './params.js';

const s = new Scratch()
  .file('in/users.csv', "id,name,role\n1,ann,admin\n2,bob,user\n3,'; DROP TABLE users; --,user\n")
  .dataset('Users', 'DelimitedText', 'in', 'users.csv')
  .dataset('Out', 'Json', 'out', 'r.json');
afterAll(() => s.cleanup());

const declared = { who: { type: 'string' }, minId: { type: 'int', defaultValue: 0 } };
const flowSteps = [
  { name: 'users', type: 'source', dataset: { referenceName: 'Users' } },
  { name: 'f', type: 'filter', inputs: ['users'], condition: 'name = $who AND id > $minId' },
  { name: 'out', type: 'sink', inputs: ['f'], dataset: { referenceName: 'Out' } },
];

describe('parameters are bound, never pasted', () => {
  it('compares a parameter as a value', async () => {
    const r = await s.run(flowSteps as never, { who: 'bob' }, declared);
    expect(r.rowsWritten).toBe(1);
    expect(await s.read('out/r.json')).toEqual([{ id: 2, name: 'bob', role: 'user' }]);
  });

  it("an injection attempt ('; DROP TABLE …; --) is only a string: it matches the row holding that text and drops nothing", async () => {
    const r = await s.run(flowSteps as never, { who: "'; DROP TABLE users; --" }, declared);
    expect(r.rowsWritten).toBe(1);
    expect(await s.read('out/r.json')).toEqual([{ id: 3, name: "'; DROP TABLE users; --", role: 'user' }]);
  });

  it('1 OR 1=1 in a parameter selects nothing', async () => {
    const r = await s.run(flowSteps as never, { who: "x' OR 1=1 --" }, declared);
    expect(r.rowsWritten).toBe(0);
    const r2 = await s.run(flowSteps as never, { who: 'ann', minId: '1 OR 1=1' }, declared).catch((e: unknown) => e);
    expect(r2).toMatchObject({ code: 'DATAFLOW_PARAMETER_INVALID' });
    const asText = await s.run([flowSteps[0], { name: 'f', type: 'filter', inputs: ['users'], condition: 'CAST(id AS VARCHAR) = $who' }, flowSteps[2]] as never, { who: '1 OR 1=1' }, declared);
    expect(asText.rowsWritten).toBe(0);
  });

  it('binds parameters inside a sql step too', async () => {
    const r = await s.run([flowSteps[0], { name: 'q', type: 'sql', inputs: ['users'], query: 'SELECT id FROM users WHERE name = $who OR role = $who' }, { ...flowSteps[2], inputs: ['q'] }] as never, { who: "'; DROP TABLE users; --" }, declared);
    expect(r.rowsWritten).toBe(1);
    expect(await s.read('out/r.json')).toEqual([{ id: 3 }]);
  });

  it('references in strings, quoted names and comments are left alone; undeclared ones are refused with a pointer', async () => {
    expect(rewriteParameters("a = $x AND b = '$x' AND \"$x\" = 1 -- $x\n AND c = $$ $x $$", (n) => `<${n}>`)).toBe("a = <x> AND b = '$x' AND \"$x\" = 1 -- $x\n AND c = $$ $x $$");
    await expect(s.run([flowSteps[0], { name: 'f', type: 'filter', inputs: ['users'], condition: 'name = $nobody' }, flowSteps[2]] as never, {}, declared))
      .rejects.toMatchObject({ code: 'DATAFLOW_INVALID', location: { pointer: '/properties/typeProperties/steps/1/condition' } });
  });

  it('a dataset parameter written "$name" receives the data flow parameter', async () => {
    const { runDataFlow } = await import('./runner.js');
    const { flow } = await import('./testing/fixtures.js');
    const seen: unknown[] = [];
    const steps = [{ ...flowSteps[0], dataset: { referenceName: 'Users', parameters: { day: '$who', fixed: 'x' } } }, flowSteps[1], flowSteps[2]];
    const r = await runDataFlow(flow(steps as never, declared), {
      resolveDataset: async (ref) => { seen.push(ref.parameters); return s.resolve(ref); },
      parameters: { who: 'ann' },
      tempDir: s.temp,
    });
    expect(r.rowsWritten).toBe(1);
    expect(seen[0]).toEqual({ day: 'ann', fixed: 'x' });
  });
});
