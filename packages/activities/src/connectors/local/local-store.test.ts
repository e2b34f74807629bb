import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFileStore } from './local-store.js';

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

async function drain<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('LocalFileStore keeps every path inside its root', () => {
  let base: string;
  let root: string;
  let store: LocalFileStore;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'sluice-local-'));
    root = join(base, 'root');
    await mkdir(join(root, 'in'), { recursive: true });
    await writeFile(join(base, 'secret.txt'), 'top secret');
    await mkdir(join(base, 'outside'));
    await writeFile(join(base, 'outside', 'x.csv'), 'x');
    await writeFile(join(root, 'in', 'a.csv'), 'a');
    await symlink(join(base, 'secret.txt'), join(root, 'in', 'link-out.txt'));
    await symlink(join(base, 'outside'), join(root, 'dir-out'));
    await symlink(join(root, 'in', 'a.csv'), join(root, 'in', 'link-in.csv'));
    store = new LocalFileStore({ name: 'Lake', kind: 'LocalFileSystem', root });
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it.each(['../secret.txt', 'in/../../secret.txt', '/etc/passwd', '%2e%2e/secret.txt', 'in/%2e%2e%2f%2e%2e%2fsecret.txt'])('refuses to read %j', async (path) => {
    expect(await codeOf(store.read(path))).toBe('PATH_OUTSIDE_ROOT');
    expect(await codeOf(store.stat(path))).toBe('PATH_OUTSIDE_ROOT');
  });

  it('refuses a symlink to a file outside the root, for every operation', async () => {
    expect(await codeOf(store.read('in/link-out.txt'))).toBe('PATH_OUTSIDE_ROOT');
    expect(await codeOf(store.stat('in/link-out.txt'))).toBe('PATH_OUTSIDE_ROOT');
    expect(await codeOf(store.localCopy('in/link-out.txt', base))).toBe('PATH_OUTSIDE_ROOT');
  });

  it('refuses to read, write or delete through a symlinked folder that points outside', async () => {
    expect(await codeOf(store.read('dir-out/x.csv'))).toBe('PATH_OUTSIDE_ROOT');
    expect(await codeOf(store.write('dir-out/new.csv'))).toBe('PATH_OUTSIDE_ROOT');
    expect(await codeOf(store.write('dir-out/sub/new.csv'))).toBe('PATH_OUTSIDE_ROOT');
    expect(await codeOf(store.putFile(join(root, 'in', 'a.csv'), 'dir-out/copy.csv'))).toBe('PATH_OUTSIDE_ROOT');
    expect(await codeOf(store.delete('dir-out/x.csv'))).toBe('PATH_OUTSIDE_ROOT');
    expect(await codeOf(drain(store.list('dir-out')))).toBe('PATH_OUTSIDE_ROOT');
    expect(await readFile(join(base, 'outside', 'x.csv'), 'utf8')).toBe('x');
  });

  it('does not name the root folder in the message', async () => {
    const error = await store.read('../secret.txt').catch((e: Error) => e);
    expect(String((error as Error).message)).not.toContain(base);
    expect((error as Error).message).toContain('../secret.txt');
  });

  it('follows symlinks that stay inside, and hides the ones that leave from listings', async () => {
    expect(await (await store.read('in/link-in.csv')).toArray()).toEqual([Buffer.from('a')]);
    const names = (await drain(store.list('', { recursive: true, includeFolders: true }))).map((e) => e.path);
    expect(names).toEqual(['in', 'in/a.csv', 'in/link-in.csv']);
  });

  it('deleting a link inside the root removes the link, not its target', async () => {
    await store.delete('in/link-in.csv');
    expect(await store.stat('in/link-in.csv')).toBeUndefined();
    expect(await readFile(join(root, 'in', 'a.csv'), 'utf8')).toBe('a');
  });

  it('reports a missing root as STORE_NOT_FOUND and a relative root as LINKED_SERVICE_INVALID', async () => {
    const missing = new LocalFileStore({ name: 'Gone', kind: 'LocalFileSystem', root: join(base, 'nope') });
    expect(await codeOf(missing.testConnection())).toBe('STORE_NOT_FOUND');
    expect(() => new LocalFileStore({ name: 'Rel', kind: 'LocalFileSystem', root: 'data' })).toThrow(expect.objectContaining({ code: 'LINKED_SERVICE_INVALID' }));
  });
});
