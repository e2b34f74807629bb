import { afterAll, describe, expect, it } from 'vitest';
import { Scratch } from './testing/fixtures.js';

const s = new Scratch()
  .file('in/people.csv', 'id,name,city,age,joined\n1, ann ,Paris,34,2024-01-05\n2,bob,berlin,,05/02/2024\n3,cy,Paris,51,2024-03-01\n4,dee,Rome,27,\n2,bob,berlin,29,05/02/2024\n')
  .file('in/orders.json', '{"order":1,"person":1,"amount":10.5,"items":["a","b"],"ship":{"zip":"75001","country":"FR"}}\n{"order":2,"person":1,"amount":4.5,"items":[],"ship":{"zip":"75002","country":"FR"}}\n{"order":3,"person":3,"amount":20,"items":["c"],"ship":{"zip":"00100","country":"IT"}}\n{"order":4,"person":9,"amount":1,"items":["d"],"ship":{"zip":"1","country":"XX"}}\n')
  .dataset('People', 'DelimitedText', 'in', 'people.csv')
  .dataset('Orders', 'Json', 'in', 'orders.json')
  .dataset('Out', 'Json', 'out', 'result.json');
afterAll(() => s.cleanup());

const people = { name: 'people', type: 'source', dataset: { referenceName: 'People' } };
const orders = { name: 'orders', type: 'source', dataset: { referenceName: 'Orders' } };
const sink = (input: string) => ({ name: 'out', type: 'sink', inputs: [input], dataset: { referenceName: 'Out' } });

async function rowsOf(steps: Array<Record<string, unknown>>, at: string, order = '1'): Promise<Array<Record<string, unknown>>> {
  await s.run([...steps, sink(at)] as never);
  return s.read('out/result.json', order);
}

describe('data flow steps on DuckDB', () => {
  it('filter, derive, select', async () => {
    const rows = await rowsOf([
      people,
      { name: 'f', type: 'filter', inputs: ['people'], condition: "city = 'Paris'" },
      { name: 'd', type: 'derive', inputs: ['f'], columns: [{ name: 'name', expression: 'upper(trim(name))' }, { name: 'older', expression: 'age + 1' }] },
      { name: 'sel', type: 'select', inputs: ['d'], columns: ['id', { name: 'name', as: 'who' }, 'older'] },
    ], 'sel');
    expect(rows).toEqual([{ id: 1, who: 'ANN', older: 35 }, { id: 3, who: 'CY', older: 52 }]);
  });
});

