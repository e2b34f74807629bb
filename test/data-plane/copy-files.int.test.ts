import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '@sluice/engine/runtime';
import { act, after, pipeline, until } from '../helpers/engine.js';
import { dataEngine, fileDataset, localLinkedService, putAll, ref, runPipeline, tempFolder } from './copy-harness.js';

// Copy between files on local disk, run through the engine: formats, mapping, conversion, rejects, splitting.
let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function setup(): Promise<{ engine: Engine; root: string }> {
  const t = await dataEngine();
  const dir = tempFolder();
  cleanups.push(t.cleanup, dir.remove);
  await putAll(t.engine, { linkedServices: [localLinkedService('Disk', dir.path)] });
  return { engine: t.engine, root: dir.path };
}

function write(root: string, path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** Files under a folder, recursively, relative to it (staging files included: nothing may be left). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath ?? (d as unknown as { path: string }).path, d.name).slice(dir.length + 1)).sort();
}

const csvSettings = { columnDelimiter: ',', firstRowAsHeader: true, quoteChar: '"', escapeChar: '"' };

describe('Copy between files', () => {
  it('CSV → Parquet with declared types; the Parquet reads back through Lookup', async () => {
    const { engine, root } = await setup();
    const lines = ['id,name,age,joined'];
    for (let i = 1; i <= 2500; i++) lines.push(`${i},"Person, ${i}",${20 + (i % 50)},2024-01-${String((i % 28) + 1).padStart(2, '0')}`);
    write(root, 'in/people.csv', `${lines.join('\n')}\n`);
    await putAll(engine, {
      datasets: [
        fileDataset('PeopleCsv', 'DelimitedText', 'Disk', { folderPath: 'in', fileName: 'people.csv' }, csvSettings, {
          schema: [{ name: 'id', type: 'Int32' }, { name: 'name', type: 'String' }, { name: 'age', type: 'Int32' }, { name: 'joined', type: 'Date' }],
        }),
        fileDataset('PeopleParquet', 'Parquet', 'Disk', { folderPath: 'out', fileName: 'people.parquet' }),
      ],
      pipelines: [pipeline('CsvToParquet', [
        act('Copy', 'Copy', { source: { type: 'DelimitedTextSource' }, sink: { type: 'ParquetSink' }, fastPath: false }, { inputs: [ref('PeopleCsv')], outputs: [ref('PeopleParquet')] }),
        act('Read', 'Lookup', { source: { type: 'ParquetSource' }, dataset: ref('PeopleParquet'), firstRowOnly: false }, { dependsOn: [after('Copy')] }),
      ])],
    });
    const { status, byName } = await runPipeline(engine, 'CsvToParquet');
    expect(byName.Copy?.error ?? null).toBeNull();
    expect(status).toBe('Succeeded');
    expect(byName.Copy?.output).toMatchObject({ rowsRead: 2500, rowsCopied: 2500, rowsSkipped: 0, filesRead: 1, filesWritten: 1, errors: [], executionPath: 'rows' });
    const out = byName.Copy?.output as Record<string, number>;
    expect(out.dataRead).toBe(readFileSync(join(root, 'in/people.csv')).length);
    expect(out.dataWritten).toBe(readFileSync(join(root, 'out/people.parquet')).length);
    expect(filesUnder(join(root, 'out'))).toEqual(['people.parquet']);
    const read = byName.Read?.output as { count: number; value: Array<Record<string, unknown>> };
    expect(read.count).toBe(2500);
    expect(read.value[0]).toEqual({ id: 1, name: 'Person, 1', age: 21, joined: '2024-01-02' });
    expect(read.value[2499]).toMatchObject({ id: 2500, age: 20 });
  });
});

