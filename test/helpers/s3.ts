/**
 * A real S3-protocol server for tests: s3rver, started in this process on a random port with its
 * data in a fresh temporary folder, and an `@aws-sdk/client-s3` client already configured the way
 * S3-compatible servers need (path-style addressing, checksums only when required). Reuse it in any
 * test that needs S3; close it in `afterAll`.
 *
 * @example
 * import { startS3 } from '../helpers/s3.js';
 * let s3: TestS3;
 * beforeAll(async () => { s3 = await startS3(); });
 * afterAll(() => s3.close());
 * it('…', async () => {
 *   const bucket = await s3.createBucket();                  // a fresh bucket, random name
 *   const ls = s3.linkedService();                            // an AmazonS3Compatible ResolvedLinkedService
 *   await s3.putObject(bucket, 'in/a.csv', 'id\n1\n');           // or s3.client.send(new PutObjectCommand(…))
 *   expect(await s3.keys(bucket)).toEqual(['in/a.csv']);
 *   expect(await s3.getText(bucket, 'in/a.csv')).toBe('id\n1\n');
 *   await s3.deleteBucket(bucket);                           // tests clean up after themselves
 * });
 *
 * Known limits of s3rver (3.7), so a test does not trip on them:
 * - It checks that the access key ID exists (a wrong one → `InvalidAccessKeyId`), but it does NOT verify
 *   V4 signatures: a wrong secret access key is accepted.
 * - Truncated ListObjectsV2 pages fail with HTTP 500 under Node 20 without `--openssl-legacy-provider`
 *   (its continuation tokens use DES). Sluice's S3 store falls back to ListObjects V1 (markers); raw SDK
 *   calls in tests should keep listings under `MaxKeys` or use V1.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ResolvedLinkedService } from '@sluice/engine';

/** The account s3rver accepts (its built-in dummy account). */
export const S3RVER_ACCESS_KEY_ID = 'S3RVER';
export const S3RVER_SECRET_ACCESS_KEY = 'S3RVER';

/** The part of s3rver's API the helper uses (the package ships no types). */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  httpServer?: Server;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

/** A running test S3 server. */
export interface TestS3 {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** A client with the right settings (path style, checksums WHEN_REQUIRED). */
  readonly client: S3Client;
  /** Where s3rver keeps its files (removed by `close`). */
  readonly directory: string;
  /**
   * An AmazonS3Compatible linked service pointing at this server, as the engine would hand it to an
   * activity (secrets revealed). `typeProperties` overrides or adds settings (a wrong key, say).
   */
  linkedService(name?: string, typeProperties?: Record<string, unknown>): ResolvedLinkedService;
  /** Creates a bucket (a random `test-…` name unless given) and returns its name. */
  createBucket(name?: string): Promise<string>;
  /** Deletes every object of a bucket, then the bucket. */
  deleteBucket(name: string): Promise<void>;
  /** Writes an object (a string or bytes). */
  putObject(bucket: string, key: string, body: string | Uint8Array): Promise<void>;
  /** An object's content as UTF-8 text. */
  getText(bucket: string, key: string): Promise<string>;
  /** Every key of a bucket (or below a prefix), in order; pages with markers (V1), which s3rver handles. */
  keys(bucket: string, prefix?: string): Promise<string[]>;
  /** Stops the server, destroys the client and removes the data folder. */
  close(): Promise<void>;
}

/** Settings every client of an S3-compatible test server needs. */
export function testS3ClientConfig(endpoint: string, accessKeyId = S3RVER_ACCESS_KEY_ID, secretAccessKey = S3RVER_SECRET_ACCESS_KEY) {
  return {
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    // With the defaults a streamed PutObject was stored corrupted by s3rver, silently.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  } as const;
}

/** Starts s3rver on 127.0.0.1 and a random port, in a fresh temporary folder. */
export async function startS3(options: { buckets?: readonly string[] } = {}): Promise<TestS3> {
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;
  const directory = await mkdtemp(join(tmpdir(), 'sluice-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    resetOnClose: false,
    allowMismatchedSignatures: false,
    vhostBuckets: false,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client(testS3ClientConfig(endpoint));

  const keys = async (bucket: string, prefix?: string): Promise<string[]> => {
    const out: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await client.send(new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, Marker: marker }));
      const found = (page.Contents ?? []).map((o) => o.Key as string);
      out.push(...found);
      if (!page.IsTruncated || found.length === 0) return out;
      marker = found[found.length - 1];
    }
  };

  const deleteBucket = async (bucket: string): Promise<void> => {
    for (;;) {
      const out = await client.send(new ListObjectsCommand({ Bucket: bucket, MaxKeys: 1000 }));
      const keys = (out.Contents ?? []).map((o) => ({ Key: o.Key as string }));
      if (keys.length === 0) break;
      await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
    }
    await client.send(new DeleteBucketCommand({ Bucket: bucket }));
  };

  return {
    endpoint,
    region: 'us-east-1',
    accessKeyId: S3RVER_ACCESS_KEY_ID,
    secretAccessKey: S3RVER_SECRET_ACCESS_KEY,
    client,
    directory,
    linkedService(name = 'TestS3', typeProperties = {}) {
      return {
        name,
        type: 'AmazonS3Compatible',
        typeProperties: {
          serviceUrl: endpoint,
          accessKeyId: S3RVER_ACCESS_KEY_ID,
          secretAccessKey: S3RVER_SECRET_ACCESS_KEY,
          forcePathStyle: true,
          ...typeProperties,
        },
      };
    },
    async createBucket(name = `test-${randomUUID().slice(0, 12)}`) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
      return name;
    },
    deleteBucket,
    keys,
    async putObject(bucket, key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async getText(bucket, key) {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await out.Body?.transformToString('utf-8')) ?? '';
    },
    async close() {
      client.destroy();
      server.httpServer?.closeAllConnections();
      await server.close().catch(() => undefined);
      await rm(directory, { recursive: true, force: true });
    },
  };
}
