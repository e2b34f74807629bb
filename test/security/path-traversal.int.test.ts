import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@sluice/engine/runtime';
import { act, pipeline } from '../helpers/engine.js';
import { dataEngine, putAll, runPipeline, tempFolder } from '../data-plane/copy-harness.js';

// Path traversal through file names and dataset parameters, in real pipelines: a LocalFileSystem linked service
// never reads or writes outside its root, whatever `..`, percent-encoding, absolute path or symlink a parameter holds.
const SECRET = 'TOP-SECRET-CONTENT-7f3a';
let engine: Engine;
let base: string;
let root: string;
let cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  const t = await dataEngine();
  engine = t.engine;
  const dir = tempFolder('sluice-sec-path-');
  cleanups = [t.cleanup, dir.remove];
  base = dir.path;
  root = join(base, 'root');
  mkdirSync(join(root, 'in'), { recursive: true });
  mkdirSync(join(base, 'outside'), { recursive: true });
  writeFileSync(join(base, 'secret.csv'), `id,value\n1,${SECRET}\n`);
  writeFileSync(join(root, 'in', 'ok.csv'), 'id,value\n1,fine\n');
  symlinkSync(join(base, 'secret.csv'), join(root, 'in', 'link.csv'));
  symlinkSync(join(base, 'outside'), join(root, 'escape'));
  const csv = { columnDelimiter: ',', firstRowAsHeader: true, quoteChar: '"', escapeChar: '"' };
  const ls = { referenceName: 'Jail', type: 'LinkedServiceReference' };
  const loc = (folder: string, file: string) => ({ type: 'LocalFileSystemLocation', folderPath: { value: `@dataset().${folder}`, type: 'Expression' }, fileName: { value: `@dataset().${file}`, type: 'Expression' } });
  await putAll(engine, {
    linkedServices: [{ name: 'Jail', properties: { type: 'LocalFileSystem', typeProperties: { rootPath: root } } }],
    datasets: [
      { name: 'Src', properties: { type: 'DelimitedText', linkedServiceName: ls, parameters: { folder: { type: 'String' }, file: { type: 'String' } }, typeProperties: { location: loc('folder', 'file'), ...csv } } },
      { name: 'Dst', properties: { type: 'DelimitedText', linkedServiceName: ls, parameters: { folder: { type: 'String' }, file: { type: 'String' } }, typeProperties: { location: loc('folder', 'file'), ...csv } } },
    ],
    pipelines: [
      pipeline('Grab', [act('Copy', 'Copy', { source: { type: 'DelimitedTextSource' }, sink: { type: 'DelimitedTextSink' } }, {
        inputs: [{ referenceName: 'Src', type: 'DatasetReference', parameters: { folder: '@pipeline().parameters.folder', file: '@pipeline().parameters.file' } }],
        outputs: [{ referenceName: 'Dst', type: 'DatasetReference', parameters: { folder: '@pipeline().parameters.outFolder', file: '@pipeline().parameters.outFile' } }],
      })], { parameters: { folder: { type: 'String' }, file: { type: 'String' }, outFolder: { type: 'String', defaultValue: 'out' }, outFile: { type: 'String', defaultValue: 'copy.csv' } } }),
      pipeline('Peek', [act('Read', 'Lookup', { source: { type: 'DelimitedTextSource' }, dataset: { referenceName: 'Src', type: 'DatasetReference', parameters: { folder: '@pipeline().parameters.folder', file: '@pipeline().parameters.file' } }, firstRowOnly: false })],
        { parameters: { folder: { type: 'String' }, file: { type: 'String' } } }),
    ],
  });
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const hostileSources: Array<[string, string]> = [
  ['in', '../../secret.csv'],
  ['..', 'secret.csv'],
  ['in/../..', 'secret.csv'],
  ['%2e%2e', 'secret.csv'],
  ['in', '..%2f..%2fsecret.csv'],
  ['in', '%2E%2E%2F%2E%2E%2Fsecret.csv'],
  ['', '/etc/passwd'],
  ['/', 'etc/passwd'],
  ['in', 'link.csv'],
  ['escape', 'anything.csv'],
  ['in\\..\\..', 'secret.csv'],
];

describe('LocalFileSystem stays inside its root', () => {
  it('a legitimate copy inside the root works (the test can fail)', async () => {
    const { status } = await runPipeline(engine, 'Grab', { folder: 'in', file: 'ok.csv' });
    expect(status).toBe('Succeeded');
    expect(existsSync(join(root, 'out', 'copy.csv'))).toBe(true);
  });

  it.each(hostileSources)('Copy refuses to read folder %j file %j with PATH_OUTSIDE_ROOT and leaks nothing', async (folder, file) => {
    const { status, byName } = await runPipeline(engine, 'Grab', { folder, file, outFile: 'stolen.csv' });
    expect(status).toBe('Failed');
    expect(byName.Copy?.error?.errorCode).toBe('PATH_OUTSIDE_ROOT');
    expect(JSON.stringify(byName)).not.toContain(SECRET);
    expect(existsSync(join(root, 'out', 'stolen.csv'))).toBe(false);
  });

  it.each(hostileSources)('Lookup refuses to read folder %j file %j', async (folder, file) => {
    const { status, byName } = await runPipeline(engine, 'Peek', { folder, file });
    expect(status).toBe('Failed');
    expect(byName.Read?.error?.errorCode).toBe('PATH_OUTSIDE_ROOT');
    expect(JSON.stringify(byName)).not.toContain(SECRET);
  });

  it.each([
    ['..', 'evil.csv'],
    ['out/../../outside', 'evil.csv'],
    ['%2e%2e/outside', 'evil.csv'],
    ['out', '../../outside/evil.csv'],
    ['escape', 'evil.csv'],
    ['/tmp', 'evil.csv'],
  ])('Copy refuses to write folder %j file %j outside the root', async (outFolder, outFile) => {
    const { status, byName } = await runPipeline(engine, 'Grab', { folder: 'in', file: 'ok.csv', outFolder, outFile });
    expect(status).toBe('Failed');
    expect(byName.Copy?.error?.errorCode).toBe('PATH_OUTSIDE_ROOT');
    expect(readdirSync(join(base, 'outside'))).toEqual([]);
    expect(existsSync(join(base, 'evil.csv'))).toBe(false);
    expect(existsSync('/tmp/evil.csv')).toBe(false);
  });
});