describe('Copy: incompatible rows', () => {
  const badCsv = ['id,name,age', '1,Ann,31', '2,Bob,abc', '3,Cy,40', '4,Di,', '5,"Ed,50', ''].join('\n');
  const datasets = [
    fileDataset('In', 'DelimitedText', 'Disk', { folderPath: 'in', fileName: 'people.csv' }, csvSettings, {
      schema: [{ name: 'id', type: 'Int32' }, { name: 'name', type: 'String' }, { name: 'age', type: 'Int32' }],
    }),
    fileDataset('Out', 'DelimitedText', 'Disk', { folderPath: 'out', fileName: 'people.csv' }, csvSettings),
  ];

  it('fail: COPY_ROW_INVALID names the file, row and column, and no output file appears', async () => {
    const { engine, root } = await setup();
    write(root, 'in/people.csv', badCsv);
    await putAll(engine, {
      datasets,
      pipelines: [pipeline('Strict', [act('Copy', 'Copy', { source: { type: 'DelimitedTextSource' }, sink: { type: 'DelimitedTextSink' } }, { inputs: [ref('In')], outputs: [ref('Out')] })])],
    });
    const { status, byName } = await runPipeline(engine, 'Strict');
    expect(status).toBe('Failed');
    expect(byName.Copy?.error?.errorCode).toBe('COPY_ROW_INVALID');
    expect(byName.Copy?.error?.message).toContain("file 'in/people.csv'");
    expect(byName.Copy?.error?.message).toContain('row 2');
    expect(byName.Copy?.error?.message).toContain("column 'age'");
    expect(byName.Copy?.error?.message).toContain("'abc'");
    expect(byName.Copy?.error?.details).toMatchObject({ file: 'in/people.csv', row: 2 });
    expect(filesUnder(join(root, 'out'))).toEqual([]);
  });

  it('skip: good rows are copied, each reject is a JSON line with file, row, reason and raw row', async () => {
    const { engine, root } = await setup();
    write(root, 'in/people.csv', badCsv);
    await putAll(engine, {
      datasets,
      pipelines: [pipeline('Lenient', [act('Copy', 'Copy', { source: { type: 'DelimitedTextSource' }, sink: { type: 'DelimitedTextSink' }, enableSkipIncompatibleRow: true }, { inputs: [ref('In')], outputs: [ref('Out')] })])],
    });
    const { status, runId, byName } = await runPipeline(engine, 'Lenient');
    expect(byName.Copy?.error ?? null).toBeNull();
    expect(status).toBe('Succeeded');
    const out = byName.Copy?.output as Record<string, unknown>;
    expect(out).toMatchObject({ rowsRead: 5, rowsCopied: 3, rowsSkipped: 2 });
    expect(readFileSync(join(root, 'out/people.csv'), 'utf8').trim().split(/\r?\n/)).toEqual(['id,name,age', '1,Ann,31', '3,Cy,40', '4,Di,']);
    const rejectsPath = out.rejectsPath as string;
    expect(rejectsPath.startsWith(`${root}/_rejects/${runId}/`)).toBe(true);
    const rejects = readFileSync(rejectsPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rejects).toHaveLength(2);
    // The CSV reader converts to the declared types itself: the reject carries its code and the raw line.
    expect(rejects[0]).toMatchObject({ file: 'in/people.csv', row: 2, code: 'VALUE_CONVERSION_FAILED', raw: '2,Bob,abc' });
    expect(String(rejects[0]?.reason)).toContain('abc');
    expect(String(rejects[0]?.reason)).toContain('age');
    expect(rejects[1]).toMatchObject({ file: 'in/people.csv', row: 5 });
    expect(String(rejects[1]?.raw)).toContain('"Ed,50');
  });
});

