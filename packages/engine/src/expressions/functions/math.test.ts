import { describe, expect, it } from 'vitest';
import { failure } from './testing.js';
import { evaluate } from '../evaluate.js';
import { ExprFloat, toJson, typeName } from '../values.js';


/** [expression, expected JSON value, expected ADF type]. */
type Row = [string, unknown, 'Integer' | 'Float' | 'Array'];

describe('math: documented examples (ADF and Logic Apps references)', () => {
  it.each<Row>([
    ['@add(1, 1.5)', 2.5, 'Float'],
    ['@div(10, 5)', 2, 'Integer'],
    ['@div(11, 5)', 2, 'Integer'],
    ['@div(11, 5.0)', 2.2, 'Float'],
    ['@div(11.0, 5)', 2.2, 'Float'],
    ['@max(1, 2, 3)', 3, 'Integer'],
    ['@max(createArray(1, 2, 3))', 3, 'Integer'],
    ['@min(1, 2, 3)', 1, 'Integer'],
    ['@min(createArray(1, 2, 3))', 1, 'Integer'],
    ['@mod(3, 2)', 1, 'Integer'],
    ['@mod(-5, 2)', -1, 'Integer'],
    ['@mod(4, -3)', 1, 'Integer'],
    ['@mul(1, 2)', 2, 'Integer'],
    ['@mul(1.5, 2)', 3, 'Float'],
    ['@range(1, 4)', [1, 2, 3, 4], 'Array'],
  ])('%s → %j (%s)', (text, expected, type) => {
    const v = evaluate(text);
    expect(toJson(v)).toEqual(expected);
    expect(typeName(v)).toBe(type);
  });

  it('sub(10.3, .3) is 10 (written 0.3: the parser reads no leading-dot numbers)', () => {
    const v = evaluate('@sub(10.3, 0.3)');
    expect(typeName(v)).toBe('Float');
    expect(toJson(v) as number).toBeCloseTo(10, 12);
  });

  it('rand(1, 5) returns one of 1, 2, 3, 4', () => {
    const seen = new Set<unknown>();
    for (let i = 0; i < 200; i++) seen.add(evaluate('@rand(1, 5)'));
    expect([...seen].every((n) => [1, 2, 3, 4].includes(n as number))).toBe(true);
    expect(seen.size).toBeGreaterThan(1);
  });
});

describe('math: integers and floats', () => {
  it.each<Row>([
    ['@add(1, 2)', 3, 'Integer'],
    ['@add(1.0, 2)', 3, 'Float'],
    ['@sub(5, 7)', -2, 'Integer'],
    ['@div(-7, 2)', -3, 'Integer'],
    ['@div(7, -2)', -3, 'Integer'],
    ['@div(7.0, 2)', 3.5, 'Float'],
    ['@div(6.0, 2)', 3, 'Float'],
    ['@mod(-7, 3)', -1, 'Integer'],
    ['@mod(7.5, 2)', 1.5, 'Float'],
    ['@mod(-7.5, 2)', -1.5, 'Float'],
    ['@min(3, 1.5, 2)', 1.5, 'Float'],
    ['@max(3, 1.5, 2)', 3, 'Integer'],
    ['@max(2.0, 1)', 2, 'Float'],
    ['@min(7)', 7, 'Integer'],
    ['@range(0, 0)', [], 'Array'],
    ['@range(-2, 3)', [-2, -1, 0], 'Array'],
  ])('%s → %j (%s)', (text, expected, type) => {
    const v = evaluate(text);
    expect(toJson(v)).toEqual(expected);
    expect(typeName(v)).toBe(type);
  });

  it('keeps integral float results as floats', () => {
    expect(evaluate('@add(0.5, 0.5)')).toEqual(new ExprFloat(1));
  });

  it('stays exact beyond 2^53 (ticks arithmetic)', () => {
    // ticks('2018-03-15T00:00:00Z') and ticks('2018-03-14T00:00:00Z'): 64-bit values.
    expect(evaluate('@sub(636566688000000000, 636565824000000000)')).toBe(864000000000);
    expect(evaluate('@add(9007199254740991, 2)')).toBe(9007199254740993n);
    expect(evaluate('@mul(3037000499, 3037000499)')).toBe(9223372030926249001n);
  });

  it('compares 64-bit integers exactly in min and max', () => {
    expect(evaluate('@max(9007199254740993, 9007199254740992)')).toBe(9007199254740993n);
    expect(evaluate('@min(9007199254740993, 9007199254740992.0)')).toEqual(new ExprFloat(9007199254740992));
    expect(evaluate('@div(9007199254740993, 1)')).toBe(9007199254740993n);
    expect(evaluate('@mod(9007199254740993, 10)')).toBe(3);
  });
});

describe('math: errors', () => {
  it.each([
    ['@div(1, 0)', 'EXPRESSION_EVALUATION', /divide by zero/],
    ['@div(1.5, 0.0)', 'EXPRESSION_EVALUATION', /divide by zero/],
    ['@mod(1, 0)', 'EXPRESSION_EVALUATION', /divide by zero/],
    ["@add(1, '2')", 'EXPRESSION_TYPE', /'add' expects its parameter 2 to be an integer or a decimal number.*'String'/],
    ['@sub(null, 1)', 'EXPRESSION_TYPE', /'Null'/],
    ['@mul(true, 1)', 'EXPRESSION_TYPE', /'Boolean'/],
    ['@add(9223372036854775807, 1)', 'EXPRESSION_EVALUATION', /outside the 64-bit integer range/],
    ['@div(-9223372036854775808, -1)', 'EXPRESSION_EVALUATION', /outside the 64-bit integer range/],
    ['@mul(1.0E308, 10)', 'EXPRESSION_EVALUATION', /not a finite number/],
    ["@max(json('[]'))", 'EXPRESSION_EVALUATION', /at least one number/],
    ["@max(1, 'a')", 'EXPRESSION_TYPE', /'String'/],
    ["@min(createArray(1, 'a'))", 'EXPRESSION_TYPE', /'String'/],
    ['@rand(5, 1)', 'EXPRESSION_EVALUATION', /no greater than/],
    ['@rand(1.5, 2)', 'EXPRESSION_TYPE', /integer/],
    ['@range(1, -1)', 'EXPRESSION_EVALUATION', /between 0 and 100000/],
    ['@range(1, 100001)', 'EXPRESSION_EVALUATION', /between 0 and 100000/],
    ['@range(2147483647, 1)', 'EXPRESSION_EVALUATION', /2147483647/],
  ])('%s fails with %s', (text, code, message) => {
    const e = failure(text);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it('rand with equal bounds returns the bound', () => {
    expect(evaluate('@rand(3, 3)')).toBe(3);
  });
});
