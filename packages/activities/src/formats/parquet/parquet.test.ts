import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ByteInput, Column, Row } from '../../connectors/contract.js';
import { fileFormat } from '../index.js';
import { memoryInput, readAll, rowsOf } from '../testing.js';

const parquet = fileFormat('Parquet');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-parquet-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function fileInput(path: string, name = path.slice(dir.length + 1)): ByteInput {
  return { name, open: () => memoryInput(Buffer.alloc(0)).open(), localPath: async () => path };
}

async function writeFileRows(name: string, columns: readonly Column[], rows: readonly Row[], settings: Record<string, unknown> = {}, batch = 100): Promise<string> {
  const path = join(dir, name);
  const out = createWriteStream(path);
  const writer = parquet.writer(out, columns, settings);
  for (let i = 0; i < rows.length; i += batch) await writer.write(rows.slice(i, i + batch));
  await writer.end();
  return path;
}

async function duck<T>(sql: string): Promise<T[]> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    return (await (await con.runAndReadAll(sql)).getRowObjectsJS()) as T[];
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

const columns: Column[] = [
  { name: 'id', type: 'int32' },
  { name: 'big', type: 'int64' },
  { name: 'price', type: 'double' },
  { name: 'amount', type: 'decimal', precision: 12, scale: 2 },
  { name: 'huge', type: 'decimal', precision: 30, scale: 4 },
  { name: 'ok', type: 'boolean' },
  { name: 'day', type: 'date' },
  { name: 'at', type: 'timestamp' },
  { name: 'name', type: 'string' },
  { name: 'doc', type: 'json' },
  { name: 'raw', type: 'binary' },
];
const rows: Row[] = [
  {
    id: 1, big: 9007199254740993n, price: 1.5, amount: '1234.56', huge: '-12345678901234567890.1234', ok: true, day: '2024-02-29',
    at: new Date('2024-05-01T10:20:30.123Z'), name: 'héllo, "world"\n日本語', doc: { a: [1, 'x'] }, raw: new Uint8Array([0, 1, 255]),
  },
  { id: 2, big: -5, price: -0.25, amount: '-0.05', huge: '0.0001', ok: false, day: '1969-12-31', at: new Date('1969-12-31T23:59:59Z'), name: '', doc: [1, 2], raw: new Uint8Array([]) },
  { id: null, big: null, price: null, amount: null, huge: null, ok: null, day: null, at: null, name: null, doc: null, raw: null },
];

