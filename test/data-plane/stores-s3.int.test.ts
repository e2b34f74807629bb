import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ListMultipartUploadsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatasetStore, openFileStore } from '../../packages/activities/src/connectors/store-factory.js';
import type { FileEntry } from '../../packages/activities/src/connectors/contract.js';
import { startS3, type TestS3 } from '../helpers/s3.js';

async function drain<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function codeOf(promise: Promise<unknown>): Promise<{ code?: string; message: string } | undefined> {
  try {
    await promise;
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  return undefined;
}

describe('S3 file store (s3rver)', () => {
  let s3: TestS3;
  let temp: string;

  beforeAll(async () => {
    s3 = await startS3();
    temp = await mkdtemp(join(tmpdir(), 'sluice-s3-test-'));
  });
  afterAll(async () => {
    await s3?.close();
    await rm(temp, { recursive: true, force: true });
  });

  const keys = (bucket: string) => s3.keys(bucket);

  it('writes through a staged upload: nothing visible until commit, then the exact bytes', async () => {
    const bucket = await s3.createBucket();
    const store = openFileStore(s3.linkedService(), { bucket });
    const staged = await store.write('out/2024/data.csv');
    staged.stream.write('a,b\n');
    staged.stream.end('1,2\n'); // ending the stream does not publish: commit does
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await keys(bucket)).toEqual([]);
    expect(await store.stat('out/2024/data.csv')).toBeUndefined();
    expect(await staged.commit()).toEqual({ bytesWritten: 8 });
    expect(await keys(bucket)).toEqual(['out/2024/data.csv']);
    expect(await s3.getText(bucket, 'out/2024/data.csv')).toBe('a,b\n1,2\n');
    await store.close();
  });

  it('streams a multipart upload (12 MiB) and reads it back identical', async () => {
    const bucket = await s3.createBucket();
    const store = openFileStore(s3.linkedService(), { bucket });
    const data = randomBytes(12 * 1024 * 1024);
    const staged = await store.write('big.bin');
    await pipeline(Readable.from((function* () { for (let i = 0; i < data.length; i += 256 * 1024) yield data.subarray(i, i + 256 * 1024); })()), staged.stream);
    expect(await keys(bucket)).toEqual([]);
    expect((await staged.commit()).bytesWritten).toBe(data.length);
    const back = Buffer.concat(await (await store.read('big.bin')).toArray());
    expect(back.equals(data)).toBe(true);
    expect(await store.stat('big.bin')).toMatchObject({ type: 'file', size: data.length });
    await store.close();
  });

  it('abort leaves nothing: no object, no pending multipart upload, the old version kept', async () => {
    const bucket = await s3.createBucket();
    const store = openFileStore(s3.linkedService(), { bucket });
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'keep.csv', Body: 'old' }));
    const small = await store.write('keep.csv');
    small.stream.end('new');
    await small.abort();
    const big = await store.write('big.bin');
    big.stream.write(randomBytes(11 * 1024 * 1024)); // more than one part: the multipart upload has started
    await new Promise((resolve) => setTimeout(resolve, 300));
    await big.abort();
    expect(await keys(bucket)).toEqual(['keep.csv']);
    expect(Buffer.concat(await (await store.read('keep.csv')).toArray()).toString()).toBe('old');
    const uploads = await s3.client.send(new ListMultipartUploadsCommand({ Bucket: bucket })).catch(() => ({ Uploads: [] }));
    expect(uploads.Uploads ?? []).toEqual([]);
    await store.close();
  });

  it('a cancelled signal aborts a staged upload and publishes nothing', async () => {
    const bucket = await s3.createBucket();
    const store = openFileStore(s3.linkedService(), { bucket });
    const controller = new AbortController();
    const staged = await store.write('cancelled.bin', controller.signal);
    staged.stream.write(randomBytes(6 * 1024 * 1024));
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort(new Error('run cancelled'));
    await expect(staged.commit()).rejects.toThrow();
    await staged.abort();
    expect(await keys(bucket)).toEqual([]);
    await store.close();
    await s3.deleteBucket(bucket);
  });

  it('lists with pagination (250 keys, 100 per page), wildcards, folders and recursion', async () => {
    const bucket = await s3.createBucket();
    const store = openFileStore(s3.linkedService(), { bucket, listPageSize: 100 });
    const names = Array.from({ length: 250 }, (_, i) => `in/part-${String(i).padStart(4, '0')}.csv`);
    for (let i = 0; i < names.length; i += 25) {
      await Promise.all(names.slice(i, i + 25).map((Key) => s3.client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'x' }))));
    }
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'in/readme.txt', Body: 'r' }));
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'in/2024/01/deep.csv', Body: 'deep' }));
    // s3rver reports a common prefix only when a key sits directly in it (a bug of its file store), so one does.
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'in/2024/top.csv', Body: 'top' }));
    const all = await drain(store.list('in', { pattern: '*.csv' }));
    expect(all.map((e) => e.path)).toEqual(names);
    expect(all[0]).toMatchObject({ name: 'part-0000.csv', type: 'file', size: 1 });
    expect(all[0]?.lastModified).toBeInstanceOf(Date);
    expect((await drain(store.list('in', { pattern: 'part-00?0.csv' }))).length).toBe(10); // part-0000 … part-0090
    const withFolders = await drain(store.list('in', { includeFolders: true, pattern: '2024' }));
    expect(withFolders).toEqual([{ path: 'in/2024', name: '2024', type: 'folder', size: 0 }]);
    const deep = await drain(store.list('in', { recursive: true, pattern: 'deep*', includeFolders: true }));
    expect(deep.map((e: FileEntry) => `${e.type}:${e.path}`)).toEqual(['file:in/2024/01/deep.csv']);
    const deepFolders = await drain(store.list('in/2024', { recursive: true, includeFolders: true }));
    expect(deepFolders.map((e: FileEntry) => `${e.type}:${e.path}`)).toEqual(['folder:in/2024/01', 'file:in/2024/01/deep.csv', 'file:in/2024/top.csv']);
    expect(await store.stat('in/2024')).toMatchObject({ type: 'folder' });
    expect(await store.stat('in/20')).toBeUndefined();
    // recursive delete in batches, through the paged listing
    await store.delete('in', { recursive: true });
    expect(await keys(bucket)).toEqual([]);
    await store.close();
  });

  it('puts a local file, copies an object to a local file, deletes files and folder contents', async () => {
    const bucket = await s3.createBucket();
    const store = openFileStore(s3.linkedService(), { bucket });
    const local = join(temp, 'up.txt');
    await writeFile(local, 'uploaded');
    expect(await store.putFile(local, 'd/up.txt')).toEqual({ bytesWritten: 8 });
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'd/sub/x.txt', Body: 'x' }));
    const copy = await store.localCopy('d/up.txt', join(temp, 'copies'));
    expect(await readFile(copy, 'utf8')).toBe('uploaded');
    await store.delete('missing.txt');
    await store.delete('d'); // not recursive: only the objects directly in d/
    expect(await keys(bucket)).toEqual(['d/sub/x.txt']);
    await store.delete('d/sub/x.txt');
    expect(await keys(bucket)).toEqual([]);
    await store.close();
  });

  it('maps errors to codes: missing object, missing bucket, wrong access key, unreachable endpoint', async () => {
    const bucket = await s3.createBucket();
    const store = openFileStore(s3.linkedService(), { bucket });
    expect((await codeOf(store.read('nope.csv')))?.code).toBe('FILE_NOT_FOUND');
    expect(await store.stat('nope.csv')).toBeUndefined();
    const noBucket = openFileStore(s3.linkedService(), { bucket: 'no-such-bucket-x1' });
    expect((await codeOf(noBucket.read('a.csv')))?.code).toBe('STORE_NOT_FOUND');
    expect((await codeOf(noBucket.testConnection()))?.code).toBe('STORE_NOT_FOUND');
    expect((await codeOf(drain(noBucket.list(''))))?.code).toBe('STORE_NOT_FOUND');
    const staged = await noBucket.write('a.csv');
    staged.stream.end('x');
    expect((await codeOf(staged.commit()))?.code).toBe('STORE_NOT_FOUND');

    const secret = 'WRONG-SECRET-1234567890';
    const badKey = openFileStore(s3.linkedService('BadKey', { accessKeyId: 'NOT-A-KEY', secretAccessKey: secret }), { bucket });
    for (const failure of [await codeOf(badKey.testConnection()), await codeOf(drain(badKey.list(''))), await codeOf(badKey.read('a.csv'))]) {
      expect(failure?.code).toBe('STORE_AUTH_FAILED');
      expect(failure?.message).not.toContain(secret);
      expect(failure?.message).toContain('BadKey');
    }
    // s3rver does not verify V4 signatures: a wrong secret with the right key ID is accepted (real S3 answers SignatureDoesNotMatch).
    const wrongSecret = openFileStore(s3.linkedService('WrongSecret', { secretAccessKey: secret }), { bucket });
    await expect(wrongSecret.testConnection()).resolves.toBeUndefined();

    const down = openFileStore(s3.linkedService('Down', { serviceUrl: 'http://127.0.0.1:9' }), { bucket });
    expect((await codeOf(down.stat('a.csv')))?.code).toBe('STORE_UNAVAILABLE');
    for (const s of [store, noBucket, badKey, wrongSecret, down]) await s.close();
  });

  it('without a bucket, the first path segment is the bucket; datasets give the bucket', async () => {
    const bucket = await s3.createBucket();
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'in/a.csv', Body: 'abc' }));
    const account = openFileStore(s3.linkedService());
    await account.testConnection();
    expect(await account.stat(`${bucket}/in/a.csv`)).toMatchObject({ path: `${bucket}/in/a.csv`, size: 3 });
    expect((await drain(account.list('', { includeFolders: true }))).map((e) => e.path)).toContain(bucket);
    expect((await drain(account.list(`${bucket}/in`))).map((e) => e.path)).toEqual([`${bucket}/in/a.csv`]);
    const { store, location } = openDatasetStore({
      name: 'Csv',
      type: 'DelimitedText',
      typeProperties: { location: { type: 'AmazonS3CompatibleLocation', bucketName: bucket, folderPath: 'in', fileName: 'a.csv' } },
      linkedService: s3.linkedService(),
    });
    expect(store.display).toBe(`s3://${bucket}`);
    expect(Buffer.concat(await (await store.read(location.path)).toArray()).toString()).toBe('abc');
    expect((await codeOf(store.read('../x')))?.code).toBe('PATH_OUTSIDE_ROOT');
    await account.close();
    await store.close();
  });
});
