import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { BadRow, Column, ReadItem, Row } from '../../connectors/contract.js';
import { fileFormat } from '../index.js';
import { memoryInput, memoryOutput, readAll, rowsOf } from '../testing.js';
import { JsonScanner } from './scanner.js';

const json = fileFormat('Json');
const bads = (items: readonly ReadItem[]): BadRow[] => items.filter((i): i is BadRow => 'bad' in i);

async function write(columns: readonly Column[], rows: readonly Row[], settings: Record<string, unknown>): Promise<Buffer> {
  const out = memoryOutput();
  const writer = json.writer(out, columns, settings);
  for (let i = 0; i < rows.length; i += 2) await writer.write(rows.slice(i, i + 2));
  await writer.end();
  return out.bytes();
}

const rows: Row[] = [
  { id: 1, name: 'Ann', tags: ['a', 'b'], nested: { x: 1.5, y: null } },
  { id: 2, name: 'quote " comma , newline \n tab \t', tags: [], nested: null },
  { id: 3, name: 'unicode héllo 日本語 🎉 \u2028', tags: null, nested: { deep: { deeper: [1, [2, '[]{}"']] } } },
  { id: 4, name: null, tags: ['}', ']'], nested: {} },
];
const columns: Column[] = [{ name: 'id' }, { name: 'name' }, { name: 'tags' }, { name: 'nested' }];