describe('Parquet', () => {
  it('round-trips every logical type, nulls included', async () => {
    const path = await writeFileRows('all.parquet', columns, rows);
    const items = await readAll(parquet, fileInput(path, 'all.parquet'), {});
    expect(rowsOf(items)).toEqual(rows);
    expect(items.map((i) => ('bad' in i ? undefined : [i.file, i.rowNumber]))).toEqual([
      ['all.parquet', 1],
      ['all.parquet', 2],
      ['all.parquet', 3],
    ]);
    expect(await parquet.inferColumns(fileInput(path), {})).toEqual([
      { name: 'id', type: 'int32', nullable: true },
      { name: 'big', type: 'int64', nullable: true },
      { name: 'price', type: 'double', nullable: true },
      { name: 'amount', type: 'decimal', nullable: true, precision: 12, scale: 2 },
      { name: 'huge', type: 'decimal', nullable: true, precision: 30, scale: 4 },
      { name: 'ok', type: 'boolean', nullable: true },
      { name: 'day', type: 'date', nullable: true },
      { name: 'at', type: 'timestamp', nullable: true },
      { name: 'name', type: 'string', nullable: true },
      { name: 'doc', type: 'json', nullable: true },
      { name: 'raw', type: 'binary', nullable: true },
    ]);
  });

  it('writes files DuckDB reads, with bounded row groups and the chosen codec', async () => {
    const many = Array.from({ length: 2500 }, (_, i) => ({ id: i, name: i % 7 === 0 ? null : `n${i}` }));
    for (const codec of ['none', 'snappy', 'gzip']) {
      const path = await writeFileRows(`many-${codec}.parquet`, [{ name: 'id', type: 'int32' }, { name: 'name', type: 'string' }], many, { compressionCodec: codec, rowGroupSize: 1000 }, 700);
      const [summary] = await duck<{ n: number; s: number; groups: number }>(
        `SELECT count(*)::INTEGER AS n, sum(id)::INTEGER AS s, (SELECT count(DISTINCT row_group_id)::INTEGER FROM parquet_metadata('${path}')) AS groups FROM '${path}'`,
      );
      expect(summary).toEqual({ n: 2500, s: (2499 * 2500) / 2, groups: 3 });
      const [nulls] = await duck<{ nulls: number; last: string }>(`SELECT count(*) FILTER (WHERE name IS NULL)::INTEGER AS nulls, max(name) FILTER (WHERE id = 2498) AS last FROM '${path}'`);
      expect(nulls).toEqual({ nulls: Math.ceil(2500 / 7), last: 'n2498' });
      expect(rowsOf(await readAll(parquet, fileInput(path), {}))).toEqual(many);
      const stats = await duck<{ min: string; max: string; nulls: number }>(`SELECT stats_min_value AS min, stats_max_value AS max, stats_null_count::INTEGER AS nulls FROM parquet_metadata('${path}') WHERE path_in_schema = 'id' ORDER BY row_group_id`);
      expect(stats).toEqual([
        { min: '0', max: '999', nulls: 0 },
        { min: '1000', max: '1999', nulls: 0 },
        { min: '2000', max: '2499', nulls: 0 },
      ]);
      const [meta] = await duck<{ c: string }>(`SELECT compression AS c FROM parquet_metadata('${path}') LIMIT 1`);
      expect(meta?.c).toBe(codec === 'none' ? 'UNCOMPRESSED' : codec.toUpperCase());
    }
    const path = await writeFileRows('typed.parquet', columns, rows);
    const back = await duck<Record<string, unknown>>(`SELECT id, big::VARCHAR AS big, amount::VARCHAR AS amount, huge::VARCHAR AS huge, day::VARCHAR AS day, "at"::VARCHAR AS "at", name FROM '${path}' ORDER BY id NULLS LAST`);
    expect(back[0]).toEqual({ id: 1, big: '9007199254740993', amount: '1234.56', huge: '-12345678901234567890.1234', day: '2024-02-29', at: '2024-05-01 10:20:30.123', name: 'héllo, "world"\n日本語' });
  });

  it('reads a file DuckDB wrote: int64, dates, timestamps, decimals, blobs, structs and lists', async () => {
    const path = join(dir, 'duck.parquet');
    await duck(`COPY (SELECT 1::INTEGER AS i, 9007199254740993::BIGINT AS b, 7::BIGINT AS small, DATE '2024-02-29' AS d, TIMESTAMP '2024-01-02 03:04:05.123' AS ts,
      12.34::DECIMAL(10,2) AS dec, 123456789012345678.5::DECIMAL(20,1) AS bigdec, '\\x01\\x02'::BLOB AS bin, {'a': 1, 'b': 'x'} AS st, [1,2,3] AS lst, NULL::VARCHAR AS nul, 1.5::FLOAT AS f)
      TO '${path}' (FORMAT parquet)`);
    const [row] = rowsOf(await readAll(parquet, fileInput(path), {}));
    expect(row).toEqual({
      i: 1, b: 9007199254740993n, small: 7, d: '2024-02-29', ts: new Date('2024-01-02T03:04:05.123Z'), dec: '12.34', bigdec: '123456789012345678.5',
      bin: new Uint8Array([1, 2]), st: { a: 1, b: 'x' }, lst: [1, 2, 3], nul: null, f: 1.5,
    });
  });

  it('fails a truncated file with PARQUET_INVALID naming it', async () => {
    const path = await writeFileRows('whole.parquet', columns, rows);
    const bytes = await readFile(path);
    const cut = join(dir, 'cut.parquet');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(readAll(parquet, fileInput(cut, 'data/cut.parquet'), {})).rejects.toMatchObject({ code: 'PARQUET_INVALID', message: expect.stringContaining("'data/cut.parquet'") });
    await expect(parquet.inferColumns(fileInput(cut, 'data/cut.parquet'), {})).rejects.toMatchObject({ code: 'PARQUET_INVALID' });
  });

  it('fails an empty file and a file that is not Parquet with PARQUET_INVALID', async () => {
    const empty = join(dir, 'empty.parquet');
    await writeFile(empty, '');
    await expect(readAll(parquet, fileInput(empty), {})).rejects.toMatchObject({ code: 'PARQUET_INVALID' });
    const text = join(dir, 'text.parquet');
    await writeFile(text, 'id,name\n1,this is a CSV file, not Parquet at all\n');
    await expect(readAll(parquet, fileInput(text), {})).rejects.toMatchObject({ code: 'PARQUET_INVALID' });
  });

  it('writes a valid file with no rows', async () => {
    const path = await writeFileRows('none.parquet', [{ name: 'a', type: 'int32' }], []);
    expect(await readAll(parquet, fileInput(path), {})).toEqual([]);
    expect(await duck(`SELECT count(*)::INTEGER AS n FROM '${path}'`)).toEqual([{ n: 0 }]);
  });

  it('writes a column that is null in every row, and refuses a value that does not fit its column', async () => {
    const path = await writeFileRows('nulls.parquet', [{ name: 'a', type: 'int32' }, { name: 'b', type: 'string' }], [{ a: 1, b: null }, { a: 2, b: null }]);
    expect(rowsOf(await readAll(parquet, fileInput(path), {}))).toEqual([{ a: 1, b: null }, { a: 2, b: null }]);
    expect(await duck(`SELECT count(b)::INTEGER AS n FROM '${path}'`)).toEqual([{ n: 0 }]);
    await expect(writeFileRows('bad.parquet', [{ name: 'a', type: 'int32' }], [{ a: 'seven' }])).rejects.toMatchObject({
      code: 'VALUE_CONVERSION_FAILED',
      message: "Parquet column 'a': 'seven' is not an integer.",
    });
  });

  it('stages a file itself when the input has no local path', async () => {
    const path = await writeFileRows('staged.parquet', [{ name: 'a', type: 'string' }], [{ a: 'x' }]);
    const input = memoryInput(await readFile(path), 'remote.parquet', 7);
    const stats = { bytes: 0, files: 0, rows: 0 };
    const items: unknown[] = [];
    for await (const batch of parquet.read(input, {}, { signal: new AbortController().signal, stats })) items.push(...batch);
    expect(items).toEqual([{ row: { a: 'x' }, file: 'remote.parquet', rowNumber: 1 }]);
    expect(stats.bytes).toBe((await readFile(path)).length);
  });

  it('converts to declared types that differ from the file, and refuses unsupported codecs', async () => {
    const path = await writeFileRows('conv.parquet', [{ name: 'n', type: 'string' }], [{ n: '42' }, { n: 'x' }]);
    const items = await readAll(parquet, fileInput(path, 'conv.parquet'), {}, { columns: [{ name: 'n', type: 'int32' }] });
    expect(items).toEqual([
      { row: { n: 42 }, file: 'conv.parquet', rowNumber: 1 },
      { bad: true, file: 'conv.parquet', rowNumber: 2, code: 'VALUE_CONVERSION_FAILED', message: "File 'conv.parquet' row 2, column 'n': 'x' is not an integer." },
    ]);
    expect(() => parquet.writer(createWriteStream(join(dir, 'lz.parquet')), [{ name: 'a' }], { compressionCodec: 'lz4' })).toThrow(expect.objectContaining({ code: 'COMPRESSION_UNSUPPORTED' }));
  });
});
