import type { CallSite } from '../context.js';
import { valueToString } from '../stringify.js';
import { isNumeric, typeName, type Value } from '../values.js';
import { arg, hasArg, intArg, stringArg } from './args.js';
import { resolveCulture } from './number-culture.js';
import { formatDotNetNumber, NumberFormatError } from './number-format.js';
import { fn, type ExpressionFunction } from './types.js';

/** The longest string `concat` may build, as documented for Logic Apps. */
const MAX_RESULT_LENGTH = 104_857_600;

/**
 * Case mapping one code point at a time, keeping the string's length (.NET's invariant `ToUpper`/`ToLower`
 * map char to char: `'ß'` stays `'ß'`), so that indexes found in a folded string are valid in the original.
 */
function mapCase(text: string, upper: boolean): string {
  const whole = upper ? text.toUpperCase() : text.toLowerCase();
  if (whole.length === text.length) return whole;
  let out = '';
  for (const ch of text) {
    const mapped = upper ? ch.toUpperCase() : ch.toLowerCase();
    out += mapped.length === ch.length ? mapped : ch;
  }
  return out;
}

/** Folds case for ADF's case-insensitive searches (`indexOf`, `startsWith` …), like .NET's OrdinalIgnoreCase. */
function fold(text: string): string {
  return mapCase(text, true);
}

/** The text `concat` adds for one argument: strings as they are, numbers and booleans as `string()` writes them. */
function concatPart(v: Value, index: number, call: CallSite): string {
  if (Array.isArray(v) || (typeof v === 'object' && v !== null && !isNumeric(v))) {
    return call.fail(
      `The template language function 'concat' expects its parameter ${index + 1} to be a string, a number or a boolean. The provided value is of type '${typeName(v)}'. To combine arrays use union().`,
      'EXPRESSION_TYPE',
    );
  }
  return valueToString(v);
}

/** An occurrence argument for `nthIndexOf`: any integer but zero. */
function occurrenceArg(args: Value[], index: number, call: CallSite): number {
  const n = intArg(args, index, call);
  if (n === 0) return call.fail("The template language function 'nthIndexOf' expects its parameter 3 (the occurrence) to be a non-zero integer: 1 for the first occurrence, -1 for the last.", 'EXPRESSION_EVALUATION');
  return n;
}

function nthIndexOf(text: string, search: string, occurrence: number): number {
  const hay = fold(text);
  const needle = fold(search);
  let index = -1;
  if (occurrence > 0) {
    for (let k = 0; k < occurrence; k++) {
      index = hay.indexOf(needle, index + 1);
      if (index < 0) return -1;
    }
    return index;
  }
  let from = hay.length;
  for (let k = 0; k < -occurrence; k++) {
    if (from < 0) return -1;
    index = hay.lastIndexOf(needle, from);
    if (index < 0) return -1;
    from = index - 1;
  }
  return index;
}

/** .NET's `LastIndexOf` as ADF documents it, including its answers for empty strings. */
function lastIndexOf(text: string, search: string): number {
  if (search === '') return text === '' ? 0 : text.length - 1;
  return fold(text).lastIndexOf(fold(search));
}

/** A GUID in one of .NET's formats: N (32 digits), D (hyphens), B (braces), P (parentheses), X (hex groups). */
function guid(format: string, call: CallSite): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40; // version 4
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  const parts = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)];
  const d = parts.join('-');
  switch (format.toUpperCase()) {
    case '':
    case 'D':
      return d;
    case 'N':
      return hex;
    case 'B':
      return `{${d}}`;
    case 'P':
      return `(${d})`;
    case 'X': {
      const tail = hex.slice(16).match(/../g) ?? [];
      return `{0x${parts[0]},0x${parts[1]},0x${parts[2]},{${tail.map((b) => `0x${b}`).join(',')}}}`;
    }
    default:
      return call.fail(`The template language function 'guid' expects its format to be one of 'N', 'D', 'B', 'P' or 'X'; '${format}' is not a valid GUID format.`, 'EXPRESSION_EVALUATION');
  }
}

function substring(args: Value[], call: CallSite): string {
  const text = stringArg(args, 0, call);
  const start = intArg(args, 1, call);
  const length = hasArg(args, 2) && arg(args, 2) !== null ? intArg(args, 2, call) : text.length - start;
  if (start < 0 || length < 0 || start + length > text.length) {
    return call.fail(
      `The template language function 'substring' parameters are out of range: 'start index' (${start}) and 'length' (${length}) must be non-negative integers and their sum must be no larger than the length of the string (${text.length}).`,
      'EXPRESSION_EVALUATION',
    );
  }
  return text.slice(start, start + length);
}

function formatNumber(args: Value[], call: CallSite): string {
  const value = arg(args, 0);
  if (!isNumeric(value)) {
    return call.fail(`The template language function 'formatNumber' expects its parameter 1 to be an integer or a decimal number. The provided value is of type '${typeName(value)}'.`, 'EXPRESSION_TYPE');
  }
  const format = stringArg(args, 1, call);
  const culture = resolveCulture(hasArg(args, 2) ? stringArg(args, 2, call) : 'en-US', call);
  try {
    return formatDotNetNumber(value, format, culture);
  } catch (e) {
    if (e instanceof NumberFormatError) return call.fail(`The template language function 'formatNumber' cannot use the format '${format}': ${e.message}`, 'EXPRESSION_EVALUATION');
    throw e;
  }
}

