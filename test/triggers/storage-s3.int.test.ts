import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { startTriggers } from '@sluice/api';
import { TriggerAdmin } from '@sluice/engine/runtime';
import { act, pipeline, testEngine, until } from '../helpers/engine.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { trigger } from './helpers.js';

let s3: TestS3;
beforeAll(async () => { s3 = await startS3(); });
afterAll(() => s3.close());
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!().catch(() => undefined);
});

describe('storage event triggers on S3 (wired by the API)', () => {
  it('fires for objects created and deleted under the bucket prefix, with folderPath = bucket/folder', async () => {
    const bucket = await s3.createBucket();
    closers.push(() => s3.deleteBucket(bucket));
    const t = testEngine();
    closers.push(t.cleanup);
    const engine = t.engine;
    const ls = s3.linkedService('Lake');
    await engine.factory.put('linkedService', { name: 'Lake', properties: { type: ls.type, typeProperties: ls.typeProperties } });
    await engine.factory.put('pipeline', pipeline('Ingest', [act('Echo', 'TestEcho', { value: 1 })], { parameters: { folder: { type: 'String' }, file: { type: 'String' } } }));
    await engine.factory.put('trigger', trigger('OnObject', 'BlobEventsTrigger', {
      blobPathBeginsWith: `/${bucket}/blobs/in/`, blobPathEndsWith: '.json',
      events: ['Microsoft.Storage.BlobCreated', 'Microsoft.Storage.BlobDeleted'],
      linkedServiceName: { referenceName: 'Lake', type: 'LinkedServiceReference' },
    }, [{ name: 'Ingest', parameters: { folder: '@triggerBody().folderPath', file: '@triggerBody().fileName' } }]));
    const admin = new TriggerAdmin(engine);
    await admin.start('OnObject');
    await s3.putObject(bucket, 'in/old.json', '{}');
    const service = await startTriggers({ engine, pollMs: 100, reloadMs: 60_000 });
    closers.push(() => service.close());
    await until(async () => ((await engine.redis.hget(engine.keys.trigger('OnObject', 'meta'), 'snapshotAt')) ? true : undefined));
    await s3.putObject(bucket, 'in/2024/a.json', '{"a":1}');
    await s3.putObject(bucket, 'in/b.csv', 'x');
    await s3.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'in/old.json' }));
    const runs = await until(async () => {
      const r = await admin.runs('OnObject');
      return r.length >= 2 ? r : undefined;
    });
    const seen = await Promise.all(runs.map(async (r) => {
      const run = await engine.getRun(r.triggeredPipelines.Ingest!);
      return `${String(r.properties.eventType).split('.').pop()} ${run.parameters.folder}/${run.parameters.file}`;
    }));
    expect(seen.sort()).toEqual([`BlobCreated ${bucket}/in/2024/a.json`, `BlobDeleted ${bucket}/in/old.json`]);
  });
});
