import { describe, expect, it } from 'vitest';
import { failure, run } from './testing.js';
import { evaluate } from '../evaluate.js';



const SOPHIA = `json('{ "firstName": "Sophia", "surName": "Owen" }')`;
const CUSTOMER = `json('{ "customerName": { "firstName": "Sophia", "surName": "Owen" } }')`;

describe('collection: documented examples (ADF and Logic Apps references)', () => {
  it.each<[string, unknown]>([
    ["@chunk('abcdefghijklmnopqrstuvwxyz', 10)", ['abcdefghij', 'klmnopqrst', 'uvwxyz']],
    ['@chunk(createArray(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), 5)', [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12]]],
    ["@contains('hello world', 'world')", true],
    ["@contains('hello world', 'universe')", false],
    ["@empty('')", true],
    ["@empty('abc')", false],
    ["@first('hello')", 'h'],
    ['@first(createArray(0, 1, 2))', 0],
    ['@intersection(createArray(1, 2, 3), createArray(101, 2, 1, 10), createArray(6, 8, 1, 2))', [1, 2]],
    ["@join(createArray('a', 'b', 'c'), '.')", 'a.b.c'],
    ["@last('abcd')", 'd'],
    ['@last(createArray(0, 1, 2, 3))', 3],
    ["@length('abcd')", 4],
    ['@length(createArray(0, 1, 2, 3))', 4],
    ['@reverse(createArray(0, 1, 2, 3))', [3, 2, 1, 0]],
    ['@skip(createArray(0, 1, 2, 3), 1)', [1, 2, 3]],
    ['@sort(createArray(2, 1, 0, 3))', [0, 1, 2, 3]],
    [
      `@sort(createArray(json('{ "first": "Amalie", "last": "Rose" }'), json('{ "first": "Elise", "last": "Renee" }')), 'last')`,
      [{ first: 'Elise', last: 'Renee' }, { first: 'Amalie', last: 'Rose' }],
    ],
    ["@take('abcde', 3)", 'abc'],
    ['@take(createArray(0, 1, 2, 3, 4), 3)', [0, 1, 2]],
    ['@union(createArray(1, 2, 3), createArray(1, 2, 10, 101))', [1, 2, 3, 10, 101]],
    [
      `@addProperty(json('{ "firstName": "Sophia", "lastName": "Owen" }'), 'middleName', 'Anne')`,
      { firstName: 'Sophia', lastName: 'Owen', middleName: 'Anne' },
    ],
    [
      `@setProperty(${CUSTOMER}, 'customerName', addProperty(${CUSTOMER}['customerName'], 'middleName', 'Anne'))`,
      { customerName: { firstName: 'Sophia', surName: 'Owen', middleName: 'Anne' } },
    ],
    [
      `@removeProperty(json('{ "firstName": "Sophia", "middleName": "Anne", "surName": "Owen" }'), 'middleName')`,
      { firstName: 'Sophia', surName: 'Owen' },
    ],
    [
      `@removeProperty(json('{ "customerName": { "firstName": "Sophia", "middleName": "Anne", "surName": "Owen" } }')['customerName'], 'middleName')`,
      { firstName: 'Sophia', surName: 'Owen' },
    ],
    [`@setProperty(${SOPHIA}, 'surName', 'Hartnett')`, { firstName: 'Sophia', surName: 'Hartnett' }],
    [
      `@setProperty(${CUSTOMER}, 'customerName', setProperty(${CUSTOMER}['customerName'], 'surName', 'Hartnett'))`,
      { customerName: { firstName: 'Sophia', surName: 'Hartnett' } },
    ],
  ])('%s → %j', (text, expected) => {
    expect(run(text)).toEqual(expected);
  });
});

