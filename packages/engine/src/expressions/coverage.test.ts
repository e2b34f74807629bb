import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultFunctions } from './functions/index.js';

// Every function of the language must be called by name in some conformance test of this folder, so a
// function cannot be added without its tests.
const root = fileURLToPath(new URL('.', import.meta.url));
const testText = (function collect(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? collect(join(dir, e.name)) : e.name.endsWith('.test.ts') && e.name !== 'coverage.test.ts' ? readFileSync(join(dir, e.name), 'utf8') : ''))
    .join('\n');
})(root);

describe('conformance coverage', () => {
  it.each(defaultFunctions.list().map((f) => [f.name]))('%s() is exercised by a test', (name) => {
    expect(new RegExp(`\\b${name}\\s*\\(`, 'i').test(testText)).toBe(true);
  });

  it('covers every function of ADF\'s reference', () => {
    const adf = [
      'concat', 'endsWith', 'guid', 'indexOf', 'lastIndexOf', 'replace', 'split', 'startsWith', 'substring', 'toLower', 'toUpper', 'trim',
      'contains', 'empty', 'first', 'intersection', 'join', 'last', 'length', 'skip', 'take', 'union',
      'and', 'equals', 'greater', 'greaterOrEquals', 'if', 'less', 'lessOrEquals', 'not', 'or',
      'array', 'base64', 'base64ToBinary', 'base64ToString', 'binary', 'bool', 'coalesce', 'createArray', 'dataUri', 'dataUriToBinary',
      'dataUriToString', 'decodeBase64', 'decodeDataUri', 'decodeUriComponent', 'encodeUriComponent', 'float', 'int', 'json', 'string',
      'uriComponent', 'uriComponentToBinary', 'uriComponentToString', 'xml', 'xpath',
      'add', 'div', 'max', 'min', 'mod', 'mul', 'rand', 'range', 'sub',
      'addDays', 'addHours', 'addMinutes', 'addSeconds', 'addToTime', 'convertFromUtc', 'convertTimeZone', 'convertToUtc', 'dayOfMonth',
      'dayOfWeek', 'dayOfYear', 'formatDateTime', 'getFutureTime', 'getPastTime', 'startOfDay', 'startOfHour', 'startOfMonth',
      'subtractFromTime', 'ticks', 'utcNow',
      'pipeline', 'variables', 'activity', 'item', 'dataset', 'linkedService', 'trigger', 'triggerBody', 'triggerOutputs',
    ];
    expect(adf.filter((name) => !defaultFunctions.get(name))).toEqual([]);
  });
});
