import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedDataset, ResolvedLinkedService } from '@sluice/engine';
import { previewDataset, testLinkedService } from '../../packages/activities/src/connectors/operations.js';
import { openTableStore } from '../../packages/activities/src/connectors/table-store-factory.js';
import { startS3, type TestS3 } from '../helpers/s3.js';

const signal = () => new AbortController().signal;

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('previewDataset and testLinkedService across stores and formats', () => {
  let root: string;
  let s3: TestS3;
  const lake: () => ResolvedLinkedService = () => ({ name: 'Lake', type: 'LocalFileSystem', typeProperties: { rootPath: root } });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sluice-preview-test-'));
    s3 = await startS3();
    await mkdir(join(root, 'in'));
    await writeFile(join(root, 'in', 'b.csv'), 'id,name\n3,c\n');
    await writeFile(join(root, 'in', 'a.csv'), 'id,name\n1,a\n2,b\n');
    await writeFile(join(root, 'in', 'notes.txt'), 'not csv');
  });
  afterAll(async () => {
    await s3?.close();
    await rm(root, { recursive: true, force: true });
  });

  const csv = (location: Record<string, unknown>, extra: Partial<ResolvedDataset> = {}): ResolvedDataset => ({
    name: 'Csv',
    type: 'DelimitedText',
    typeProperties: { location: { type: 'LocalFileSystemLocation', ...location }, columnDelimiter: ',', firstRowAsHeader: true },
    linkedService: lake(),
    ...extra,
  });

  it('previews a CSV file on local disk, with the declared schema', async () => {
    const preview = await previewDataset(csv({ folderPath: 'in', fileName: 'a.csv' }, { schema: [{ name: 'id', type: 'Int32' }, { name: 'name', type: 'String' }] }), 10, signal());
    expect(preview.columns.map((c) => [c.name, c.type])).toEqual([['id', 'int32'], ['name', 'string']]);
    expect(preview.rows).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
  });

  it('previews the first matching file of a folder or wildcard, and caps the rows', async () => {
    const preview = await previewDataset(csv({ folderPath: 'in', fileName: '*.csv' }), 1, signal());
    expect(preview.rows).toHaveLength(1);
    expect(preview.columns.map((c) => c.name)).toEqual(['id', 'name']);
    expect(await codeOf(previewDataset(csv({ folderPath: 'in', fileName: '*.parquet' }), 5, signal()))).toBe('FILE_NOT_FOUND');
    expect(await codeOf(previewDataset(csv({ folderPath: '../outside', fileName: 'a.csv' }), 5, signal()))).toBe('PATH_OUTSIDE_ROOT');
  });

  it('previews a JSON Lines file on S3', async () => {
    const bucket = await s3.createBucket();
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'events/day.jsonl', Body: '{"e":"a","n":1}\n{"e":"b","n":2}\n{"e":"c","n":3}\n' }));
    const preview = await previewDataset(
      {
        name: 'Events',
        type: 'Json',
        typeProperties: { location: { type: 'AmazonS3CompatibleLocation', bucketName: bucket, folderPath: 'events', fileName: 'day.jsonl' }, filePattern: 'setOfObjects' },
        linkedService: s3.linkedService(),
      },
      2,
      signal(),
    );
    expect(preview.rows).toEqual([{ e: 'a', n: 1 }, { e: 'b', n: 2 }]);
    expect(preview.columns.map((c) => c.name)).toEqual(['e', 'n']);
    expect((await testLinkedService(s3.linkedService(), signal())).ok).toBe(true);
  });

  it('tests and previews a PostgreSQL table through the table store', async () => {
    const pg: ResolvedLinkedService = { name: 'Pg', type: 'PostgreSqlV2', typeProperties: { server: '127.0.0.1', port: 5432, database: 'test', username: 'postgres' } };
    expect((await testLinkedService(pg, signal())).ok).toBe(true);
    const schema = `preview_${randomUUID().slice(0, 8)}`;
    const store = openTableStore(pg);
    try {
      await store.execute(`CREATE SCHEMA ${schema}`);
      await store.execute(`CREATE TABLE ${schema}.items (id integer primary key, name text)`);
      await store.execute(`INSERT INTO ${schema}.items VALUES (1, 'a'), (2, 'b'), (3, 'c')`);
      const preview = await previewDataset({ name: 'Items', type: 'PostgreSqlV2Table', typeProperties: { schema, table: 'items' }, linkedService: pg }, 2, signal());
      expect(preview.rows).toHaveLength(2);
      expect(preview.columns.map((c) => c.name)).toEqual(['id', 'name']);
    } finally {
      await store.execute(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await store.close();
    }
    expect(await codeOf(testLinkedService({ ...pg, typeProperties: { ...pg.typeProperties, port: 9 } }, signal()))).toBe('STORE_UNAVAILABLE');
  });
});
