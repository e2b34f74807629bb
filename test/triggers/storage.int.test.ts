import { mkdtemp, mkdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TriggerAdmin } from '@sluice/engine/runtime';
import { act, pipeline, testEngine, until } from '../helpers/engine.js';
import { peerEngine, service, trigger } from './helpers.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!().catch(() => undefined);
});

describe('storage event triggers on a local folder', () => {
  it('fires once per created or deleted file that passes the filters, with @triggerBody().folderPath and fileName', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sluice-storage-'));
    closers.push(() => rm(root, { recursive: true, force: true }));
    await mkdir(join(root, 'in', 'sub'), { recursive: true });
    await writeFile(join(root, 'in', 'before.csv'), 'a\n1\n'); // there before the trigger starts: no event
    const t = testEngine();
    closers.push(t.cleanup);
    const engine = t.engine;
    const peer = peerEngine(engine);
    closers.push(() => peer.close());
    await engine.factory.put('linkedService', { name: 'Landing', properties: { type: 'LocalFileSystem', typeProperties: { rootPath: root } } });
    await engine.factory.put('pipeline', pipeline('Ingest', [act('Echo', 'TestEcho', { value: '@pipeline().parameters.file' })], { parameters: { file: { type: 'String' }, event: { type: 'String' } } }));
    await engine.factory.put('trigger', trigger('OnCsv', 'BlobEventsTrigger', {
      blobPathBeginsWith: '/landing/blobs/in/', blobPathEndsWith: '.csv', ignoreEmptyBlobs: true,
      events: ['Microsoft.Storage.BlobCreated', 'Microsoft.Storage.BlobDeleted'],
      linkedServiceName: { referenceName: 'Landing', type: 'LinkedServiceReference' },
    }, [{ name: 'Ingest', parameters: { file: "@concat(triggerBody().folderPath, '/', triggerBody().fileName)", event: '@triggerBody().eventType' } }]));
    const admin = new TriggerAdmin(engine);
    await admin.start('OnCsv');
    const services = [await service(engine, { pollMs: 50 }), await service(peer, { pollMs: 50 })];
    for (const s of services) closers.push(() => s.service.close());
    await until(async () => ((await engine.redis.hget(engine.keys.trigger('OnCsv', 'meta'), 'snapshotAt')) ? true : undefined));

    await writeFile(join(root, 'in', 'sub', 'new.csv'), 'a\n2\n');
    await writeFile(join(root, 'in', 'empty.csv'), '');
    await writeFile(join(root, 'in', 'notes.txt'), 'x');
    await writeFile(join(root, 'out.csv'), 'x');
    await unlink(join(root, 'in', 'before.csv'));
    const runs = await until(async () => {
      const r = await admin.runs('OnCsv');
      return r.length >= 2 ? r : undefined;
    });
    // Let the pollers make a few more rounds after that: nothing else may fire.
    const seen = Date.now();
    await until(async () => (Number(await engine.redis.hget(engine.keys.trigger('OnCsv', 'meta'), 'snapshotAt')) > seen + 300 ? true : undefined));
    const settled = await admin.runs('OnCsv');
    expect(settled.length).toBe(runs.length);
    const byFile = Object.fromEntries(await Promise.all(settled.map(async (r) => {
      const run = await engine.getRun(r.triggeredPipelines.Ingest!);
      return [run.parameters.file, run.parameters.event] as const;
    })));
    expect(byFile).toEqual({
      'in/sub/new.csv': 'Microsoft.Storage.BlobCreated',
      'in/before.csv': 'Microsoft.Storage.BlobDeleted',
    });
    const created = settled.find((r) => r.properties.eventType === 'Microsoft.Storage.BlobCreated')!;
    expect(created.properties).toMatchObject({ folderPath: 'in/sub', fileName: 'new.csv', size: 4 });
  });
});
