import { describe, expect, it } from 'vitest';
import { failure } from './testing.js';
import { evaluate } from '../evaluate.js';
import { toJson } from '../values.js';


describe('logical: documented examples (ADF and Logic Apps references)', () => {
  it.each<[string, unknown]>([
    ['@and(true, true)', true],
    ['@and(false, true)', false],
    ['@and(false, false)', false],
    ['@and(equals(1, 1), equals(2, 2))', true],
    ['@and(equals(1, 1), equals(1, 2))', false],
    ['@and(equals(1, 2), equals(1, 3))', false],
    ['@equals(true, 1)', true],
    ["@equals('abc', 'abcd')", false],
    ['@greater(10, 5)', true],
    ["@greater('apple', 'banana')", false],
    ['@greaterOrEquals(5, 5)', true],
    ["@greaterOrEquals('apple', 'banana')", false],
    ["@if(equals(1, 1), 'yes', 'no')", 'yes'],
    ["@isFloat('10,000.00')", true],
    ["@isFloat('10.000,00', 'de-DE')", true],
    ["@isInt('10')", true],
    ['@less(5, 10)', true],
    ["@less('banana', 'apple')", false],
    ['@lessOrEquals(10, 10)', true],
    ["@lessOrEquals('apply', 'apple')", false],
    ['@not(false)', true],
    ['@not(true)', false],
    ['@not(equals(1, 2))', true],
    ['@not(equals(1, 1))', false],
    ['@or(true, false)', true],
    ['@or(false, false)', false],
    ['@or(equals(1, 1), equals(1, 2))', true],
    ['@or(equals(1, 2), equals(1, 3))', false],
  ])('%s → %j', (text, expected) => {
    expect(toJson(evaluate(text))).toEqual(expected);
  });
});

describe('logical: equality and ordering', () => {
  it.each<[string, unknown]>([
    ['@equals(1, 1.0)', true],
    ['@equals(false, 0)', true],
    ['@equals(true, 2)', false],
    ["@equals('1', 1)", false],
    ["@equals('a', 'A')", false],
    ['@equals(null, null)', true],
    ["@equals(null, '')", false],
    ['@equals(createArray(1, 2), createArray(1, 2))', true],
    ['@equals(createArray(1, 2), createArray(2, 1))', false],
    ["@equals(json('{\"a\": [1, {\"b\": 2}]}'), json('{\"a\": [1, {\"b\": 2.0}]}'))", true],
    ['@equals(9007199254740993, 9007199254740992)', false],
    ['@greater(2, 1.5)', true],
    ['@greater(1.5, 2)', false],
    ['@less(9007199254740992, 9007199254740993)', true],
    ['@greater(9007199254740993, 9007199254740992.0)', true],
    ["@greater('b', 'B')", true],
    ["@less('Zebra', 'apple')", true],
    ['@greater(true, false)', true],
    ['@lessOrEquals(1.0, 1)', true],
    ['@and(true, true, false)', false],
    ['@or(false, false, true)', true],
    ['@if(false, 1, 2)', 2],
    ['@if(true, null, 2)', null],
    ["@isInt(' -42 ')", true],
    ["@isInt('+7')", true],
    ["@isInt('10.0')", false],
    ["@isInt('1,000')", false],
    ["@isInt('abc')", false],
    ["@isInt('')", false],
    ["@isInt('9223372036854775807')", true],
    ["@isInt('9223372036854775808')", false],
    ["@isFloat('10')", true],
    ["@isFloat('-1.5e3')", true],
    ["@isFloat('.5')", true],
    ["@isFloat('12,3,4,5678')", true],
    ["@isFloat('1234567,8+')", true],
    ["@isFloat('(12.5)')", true],
    ["@isFloat('12345678.-')", true],
    ["@isFloat('1.2.3')", false],
    ["@isFloat('abc')", false],
    ["@isFloat('')", false],
    ["@isFloat(',5')", false],
    ["@isFloat('10,5', 'de-DE')", true],
    ["@isFloat('10.000,00')", false],
    ["@isFloat('1 234,5', 'fr-FR')", true],
  ])('%s → %j', (text, expected) => {
    expect(toJson(evaluate(text))).toEqual(expected);
  });
});

describe('logical: errors', () => {
  it.each([
    ["@greater(1, 'a')", 'EXPRESSION_TYPE', /'greater' expects two parameters of matching types.*'Integer' and 'String'/],
    ["@less(null, 1)", 'EXPRESSION_TYPE', /'Null' and 'Integer'/],
    ['@lessOrEquals(createArray(1), createArray(2))', 'EXPRESSION_TYPE', /'Array' and 'Array'/],
    ["@and(true, 'true')", 'EXPRESSION_TYPE', /'and' expects its parameter 2 to be a boolean/],
    ['@or(1, true)', 'EXPRESSION_TYPE', /'or' expects its parameter 1 to be a boolean/],
    ['@not(null)', 'EXPRESSION_TYPE', /'Null'/],
    ["@if('true', 1, 2)", 'EXPRESSION_TYPE', /'if' expects its first parameter to be a boolean/],
    ['@isInt(10)', 'EXPRESSION_TYPE', /'isInt' expects its parameter 1 to be a string/],
    ["@isFloat('1', 'not a locale')", 'EXPRESSION_EVALUATION', /locale 'not a locale'/],
    ["@isFloat('1', 'xx-YY')", 'EXPRESSION_EVALUATION', /locale 'xx-YY'/],
  ])('%s fails with %s', (text, code, message) => {
    const e = failure(text);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });
});