describe('collection: edge cases', () => {
  it.each<[string, unknown]>([
    ["@contains(createArray('a', 'b'), 'b')", true],
    ["@contains(createArray('a', 'b'), 'B')", false],
    ['@contains(createArray(1, 2), 2.0)', true],
    ['@contains(createArray(createArray(1)), createArray(1))', true],
    [`@contains(${SOPHIA}, 'surName')`, true],
    [`@contains(${SOPHIA}, 'surname')`, false],
    ["@contains('Hello', 'hello')", false],
    ["@empty(json('[]'))", true],
    ["@empty(json('{}'))", true],
    ['@empty(null)', true],
    ["@first('')", null],
    ["@first(json('[]'))", null],
    ["@last(json('[]'))", null],
    ["@length('')", 0],
    ["@join(createArray(1, 'a', true, null, 2.5), '-')", '1-a-True--2.5'],
    ["@join(json('[]'), ',')", ''],
    ["@join(createArray('a'), ', ')", 'a'],
    ["@skip('abcdef', 2)", 'cdef'],
    ['@skip(createArray(1, 2), 5)', []],
    ['@skip(createArray(1, 2), 0)', [1, 2]],
    ["@take('abc', 10)", 'abc'],
    ['@take(createArray(1, 2), 0)', []],
    ["@chunk('abc', 5)", ['abc']],
    ["@chunk('', 2)", []],
    ['@union(createArray(1, 1, 2), createArray(2, 3))', [1, 2, 3]],
    ['@union(createArray(1, 2))', [1, 2]],
    ["@union(json('{\"a\": 1, \"b\": 2}'), json('{\"b\": 3, \"c\": 4}'))", { a: 1, b: 3, c: 4 }],
    ["@intersection(json('{\"a\": 1, \"b\": 2}'), json('{\"b\": 3, \"c\": 4}'))", { b: 3 }],
    ['@intersection(createArray(1, 1, 2), createArray(1))', [1]],
    ["@sort(createArray('b', 'a', 'C'))", ['C', 'a', 'b']],
    ['@sort(createArray(2.5, 1, 3))', [1, 2.5, 3]],
    ['@sort(createArray(true, false))', [false, true]],
    ["@sort(json('[]'))", []],
    ["@sort(json('[{\"k\": 2, \"n\": \"x\"}, {\"k\": 1, \"n\": \"y\"}, {\"k\": 2, \"n\": \"z\"}]'), 'k')", [{ k: 1, n: 'y' }, { k: 2, n: 'x' }, { k: 2, n: 'z' }]],
    ["@reverse(json('[]'))", []],
    [`@removeProperty(${SOPHIA}, 'missing')`, { firstName: 'Sophia', surName: 'Owen' }],
    [`@setProperty(${SOPHIA}, 'age', 30)`, { firstName: 'Sophia', surName: 'Owen', age: 30 }],
  ])('%s → %j', (text, expected) => {
    expect(run(text)).toEqual(expected);
  });

  it('does not change its inputs', () => {
    const context = { variables: { list: [3, 1, 2], obj: { a: 1 } } };
    evaluate("@sort(variables('list'))", context);
    evaluate("@reverse(variables('list'))", context);
    evaluate("@setProperty(variables('obj'), 'a', 2)", context);
    expect(context.variables).toEqual({ list: [3, 1, 2], obj: { a: 1 } });
  });

  it("keeps a '__proto__' key as a plain property", () => {
    const v = evaluate("@setProperty(json('{}'), '__proto__', 1)") as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__']);
  });
});

describe('collection: errors', () => {
  it.each([
    ['@length(null)', 'EXPRESSION_TYPE', /'length' expects its parameter 1 to be an array or a string.*'Null'/],
    ["@length(json('{}'))", 'EXPRESSION_TYPE', /'Object'/],
    ['@first(1)', 'EXPRESSION_TYPE', /'Integer'/],
    ['@empty(0)', 'EXPRESSION_TYPE', /'empty' expects its parameter 1 to be a string, an array or an object/],
    ["@contains('abc', 1)", 'EXPRESSION_TYPE', /parameter 2 to be a string/],
    ["@contains(null, 'a')", 'EXPRESSION_TYPE', /'Null'/],
    ["@contains(json('{}'), 1)", 'EXPRESSION_TYPE', /a key/],
    ["@skip(createArray(1), -1)", 'EXPRESSION_EVALUATION', /non-negative/],
    ["@take('abc', 1.5)", 'EXPRESSION_TYPE', /integer/],
    ["@chunk('abc', 0)", 'EXPRESSION_EVALUATION', /positive/],
    ["@join('abc', ',')", 'EXPRESSION_TYPE', /'join' expects its parameter 1 to be an array/],
    ["@reverse('abc')", 'EXPRESSION_TYPE', /an array/],
    ["@union(createArray(1), json('{}'))", 'EXPRESSION_TYPE', /'union' expects its parameter 2 to be an array/],
    ["@intersection(json('{}'), createArray(1))", 'EXPRESSION_TYPE', /parameter 2 to be an object/],
    ["@union('a', 'b')", 'EXPRESSION_TYPE', /an array or an object/],
    ["@sort(createArray(1, 'a'))", 'EXPRESSION_TYPE', /one primitive type/],
    ["@sort(createArray(createArray(1), createArray(2)))", 'EXPRESSION_TYPE', /one primitive type/],
    ["@sort(createArray(1, 2), 'k')", 'EXPRESSION_TYPE', /every item must be an object/],
    ["@sort(json('[{\"k\": 1}, {\"j\": 2}]'), 'k')", 'EXPRESSION_EVALUATION', /does not have that property/],
    [`@addProperty(${SOPHIA}, 'surName', 'X')`, 'EXPRESSION_EVALUATION', /already exists/],
    ["@addProperty('x', 'a', 1)", 'EXPRESSION_TYPE', /an object/],
    ["@removeProperty(json('{}'), 1)", 'EXPRESSION_TYPE', /a string/],
  ])('%s fails with %s', (text, code, message) => {
    const e = failure(text);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });
});
