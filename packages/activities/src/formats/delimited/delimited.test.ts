import { gunzipSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { BadRow, Column, ReadItem, Row, SourceRow } from '../../connectors/contract.js';
import { fileFormat } from '../index.js';
import { memoryInput, memoryOutput, readAll, rowsOf } from '../testing.js';
import { CsvParser, type CsvDialect } from './parser.js';

const csv = fileFormat('DelimitedText');
const bads = (items: readonly ReadItem[]): BadRow[] => items.filter((i): i is BadRow => 'bad' in i);
const goods = (items: readonly ReadItem[]): SourceRow[] => items.filter((i): i is SourceRow => !('bad' in i));

async function write(columns: readonly Column[], rows: readonly Row[], settings: Record<string, unknown>, batches = 1): Promise<Buffer> {
  const out = memoryOutput();
  const writer = csv.writer(out, columns, settings);
  const size = Math.ceil(rows.length / batches) || 1;
  for (let i = 0; i < rows.length; i += size) await writer.write(rows.slice(i, i + size));
  await writer.end();
  return out.bytes();
}

function parseAll(text: string, dialect: Partial<CsvDialect> = {}, chunk = text.length || 1): Array<{ fields: string[]; line: number; error?: string }> {
  const parser = new CsvParser({ delimiter: ',', rowDelimiter: undefined, quote: '"', escape: '\\', ...dialect });
  const out: Array<{ fields: string[]; line: number; error?: string }> = [];
  const on = (fields: string[], _q: boolean[] | undefined, line: number, _raw: string, error: string | undefined): void => {
    out.push({ fields: [...fields], line, ...(error ? { error } : {}) });
  };
  for (let i = 0; i < text.length; i += chunk) parser.push(text.slice(i, i + chunk), false, on);
  parser.push('', true, on);
  return out;
}

const tricky: Row[] = [
  { id: '1', text: 'plain', note: null },
  { id: '2', text: 'comma, inside', note: 'quote " inside' },
  { id: '3', text: 'line\nbreak and\r\nCRLF', note: 'back\\slash' },
  { id: '4', text: '', note: 'unicode: héllo wörld 日本語 🎉' },
  { id: '5', text: '"starts with quote', note: 'ends with backslash\\' },
  { id: '6', text: 'NULL', note: '  spaces  ' },
];
const trickyColumns: Column[] = [{ name: 'id' }, { name: 'text' }, { name: 'note' }];

describe('CsvParser', () => {
  const text = 'a,b,c\n1,"x, y",3\r\n"multi\nline","q""uote","esc\\"aped"\n4,,6\nlast,row,here';
  const expected = [
    { fields: ['a', 'b', 'c'], line: 1 },
    { fields: ['1', 'x, y', '3'], line: 2 },
    { fields: ['multi\nline', 'q"uote', 'esc"aped'], line: 3 },
    { fields: ['4', '', '6'], line: 5 },
    { fields: ['last', 'row', 'here'], line: 6 },
  ];

  it('parses RFC 4180 records with escapes and tracks physical lines', () => {
    expect(parseAll(text)).toEqual(expected);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    for (const chunk of [1, 2, 3, 5, 7, 13]) expect(parseAll(text, {}, chunk)).toEqual(expected);
  });

  it('handles multi-character column delimiters and custom row delimiters', () => {
    expect(parseAll('a||b||c;1||"2;x"||3;', { delimiter: '||', rowDelimiter: ';' }, 2)).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['1', '2;x', '3'], line: 1 },
    ]);
  });

  it('reads quotes literally when quoting is off, and escapes delimiters', () => {
    expect(parseAll('"a",b\\,c\n', { quote: '' })).toEqual([{ fields: ['"a"', 'b,c'], line: 1 }]);
  });

  it('reports an unterminated quote on its first line and resumes on the next', () => {
    expect(parseAll('1,2\n3,"open\n5,6\n', {}, 4)).toEqual([
      { fields: ['1', '2'], line: 1 },
      { fields: [], line: 2, error: 'a quoted field is not closed before the end of the file' },
      { fields: ['5', '6'], line: 3 },
    ]);
  });

  it('bounds a record without a row delimiter, then resumes after the next one', () => {
    const parser = new CsvParser({ delimiter: ',', rowDelimiter: '||', quote: '"', escape: '' }, 50);
    const out: Array<[string[], number, string | undefined]> = [];
    const on = (f: string[], _q: boolean[] | undefined, line: number, _r: string, error: string | undefined): void => void out.push([[...f], line, error]);
    parser.push('a,b||', false, on);
    for (let i = 0; i < 10; i++) parser.push('x\ny,z', false, on);
    parser.push('|', false, on);
    parser.push('|c,d||', false, on);
    parser.push('', true, on);
    expect(out).toEqual([
      [['a', 'b'], 1, undefined],
      [[], 1, 'no row delimiter within 50 characters'],
      [['c', 'd'], 11, undefined],
    ]);
  });

  it('bounds a record left open by a stray quote', () => {
    const parser = new CsvParser({ delimiter: ',', rowDelimiter: undefined, quote: '"', escape: '' }, 50);
    const out: Array<[number, string | undefined]> = [];
    const on = (_f: string[], _q: boolean[] | undefined, line: number, _r: string, error: string | undefined): void => void out.push([line, error]);
    parser.push('"open\n', false, on);
    for (let i = 0; i < 20; i++) parser.push('x,y\n', false, on);
    parser.push('', true, on);
    expect(out[0]).toEqual([1, 'a quoted field is not closed within 50 characters']);
    expect(out.slice(1).every(([, e]) => e === undefined)).toBe(true);
    expect(out).toHaveLength(21);
  });
});

