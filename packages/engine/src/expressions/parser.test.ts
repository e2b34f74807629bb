import { describe, expect, it } from 'vitest';
import { SluiceError } from '../errors/index.js';
import { isExpressionString, parseExpression, parseTemplate } from './parser.js';
import { ExprFloat } from './values.js';

function syntaxError(f: () => unknown): SluiceError {
  try {
    f();
  } catch (e) {
    if (e instanceof SluiceError) return e;
    throw e;
  }
  throw new Error('expected a syntax error');
}

describe('parseTemplate', () => {
  it.each([
    ['parameters', { kind: 'literal', value: 'parameters' }],
    ['parameters[1]', { kind: 'literal', value: 'parameters[1]' }],
    ['@@', { kind: 'literal', value: '@' }],
    [' @', { kind: 'literal', value: ' @' }],
    ['@@abc', { kind: 'literal', value: '@abc' }],
    ['Answer is: @@{pipeline().parameters.myNumber}', { kind: 'literal', value: 'Answer is: @{pipeline().parameters.myNumber}' }],
    ['user@example.com', { kind: 'literal', value: 'user@example.com' }],
    ['', { kind: 'literal', value: '' }],
  ])('%j is literal text', (text, expected) => {
    expect(parseTemplate(text)).toEqual(expected);
  });

  it('parses a whole-value expression with positions', () => {
    const t = parseTemplate("@concat('a', pipeline().parameters.x)");
    expect(t.kind).toBe('expression');
    if (t.kind !== 'expression') return;
    expect(t.node).toMatchObject({ kind: 'call', name: 'concat', start: 1, end: 37 });
  });

  it('allows whitespace after @', () => {
    expect(parseTemplate("@ toUpper('a')").kind).toBe('expression');
  });

  it('splits interpolations into parts with their offsets', () => {
    const t = parseTemplate("Answer is: @{pipeline().parameters.n}, done @{'}'}");
    expect(t.kind).toBe('interpolation');
    if (t.kind !== 'interpolation') return;
    expect(t.parts.map((p) => [p.kind, p.start, p.end])).toEqual([
      ['text', 0, 11], ['expr', 11, 37], ['text', 37, 44], ['expr', 44, 50],
    ]);
  });

  it.each([
    ['@', 1, 'Expected a value'],
    ["@concat('a'", 11, "Expected ',' or ')'"],
    ["@concat('a' 'b')", 12, "Expected ',' or ')'"],
    ["@toUpper('abc)", 9, 'is not closed'],
    ['@pipeline().', 12, 'Expected a property name'],
    ['@foo', 1, 'is not a function call'],
    ["@concat('a') tail", 13, 'the expression ended at position 12'],
    ['x @{concat(1, 2) y', 17, "Expected '}'"],
    ['@equals(1, "a")', 11, 'single quotes'],
    ['@a()[1', 6, "Expected ']'"],
    ['@12abc', 1, 'Invalid number'],
  ])('%j fails at position %i', (text, position, message) => {
    const e = syntaxError(() => parseTemplate(text));
    expect(e.code).toBe('EXPRESSION_SYNTAX');
    expect(e.location.position).toBe(position);
    expect(e.message).toContain(message);
  });
});

describe('parseExpression literals', () => {
  it.each([
    ['42', 42],
    ['-7', -7],
    ['2.5', 2.5],
    ['1e3', new ExprFloat(1000)],
    ['2.0', new ExprFloat(2)],
    ["'it''s'", "it's"],
    ["''", ''],
    ['true', true],
    ['FALSE', false],
    ['null', null],
    ['9007199254740993', 9007199254740993n],
  ])('%s', (text, value) => {
    expect(parseExpression(text)).toMatchObject({ kind: 'literal', value });
  });

  it('parses member chains with optional access', () => {
    const node = parseExpression("activity('A')?.output.value[0]?['x']");
    expect(node).toMatchObject({ kind: 'member', computed: true, optional: true, start: 0, end: 36 });
  });
});

describe('isExpressionString', () => {
  it.each([
    ['@x()', true],
    ['a @{x()} b', true],
    ['@@x', false],
    ['a @@{x} b', false],
    ['mail@host', false],
    ['plain', false],
  ])('%j → %s', (text, expected) => {
    expect(isExpressionString(text)).toBe(expected);
  });
});

describe('formatFloat', () => {
  it.each([
    [1.5, '1.5'],
    [0.0001, '0.0001'],
    [0.00001, '1E-05'],
    [1e16, '1E+16'],
    [123456789012345.6, '123456789012345.6'],
    [-2.5e-7, '-2.5E-07'],
  ])('%d → %s', async (n, text) => {
    const { formatFloat } = await import('./stringify.js');
    expect(formatFloat(n)).toBe(text);
  });
});
