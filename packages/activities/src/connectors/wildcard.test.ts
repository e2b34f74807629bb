import { describe, expect, it } from 'vitest';
import { hasWildcard, unescapeWildcard, wildcardMatcher, wildcardToRegExp } from './wildcard.js';

describe('ADF wildcards', () => {
  it.each([
    ['*.csv', 'a.csv', true],
    ['*.csv', '.csv', true],
    ['*.csv', 'a.csv.gz', false],
    ['*.csv', 'dir/a.CSV', false],
    ['day-*-2024.json', 'day-01-2024.json', true],
    ['???2024.txt', 'abc2024.txt', true],
    ['???2024.txt', 'ab2024.txt', true], // ADF: `?` is zero or one character
    ['???2024.txt', 'abcd2024.txt', false],
    ['a.b', 'axb', false], // `.` is literal
    ['a+(b)', 'a+(b)', true],
    ['a^*b', 'a*b', true],
    ['a^*b', 'axb', false],
    ['a^?b', 'a?b', true],
    ['a^^b*', 'a^bcd', true],
  ])('%j matches %j: %s', (pattern, name, expected) => {
    expect(wildcardToRegExp(pattern).test(name)).toBe(expected);
    expect(wildcardMatcher(pattern)(name)).toBe(expected);
  });

  it('tells wildcards from escaped characters', () => {
    expect(hasWildcard('*.csv')).toBe(true);
    expect(hasWildcard('a?.csv')).toBe(true);
    expect(hasWildcard('a^*.csv')).toBe(false);
    expect(hasWildcard('plain.csv')).toBe(false);
    expect(unescapeWildcard('a^*b^^c')).toBe('a*b^c');
  });

  it('matches everything without a pattern, and a literal name exactly', () => {
    expect(wildcardMatcher(undefined)('x')).toBe(true);
    expect(wildcardMatcher('')('x')).toBe(true);
    expect(wildcardMatcher('a.csv')('a.csv')).toBe(true);
    expect(wildcardMatcher('a.csv')('b.csv')).toBe(false);
  });
});
