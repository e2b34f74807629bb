import { describe, expect, it } from 'vitest';
import { parseJsonText } from './json-text.js';

describe('parseJsonText', () => {
  it('parses valid JSON, ignoring a byte-order mark', () => {
    expect(parseJsonText('\uFEFF{"a": [1, true, null]}')).toEqual({ ok: true, value: { a: [1, true, null] } });
  });

  it.each([
    ['{ "name": "P", "properties": { "activities": [ }', 1, 48, "Expected a value, found '}'"],
    ['{\n  "a": 1,\n  "b": 2,\n}', 4, 1, 'Expected a property name'],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, "Expected ',' or '}'"],
    ['{"a": "unterminated', 1, 20, 'Unterminated string'],
    ['[1, 2] 3', 1, 8, 'after the end'],
    ["{'a': 1}", 1, 2, 'double quotes'],
  ])('%j fails at line %i column %i', (text, line, column, message) => {
    const r = parseJsonText(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([r.line, r.column]).toEqual([line, column]);
    expect(r.message).toContain(message);
  });
});
