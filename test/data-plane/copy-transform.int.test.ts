import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '@sluice/engine/runtime';
import { act, after, pipeline } from '../helpers/engine.js';
import { dataEngine, fileDataset, localLinkedService, putAll, ref, runPipeline, tempFolder } from './copy-harness.js';

// Copy with mappings, type conversion, cleansing and validation, file splitting, and Binary copies.
let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function setup(): Promise<{ engine: Engine; root: string }> {
  const t = await dataEngine();
  const dir = tempFolder('sluice-transform-');
  cleanups.push(t.cleanup, dir.remove);
  await putAll(t.engine, { linkedServices: [localLinkedService('Disk', dir.path)] });
  return { engine: t.engine, root: dir.path };
}

function write(root: string, path: string, text: string | Buffer): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

function lines(root: string, path: string): string[] {
  return readFileSync(join(root, path), 'utf8').trim().split(/\r?\n/);
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name).slice(dir.length + 1)).sort();
}

const csvOut = { columnDelimiter: ',', firstRowAsHeader: true, quoteChar: '"', escapeChar: '"' };

describe('Copy: mapping and conversion', () => {
  it('JSON lines → CSV: TabularTranslator with JSON paths, a collectionReference and sink types', async () => {
    const { engine, root } = await setup();
    const orders = [
      { id: 'o1', customer: { name: 'Ann', tier: 2 }, placed: '2024-03-01T10:00:00Z', lines: [{ sku: 'A', qty: '2', price: '1.50' }, { sku: 'B', qty: '1', price: '10' }] },
      { id: 'o2', customer: { name: 'Bob', tier: 1 }, placed: '2024-03-02T11:30:00Z', lines: [{ sku: 'C', qty: '5', price: '0.25' }] },
    ];
    write(root, 'in/orders.jsonl', `${orders.map((o) => JSON.stringify(o)).join('\n')}\n`);
    await putAll(engine, {
      datasets: [
        fileDataset('Orders', 'Json', 'Disk', { folderPath: 'in', fileName: 'orders.jsonl' }),
        fileDataset('Lines', 'DelimitedText', 'Disk', { folderPath: 'out', fileName: 'lines.csv' }, csvOut),
      ],
      pipelines: [pipeline('Flatten', [act('Copy', 'Copy', {
        source: { type: 'JsonSource' },
        sink: { type: 'DelimitedTextSink' },
        translator: {
          type: 'TabularTranslator',
          collectionReference: "$['lines']",
          mappings: [
            { source: { path: "$['id']" }, sink: { name: 'order' } },
            { source: { path: "$['customer']['name']" }, sink: { name: 'customer' } },
            { source: { path: "$['customer']['tier']" }, sink: { name: 'tier', type: 'String' } },
            { source: { path: "['sku']" }, sink: { name: 'sku' } },
            { source: { path: "['qty']" }, sink: { name: 'qty', type: 'Int32' } },
            { source: { path: "['price']" }, sink: { name: 'price', type: 'Decimal' } },
            { source: { path: "$['placed']" }, sink: { name: 'placed', type: 'DateTime' } },
          ],
        },
      }, { inputs: [ref('Orders')], outputs: [ref('Lines')] })])],
    });
    const { status, byName } = await runPipeline(engine, 'Flatten');
    expect(byName.Copy?.error ?? null).toBeNull();
    expect(status).toBe('Succeeded');
    expect(byName.Copy?.output).toMatchObject({ rowsRead: 2, rowsCopied: 3, executionPath: 'rows' });
    const out = lines(root, 'out/lines.csv');
    expect(out[0]).toBe('order,customer,tier,sku,qty,price,placed');
    expect(out.slice(1).map((l) => l.split(',').slice(0, 6).join(','))).toEqual(['o1,Ann,2,A,2,1.50', 'o1,Ann,2,B,1,10', 'o2,Bob,1,C,5,0.25']);
    expect(Date.parse(out[1]?.split(',')[6] ?? '')).toBe(Date.parse('2024-03-01T10:00:00Z'));
  });

  it('a value that does not convert to its mapped type is a COPY_ROW_INVALID naming file, row and column', async () => {
    const { engine, root } = await setup();
    write(root, 'in/r.jsonl', '{"n":"1"}\n{"n":"2"}\n{"n":"three"}\n');
    await putAll(engine, {
      datasets: [fileDataset('R', 'Json', 'Disk', { folderPath: 'in', fileName: 'r.jsonl' }), fileDataset('W', 'DelimitedText', 'Disk', { folderPath: 'out', fileName: 'w.csv' }, csvOut)],
      pipelines: [pipeline('Convert', [act('Copy', 'Copy', {
        source: { type: 'JsonSource' }, sink: { type: 'DelimitedTextSink' },
        translator: { type: 'TabularTranslator', mappings: [{ source: { name: 'n' }, sink: { name: 'n', type: 'Int64' } }] },
      }, { inputs: [ref('R')], outputs: [ref('W')] })])],
    });
    const { byName } = await runPipeline(engine, 'Convert');
    expect(byName.Copy?.error?.errorCode).toBe('COPY_ROW_INVALID');
    expect(byName.Copy?.error?.message).toContain("file 'in/r.jsonl', row 3, column 'n'");
    expect(byName.Copy?.error?.message).toContain("'three'");
    expect(filesUnder(join(root, 'out'))).toEqual([]);
  });
});