describe('DelimitedText reader', () => {
  it('reads a header file into string rows with line and row numbers', async () => {
    const items = await readAll(csv, memoryInput('id,name\n1,Ann\n\n2,"Bob\nJr"\n3,\n', 'people.csv'), { firstRowAsHeader: true });
    expect(items).toEqual([
      { row: { id: '1', name: 'Ann' }, file: 'people.csv', rowNumber: 1, line: 2 },
      { row: { id: '2', name: 'Bob\nJr' }, file: 'people.csv', rowNumber: 2, line: 4 },
      { row: { id: '3', name: null }, file: 'people.csv', rowNumber: 3, line: 6 },
    ]);
  });

  it('names columns Prop_0, Prop_1 … without a header', async () => {
    const rows = rowsOf(await readAll(csv, memoryInput('a,b\nc,d\n'), {}));
    expect(rows).toEqual([
      { Prop_0: 'a', Prop_1: 'b' },
      { Prop_0: 'c', Prop_1: 'd' },
    ]);
  });

  it('reports malformed rows with their line and row number and keeps reading', async () => {
    const text = 'id,name\n1,a\n2,b,extra\n3,"unterminated\n4,d\n';
    const items = await readAll(csv, memoryInput(text, 'bad.csv', 5), { firstRowAsHeader: true });
    expect(goods(items).map((i) => [i.row.id, i.rowNumber, i.line])).toEqual([
      ['1', 1, 2],
      ['4', 4, 5],
    ]);
    const bad = bads(items);
    expect(bad.map((b) => [b.code, b.rowNumber, b.line, b.raw, b.file])).toEqual([
      ['CSV_MALFORMED', 2, 3, '2,b,extra', 'bad.csv'],
      ['CSV_MALFORMED', 3, 4, '3,"unterminated', 'bad.csv'],
    ]);
    expect(bad[0]?.message).toBe("File 'bad.csv' line 3 (row 2): the row has 3 columns, the header has 2.");
  });

  it('converts to declared column types and rejects values that do not convert, with the reason', async () => {
    const columns: Column[] = [
      { name: 'id', type: 'int32' },
      { name: 'amount', type: 'decimal', precision: 10, scale: 2 },
      { name: 'ok', type: 'boolean' },
      { name: 'at', type: 'timestamp' },
      { name: 'day', type: 'date' },
    ];
    const text = 'id,amount,ok,at,day\n1,12.50,yes,2024-05-01T10:00:00Z,2024-05-01\nx,1,no,2024-05-01,2024-02-30\n3,,TRUE,,\n';
    const items = await readAll(csv, memoryInput(text, 't.csv'), { firstRowAsHeader: true }, { columns });
    expect(rowsOf(items)).toEqual([
      { id: 1, amount: '12.50', ok: true, at: new Date('2024-05-01T10:00:00Z'), day: '2024-05-01' },
      { id: 3, amount: null, ok: true, at: null, day: null },
    ]);
    expect(bads(items)).toEqual([
      { bad: true, file: 't.csv', rowNumber: 2, line: 3, raw: 'x,1,no,2024-05-01,2024-02-30', code: 'VALUE_CONVERSION_FAILED', message: "File 't.csv' line 3 (row 2), column 'id': 'x' is not an integer." },
    ]);
  });

  it('maps declared columns by position when there is no header', async () => {
    const columns: Column[] = [{ name: 'n', type: 'int64' }, { name: 's' }];
    const items = await readAll(csv, memoryInput('9007199254740993,x\n1,y,z\n'), {}, { columns });
    expect(rowsOf(items)).toEqual([{ n: 9007199254740993n, s: 'x' }]);
    expect(bads(items)[0]?.message).toContain('the row has 3 columns, the dataset declares 2');
  });

  it('reads the null value, and keeps a quoted value equal to it', async () => {
    const rows = rowsOf(await readAll(csv, memoryInput('a,b\nNULL,"NULL"\n,""\n'), { firstRowAsHeader: true, nullValue: 'NULL' }));
    expect(rows).toEqual([
      { a: null, b: 'NULL' },
      { a: '', b: '' },
    ]);
  });

  it('skips skipLineCount non-empty lines before the header, keeping physical line numbers', async () => {
    const text = 'report of the day\n\ngenerated by a tool\nid,v\n1,a\n';
    const items = await readAll(csv, memoryInput(text, 's.csv'), { firstRowAsHeader: true, skipLineCount: 2 });
    expect(items).toEqual([{ row: { id: '1', v: 'a' }, file: 's.csv', rowNumber: 1, line: 5 }]);
    expect((await csv.inferColumns(memoryInput(text), { firstRowAsHeader: true, skipLineCount: '2' })).map((c) => c.name)).toEqual(['id', 'v']);
    await expect(readAll(csv, memoryInput(text), { skipLineCount: -1 })).rejects.toMatchObject({ code: 'TYPE_PROPERTIES_INVALID' });
  });

  it('reads an empty file and a header-only file as no rows', async () => {
    expect(await readAll(csv, memoryInput(''), { firstRowAsHeader: true })).toEqual([]);
    expect(await readAll(csv, memoryInput('a,b\n'), { firstRowAsHeader: true })).toEqual([]);
    expect(await csv.inferColumns(memoryInput('a,b\n'), { firstRowAsHeader: true })).toEqual([
      { name: 'a', type: 'string', nullable: true },
      { name: 'b', type: 'string', nullable: true },
    ]);
  });

  it('yields batches as it parses, of at most batchSize items', async () => {
    const text = `id\n${Array.from({ length: 2500 }, (_, i) => i).join('\n')}\n`;
    const sizes: number[] = [];
    for await (const batch of csv.read(memoryInput(text, 'n.csv', 1000), { firstRowAsHeader: true }, { signal: new AbortController().signal, batchSize: 1000 })) sizes.push(batch.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(2500);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1000);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
  });

  it('counts the bytes read as stored', async () => {
    const gz = gzipSync(Buffer.from('a,b\n1,2\n'));
    const stats = { bytes: 0, files: 0, rows: 0 };
    for await (const _ of csv.read(memoryInput(gz), { compressionCodec: 'gzip' }, { signal: new AbortController().signal, stats })) void _;
    expect(stats.bytes).toBe(gz.length);
  });

  it('rejects bytes invalid in the encoding as malformed rows', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n1,ok\n2,'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\n3,fine\n')]);
    const items = await readAll(csv, memoryInput(bytes, 'enc.csv'), { firstRowAsHeader: true });
    expect(rowsOf(items).map((r) => r.a)).toEqual(['1', '3']);
    expect(bads(items).map((b) => [b.code, b.line, b.rowNumber, b.message])).toEqual([['CSV_MALFORMED', 3, 2, "File 'enc.csv' line 3 (row 2): the bytes are not valid UTF-8."]]);
    // A replacement character written as such (EF BF BD) is text, not an error.
    expect(rowsOf(await readAll(csv, memoryInput('a\nok \uFFFD\n'), { firstRowAsHeader: true }))).toEqual([{ a: 'ok \uFFFD' }]);
  });

  it('refuses unsupported compression and encodings clearly', async () => {
    await expect(readAll(csv, memoryInput('a'), { compressionCodec: 'bzip2' })).rejects.toMatchObject({ code: 'COMPRESSION_UNSUPPORTED' });
    await expect(readAll(csv, memoryInput('a'), { encodingName: 'klingon' })).rejects.toMatchObject({ code: 'ENCODING_UNSUPPORTED' });
    expect(() => csv.writer(memoryOutput(), [{ name: 'a' }], { compressionCodec: 'lz4' })).toThrow(expect.objectContaining({ code: 'COMPRESSION_UNSUPPORTED' }));
  });

  it('fails a corrupt gzip file with CSV_MALFORMED naming the file', async () => {
    const gz = gzipSync(Buffer.from('a,b\n'.repeat(1000)));
    await expect(readAll(csv, memoryInput(gz.subarray(0, gz.length / 2), 'cut.csv.gz'), { compressionCodec: 'gzip' })).rejects.toMatchObject({ code: 'CSV_MALFORMED', message: expect.stringContaining('cut.csv.gz') });
  });

  it('infers column types from the first rows', async () => {
    const text = 'i,d,b,t,day,s,empty\n1,1.5,true,2024-01-01T00:00:00Z,2024-01-01,x,\n2,2,FALSE,2024-01-02 10:00,2024-01-02,1,\n';
    expect(await csv.inferColumns(memoryInput(text), { firstRowAsHeader: true })).toEqual([
      { name: 'i', type: 'int64', nullable: true },
      { name: 'd', type: 'double', nullable: true },
      { name: 'b', type: 'boolean', nullable: true },
      { name: 't', type: 'timestamp', nullable: true },
      { name: 'day', type: 'date', nullable: true },
      { name: 's', type: 'string', nullable: true },
      { name: 'empty', type: 'string', nullable: true },
    ]);
  });
});

