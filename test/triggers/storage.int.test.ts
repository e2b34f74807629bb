import { mkdtemp, mkdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TriggerAdmin } from '@sluice/engine/runtime';
import { act, pipeline, testEngine, until } from '../helpers/engine.js';
import { peerEngine, replicaDyingAfterClaim, service, trigger } from './helpers.js';

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

  // Bug 8 of docs/reliability.md: the claim used to be kept a day from the moment it was taken, so an event claimed by
  // a process that died before recording it was never fired (the next poller failed to claim it and moved on).
  it('an event claimed by a replica that dies before recording it is fired by the other replica, once', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sluice-storage-'));
    closers.push(() => rm(root, { recursive: true, force: true }));
    await mkdir(join(root, 'in'), { recursive: true });
    const t = testEngine();
    closers.push(t.cleanup);
    const engine = t.engine;
    await engine.factory.put('linkedService', { name: 'Landing', properties: { type: 'LocalFileSystem', typeProperties: { rootPath: root } } });
    await engine.factory.put('pipeline', pipeline('Ingest', [act('Echo', 'TestEcho', { value: '@pipeline().parameters.file' })], { parameters: { file: { type: 'String' } } }));
    await engine.factory.put('trigger', trigger('OnDrop', 'BlobEventsTrigger', {
      blobPathBeginsWith: '/landing/blobs/in/', events: ['Microsoft.Storage.BlobCreated'],
      linkedServiceName: { referenceName: 'Landing', type: 'LinkedServiceReference' },
    }, [{ name: 'Ingest', parameters: { file: "@concat(triggerBody().folderPath, '/', triggerBody().fileName)" } }]));
    const admin = new TriggerAdmin(engine);
    await admin.start('OnDrop');
    const snapshotAt = async (): Promise<number> => Number(await engine.redis.hget(engine.keys.trigger('OnDrop', 'meta'), 'snapshotAt'));

    // Replica A alone takes the first snapshot, then claims the new file's event and dies right after the claim.
    const a = replicaDyingAfterClaim(engine, ':fire:blob:');
    const sa = await service(a.engine, { pollMs: 50, claimMs: 1500 });
    closers.push(() => Promise.race([sa.service.close().then(() => a.engine.close()), new Promise<void>((r) => setTimeout(r, 2000))]));
    await until(async () => ((await snapshotAt()) ? true : undefined));
    a.arm();
    await writeFile(join(root, 'in', 'drop.csv'), 'a\n1\n');
    const claimPattern = `${engine.keys.trigger('OnDrop', 'fire:blob:')}*`;
    const claim = await until(async () => {
      for (const k of await engine.redis.keys(claimPattern)) if ((await engine.redis.get(k)) === sa.service.owner) return k;
      return undefined;
    });
    expect(a.engine.redis.status).toBe('end');
    expect(await admin.runs('OnDrop')).toEqual([]);

    // Replica B, on the same Redis and prefix, finds the event again once A's poll lease and claim lapse, and fires it.
    const peer = peerEngine(engine);
    closers.push(() => peer.close());
    const b = await service(peer, { pollMs: 50, claimMs: 1500 });
    closers.push(() => b.service.close());
    const fired = await until(async () => {
      const r = await admin.runs('OnDrop');
      return r.length ? r : undefined;
    }, 20_000);
    // Let B poll a few more rounds: nothing else may fire.
    const seen = Date.now();
    await until(async () => ((await snapshotAt()) > seen + 300 ? true : undefined));
    const runs = await admin.runs('OnDrop');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.triggerRunId).toBe(fired[0]!.triggerRunId);
    expect(runs[0]!.properties).toMatchObject({ eventType: 'Microsoft.Storage.BlobCreated', folderPath: 'in', fileName: 'drop.csv' });
    const { runs: started } = await engine.queries.listRuns({ pipelineName: 'Ingest', limit: 100 });
    expect(started.map((r) => r.parameters.file)).toEqual(['in/drop.csv']);
    expect(started[0]!.runId).toBe(runs[0]!.triggeredPipelines.Ingest);
    expect(await engine.redis.get(claim)).toBe('fired');
    expect(b.errors).toEqual([]);
  }, 30_000);
});