describe('Json reader', () => {
  it('reads JSON Lines with line and row numbers, and keeps going after an invalid line', async () => {
    const text = '{"a":1}\n\n{"a":2,}\n[1]\n{"a":3}\r\n{"a":\n';
    const items = await readAll(json, memoryInput(text, 'l.jsonl', 3), {});
    expect(rowsOf(items)).toEqual([{ a: 1 }, { a: 3 }]);
    expect(items.filter((i) => !('bad' in i)).map((i) => [i.rowNumber, i.line])).toEqual([
      [1, 1],
      [4, 5],
    ]);
    const bad = bads(items);
    expect(bad.map((b) => [b.code, b.line, b.rowNumber, b.raw])).toEqual([
      ['JSON_INVALID', 3, 2, '{"a":2,}'],
      ['JSON_INVALID', 4, 3, '[1]'],
      ['JSON_INVALID', 6, 5, '{"a":'],
    ]);
    expect(bad[0]?.message).toMatch(/^File 'l.jsonl' line 3 \(row 2\): not valid JSON/);
    expect(bad[1]?.message).toBe("File 'l.jsonl' line 4 (row 3): the document is an array, not an object.");
  });

  it('streams a top-level array element by element, with lines', async () => {
    const text = '[\n  {"a": 1, "s": "x]}"},\n  {"a": 2},\n  {"a": 3\n  }\n]\n';
    for (const chunk of [1, 4, 1000]) {
      const items = await readAll(json, memoryInput(text, 'a.json', chunk), { filePattern: 'arrayOfObjects' });
      expect(items).toEqual([
        { row: { a: 1, s: 'x]}' }, file: 'a.json', rowNumber: 1, line: 2 },
        { row: { a: 2 }, file: 'a.json', rowNumber: 2, line: 3 },
        { row: { a: 3 }, file: 'a.json', rowNumber: 3, line: 4 },
      ]);
    }
  });

  it('finds an array without filePattern, and yields batches as it scans', async () => {
    const text = `[${Array.from({ length: 2500 }, (_, i) => `{"i":${i}}`).join(',')}]`;
    const sizes: number[] = [];
    for await (const batch of json.read(memoryInput(text, 'big.json', 4096), {}, { signal: new AbortController().signal, batchSize: 1000 })) sizes.push(batch.length);
    expect(sizes).toEqual([1000, 1000, 500]);
  });

  it('reports invalid array elements and an unclosed array, keeping the good elements', async () => {
    const items = await readAll(json, memoryInput('[{"a":1}, {"a":tru}, 5, {"a":2}', 'x.json'), { filePattern: 'arrayOfObjects' });
    expect(rowsOf(items)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(bads(items).map((b) => b.code)).toEqual(['JSON_INVALID', 'JSON_INVALID', 'JSON_INVALID']);
    expect(bads(items)[2]?.message).toContain('the top-level array is not closed');
  });

  it('reads a single pretty-printed document as one row', async () => {
    const text = '{\n  "name": "solo",\n  "list": [1, 2],\n  "obj": {"k": "v"}\n}\n';
    expect(await readAll(json, memoryInput(text, 'one.json', 5), {})).toEqual([{ row: { name: 'solo', list: [1, 2], obj: { k: 'v' } }, file: 'one.json', rowNumber: 1, line: 1 }]);
  });

  it('reads a large document arriving in many small chunks (scanned once, strings with escapes across chunks)', async () => {
    const big = { name: 'big', items: Array.from({ length: 3000 }, (_, i) => ({ i, s: `q\\"uote} ]${i}`, n: [i, { d: '{' }] })) };
    const pretty = JSON.stringify(big, null, 2);
    expect(rowsOf(await readAll(json, memoryInput(pretty, 'big.json', 97), {}))).toEqual([big]);
    const lines = `${JSON.stringify(big)}\n${JSON.stringify({ after: true })}\n`;
    const items = await readAll(json, memoryInput(lines, 'big.jsonl', 101), {});
    expect(rowsOf(items)).toEqual([big, { after: true }]);
    expect(items.map((i) => i.line)).toEqual([1, 2]);
    const array = `[${JSON.stringify(big)}, 7, "x"]`;
    const arrayItems = await readAll(json, memoryInput(array, 'arr.json', 89), {});
    expect(rowsOf(arrayItems)).toEqual([big]);
    expect(arrayItems.filter((i) => 'bad' in i).map((i) => i.rowNumber)).toEqual([2, 3]);
  });

  it('reports a document longer than the limit instead of holding it', () => {
    const scanner = new JsonScanner('sequence', 100);
    const seen: Array<string | undefined> = [];
    scanner.push(`{"a": "${'x'.repeat(80)}`, false, (_t, _l, error) => seen.push(error));
    scanner.push('y'.repeat(80), false, (_t, _l, error) => seen.push(error));
    expect(seen).toEqual(['a document is longer than 100 characters']);
  });

  it('reads an empty file as no rows', async () => {
    expect(await readAll(json, memoryInput(''), {})).toEqual([]);
    expect(await readAll(json, memoryInput('[]'), { filePattern: 'arrayOfObjects' })).toEqual([]);
  });

  it('refuses a non-array file read as arrayOfObjects with JSON_INVALID', async () => {
    const items = await readAll(json, memoryInput('{"a":1}\n', 'n.json'), { filePattern: 'arrayOfObjects' });
    expect(bads(items)[0]).toMatchObject({ code: 'JSON_INVALID', message: expect.stringContaining('not a JSON array') });
  });

  it('converts declared column types, rejecting what does not convert', async () => {
    const cols: Column[] = [{ name: 'at', type: 'timestamp' }, { name: 'n', type: 'int32' }];
    const items = await readAll(json, memoryInput('{"at":"2024-01-01T00:00:00Z","n":1}\n{"at":"soon","n":2}\n', 'c.json'), {}, { columns: cols });
    expect(rowsOf(items)).toEqual([{ at: new Date('2024-01-01T00:00:00Z'), n: 1 }]);
    expect(bads(items)[0]).toMatchObject({ code: 'VALUE_CONVERSION_FAILED', line: 2, message: "File 'c.json' line 2 (row 2), column 'at': 'soon' is not an ISO 8601 timestamp." });
  });

  it('infers columns from the first documents', async () => {
    expect(await json.inferColumns(memoryInput('{"a":1,"b":"x"}\n{"a":1.5,"c":[1],"d":true}\n'), {})).toEqual([
      { name: 'a', type: 'double', nullable: true },
      { name: 'b', type: 'string', nullable: true },
      { name: 'c', type: 'json', nullable: true },
      { name: 'd', type: 'boolean', nullable: true },
    ]);
  });
});

describe('Json round trips', () => {
  const cases: Array<Record<string, unknown>> = [
    {},
    { filePattern: 'setOfObjects' },
    { filePattern: 'arrayOfObjects' },
    { filePattern: 'arrayOfObjects', compression: { type: 'gzip' } },
    { compression: { type: 'deflate' } },
    { encodingName: 'UTF-16LE' },
    { encodingName: 'UTF-16BE', filePattern: 'arrayOfObjects' },
  ];
  for (const settings of cases) {
    it(`writes then reads the same rows with ${JSON.stringify(settings)}`, async () => {
      const bytes = await write(columns, rows, settings);
      for (const chunk of [1, 5, 65536]) expect(rowsOf(await readAll(json, memoryInput(bytes, 'rt.json', chunk), settings))).toEqual(rows);
    });
  }

  it('writes lines by default and an array for arrayOfObjects, typed values as JSON', async () => {
    const typed: Row[] = [{ big: 9007199254740993n, at: new Date('2024-01-01T00:00:00Z'), bytes: new Uint8Array([1, 2]), missing: undefined }];
    const cols: Column[] = [{ name: 'big' }, { name: 'at' }, { name: 'bytes' }, { name: 'missing' }];
    expect((await write(cols, typed, {})).toString()).toBe('{"big":9007199254740993,"at":"2024-01-01T00:00:00.000Z","bytes":"AQI=","missing":null}\n');
    expect((await write(cols.slice(0, 1), [{ big: 1 }, { big: 2 }], { filePattern: 'arrayOfObjects' })).toString()).toBe('[\n{"big":1},\n{"big":2}\n]\n');
    expect((await write(cols, [], { filePattern: 'arrayOfObjects' })).toString()).toBe('[]\n');
  });

  it('writes gzip that other tools read', async () => {
    const bytes = await write([{ name: 'a' }], [{ a: 1 }], { compression: { type: 'gzip' } });
    expect(gunzipSync(bytes).toString()).toBe('{"a":1}\n');
  });
});
