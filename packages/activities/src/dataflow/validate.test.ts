import { afterAll, describe, expect, it } from 'vitest';
import { Scratch } from './testing/fixtures.js';

const s = new Scratch()
  .file('in/customers.json', [
    '{"id":1,"email":"ann@example.com","age":34,"country":"FR"}',
    '{"id":2,"email":"not-an-email","age":17,"country":"FR"}',
    '{"id":3,"email":"cy@example.com","age":null,"country":"DE"}',
    '{"id":4,"email":"dee@example.com","age":150,"country":"ZZ"}',
    '{"id":5,"email":"eve@example.com","age":40,"country":"IT"}',
  ].join('\n'))
  .dataset('Customers', 'Json', 'in', 'customers.json')
  .dataset('Good', 'Json', 'out', 'good.json')
  .dataset('Bad', 'Json', 'out', 'bad.json');
afterAll(() => s.cleanup());

const steps = (validate: Record<string, unknown>) => [
  { name: 'customers', type: 'source', dataset: { referenceName: 'Customers' } },
  { name: 'check', type: 'validate', inputs: ['customers'], ...validate },
  { name: 'good', type: 'sink', inputs: ['check'], dataset: { referenceName: 'Good' } },
  { name: 'bad', type: 'sink', inputs: ['check.rejected'], dataset: { referenceName: 'Bad' } },
];

describe('validate step', () => {
  it('sends rows breaking SQL rules to step.rejected with the names of every broken rule', async () => {
    const result = await s.run(steps({ rules: [
      { name: 'email looks like an email', condition: "email LIKE '%@%.%'" },
      { name: 'adult', condition: 'age >= 18' },
      { name: 'plausible age', condition: 'age < 130' },
    ] }) as never);
    expect(result.rowsRejected).toBe(3);
    expect(result.steps.find((x) => x.name === 'check')).toMatchObject({ rows: 2, outputs: { rejected: 3 } });
    expect((await s.read('out/good.json', 'id')).map((r) => r.id)).toEqual([1, 5]);
    const bad = await s.read('out/bad.json', 'id');
    expect(bad.map((r) => [r.id, r.rejectReasons])).toEqual([
      [2, ['email looks like an email', 'adult']],
      [3, ['adult', 'plausible age']], // NULL age: a rule that is not true rejects
      [4, ['plausible age']],
    ]);
    expect(bad[0]).toMatchObject({ id: 2, email: 'not-an-email', age: 17, country: 'FR' });
  });

  it('checks rows against a JSON Schema, with the messages as reasons, together with rules', async () => {
    const result = await s.run(steps({
      rules: [{ name: 'known country', condition: "country IN ('FR', 'DE', 'IT')" }],
      jsonSchema: { type: 'object', required: ['id', 'email', 'age'], properties: { email: { type: 'string', format: 'email' }, age: { type: 'integer', minimum: 18 } } },
    }) as never);
    expect(result.rowsRejected).toBe(3);
    const bad = await s.read('out/bad.json', 'id');
    expect(bad.map((r) => [r.id, r.rejectReasons])).toEqual([
      [2, ['/age: must be >= 18', '/email: must match format "email"']],
      [3, ["/: must have required property 'age'"]],
      [4, ['known country']],
    ]);
    expect((await s.read('out/good.json', 'id')).map((r) => r.id)).toEqual([1, 5]);
  });
});