describe('every step type', () => {
  it('cast (strict and lenient, with a date format)', async () => {
    const rows = await rowsOf([
      people,
      { name: 'c', type: 'cast', inputs: ['people'], onError: 'null', columns: [{ name: 'age', type: 'VARCHAR' }, { name: 'joined', type: 'DATE', format: '%Y-%m-%d' }] },
      { name: 'sel', type: 'select', inputs: ['c'], columns: ['id', 'age', 'joined'] },
    ], 'sel', 'id, age');
    expect(rows).toEqual([
      { id: 1, age: '34', joined: '2024-01-05' }, { id: 2, age: '29', joined: null }, { id: 2, age: null, joined: null }, { id: 3, age: '51', joined: '2024-03-01' }, { id: 4, age: '27', joined: null },
    ]);
  });

  it('cleanse: trim, case, fillNulls, dropNulls, regexReplace, standardizeDates', async () => {
    const rows = await rowsOf([
      people,
      { name: 'c', type: 'cleanse', inputs: ['people'], operations: [
        { op: 'trim' },
        { op: 'case', columns: ['city'], to: 'title' },
        { op: 'case', columns: ['name'], to: 'upper' },
        { op: 'fillNulls', values: { age: -1 } },
        { op: 'regexReplace', columns: ['name'], pattern: '[AEIOU]', replacement: '*' },
        { op: 'standardizeDates', columns: ['joined'], formats: ['%Y-%m-%d', '%m/%d/%Y'] },
        { op: 'dropNulls', columns: ['joined'] },
      ] },
    ], 'c', 'id, age');
    expect(rows).toEqual([
      { id: 1, name: '*NN', city: 'Paris', age: 34, joined: '2024-01-05' },
      { id: 2, name: 'B*B', city: 'Berlin', age: -1, joined: '2024-05-02' },
      { id: 2, name: 'B*B', city: 'Berlin', age: 29, joined: '2024-05-02' },
      { id: 3, name: 'CY', city: 'Paris', age: 51, joined: '2024-03-01' },
    ]);
  });

  it('dedupe keeps the first or the last row per key', async () => {
    const first = await rowsOf([people, { name: 'd', type: 'dedupe', inputs: ['people'], keys: ['id'] }, { name: 'sel', type: 'select', inputs: ['d'], columns: ['id', 'age'] }], 'sel', 'id');
    expect(first).toEqual([{ id: 1, age: 34 }, { id: 2, age: null }, { id: 3, age: 51 }, { id: 4, age: 27 }]);
    const last = await rowsOf([people, { name: 'd', type: 'dedupe', inputs: ['people'], keys: ['id'], keep: 'last' }, { name: 'sel', type: 'select', inputs: ['d'], columns: ['id', 'age'] }], 'sel', 'id');
    expect(last).toEqual([{ id: 1, age: 34 }, { id: 2, age: 29 }, { id: 3, age: 51 }, { id: 4, age: 27 }]);
    const oldest = await rowsOf([people, { name: 'd', type: 'dedupe', inputs: ['people'], keys: ['city'], orderBy: [{ column: 'age', direction: 'desc', nulls: 'last' }] }, { name: 'sel', type: 'select', inputs: ['d'], columns: ['city', 'id'] }], 'sel', 'city');
    expect(oldest).toEqual([{ city: 'Paris', id: 3 }, { city: 'Rome', id: 4 }, { city: 'berlin', id: 2 }]);
    // keep 'last' by an order with NULLS LAST is the first by the reversed order (NULLS FIRST): berlin's NULL age wins.
    const youngest = await rowsOf([people, { name: 'd', type: 'dedupe', inputs: ['people'], keys: ['city'], keep: 'last', orderBy: [{ column: 'age', direction: 'desc', nulls: 'last' }] }, { name: 'sel', type: 'select', inputs: ['d'], columns: ['city', 'age'] }], 'sel', 'city');
    expect(youngest).toEqual([{ city: 'Paris', age: 34 }, { city: 'Rome', age: 27 }, { city: 'berlin', age: null }]);
  });

  it('join: inner, left, right, full, cross, and on a condition', async () => {
    const base = [people, orders, { name: 'p', type: 'dedupe', inputs: ['people'], keys: ['id'] }];
    const j = (joinType: string, extra: Record<string, unknown> = { keys: [{ left: 'id', right: 'person' }] }) => [...base, { name: 'j', type: 'join', inputs: ['p', 'orders'], joinType, ...extra }, { name: 'sel', type: 'select', inputs: ['j'], columns: ['id', 'order'] }];
    expect(await rowsOf(j('inner'), 'sel', 'id, "order"')).toEqual([{ id: 1, order: 1 }, { id: 1, order: 2 }, { id: 3, order: 3 }]);
    expect(await rowsOf(j('left'), 'sel', 'id, "order"')).toEqual([{ id: 1, order: 1 }, { id: 1, order: 2 }, { id: 2, order: null }, { id: 3, order: 3 }, { id: 4, order: null }]);
    expect(await rowsOf(j('right'), 'sel', '"order"')).toEqual([{ id: 1, order: 1 }, { id: 1, order: 2 }, { id: 3, order: 3 }, { id: null, order: 4 }]);
    expect((await rowsOf(j('full'), 'sel', '"order", id')).length).toBe(6);
    expect((await rowsOf(j('cross', {}), 'sel')).length).toBe(16);
    expect(await rowsOf(j('inner', { condition: 'l.id = r.person AND r.amount > 5' }), 'sel', '"order"')).toEqual([{ id: 1, order: 1 }, { id: 3, order: 3 }]);
  });

  it('join with same-named keys merges them; other clashes are prefixed with the right input', async () => {
    const rows = await rowsOf([
      people,
      { name: 'a', type: 'select', inputs: ['people'], columns: ['id', 'name'] },
      { name: 'b', type: 'select', inputs: ['people'], columns: ['id', 'city'] },
      { name: 'b2', type: 'derive', inputs: ['b'], columns: [{ name: 'name', expression: "'x'" }] },
      { name: 'j', type: 'join', inputs: ['a', 'b2'], joinType: 'full', keys: ['id'] },
      { name: 'd', type: 'dedupe', inputs: ['j'], keys: ['id'] },
    ], 'd', 'id');
    expect(Object.keys(rows[0] as object)).toEqual(['id', 'name', 'city', 'b2_name']);
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4]);
  });

  it('exists and notExists', async () => {
    const ex = await rowsOf([people, orders, { name: 'e', type: 'exists', inputs: ['people', 'orders'], keys: [{ left: 'id', right: 'person' }] }, { name: 'sel', type: 'select', inputs: ['e'], columns: ['id'] }], 'sel', 'id');
    expect(ex).toEqual([{ id: 1 }, { id: 3 }]);
    const nex = await rowsOf([people, orders, { name: 'e', type: 'notExists', inputs: ['orders', 'people'], condition: 'l.person = r.id' }, { name: 'sel', type: 'select', inputs: ['e'], columns: ['order'] }], 'sel');
    expect(nex).toEqual([{ order: 4 }]);
  });

  it('lookup adds the first match (or nulls) without multiplying rows', async () => {
    const rows = await rowsOf([people, orders, { name: 'l', type: 'lookup', inputs: ['people', 'orders'], keys: [{ left: 'id', right: 'person' }], columns: ['order', 'amount'], orderBy: [{ column: 'amount', direction: 'desc' }] }, { name: 'sel', type: 'select', inputs: ['l'], columns: ['id', 'order', 'amount'] }], 'sel', 'id, "order"');
    expect(rows).toEqual([{ id: 1, order: 1, amount: 10.5 }, { id: 2, order: null, amount: null }, { id: 2, order: null, amount: null }, { id: 3, order: 3, amount: 20 }, { id: 4, order: null, amount: null }]);
    const last = await rowsOf([people, orders, { name: 'l', type: 'lookup', inputs: ['people', 'orders'], keys: [{ left: 'id', right: 'person' }], columns: ['order'], keep: 'last', orderBy: [{ column: 'amount', direction: 'desc' }] }, { name: 'sel', type: 'select', inputs: ['l'], columns: ['id', 'order'] }], 'sel', 'id');
    expect(last[0]).toEqual({ id: 1, order: 2 });
  });

  it('aggregate with every function', async () => {
    const rows = await rowsOf([people, { name: 'a', type: 'aggregate', inputs: ['people'], groupBy: ['city'], aggregates: [
      { name: 'n', function: 'count' }, { name: 'ids', function: 'countDistinct', column: 'id' }, { name: 'total', function: 'sum', column: 'age' },
      { name: 'mean', function: 'avg', column: 'age' }, { name: 'lo', function: 'min', column: 'age' }, { name: 'hi', function: 'max', column: 'age' },
      { name: 'firstName', function: 'first', column: 'name', orderBy: [{ column: 'id' }] }, { name: 'lastName', function: 'last', column: 'name', orderBy: [{ column: 'id' }] },
      { name: 'sd', function: 'stddev', column: 'age' }, { name: 'names', function: 'stringAgg', column: 'name', separator: '|', orderBy: [{ column: 'id' }] },
      { name: 'double', expression: 'sum(age) * 2' },
    ], having: 'count(*) >= 1' }], 'a', 'city');
    expect(rows).toEqual([
      { city: 'Paris', n: 2, ids: 2, total: 85, mean: 42.5, lo: 34, hi: 51, firstName: ' ann ', lastName: 'cy', sd: expect.closeTo(12.0208, 3), names: ' ann |cy', double: 170 },
      { city: 'Rome', n: 1, ids: 1, total: 27, mean: 27, lo: 27, hi: 27, firstName: 'dee', lastName: 'dee', sd: null, names: 'dee', double: 54 },
      { city: 'berlin', n: 2, ids: 1, total: 29, mean: 29, lo: 29, hi: 29, firstName: 'bob', lastName: 'bob', sd: null, names: 'bob|bob', double: 58 },
    ]);
  });

  it('window: row number, rank, dense rank, lag, lead, running sum', async () => {
    const rows = await rowsOf([orders, { name: 'w', type: 'window', inputs: ['orders'], partitionBy: ['person'], orderBy: [{ column: 'order' }], columns: [
      { name: 'rn', function: 'rowNumber' }, { name: 'rk', function: 'rank' }, { name: 'drk', function: 'denseRank' },
      { name: 'prev', function: 'lag', column: 'amount', default: 0 }, { name: 'next', function: 'lead', column: 'amount' }, { name: 'running', function: 'runningSum', column: 'amount' },
    ] }, { name: 'sel', type: 'select', inputs: ['w'], columns: ['order', 'rn', 'rk', 'drk', 'prev', 'next', 'running'] }], 'sel', '"order"');
    expect(rows).toEqual([
      { order: 1, rn: 1, rk: 1, drk: 1, prev: 0, next: 4.5, running: 10.5 },
      { order: 2, rn: 2, rk: 2, drk: 2, prev: 10.5, next: null, running: 15 },
      { order: 3, rn: 1, rk: 1, drk: 1, prev: 0, next: null, running: 20 },
      { order: 4, rn: 1, rk: 1, drk: 1, prev: 0, next: null, running: 1 },
    ]);
  });

  it('sort, union by name, surrogate key', async () => {
    const rows = await rowsOf([
      people,
      { name: 'a', type: 'select', inputs: ['people'], columns: ['id', 'name'] },
      { name: 'b', type: 'select', inputs: ['people'], columns: ['city', 'id'] },
      { name: 'u', type: 'union', inputs: ['a', 'b'] },
      { name: 's', type: 'sort', inputs: ['u'], orderBy: [{ column: 'id', direction: 'desc' }, { expression: 'coalesce(name, city)' }] },
      { name: 'k', type: 'surrogateKey', inputs: ['s'], column: 'sk', start: 100 },
    ], 'k', 'sk');
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual({ id: 4, name: null, city: 'Rome', sk: 100 });
    expect(rows[1]).toEqual({ id: 4, name: 'dee', city: null, sk: 101 });
    expect(rows.map((r) => r.sk)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
  });

  it('conditional split: first match, default output, outputs referenced as step.output', async () => {
    const steps = [
      people,
      { name: 'split', type: 'conditionalSplit', inputs: ['people'], outputs: [{ name: 'young', condition: 'age < 30' }, { name: 'paris', condition: "city = 'Paris'" }], defaultOutput: 'rest' },
      { name: 'u', type: 'union', inputs: ['split.young', 'split.rest'] },
      sink('u'),
    ];
    const r = await s.run(steps as never);
    expect(r.steps.find((x) => x.name === 'split')?.outputs).toEqual({ young: 2, paris: 2, rest: 1 });
    expect((await s.read('out/result.json', 'id')).map((x) => x.id)).toEqual([2, 2, 4]);
  });

  it('pivot and unpivot', async () => {
    const piv = await rowsOf([orders, { name: 'c', type: 'derive', inputs: ['orders'], columns: [{ name: 'country', expression: 'ship.country' }] },
      { name: 'p', type: 'pivot', inputs: ['c'], groupBy: ['person'], pivotColumn: 'country', values: ['FR', 'IT'], aggregates: [{ function: 'sum', column: 'amount' }] }], 'p', 'person');
    expect(piv).toEqual([{ person: 1, FR: 15, IT: null }, { person: 3, FR: null, IT: 20 }, { person: 9, FR: null, IT: null }]);
    const unp = await rowsOf([people, { name: 'd', type: 'dedupe', inputs: ['people'], keys: ['id'] }, { name: 'sel', type: 'select', inputs: ['d'], columns: ['id', 'name', 'city'] },
      { name: 'u', type: 'unpivot', inputs: ['sel'], columns: ['name', 'city'], nameColumn: 'field', valueColumn: 'value' }], 'u', 'id, field');
    expect(unp.slice(0, 2)).toEqual([{ id: 1, field: 'city', value: 'Paris' }, { id: 1, field: 'name', value: ' ann ' }]);
    expect(unp).toHaveLength(8);
  });

  it('flatten arrays (keeping empties or not) and structs', async () => {
    const arr = await rowsOf([orders, { name: 'f', type: 'flatten', inputs: ['orders'], column: 'items', as: 'item' }, { name: 'sel', type: 'select', inputs: ['f'], columns: ['order', 'item'] }], 'sel', '"order", item');
    expect(arr).toEqual([{ order: 1, item: 'a' }, { order: 1, item: 'b' }, { order: 3, item: 'c' }, { order: 4, item: 'd' }]);
    const keep = await rowsOf([orders, { name: 'f', type: 'flatten', inputs: ['orders'], column: 'items', keepEmpty: true }, { name: 'sel', type: 'select', inputs: ['f'], columns: ['order', 'items'] }], 'sel', '"order", items');
    expect(keep).toContainEqual({ order: 2, items: null });
    const st = await rowsOf([orders, { name: 'f', type: 'flatten', inputs: ['orders'], column: 'ship' }, { name: 'sel', type: 'select', inputs: ['f'], columns: ['order', 'zip', 'country'] }], 'sel', '"order"');
    expect(st[0]).toEqual({ order: 1, zip: '75001', country: 'FR' });
  });

  it('sql step reads its inputs by name (and split outputs quoted)', async () => {
    const rows = await rowsOf([people, orders,
      { name: 'split', type: 'conditionalSplit', inputs: ['orders'], outputs: [{ name: 'big', condition: 'amount >= 10' }] },
      { name: 'q', type: 'sql', inputs: ['people', 'split.big'], query: 'SELECT p.name, b.amount FROM people p JOIN "split.big" b ON p.id = b.person ORDER BY b.amount' }], 'q', 'amount');
    expect(rows).toEqual([{ name: ' ann ', amount: 10.5 }, { name: 'cy', amount: 20 }]);
  });

  it('sql step cannot read a table that is not one of its inputs', async () => {
    await expect(s.run([people, orders, { name: 'q', type: 'sql', inputs: ['people'], query: 'SELECT * FROM orders' }, sink('q')] as never))
      .rejects.toMatchObject({ code: 'DATAFLOW_INVALID', location: { pointer: '/properties/typeProperties/steps/2/query' } });
  });
});