describe('Copy: atomic publishing', () => {
  /**
   * An HTTP server that sends the first 5,000 rows of a CSV and then holds the response open (`hold`)
   * or breaks the connection (`break`): the copy is then certainly mid-way, with rows already in the sink.
   */
  async function halfServer(mode: 'hold' | 'break'): Promise<{ url: string; sent: () => boolean; close: () => Promise<void> }> {
    let sent = false;
    const open: ServerResponse[] = [];
    const server = createServer((req, res) => {
      if (req.method === 'HEAD') {
        res.writeHead(200, { 'content-type': 'text/csv' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/csv' });
      const lines = ['id,name'];
      for (let i = 1; i <= 5000; i++) lines.push(`${i},name ${i}`);
      res.write(`${lines.join('\n')}\n`, () => {
        sent = true;
        if (mode === 'break') setTimeout(() => res.destroy(), 300);
      });
      open.push(res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      sent: () => sent,
      close: async () => {
        for (const r of open) r.destroy();
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
      },
    };
  }

  async function slowCopy(mode: 'hold' | 'break'): Promise<{ engine: Engine; root: string; source: Awaited<ReturnType<typeof halfServer>> }> {
    const { engine, root } = await setup();
    const source = await halfServer(mode);
    cleanups.push(source.close);
    await putAll(engine, {
      linkedServices: [{ name: 'Web', properties: { type: 'HttpServer', typeProperties: { url: source.url, authenticationType: 'Anonymous' } } }],
      datasets: [
        fileDataset('Remote', 'DelimitedText', 'Web', { type: 'HttpServerLocation', relativeUrl: 'big.csv' }, csvSettings),
        fileDataset('Local', 'DelimitedText', 'Disk', { folderPath: 'out', fileName: 'big.csv' }, csvSettings),
      ],
      pipelines: [pipeline('Slow', [act('Copy', 'Copy', { source: { type: 'DelimitedTextSource' }, sink: { type: 'DelimitedTextSink', formatSettings: { type: 'DelimitedTextWriteSettings', maxRowsPerFile: 1000, fileExtension: '.csv' } } }, { inputs: [ref('Remote')], outputs: [ref('Local')] })])],
    });
    return { engine, root, source };
  }

  it('cancel mid-copy: the staged files are discarded and nothing appears in the sink folder', async () => {
    const { engine, root, source } = await slowCopy('hold');
    const started = await engine.startRun('Slow');
    // Mid-way: the source has sent 5,000 rows and the sink holds staged pieces (hidden names) for them.
    await until(async () => (source.sent() && filesUnder(join(root, 'out')).length >= 2 ? true : undefined));
    await engine.cancelRun(started.runId);
    const run = await engine.waitForRun(started.runId, { timeoutMs: 20_000 });
    expect(run.status).toBe('Cancelled');
    await until(async () => (filesUnder(join(root, 'out')).length === 0 ? true : undefined));
    expect(filesUnder(root).filter((f) => !f.startsWith('in/'))).toEqual([]);
  });

  it('failure mid-copy (the source connection breaks): the copy fails and nothing is published', async () => {
    const { engine, root } = await slowCopy('break');
    const { status, byName } = await runPipeline(engine, 'Slow');
    expect(status).toBe('Failed');
    expect(byName.Copy?.error?.errorCode).toBe('STORE_UNAVAILABLE');
    expect(byName.Copy?.error?.message).toContain("'big.csv'");
    await until(async () => (filesUnder(join(root, 'out')).length === 0 ? true : undefined));
  });
});

describe('Copy: the DuckDB fast path', () => {
  it('CSV → Parquet runs on DuckDB and writes what the row pipeline writes', async () => {
    const { engine, root } = await setup();
    const lines = ['id,name,amount,day,flag'];
    for (let i = 1; i <= 3000; i++) lines.push(`${i},"n ""${i}""",${(i / 4).toFixed(2)},2024-02-${String((i % 28) + 1).padStart(2, '0')},${i % 2 === 0}`);
    write(root, 'in/a.csv', `${lines.slice(0, 1501).join('\n')}\n`);
    write(root, 'in/b.csv', `${[lines[0], ...lines.slice(1501)].join('\n')}\n`);
    const schema = [{ name: 'id', type: 'Int64' }, { name: 'name', type: 'String' }, { name: 'amount', type: 'Decimal', precision: 12, scale: 2 }, { name: 'day', type: 'Date' }, { name: 'flag', type: 'Boolean' }];
    await putAll(engine, {
      datasets: [
        fileDataset('Csvs', 'DelimitedText', 'Disk', { folderPath: 'in' }, csvSettings, { schema }),
        fileDataset('Fast', 'Parquet', 'Disk', { folderPath: 'fast', fileName: 'all.parquet' }),
        fileDataset('Slow', 'Parquet', 'Disk', { folderPath: 'slow', fileName: 'all.parquet' }),
      ],
      pipelines: [pipeline('Both', [
        act('FastCopy', 'Copy', { source: { type: 'DelimitedTextSource', storeSettings: { type: 'LocalFileSystemReadSettings', wildcardFileName: '*.csv' } }, sink: { type: 'ParquetSink' } }, { inputs: [ref('Csvs')], outputs: [ref('Fast')] }),
        act('RowCopy', 'Copy', { source: { type: 'DelimitedTextSource', storeSettings: { type: 'LocalFileSystemReadSettings', wildcardFileName: '*.csv' } }, sink: { type: 'ParquetSink' }, fastPath: false }, { inputs: [ref('Csvs')], outputs: [ref('Slow')] }),
        act('ReadFast', 'Lookup', { source: { type: 'ParquetSource' }, dataset: ref('Fast'), firstRowOnly: false }, { dependsOn: [after('FastCopy')] }),
        act('ReadSlow', 'Lookup', { source: { type: 'ParquetSource' }, dataset: ref('Slow'), firstRowOnly: false }, { dependsOn: [after('RowCopy')] }),
      ])],
    });
    const { status, byName } = await runPipeline(engine, 'Both');
    expect(byName.FastCopy?.error ?? null).toBeNull();
    expect(status).toBe('Succeeded');
    expect(byName.FastCopy?.output).toMatchObject({ executionPath: 'duckdb', rowsRead: 3000, rowsCopied: 3000, filesRead: 2, filesWritten: 1 });
    expect(byName.RowCopy?.output).toMatchObject({ executionPath: 'rows', rowsCopied: 3000 });
    const fast = (byName.ReadFast?.output as { value: unknown[] }).value;
    const slow = (byName.ReadSlow?.output as { value: unknown[] }).value;
    expect(fast[0]).toEqual({ id: 1, name: 'n "1"', amount: '0.25', day: '2024-02-02', flag: false });
    expect(fast).toEqual(slow);
    expect(filesUnder(join(root, 'fast'))).toEqual(['all.parquet']);
  });

  it('fast path fault tolerance: bad CSV lines fail with file and row, or go to the rejects', async () => {
    const { engine, root } = await setup();
    write(root, 'in/p.csv', ['id,name,age', '1,Ann,31', '2,Bob,abc', '3,Cy,40', ''].join('\n'));
    const schema = [{ name: 'id', type: 'Int32' }, { name: 'name', type: 'String' }, { name: 'age', type: 'Int32' }];
    await putAll(engine, {
      datasets: [
        fileDataset('In', 'DelimitedText', 'Disk', { folderPath: 'in', fileName: 'p.csv' }, csvSettings, { schema }),
        fileDataset('Out', 'Parquet', 'Disk', { folderPath: 'out', fileName: 'p.parquet' }),
      ],
      pipelines: [
        pipeline('FastStrict', [act('Copy', 'Copy', { source: { type: 'DelimitedTextSource' }, sink: { type: 'ParquetSink' } }, { inputs: [ref('In')], outputs: [ref('Out')] })]),
        pipeline('FastLenient', [act('Copy', 'Copy', { source: { type: 'DelimitedTextSource' }, sink: { type: 'ParquetSink' }, enableSkipIncompatibleRow: true }, { inputs: [ref('In')], outputs: [ref('Out')] })]),
      ],
    });
    const strict = await runPipeline(engine, 'FastStrict');
    expect(strict.byName.Copy?.error?.errorCode).toBe('COPY_ROW_INVALID');
    expect(strict.byName.Copy?.error?.details).toMatchObject({ file: 'in/p.csv', row: 2 });
    expect(strict.byName.Copy?.error?.message).toContain("column 'age'");
    expect(filesUnder(join(root, 'out'))).toEqual([]);
    const lenient = await runPipeline(engine, 'FastLenient');
    expect(lenient.byName.Copy?.output).toMatchObject({ executionPath: 'duckdb', rowsRead: 3, rowsCopied: 2, rowsSkipped: 1 });
    const rejects = readFileSync((lenient.byName.Copy?.output as { rejectsPath: string }).rejectsPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rejects).toEqual([expect.objectContaining({ file: 'in/p.csv', row: 2, line: 3, column: 'age', raw: '2,Bob,abc' })]);
  });
});
