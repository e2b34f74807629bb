import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatasetStore, openFileStore } from '../../packages/activities/src/connectors/store-factory.js';
import { testLinkedService } from '../../packages/activities/src/connectors/operations.js';
import type { FileStore } from '../../packages/activities/src/connectors/contract.js';

async function drain<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('local file store (real disk)', () => {
  let root: string;
  let store: FileStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sluice-store-'));
    store = openFileStore({ name: 'Lake', type: 'LocalFileSystem', typeProperties: { rootPath: root } });
  });
  afterEach(async () => {
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  it('stages a write in a hidden temp file and publishes it only on commit', async () => {
    const staged = await store.write('out/2024/data.csv');
    staged.stream.write('a,b\n');
    const during = await readdir(join(root, 'out', '2024'));
    expect(during).toHaveLength(1);
    expect(during[0]).toMatch(/^\.data\.csv\.sluice-[0-9a-f]+\.tmp$/);
    expect(await store.stat('out/2024/data.csv')).toBeUndefined();
    expect(await drain(store.list('out/2024'))).toEqual([]); // the temp file is not listed
    staged.stream.end('1,2\n');
    expect(await staged.commit()).toEqual({ bytesWritten: 8 });
    expect(await readFile(join(root, 'out', '2024', 'data.csv'), 'utf8')).toBe('a,b\n1,2\n');
    expect(await readdir(join(root, 'out', '2024'))).toEqual(['data.csv']);
    await staged.abort(); // after commit: nothing to undo
    expect(await readFile(join(root, 'out', '2024', 'data.csv'), 'utf8')).toBe('a,b\n1,2\n');
  });

  it('abort leaves nothing behind and keeps the previous version of the file', async () => {
    await writeFile(join(root, 'keep.csv'), 'old');
    const staged = await store.write('keep.csv');
    await pipeline(Readable.from(['new ', 'content']), staged.stream);
    await staged.abort();
    expect(await readdir(root)).toEqual(['keep.csv']);
    expect(await readFile(join(root, 'keep.csv'), 'utf8')).toBe('old');
  });

  it('an aborted signal aborts the staged write', async () => {
    const controller = new AbortController();
    const staged = await store.write('x.csv', controller.signal);
    staged.stream.write('partial');
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(staged.commit()).rejects.toThrow();
    expect(await readdir(root)).toEqual([]);
  });

  it('lists with ADF wildcards, recursively, and with folders', async () => {
    await mkdir(join(root, 'in', '2024', '01'), { recursive: true });
    await writeFile(join(root, 'in', 'a.csv'), 'aa');
    await writeFile(join(root, 'in', 'b.json'), 'b');
    await writeFile(join(root, 'in', '2024', 'c.csv'), 'ccc');
    await writeFile(join(root, 'in', '2024', '01', 'd.csv'), 'd');
    await writeFile(join(root, 'in', '2024', '01', 'day1.csv'), 'd');
    const flat = await drain(store.list('in', { pattern: '*.csv' }));
    expect(flat.map((e) => [e.path, e.name, e.type, e.size])).toEqual([['in/a.csv', 'a.csv', 'file', 2]]);
    expect(flat[0]?.lastModified).toBeInstanceOf(Date);
    const deep = await drain(store.list('in', { pattern: '*.csv', recursive: true }));
    expect(deep.map((e) => e.path).sort()).toEqual(['in/2024/01/d.csv', 'in/2024/01/day1.csv', 'in/2024/c.csv', 'in/a.csv']);
    expect((await drain(store.list('in', { pattern: 'd?.csv', recursive: true }))).map((e) => e.path)).toEqual(['in/2024/01/d.csv']);
    const withFolders = await drain(store.list('in', { includeFolders: true }));
    expect(withFolders.map((e) => `${e.type}:${e.path}`)).toEqual(['folder:in/2024', 'file:in/a.csv', 'file:in/b.json']);
    expect(await drain(store.list('missing'))).toEqual([]);
  });

  it('stats files and folders, reads, copies locally and puts files atomically', async () => {
    await mkdir(join(root, 'in'));
    await writeFile(join(root, 'in', 'a.csv'), 'hello');
    expect(await store.stat('in/a.csv')).toMatchObject({ path: 'in/a.csv', name: 'a.csv', type: 'file', size: 5 });
    expect(await store.stat('in')).toMatchObject({ path: 'in', type: 'folder', size: 0 });
    expect(await store.stat('')).toMatchObject({ path: '', type: 'folder' });
    expect(await store.stat('nope.csv')).toBeUndefined();
    expect(Buffer.concat(await (await store.read('in/a.csv')).toArray()).toString()).toBe('hello');
    expect(await codeOf(store.read('nope.csv'))).toBe('FILE_NOT_FOUND');
    expect(await codeOf(store.read('in'))).toBe('FILE_NOT_FOUND');
    expect(await store.localCopy('in/a.csv', '/unused')).toBe(join(root, 'in', 'a.csv'));
    const source = join(root, 'in', 'a.csv');
    expect(await store.putFile(source, 'copies/deep/b.csv')).toEqual({ bytesWritten: 5 });
    expect(await readFile(join(root, 'copies', 'deep', 'b.csv'), 'utf8')).toBe('hello');
    expect(await readdir(join(root, 'copies', 'deep'))).toEqual(['b.csv']);
  });

  it('deletes files, folder contents and whole folders; missing is not an error', async () => {
    await mkdir(join(root, 'd', 'sub'), { recursive: true });
    await writeFile(join(root, 'd', 'one.csv'), '1');
    await writeFile(join(root, 'd', 'sub', 'two.csv'), '2');
    await store.delete('nothing-here.csv');
    await store.delete('d'); // not recursive: the files directly in it
    expect(await readdir(join(root, 'd'))).toEqual(['sub']);
    await store.delete('d', { recursive: true });
    expect(await readdir(root)).toEqual([]);
  });

  it('opens FileServer (host = a local folder) and a dataset location', async () => {
    await mkdir(join(root, 'in'));
    await writeFile(join(root, 'in', 'a.csv'), 'x');
    const fileServer = openFileStore({ name: 'Share', type: 'FileServer', typeProperties: { host: root, userId: 'u', password: 'p' } });
    expect(await fileServer.stat('in/a.csv')).toMatchObject({ type: 'file', size: 1 });
    const { store: ds, location } = openDatasetStore({
      name: 'Csv',
      type: 'DelimitedText',
      typeProperties: { location: { type: 'LocalFileSystemLocation', folderPath: 'in', fileName: 'a.csv' } },
      linkedService: { name: 'Lake', type: 'LocalFileSystem', typeProperties: { rootPath: root } },
    });
    expect(location.path).toBe('in/a.csv');
    expect(await ds.stat(location.path)).toMatchObject({ size: 1 });
  });

  it('tests the connection', async () => {
    const result = await testLinkedService({ name: 'Lake', type: 'LocalFileSystem', typeProperties: { rootPath: root } }, new AbortController().signal);
    expect(result.ok).toBe(true);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(await codeOf(testLinkedService({ name: 'Lake', type: 'LocalFileSystem', typeProperties: { rootPath: join(root, 'gone') } }, new AbortController().signal))).toBe('STORE_NOT_FOUND');
    expect(await codeOf(testLinkedService({ name: 'X', type: 'Nope', typeProperties: {} }, new AbortController().signal))).toBe('UNSUPPORTED_LINKED_SERVICE_TYPE');
  });
});