describe('Copy: JSON sinks', () => {
  it('CSV → a JSON array of objects with typed values, read back through Lookup', async () => {
    const { engine, root } = await setup();
    write(root, 'in/c.csv', 'id,name,active\n1,Ann,true\n2,"Bob, Jr",false\n');
    await putAll(engine, {
      datasets: [
        fileDataset('C', 'DelimitedText', 'Disk', { folderPath: 'in', fileName: 'c.csv' }, csvOut, { schema: [{ name: 'id', type: 'Int32' }, { name: 'name', type: 'String' }, { name: 'active', type: 'Boolean' }] }),
        fileDataset('J', 'Json', 'Disk', { folderPath: 'out', fileName: 'c.json' }),
      ],
      pipelines: [pipeline('ToJson', [
        act('Copy', 'Copy', { source: { type: 'DelimitedTextSource' }, sink: { type: 'JsonSink', formatSettings: { type: 'JsonWriteSettings', filePattern: 'arrayOfObjects' } } }, { inputs: [ref('C')], outputs: [ref('J')] }),
        act('Read', 'Lookup', { source: { type: 'JsonSource' }, dataset: ref('J'), firstRowOnly: false }, { dependsOn: [after('Copy')] }),
      ])],
    });
    const { status, byName } = await runPipeline(engine, 'ToJson');
    expect(byName.Copy?.error ?? null).toBeNull();
    expect(status).toBe('Succeeded');
    expect(JSON.parse(readFileSync(join(root, 'out/c.json'), 'utf8'))).toEqual([{ id: 1, name: 'Ann', active: true }, { id: 2, name: 'Bob, Jr', active: false }]);
    expect(byName.Read?.output).toEqual({ count: 2, value: [{ id: 1, name: 'Ann', active: true }, { id: 2, name: 'Bob, Jr', active: false }] });
  });
});