describe('DelimitedText round trips', () => {
  const settingsList: Array<Record<string, unknown>> = [
    { firstRowAsHeader: true },
    { firstRowAsHeader: true, escapeChar: '"' },
    { firstRowAsHeader: true, columnDelimiter: '\t', quoteChar: "'", escapeChar: '' },
    { firstRowAsHeader: true, columnDelimiter: '~|~', rowDelimiter: '\r\n', nullValue: '\\N' },
    { firstRowAsHeader: true, quoteChar: '', escapeChar: '\\', nullValue: '\\N' },
    { firstRowAsHeader: true, quoteAllText: true },
    { firstRowAsHeader: true, compressionCodec: 'gzip' },
    { firstRowAsHeader: true, compressionCodec: 'deflate' },
    { firstRowAsHeader: true, encodingName: 'UTF-16LE' },
    { firstRowAsHeader: true, encodingName: 'UTF-16BE' },
  ];
  for (const settings of settingsList) {
    it(`writes then reads the same rows with ${JSON.stringify(settings)}`, async () => {
      const bytes = await write(trickyColumns, tricky, settings, 3);
      for (const chunk of [1, 7, 64 * 1024]) {
        expect(rowsOf(await readAll(csv, memoryInput(bytes, 'rt.csv', chunk), settings))).toEqual(tricky);
      }
    });
  }

  it('round-trips Latin text through ISO-8859-1 and windows-1252', async () => {
    const rows: Row[] = [{ word: 'café' }, { word: 'naïve – “quoted” €' }];
    const latin1 = await write([{ name: 'word' }], [rows[0] as Row], { firstRowAsHeader: true, encodingName: 'ISO-8859-1' });
    expect(latin1.equals(iconv.encode('word\ncafé\n', 'latin1'))).toBe(true);
    expect(rowsOf(await readAll(csv, memoryInput(latin1), { firstRowAsHeader: true, encodingName: 'ISO-8859-1' }))).toEqual([rows[0]]);
    const cp1252 = await write([{ name: 'word' }], rows, { firstRowAsHeader: true, encodingName: 'windows-1252' });
    expect(rowsOf(await readAll(csv, memoryInput(cp1252, 'w.csv', 3), { firstRowAsHeader: true, encodingName: 'windows-1252' }))).toEqual(rows);
  });

  it('reads UTF-8 with a byte-order mark and writes UTF-8 without one', async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name\nÅsa\n')]);
    expect(rowsOf(await readAll(csv, memoryInput(bom), { firstRowAsHeader: true }))).toEqual([{ name: 'Åsa' }]);
    const out = await write([{ name: 'name' }], [{ name: 'Åsa' }], { firstRowAsHeader: true });
    expect(out.toString('utf8')).toBe('name\nÅsa\n');
  });

  it('writes typed values, quoting only when needed, and reads them back typed', async () => {
    const columns: Column[] = [
      { name: 'id', type: 'int64' },
      { name: 'price', type: 'double' },
      { name: 'ok', type: 'boolean' },
      { name: 'at', type: 'timestamp' },
      { name: 'raw', type: 'binary' },
      { name: 'doc', type: 'json' },
    ];
    const rows: Row[] = [
      { id: 12345678901234567n, price: 1.25, ok: true, at: new Date('2024-05-01T10:20:30.123Z'), raw: new Uint8Array([1, 2, 255]), doc: { a: [1, 'x,y'] } },
      { id: 2, price: null, ok: false, at: null, raw: null, doc: null },
    ];
    const bytes = await write(columns, rows, { firstRowAsHeader: true });
    expect(bytes.toString()).toBe('id,price,ok,at,raw,doc\n12345678901234567,1.25,true,2024-05-01T10:20:30.123Z,AQL/,"{\\"a\\":[1,\\"x,y\\"]}"\n2,,false,,,\n');
    const back = rowsOf(await readAll(csv, memoryInput(bytes), { firstRowAsHeader: true }, { columns }));
    expect(back).toEqual(rows);
  });

  it('writes a header-only file when there are no rows, and gzip that gunzips', async () => {
    expect((await write([{ name: 'a' }, { name: 'b' }], [], { firstRowAsHeader: true })).toString()).toBe('a,b\n');
    const gz = await write([{ name: 'a' }], [{ a: 'x' }], { firstRowAsHeader: true, compressionCodec: 'gzip' });
    expect(gunzipSync(gz).toString()).toBe('a\nx\n');
  });

  it('round-trips a single column with nulls and empty strings', async () => {
    const rows: Row[] = [{ v: 'a' }, { v: null }, { v: '' }, { v: 'b' }];
    const bytes = await write([{ name: 'v' }], rows, { firstRowAsHeader: true });
    expect(rowsOf(await readAll(csv, memoryInput(bytes), { firstRowAsHeader: true }))).toEqual(rows);
  });
});
