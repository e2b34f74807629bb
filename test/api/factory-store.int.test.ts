import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FactoryStore, SecretCipher } from '@sluice/engine/runtime';
import { testEngine } from '../helpers/engine.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
const setup = (): ReturnType<typeof testEngine> => {
  const t = testEngine({ secretKey: 'store test key' });
  cleanups.push(t.cleanup);
  return t;
};
const doc = (name: string, value: unknown): { name: string; properties: Record<string, unknown> } => ({ name, properties: { activities: [], description: String(value) } });

describe('FactoryStore: etags and versions', () => {
  it('lets exactly one of many concurrent saves with the same If-Match win', async () => {
    const { engine } = setup();
    const { etag } = await engine.factory.put('pipeline', doc('Hot', 0));
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => engine.factory.put('pipeline', doc('Hot', i + 1), { ifMatch: etag })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(19).fill('PRECONDITION_FAILED'));
    expect((await engine.factory.versions('pipeline', 'Hot')).map((v) => v.version)).toEqual([1, 2]);
  });

  it('records saves, deletes, restores and imports; keeps the newest versions only', async () => {
    const { engine } = setup();
    const store = new FactoryStore(engine.redis, engine.keys, { versionsKept: 3 });
    for (let i = 1; i <= 5; i++) await store.put('pipeline', doc('Kept', i), { by: 'key_1' });
    expect((await store.versions('pipeline', 'kept')).map((v) => [v.version, v.by])).toEqual([[3, 'key_1'], [4, 'key_1'], [5, 'key_1']]);
    await expect(store.version('pipeline', 'Kept', 2)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
    expect(await store.delete('pipeline', 'Kept')).toBe(true);
    expect(await store.find('pipeline', 'Kept')).toBeUndefined();
    expect((await store.versions('pipeline', 'Kept')).at(-1)).toMatchObject({ version: 6, operation: 'delete', etag: null });
    await expect(store.restore('pipeline', 'Kept', 6)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
    const restored = await store.restore('pipeline', 'Kept', 4);
    expect(restored).toMatchObject({ version: 7, created: true });
    expect((await store.get('pipeline', 'Kept')).properties.description).toBe('4');
    await expect(store.put('pipeline', doc('Kept', 8), { ifNoneMatch: '*' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(store.put('pipeline', doc('Absent', 1), { ifMatch: '*' })).rejects.toMatchObject({ code: 'PIPELINE_NOT_FOUND' });
    await expect(store.delete('pipeline', 'Kept', { ifMatch: '1-0000' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(await store.importDocuments([{ kind: 'pipeline', doc: doc('Imported', 1) }])).toBe(1);
    expect((await store.versions('pipeline', 'Imported'))[0]).toMatchObject({ version: 1, operation: 'import' });
  });

  it('gives a resource stored before versions existed an etag, and saves over it', async () => {
    const { engine } = setup();
    await engine.redis.hset(engine.keys.factory('dataflow'), 'old', JSON.stringify({ name: 'Old', properties: { type: 'MappingDataFlow' } }));
    expect((await engine.factory.findWithEtag('dataflow', 'Old'))?.etag).toBe('0');
    expect((await engine.factory.put('dataflow', { name: 'Old', properties: { type: 'MappingDataFlow', description: 'x' } }, { ifMatch: '0' })).created).toBe(false);
  });

  it('seals secrets at rest, opens them for activities only, and exports the mask', async () => {
    const { engine } = setup();
    await engine.factory.put('linkedService', { name: 'Db', properties: { type: 'PostgreSqlV2', typeProperties: { server: 'h', database: 'd', password: { type: 'SecureString', value: 'hunter2' } } } });
    const raw = await engine.redis.hget(engine.keys.factory('linkedService'), 'db');
    expect(raw).not.toContain('hunter2');
    expect(JSON.stringify(await engine.redis.hgetall(`${engine.keys.factory('linkedService')}:versions:db`))).not.toContain('hunter2');
    expect((await engine.factory.resolveLinkedService({ referenceName: 'Db' })).typeProperties.password).toBe('hunter2');
    const dir = mkdtempSync(join(tmpdir(), 'sluice-export-secrets-'));
    try {
      await engine.factory.exportFolder(dir);
      const exported = readFileSync(join(dir, 'linkedService', 'Db.json'), 'utf8');
      expect(JSON.parse(exported).properties.typeProperties.password).toEqual({ type: 'SecureString', value: '**********' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // A process without the key cannot read the secret, and says why; one with another key neither.
    const keyless = new FactoryStore(engine.redis, engine.keys);
    await expect(keyless.resolveLinkedService({ referenceName: 'Db' })).rejects.toMatchObject({ code: 'SECRET_KEY_MISSING' });
    const wrong = new FactoryStore(engine.redis, engine.keys, { cipher: new SecretCipher('another key') });
    await expect(wrong.resolveLinkedService({ referenceName: 'Db' })).rejects.toMatchObject({ code: 'SECRET_UNREADABLE' });
  });
});
