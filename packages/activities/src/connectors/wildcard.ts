/**
 * ADF's wildcards for file and folder names (copy source `wildcardFileName`, `wildcardFolderPath`,
 * GetMetadata and Delete filters), with ADF's meaning: `*` matches zero or more characters, `?` zero or
 * one character, and `^` escapes the next character (`^*` is a literal star, `^^` a literal caret).
 * Matching is on one name (a path segment), case-sensitive, like S3 and Linux file systems.
 */

/** Characters that mean something in a JavaScript regular expression. */
const REGEXP_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/**
 * True when `pattern` contains an unescaped `*` or `?`, i.e. it names a set of files rather than one.
 *
 * @example hasWildcard('day-*.csv') // true
 * @example hasWildcard('a^*b.csv')  // false (an escaped star)
 */
export function hasWildcard(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '^') i++;
    else if (c === '*' || c === '?') return true;
  }
  return false;
}

/**
 * Compiles an ADF wildcard into an anchored regular expression.
 *
 * @example wildcardToRegExp('???2024.txt').test('ab2024.txt') // true: `?` is zero or one character
 */
export function wildcardToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '^' && i + 1 < pattern.length) {
      i++;
      source += (pattern[i] as string).replace(REGEXP_SPECIAL, '\\$&');
    } else if (c === '*') {
      source += '.*';
    } else if (c === '?') {
      source += '.?';
    } else {
      source += c.replace(REGEXP_SPECIAL, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 's');
}

/** Removes ADF's `^` escapes from a name that has no wildcard (`a^*b` → `a*b`). */
export function unescapeWildcard(pattern: string): string {
  return pattern.replace(/\^(.)/gs, '$1');
}

/**
 * A matcher for `pattern` (undefined or `''` or `*` match everything), cached per pattern so listing
 * thousands of names compiles the expression once.
 */
export function wildcardMatcher(pattern: string | undefined): (name: string) => boolean {
  if (pattern === undefined || pattern === '' || pattern === '*') return () => true;
  if (!hasWildcard(pattern)) {
    const literal = unescapeWildcard(pattern);
    return (name) => name === literal;
  }
  const re = wildcardToRegExp(pattern);
  return (name) => re.test(name);
}