describe('Copy: validation and cleansing (typeProperties.validation)', () => {
  it('trims, maps null markers, parses dates, drops duplicate keys, and rejects rows failing the JSON Schema', async () => {
    const { engine, root } = await setup();
    write(root, 'in/p.csv', ['id,email,born,score', ' 1 , ann@x.org ,01/02/1990, 5', '2,N/A,15/07/1985,7', '1,dup@x.org,01/01/2000,1', '3,not-an-email,02/03/1999,3', '4,cy@x.org,31/02/2001,2', ''].join('\n'));
    await putAll(engine, {
      datasets: [
        fileDataset('P', 'DelimitedText', 'Disk', { folderPath: 'in', fileName: 'p.csv' }, csvOut),
        fileDataset('Clean', 'DelimitedText', 'Disk', { folderPath: 'out', fileName: 'clean.csv' }, csvOut),
      ],
      pipelines: [pipeline('Cleanse', [act('Copy', 'Copy', {
        source: { type: 'DelimitedTextSource' }, sink: { type: 'DelimitedTextSink' },
        translator: { type: 'TabularTranslator', mappings: [
          { source: { name: 'id' }, sink: { name: 'id', type: 'Int32' } },
          { source: { name: 'email' }, sink: { name: 'email' } },
          { source: { name: 'born' }, sink: { name: 'born', type: 'Date' } },
          { source: { name: 'score' }, sink: { name: 'score', type: 'Int32' } },
        ] },
        validation: {
          trim: true,
          nullValues: ['N/A'],
          dateFormats: ['dd/MM/yyyy'],
          dedupeKeys: ['id'],
          schema: { type: 'object', properties: { email: { anyOf: [{ type: 'null' }, { type: 'string', pattern: '^[^@]+@[^@]+$' }] } } },
        },
        enableSkipIncompatibleRow: true,
      }, { inputs: [ref('P')], outputs: [ref('Clean')] })])],
    });
    const { status, byName } = await runPipeline(engine, 'Cleanse');
    expect(byName.Copy?.error ?? null).toBeNull();
    expect(status).toBe('Succeeded');
    expect(byName.Copy?.output).toMatchObject({ rowsRead: 5, rowsCopied: 2, rowsSkipped: 3 });
    expect(lines(root, 'out/clean.csv')).toEqual(['id,email,born,score', '1,ann@x.org,1990-02-01,5', '2,,1985-07-15,7']);
    const rejects = readFileSync((byName.Copy?.output as { rejectsPath: string }).rejectsPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rejects.map((r) => [r.row, r.column])).toEqual([[4, 'email'], [5, 'born']]);
    expect(String(rejects[0]?.reason)).toContain('validation.schema');
    expect(String(rejects[1]?.reason)).toContain('dateFormats');
  });
});

describe('Copy: cleansing before the source schema types the values', () => {
  it("trims, nulls and parses dates of columns the source dataset's schema types, instead of refusing them", async () => {
    const { engine, root } = await setup();
    write(root, 'in/s.csv', ['id,score,born', ' 1 , 5 ,01/02/1990', '2,NA,15/07/1985', '3, x ,02/03/1999', '4,6,31/02/2001', ''].join('\n'));
    const schema = [{ name: 'id', type: 'Int32' }, { name: 'score', type: 'Int32' }, { name: 'born', type: 'Date' }];
    await putAll(engine, {
      datasets: [
        fileDataset('S', 'DelimitedText', 'Disk', { folderPath: 'in', fileName: 's.csv' }, csvOut, { schema }),
        fileDataset('SClean', 'DelimitedText', 'Disk', { folderPath: 'out', fileName: 's.csv' }, csvOut),
      ],
      pipelines: [pipeline('CleanTyped', [act('Copy', 'Copy', {
        source: { type: 'DelimitedTextSource' }, sink: { type: 'DelimitedTextSink' },
        validation: { trim: true, nullValues: ['NA'], dateFormats: ['dd/MM/yyyy'] },
        enableSkipIncompatibleRow: true,
      }, { inputs: [ref('S')], outputs: [ref('SClean')] })])],
    });
    const { status, byName } = await runPipeline(engine, 'CleanTyped');
    expect(byName.Copy?.error ?? null).toBeNull();
    expect(status).toBe('Succeeded');
    // Rows 1 and 2 are cleaned into their types; ' x ' is no integer even trimmed, and 31/02 is no date.
    expect(byName.Copy?.output).toMatchObject({ rowsRead: 4, rowsCopied: 2, rowsSkipped: 2 });
    expect(lines(root, 'out/s.csv')).toEqual(['id,score,born', '1,5,1990-02-01', '2,,1985-07-15']);
    const rejects = readFileSync((byName.Copy?.output as { rejectsPath: string }).rejectsPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rejects.map((r) => [r.row, r.code])).toEqual([[3, 'VALUE_CONVERSION_FAILED'], [4, 'ROW_INVALID']]);
    expect(String(rejects[1]?.reason)).toContain('dateFormats');
  });
});

