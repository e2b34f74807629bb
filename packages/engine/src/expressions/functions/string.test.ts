import { describe, expect, it } from 'vitest';
import { failure, run } from './testing.js';



/** U+00A0 and U+202F: the (narrow) no-break spaces ICU uses in French and German numbers. */
const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('string: documented examples (ADF and Logic Apps references)', () => {
  it.each<[string, unknown]>([
    ["@concat('Hello', 'World')", 'HelloWorld'],
    ["@concat('Sophia', 'Owen')", 'SophiaOwen'],
    ["@concat('Baba', '''s ', 'book store')", "Baba's book store"],
    ["@endsWith('hello world', 'world')", true],
    ["@endsWith('hello world', 'universe')", false],
    ["@indexOf('hello world', 'world')", 6],
    ["@lastIndexOf('hello world', 'world')", 6],
    ["@lastIndexOf('hello world hello world', 'world')", 18],
    ["@lastIndexOf('hello world hello world', '')", 22],
    ["@nthIndexOf('123456789123465789', '1', 1)", 0],
    ["@nthIndexOf('123456789123465789', '1', 2)", 9],
    ["@nthIndexOf('123456789123465789', '12', 2)", 9],
    ["@nthIndexOf('123456789123465789', '6', 4)", -1],
    ["@replace('the old string', 'old', 'new')", 'the new string'],
    ["@slice('Hello World', 2)", 'llo World'],
    ["@slice('Hello World', 30)", ''],
    ["@slice('Hello World', 10, 2)", ''],
    ["@slice('Hello World', 0)", 'Hello World'],
    ["@slice('Hello World', 2, 5)", 'llo'],
    ["@slice('Hello World', 6, 20)", 'World'],
    ["@slice('Hello World', -2)", 'ld'],
    ["@slice('Hello World', 3, -1)", 'lo Worl'],
    ["@slice('Hello World', 3, 3)", ''],
    ["@split('a_b_c', '_')", ['a', 'b', 'c']],
    ["@split('a_b_c', ' ')", ['a_b_c']],
    ["@startsWith('hello world', 'hello')", true],
    ["@startsWith('hello world', 'greetings')", false],
    ["@substring('hello world', 6, 5)", 'world'],
    ["@toLower('Hello')", 'hello'],
    ["@toLower('Hello World')", 'hello world'],
    ["@toUpper('Hello World')", 'HELLO WORLD'],
    ["@trim(' Hello World  ')", 'Hello World'],
    ["@formatNumber(1234567890, '#,##0.00', 'en-US')", '1,234,567,890.00'],
    ["@formatNumber(1234567890, '#,##0.00', 'is-IS')", '1.234.567.890,00'],
    ["@formatNumber(17.35, 'C2')", '$17.35'],
    // The reference shows "17,35 kr"; the CLDR data behind Intl spells it "17,35\u00a0kr." (no-break space).
    ["@formatNumber(17.35, 'C2', 'is-IS')", `17,35${NBSP}kr.`],
    // ADF's "Dynamic content editor" example.
    [
      `{ "type": "@{if(equals(1, 2), 'Blob', 'Table' )}", "name": "@{toUpper('myData')}" }`,
      '{ "type": "Table", "name": "MYDATA" }',
    ],
  ])('%s → %j', (text, expected) => {
    expect(run(text)).toEqual(expected);
  });

  it("guid('P') is 32 hex digits with hyphens in parentheses", () => {
    expect(run("@guid('P')")).toMatch(/^\([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\)$/);
  });
});

describe('string: edge cases', () => {
  it.each<[string, unknown]>([
    ["@concat('a')", 'a'],
    ["@concat('n=', 1, ', f=', 2.5, ', b=', true, ', null=', null)", 'n=1, f=2.5, b=True, null='],
    ["@indexOf('Hello World', 'WORLD')", 6],
    ["@indexOf('abc', 'x')", -1],
    ["@indexOf('abc', '')", 0],
    ["@lastIndexOf('aXbxc', 'X')", 3],
    ["@lastIndexOf('', 'a')", -1],
    ["@lastIndexOf('', '')", 0],
    ["@lastIndexOf('abc', 'z')", -1],
    ["@startsWith('Hello', 'hE')", true],
    ["@endsWith('Hello', 'LO')", true],
    ["@startsWith('abc', '')", true],
    ["@nthIndexOf('aXaxa', 'x', 2)", 3],
    ["@nthIndexOf('aaaa', 'aa', 2)", 1],
    ["@nthIndexOf('123456789123465789', '1', -1)", 9],
    ["@nthIndexOf('123456789123465789', '1', -2)", 0],
    ["@nthIndexOf('123456789123465789', '1', -3)", -1],
    ["@replace('aaa', 'a', 'b')", 'bbb'],
    ["@replace('Hello', 'hello', 'x')", 'Hello'],
    ["@replace('a.b', '.', '$&')", 'a$&b'],
    ["@split('a,,b', ',')", ['a', '', 'b']],
    ["@split('', ',')", ['']],
    ["@split('abc', '')", ['abc']],
    ["@split('a--b--c', '--')", ['a', 'b', 'c']],
    ["@substring('hello', 1)", 'ello'],
    ["@substring('hello', 5)", ''],
    ["@substring('hello', 0, 5)", 'hello'],
    ["@substring('hello', 2, 0)", ''],
    ["@slice('Hello', -20, 2)", 'He'],
    ["@toUpper('straße')", 'STRAßE'],
    ["@toLower('ÀÉÎ')", 'àéî'],
    ["@trim('\t line \n')", 'line'],
    ["@length(guid())", 36],
    ["@length(guid('N'))", 32],
    ["@length(guid('b'))", 38],
  ])('%s → %j', (text, expected) => {
    expect(run(text)).toEqual(expected);
  });

  it("guid('X') uses .NET's hexadecimal layout", () => {
    expect(run("@guid('X')")).toMatch(/^\{0x[0-9a-f]{8},0x[0-9a-f]{4},0x[0-9a-f]{4},\{(0x[0-9a-f]{2},){7}0x[0-9a-f]{2}\}\}$/);
  });

  it('guid() differs on every call', () => {
    expect(run('@guid()')).not.toBe(run('@guid()'));
  });
});

describe('formatNumber: standard formats', () => {
  it.each<[string, string]>([
    ["@formatNumber(1234.5678, 'N')", '1,234.57'],
    ["@formatNumber(1234.5678, 'N0')", '1,235'],
    ["@formatNumber(-1234.5678, 'n1')", '-1,234.6'],
    ["@formatNumber(1234.5678, 'F3')", '1234.568'],
    ["@formatNumber(1234, 'F')", '1234.00'],
    ["@formatNumber(2.5, 'F0')", '3'],
    ["@formatNumber(-2.5, 'F0')", '-3'],
    ["@formatNumber(0.125, 'F2')", '0.13'],
    ["@formatNumber(1.005, 'F2')", '1.01'],
    ["@formatNumber(-0.001, 'F2')", '0.00'],
    ["@formatNumber(0.1234, 'P')", '12.34%'],
    ["@formatNumber(0.5, 'P0')", '50%'],
    ["@formatNumber(-0.5, 'P1')", '-50.0%'],
    ["@formatNumber(1234.5, 'C')", '$1,234.50'],
    ["@formatNumber(-1234.5, 'C')", '-$1,234.50'],
    ["@formatNumber(1234.5, 'C0')", '$1,235'],
    ["@formatNumber(1234, 'D6')", '001234'],
    ["@formatNumber(-1234, 'd')", '-1234'],
    ["@formatNumber(1052.0329112756, 'E')", '1.052033E+003'],
    ["@formatNumber(1052.0329112756, 'e2')", '1.05e+003'],
    ["@formatNumber(-0.00012345, 'E2')", '-1.23E-004'],
    ["@formatNumber(0, 'E')", '0.000000E+000'],
    ["@formatNumber(255, 'X')", 'FF'],
    ["@formatNumber(255, 'x4')", '00ff'],
    ["@formatNumber(-1, 'X')", 'FFFFFFFFFFFFFFFF'],
    ["@formatNumber(5, 'B8')", '00000101'],
    ["@formatNumber(12345.6789, 'G')", '12345.6789'],
    ["@formatNumber(12345.6789, 'G4')", '1.235E+04'],
    ["@formatNumber(12345.6789, 'g4')", '1.235e+04'],
    ["@formatNumber(0.0001, 'G')", '0.0001'],
    ["@formatNumber(0.00001, 'G')", '1E-05'],
    ["@formatNumber(1.0E21, 'G')", '1E+21'],
    ["@formatNumber(123456789012345678, 'G')", '123456789012345678'],
    ["@formatNumber(2.0, 'G')", '2'],
    ["@formatNumber(0.1, 'R')", '0.1'],
    ["@formatNumber(42, '')", '42'],
    ["@formatNumber(9223372036854775807, 'N0')", '9,223,372,036,854,775,807'],
    ["@formatNumber(-9223372036854775808, 'D')", '-9223372036854775808'],
  ])('%s → %j', (text, expected) => {
    expect(run(text)).toBe(expected);
  });
});

describe('formatNumber: custom formats', () => {
  it.each<[string, string]>([
    ["@formatNumber(1234.5678, '0.00')", '1234.57'],
    ["@formatNumber(1234.5678, '#,##0.##')", '1,234.57'],
    ["@formatNumber(1234, '#,##0.##')", '1,234'],
    ["@formatNumber(0.5, '#.##')", '.5'],
    ["@formatNumber(0, '#')", ''],
    ["@formatNumber(0, '0.00')", '0.00'],
    ["@formatNumber(5, '000')", '005'],
    ["@formatNumber(12345, '0')", '12345'],
    ["@formatNumber(-5, '0')", '-5'],
    ["@formatNumber(1.005, '0.00')", '1.01'],
    ["@formatNumber(1234567890, '(###) ###-####')", '(123) 456-7890'],
    ["@formatNumber(1234567, '0,,.0')", '1.2'],
    ["@formatNumber(1234567, '0.0,,')", '1234567.0'],
    ["@formatNumber(1234567, '#,##0,')", '1,235'],
    ["@formatNumber(0.123, '0.0%')", '12.3%'],
    ["@formatNumber(0.0123, '0.0‰')", '12.3‰'],
    ["@formatNumber(-12.345, '0.00;(0.00)')", '(12.35)'],
    ["@formatNumber(12.345, '0.00;(0.00)')", '12.35'],
    ["@formatNumber(0, '0.00;(0.00);''zero''')", 'zero'],
    ["@formatNumber(-0.001, '0.00;(0.00);''zero''')", 'zero'],
    ["@formatNumber(-5, '0;;''zero''')", '-5'],
    ["@formatNumber(1234.5, '0.###E+0')", '1.235E+3'],
    ["@formatNumber(1234.5, '0.0e0')", '1.2e3'],
    ["@formatNumber(0.00012345, '0.00E+00')", '1.23E-04'],
    ["@formatNumber(5, '''#''0')", '#5'],
    ["@formatNumber(5, '\\#0')", '#5'],
    ["@formatNumber(5, '\"n=\"0')", 'n=5'],
    ["@formatNumber(12.5, '.00')", '12.50'],
    ["@formatNumber(2.0, '0.0')", '2.0'],
    ["@formatNumber(1234567.891, '#,##0.00', 'de-DE')", '1.234.567,89'],
  ])('%s → %j', (text, expected) => {
    expect(run(text)).toBe(expected);
  });
});

describe('formatNumber: locales', () => {
  it.each<[string, string]>([
    ["@formatNumber(1234567.891, 'N2', 'en-IN')", '12,34,567.89'],
    ["@formatNumber(1234567.891, '#,##0.00', 'en-IN')", '12,34,567.89'],
    ["@formatNumber(1234.5, 'N2', 'de-DE')", '1.234,50'],
    ["@formatNumber(1234.5, 'N2', 'fr-FR')", `1${NNBSP}234,50`],
    ["@formatNumber(0.5, 'P', 'de-DE')", `50,00${NBSP}%`],
    ["@formatNumber(1234.5, 'C', 'de-DE')", `1.234,50${NBSP}€`],
    ["@formatNumber(1234.5, 'C', 'ja-JP')", '￥1,235'],
    ["@formatNumber(1234.5, 'C', 'en-GB')", '£1,234.50'],
    ["@formatNumber(1234.5, 'C', 'fr')", `1${NNBSP}234,50${NBSP}€`],
    ["@formatNumber(-1234.5, 'N1', 'sv-SE')", `\u22121${NBSP}234,5`],
    // The empty locale is .NET's invariant culture.
    ["@formatNumber(1234.5, 'C', '')", '¤1,234.50'],
    ["@formatNumber(-1234.5, 'C', '')", '(¤1,234.50)'],
    ["@formatNumber(0.5, 'P', '')", '50.00 %'],
  ])('%s → %j', (text, expected) => {
    expect(run(text)).toBe(expected);
  });
});

describe('string: errors', () => {
  it.each([
    ["@concat('a', createArray(1))", 'EXPRESSION_TYPE', /'concat' expects its parameter 2 to be a string.*'Array'.*union\(\)/],
    ["@concat('a', json('{}'))", 'EXPRESSION_TYPE', /'Object'/],
    ["@substring('hello', 3, 5)", 'EXPRESSION_EVALUATION', /'substring' parameters are out of range/],
    ["@substring('hello', -1, 2)", 'EXPRESSION_EVALUATION', /out of range/],
    ["@substring('hello', 6)", 'EXPRESSION_EVALUATION', /out of range/],
    ["@substring(1, 0, 1)", 'EXPRESSION_TYPE', /'substring' expects its parameter 1 to be a string.*'Integer'/],
    ["@replace('abc', '', 'x')", 'EXPRESSION_EVALUATION', /non-empty/],
    ["@nthIndexOf('abc', 'a', 0)", 'EXPRESSION_EVALUATION', /non-zero/],
    ["@indexOf(null, 'a')", 'EXPRESSION_TYPE', /'Null'/],
    ["@toUpper(1)", 'EXPRESSION_TYPE', /'toUpper' expects its parameter 1 to be a string/],
    ["@split('a,b', 1)", 'EXPRESSION_TYPE', /parameter 2 to be a string/],
    ["@slice('abc', '1')", 'EXPRESSION_TYPE', /integer/],
    ["@guid('Z')", 'EXPRESSION_EVALUATION', /not a valid GUID format/],
    ["@formatNumber('12', 'N')", 'EXPRESSION_TYPE', /'formatNumber' expects its parameter 1 to be an integer or a decimal number/],
    ["@formatNumber(12, 'Z')", 'EXPRESSION_EVALUATION', /cannot use the format 'Z'/],
    ["@formatNumber(1.5, 'D')", 'EXPRESSION_EVALUATION', /only valid for integers/],
    ["@formatNumber(1.5, 'X')", 'EXPRESSION_EVALUATION', /only valid for integers/],
    ["@formatNumber(1, 'F1000')", 'EXPRESSION_EVALUATION', /too large/],
    ["@formatNumber(1, 'N', 'no such locale')", 'EXPRESSION_EVALUATION', /locale 'no such locale'/],
  ])('%s fails with %s', (text, code, message) => {
    const e = failure(text);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });
});