/** ADF's string functions (length and empty, which also take arrays, are collection functions). */
export const stringFunctions: readonly ExpressionFunction[] = [
  fn('concat', 'string', [1, Infinity], 'concat(text1: string, text2: string, ...): string',
    'Combines two or more strings (numbers and booleans are written as string() writes them).',
    (args, call) => {
      const out = args.map((v, i) => concatPart(v, i, call)).join('');
      if (out.length > MAX_RESULT_LENGTH) return call.fail(`The template language function 'concat' would build a string of ${out.length} characters; the limit is ${MAX_RESULT_LENGTH}.`, 'EXPRESSION_EVALUATION');
      return out;
    }),
  fn('endsWith', 'string', [2, 2], 'endsWith(text: string, searchText: string): boolean',
    'True when the string ends with the substring (not case-sensitive).',
    (args, call) => fold(stringArg(args, 0, call)).endsWith(fold(stringArg(args, 1, call)))),
  fn('formatNumber', 'string', [2, 3], 'formatNumber(number: number, format: string, locale?: string): string',
    "The number as text in a .NET numeric format ('C2', 'N0', 'P', 'F3', '#,##0.00' …) and locale (default en-US).",
    formatNumber),
  fn('guid', 'string', [0, 1], 'guid(format?: string): string',
    "A new random GUID, by default as 32 hex digits separated by hyphens ('D'); also 'N', 'B', 'P' or 'X'.",
    (args, call) => guid(hasArg(args, 0) ? stringArg(args, 0, call) : 'D', call)),
  fn('indexOf', 'string', [2, 2], 'indexOf(text: string, searchText: string): int',
    'The 0-based position of the substring (not case-sensitive), or -1 when it is not found.',
    (args, call) => fold(stringArg(args, 0, call)).indexOf(fold(stringArg(args, 1, call)))),
  fn('lastIndexOf', 'string', [2, 2], 'lastIndexOf(text: string, searchText: string): int',
    'The 0-based position of the last occurrence of the substring (not case-sensitive), or -1 when it is not found.',
    (args, call) => lastIndexOf(stringArg(args, 0, call), stringArg(args, 1, call))),
  fn('nthIndexOf', 'string', [3, 3], 'nthIndexOf(text: string, searchText: string, occurrence: int): int',
    'The 0-based position of the nth occurrence of the substring (counting from the end when negative), or -1.',
    (args, call) => nthIndexOf(stringArg(args, 0, call), stringArg(args, 1, call), occurrenceArg(args, 2, call))),
  fn('replace', 'string', [3, 3], 'replace(text: string, oldText: string, newText: string): string',
    'The string with every occurrence of oldText replaced by newText (case-sensitive).',
    (args, call) => {
      const text = stringArg(args, 0, call);
      const oldText = stringArg(args, 1, call);
      const newText = stringArg(args, 2, call);
      if (oldText === '') return call.fail("The template language function 'replace' expects its parameter 2 (the text to replace) to be a non-empty string.", 'EXPRESSION_EVALUATION');
      return text.split(oldText).join(newText);
    }),
  fn('slice', 'string', [2, 3], 'slice(text: string, startIndex: int, endIndex?: int): string',
    'The substring from startIndex up to (not including) endIndex; negative indexes count from the end.',
    (args, call) => {
      const text = stringArg(args, 0, call);
      const start = intArg(args, 1, call);
      return hasArg(args, 2) ? text.slice(start, intArg(args, 2, call)) : text.slice(start);
    }),
  fn('split', 'string', [2, 2], 'split(text: string, delimiter: string): string[]',
    'The substrings between occurrences of the delimiter.',
    (args, call) => {
      const text = stringArg(args, 0, call);
      const delimiter = stringArg(args, 1, call);
      return delimiter === '' ? [text] : text.split(delimiter);
    }),
  fn('startsWith', 'string', [2, 2], 'startsWith(text: string, searchText: string): boolean',
    'True when the string starts with the substring (not case-sensitive).',
    (args, call) => fold(stringArg(args, 0, call)).startsWith(fold(stringArg(args, 1, call)))),
  fn('substring', 'string', [2, 3], 'substring(text: string, startIndex: int, length?: int): string',
    'The characters from startIndex (0-based), length of them or up to the end; fails when out of range.',
    substring),
  fn('toLower', 'string', [1, 1], 'toLower(text: string): string',
    'The string in lowercase.',
    (args, call) => mapCase(stringArg(args, 0, call), false)),
  fn('toUpper', 'string', [1, 1], 'toUpper(text: string): string',
    'The string in uppercase.',
    (args, call) => mapCase(stringArg(args, 0, call), true)),
  fn('trim', 'string', [1, 1], 'trim(text: string): string',
    'The string without leading and trailing white space.',
    (args, call) => stringArg(args, 0, call).trim()),
];