describe('Copy: file sinks', () => {
  it('splits at maxRowsPerFile, partitions by column values, and appends beside existing files', async () => {
    const { engine, root } = await setup();
    const rows = ['id,region,v'];
    for (let i = 1; i <= 25; i++) rows.push(`${i},${i % 2 ? 'north' : 'south'},${i * 10}`);
    write(root, 'in/data.csv', `${rows.join('\n')}\n`);
    write(root, 'appended/log.csv', 'id,region,v\n0,old,0\n');
    await putAll(engine, {
      datasets: [
        fileDataset('Data', 'DelimitedText', 'Disk', { folderPath: 'in', fileName: 'data.csv' }, csvOut),
        fileDataset('Split', 'DelimitedText', 'Disk', { folderPath: 'split' }, csvOut),
        fileDataset('Parts', 'DelimitedText', 'Disk', { folderPath: 'parts', fileName: 'part.csv' }, csvOut),
        fileDataset('Log', 'DelimitedText', 'Disk', { folderPath: 'appended', fileName: 'log.csv' }, csvOut),
      ],
      pipelines: [pipeline('Sinks', [
        act('Split', 'Copy', { source: { type: 'DelimitedTextSource' }, sink: { type: 'DelimitedTextSink', formatSettings: { type: 'DelimitedTextWriteSettings', maxRowsPerFile: 10, fileNamePrefix: 'chunk' } } }, { inputs: [ref('Data')], outputs: [ref('Split')] }),
        act('Partition', 'Copy', { source: { type: 'DelimitedTextSource' }, sink: { type: 'DelimitedTextSink', partitionBy: ['region'] } }, { inputs: [ref('Data')], outputs: [ref('Parts')] }),
        act('Append', 'Copy', { source: { type: 'DelimitedTextSource' }, sink: { type: 'DelimitedTextSink', storeSettings: { type: 'LocalFileSystemWriteSettings', writeBehavior: 'append' } } }, { inputs: [ref('Data')], outputs: [ref('Log')] }),
      ])],
    });
    const { status, byName } = await runPipeline(engine, 'Sinks');
    expect(status).toBe('Succeeded');
    expect(filesUnder(join(root, 'split'))).toEqual(['chunk_00000.csv', 'chunk_00001.csv', 'chunk_00002.csv']);
    expect(lines(root, 'split/chunk_00002.csv')).toEqual(['id,region,v', '21,north,210', '22,south,220', '23,north,230', '24,south,240', '25,north,250']);
    expect(byName.Split?.output).toMatchObject({ rowsCopied: 25, filesWritten: 3 });
    expect(filesUnder(join(root, 'parts'))).toEqual(['region=north/part.csv', 'region=south/part.csv']);
    expect(lines(root, 'parts/region=south/part.csv').slice(0, 2)).toEqual(['id,v', '2,20']);
    const appended = filesUnder(join(root, 'appended'));
    expect(appended).toHaveLength(2);
    expect(appended).toContain('log.csv');
    expect(lines(root, 'appended/log.csv')).toEqual(['id,region,v', '0,old,0']);
    expect(appended.find((f) => f !== 'log.csv')).toMatch(/^log_[A-Za-z0-9]+\.csv$/);
  });

  it('Binary → Binary copies bytes, preserving the folder hierarchy, with a consistency check', async () => {
    const { engine, root } = await setup();
    const blob = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    write(root, 'src/a.bin', blob);
    write(root, 'src/deep/b.bin', Buffer.from('hello'));
    write(root, 'src/deep/skip.txt', 'no');
    await putAll(engine, {
      datasets: [
        fileDataset('Src', 'Binary', 'Disk', { folderPath: 'src' }),
        fileDataset('Dst', 'Binary', 'Disk', { folderPath: 'dst' }),
      ],
      pipelines: [pipeline('Bytes', [act('Copy', 'Copy', {
        source: { type: 'BinarySource', storeSettings: { type: 'LocalFileSystemReadSettings', recursive: true, wildcardFileName: '*.bin' } },
        sink: { type: 'BinarySink', storeSettings: { type: 'LocalFileSystemWriteSettings', copyBehavior: 'PreserveHierarchy' } },
        validateDataConsistency: true,
      }, { inputs: [ref('Src')], outputs: [ref('Dst')] })])],
    });
    const { status, byName } = await runPipeline(engine, 'Bytes');
    expect(byName.Copy?.error ?? null).toBeNull();
    expect(status).toBe('Succeeded');
    expect(byName.Copy?.output).toMatchObject({ filesRead: 2, filesWritten: 2, dataRead: 70_005, dataWritten: 70_005, executionPath: 'binary' });
    expect(filesUnder(join(root, 'dst'))).toEqual(['a.bin', 'deep/b.bin']);
    expect(readFileSync(join(root, 'dst/a.bin')).equals(blob)).toBe(true);
  });
});
