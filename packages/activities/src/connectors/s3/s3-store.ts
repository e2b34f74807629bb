/**
 * An S3 bucket (AmazonS3, AmazonS3Compatible) as a {@link FileStore}. Reads stream from GetObject;
 * writes stream through `@aws-sdk/lib-storage`'s multipart Upload, and the last part is held back
 * until `commit`, so the object appears only when the caller publishes it (an aborted or failed write
 * leaves nothing: the multipart upload is aborted). Listings page through ListObjectsV2 (see
 * `s3-list.ts`) and skip Sluice's hidden staging names (`.<name>.sluice-<hex>.tmp`, files and folders);
 * recursive deletes use DeleteObjects in batches of 1,000. `move` is a server-side CopyObject then a delete
 * (a stream through this process above CopyObject's 5 GiB limit); S3 has no atomic folder rename.
 *
 * Without a bucket (a linked service used on its own, as by "test connection"), the first segment of
 * every path is the bucket, and listing the root lists the buckets.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, stat as statFile, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { SluiceError } from '@sluice/engine';
import type { FileEntry, FileStore, StagedFile } from '../contract.js';
import { throwIfAborted } from '../linked-service-settings.js';
import { baseName, isStagingName, normalizeStorePath } from '../paths.js';
import { wildcardMatcher } from '../wildcard.js';
import { isNotFound, mapS3Error, s3ErrorInfo, type S3ErrorContext } from './s3-errors.js';
import { listS3Pages } from './s3-list.js';

/** The largest object CopyObject copies in one request (5 GiB); larger ones are streamed through. */
const COPY_OBJECT_LIMIT = 5 * 1024 ** 3;

/** True when a key below a listed prefix goes through (or is) one of Sluice's hidden staging names. */
function hasStagingSegment(below: string): boolean {
  return below.split('/').some((segment) => segment !== '' && isStagingName(segment));
}

/**
 * A key as CopyObject's `x-amz-copy-source` wants it: URL-encoded, but with the path characters RFC 3986 allows
 * raw (`=`, `:`, `@`, `,`) left as they are — Hive partition folders (`day=2024-01-01`) are full of `=`, and some
 * S3-compatible servers (s3rver) decode the header with `decodeURI`, which leaves `%3D` encoded.
 */
function copySourceKey(key: string): string {
  return key.split('/').map((segment) => encodeURIComponent(segment).replace(/%(3D|3A|40|2C)/g, (escaped) => decodeURIComponent(escaped))).join('/');
}

/** Options of {@link S3FileStore}. */
export interface S3FileStoreOptions {
  /** The linked service's name, for messages. */
  readonly name: string;
  readonly kind: string;
  readonly client: S3Client;
  /** The bucket paths are relative to; undefined: the first path segment is the bucket. */
  readonly bucket?: string;
  /** Keys per list request (default 1,000, S3's maximum). */
  readonly listPageSize?: number;
  /** Multipart part size in bytes (default 8 MiB; S3's minimum is 5 MiB). */
  readonly partSize?: number;
  /** Parts uploaded in parallel (default 4): memory held is about partSize × (queueSize + 1). */
  readonly queueSize?: number;
}

/** A bucket and key. */
interface Located {
  readonly rel: string;
  readonly bucket: string | undefined;
  readonly key: string;
}

/** An S3 bucket as a file store. See the module comment for the guarantees. */
export class S3FileStore implements FileStore {
  readonly kind: string;
  /** S3 has no rename: a set of objects is published with markers (see `publication/`). */
  readonly atomicFolderMove = false;
  readonly display: string;
  private readonly name: string;
  private readonly client: S3Client;
  private readonly bucket: string | undefined;
  private readonly pageSize: number;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly listMode = { useV1: false };

  constructor(options: S3FileStoreOptions) {
    this.kind = options.kind;
    this.name = options.name;
    this.client = options.client;
    this.bucket = options.bucket;
    this.display = options.bucket ? `s3://${options.bucket}` : 's3://';
    this.pageSize = options.listPageSize ?? 1000;
    this.partSize = Math.max(options.partSize ?? 8 * 1024 * 1024, 5 * 1024 * 1024);
    this.queueSize = options.queueSize ?? 4;
  }

  private locate(path: string): Located {
    const rel = normalizeStorePath(path, this.name);
    if (this.bucket !== undefined) return { rel, bucket: this.bucket, key: rel };
    const slash = rel.indexOf('/');
    return slash < 0 ? { rel, bucket: rel || undefined, key: '' } : { rel, bucket: rel.slice(0, slash), key: rel.slice(slash + 1) };
  }

  /** The store path of a key in a bucket. */
  private storePath(bucket: string, key: string): string {
    const trimmed = key.endsWith('/') ? key.slice(0, -1) : key;
    return this.bucket !== undefined ? trimmed : trimmed ? `${bucket}/${trimmed}` : bucket;
  }

  private fail(error: unknown, operation: string, at: { bucket?: string | undefined; key?: string }, signal?: AbortSignal): Error {
    const context: S3ErrorContext = {
      store: this.name,
      operation,
      ...(at.bucket !== undefined ? { bucket: at.bucket } : {}),
      ...(at.key ? { key: at.key } : {}),
      ...(signal ? { signal } : {}),
    };
    return mapS3Error(error, context);
  }

  /** The bucket and key of a path that must name an object. */
  private objectAt(path: string): { bucket: string; key: string; rel: string } {
    const { rel, bucket, key } = this.locate(path);
    if (bucket === undefined || key === '') {
      throw new SluiceError('FILE_NOT_FOUND', `'${rel || '/'}' in S3 store '${this.name}' is a bucket or the root, not an object.`, { file: rel });
    }
    return { rel, bucket, key };
  }

  /** The listing pages under `prefix` (one level, or every level when `recursive`), at the store's page size. */
  private pages(bucket: string, prefix: string, recursive: boolean, signal?: AbortSignal): ReturnType<typeof listS3Pages> {
    return listS3Pages(this.client, {
      bucket, prefix, ...(recursive ? {} : { delimiter: '/' }), pageSize: this.pageSize, mode: this.listMode, ...(signal ? { signal } : {}),
    });
  }

  async *list(folder: string, options: { pattern?: string; recursive?: boolean; includeFolders?: boolean; signal?: AbortSignal } = {}): AsyncIterable<FileEntry> {
    const { bucket, key } = this.locate(folder);
    const signal = options.signal;
    if (bucket === undefined) {
      let buckets: string[];
      try {
        const out = await this.client.send(new ListBucketsCommand({}), { abortSignal: signal });
        buckets = (out.Buckets ?? []).map((b) => b.Name).filter((n): n is string => !!n);
      } catch (error) {
        throw this.fail(error, 'listing the buckets of', {}, signal);
      }
      const matches = wildcardMatcher(options.pattern);
      for (const name of buckets) {
        if (options.includeFolders && matches(name)) yield { path: name, name, type: 'folder', size: 0 };
        if (options.recursive) yield* this.list(name, options);
      }
      return;
    }
    const prefix = key ? `${key}/` : '';
    const matches = wildcardMatcher(options.pattern);
    const seenFolders = new Set<string>();
    const folderEntry = (folderKey: string): FileEntry | undefined => {
      const path = this.storePath(bucket, folderKey);
      if (seenFolders.has(path)) return undefined;
      seenFolders.add(path);
      const name = baseName(path);
      return matches(name) ? { path, name, type: 'folder', size: 0 } : undefined;
    };
    try {
      const pages = this.pages(bucket, prefix, options.recursive === true, signal);
      for await (const page of pages) {
        throwIfAborted(signal);
        if (options.includeFolders) {
          for (const p of page.prefixes) {
            if (hasStagingSegment(p.slice(prefix.length))) continue;
            const entry = folderEntry(p);
            if (entry) yield entry;
          }
        }
        for (const object of page.objects) {
          const below = object.key.slice(prefix.length);
          if (hasStagingSegment(below)) continue; // a publication's staged objects, or a killed one's leftovers
          if (options.includeFolders && options.recursive) {
            // Folders are implied by keys: yield each intermediate folder once, before its first file.
            const parts = below.split('/');
            for (let i = 1; i < parts.length; i++) {
              const entry = folderEntry(prefix + parts.slice(0, i).join('/'));
              if (entry) yield entry;
            }
          }
          if (below === '' || object.key.endsWith('/')) continue; // folder markers
          const path = this.storePath(bucket, object.key);
          const name = baseName(path);
          if (!matches(name)) continue;
          yield { path, name, type: 'file', size: object.size, ...(object.lastModified ? { lastModified: object.lastModified } : {}) };
        }
      }
    } catch (error) {
      throw this.fail(error, 'listing', { bucket, key }, signal);
    }
  }

  async stat(path: string, signal?: AbortSignal): Promise<FileEntry | undefined> {
    throwIfAborted(signal);
    const { rel, bucket, key } = this.locate(path);
    if (bucket === undefined) return { path: '', name: '', type: 'folder', size: 0 };
    if (key === '') {
      try {
        await this.client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: signal });
        return { path: rel, name: baseName(rel), type: 'folder', size: 0 };
      } catch (error) {
        if (this.bucket === undefined && s3ErrorInfo(error).status === 404) return undefined;
        if (s3ErrorInfo(error).status === 404) {
          throw new SluiceError('STORE_NOT_FOUND', `The bucket '${bucket}' does not exist (linked service '${this.name}').`);
        }
        throw this.fail(error, 'checking', { bucket }, signal);
      }
    }
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
      return { path: rel, name: baseName(rel), type: 'file', size: out.ContentLength ?? 0, ...(out.LastModified ? { lastModified: out.LastModified } : {}) };
    } catch (error) {
      if (!isNotFound(error)) throw this.fail(error, 'reading the metadata of', { bucket, key }, signal);
    }
    // Not an object: a folder exists when some key starts with `key/` (this also reports a missing bucket).
    try {
      for await (const page of listS3Pages(this.client, { bucket, prefix: `${key}/`, pageSize: 1, mode: this.listMode, ...(signal ? { signal } : {}) })) {
        return page.objects.length > 0 || page.prefixes.length > 0 ? { path: rel, name: baseName(rel), type: 'folder', size: 0 } : undefined;
      }
    } catch (error) {
      throw this.fail(error, 'checking', { bucket, key }, signal);
    }
    return undefined;
  }

  async read(path: string, signal?: AbortSignal): Promise<Readable> {
    throwIfAborted(signal);
    const { bucket, key } = this.objectAt(path);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
      const body = out.Body;
      if (!(body instanceof Readable)) throw new SluiceError('STORE_REQUEST_FAILED', `S3 returned no readable body for s3://${bucket}/${key}.`, { file: key });
      if (signal) {
        const onAbort = () => body.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        signal.addEventListener('abort', onAbort, { once: true });
        body.once('close', () => signal.removeEventListener('abort', onAbort));
      }
      return body;
    } catch (error) {
      throw this.fail(error, 'reading', { bucket, key }, signal);
    }
  }

  async localCopy(path: string, tempDir: string, signal?: AbortSignal): Promise<string> {
    const body = await this.read(path, signal);
    await mkdir(tempDir, { recursive: true });
    const target = join(tempDir, `${randomBytes(4).toString('hex')}-${baseName(this.objectAt(path).key)}`);
    try {
      await pipeline(body, createWriteStream(target, { flags: 'wx' }), ...(signal ? [{ signal }] : []));
      return target;
    } catch (error) {
      await unlink(target).catch(() => undefined);
      const { bucket, key } = this.objectAt(path);
      throw this.fail(error, 'downloading', { bucket, key }, signal);
    }
  }

  /** Starts a multipart upload fed by `body`; its promise is observed at once (no unhandled rejection). */
  private startUpload(bucket: string, key: string, body: Readable): { upload: Upload; done: Promise<unknown> } {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: bucket, Key: key, Body: body },
      partSize: this.partSize,
      queueSize: this.queueSize,
      leavePartsOnError: false,
    });
    const done = upload.done();
    done.catch(() => undefined);
    return { upload, done };
  }

  async write(path: string, signal?: AbortSignal): Promise<StagedFile> {
    throwIfAborted(signal);
    const { bucket, key } = this.objectAt(path);
    const body = new PassThrough({ highWaterMark: 1024 * 1024 });
    const { upload, done } = this.startUpload(bucket, key, body);
    let bytes = 0;
    let state: 'open' | 'committing' | 'committed' | 'aborted' = 'open';
    // The caller's stream: bytes are forwarded to the upload, but its end is not, until commit.
    const stream = new Writable({
      highWaterMark: 1024 * 1024,
      write(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        if (body.write(chunk)) callback();
        else body.once('drain', () => callback());
      },
      final(callback) {
        callback();
      },
    });
    stream.on('error', () => undefined);
    // An upload that fails early (no bucket, bad key) fails the writer too, instead of leaving it waiting.
    done.catch((error: unknown) => {
      if (!stream.destroyed) stream.destroy(this.fail(error, 'writing', { bucket, key }, signal));
    });
    const abort = async (): Promise<void> => {
      if (state === 'committed' || state === 'aborted') return;
      state = 'aborted';
      if (!stream.destroyed) stream.destroy();
      await upload.abort().catch(() => undefined);
      body.destroy();
      await done.catch(() => undefined);
    };
    const onAbort = () => void abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    return {
      stream,
      commit: async () => {
        if (state !== 'open') throw new SluiceError('STORE_REQUEST_FAILED', `The staged write of s3://${bucket}/${key} was already ${state}.`, { file: key });
        state = 'committing';
        try {
          throwIfAborted(signal);
          if (stream.errored) throw stream.errored;
          if (!stream.writableFinished) {
            if (!stream.writableEnded) stream.end();
            await new Promise<void>((resolve, reject) => {
              stream.once('finish', resolve);
              stream.once('error', reject);
            });
          }
          body.end(); // the last part goes now: the object appears when the upload completes
          await done;
          state = 'committed';
          return { bytesWritten: bytes };
        } catch (error) {
          state = 'open';
          await abort();
          throw this.fail(error, 'writing', { bucket, key }, signal);
        } finally {
          signal?.removeEventListener('abort', onAbort);
        }
      },
      abort: async () => {
        signal?.removeEventListener('abort', onAbort);
        await abort();
      },
    };
  }

  async putFile(localPath: string, path: string, signal?: AbortSignal): Promise<{ bytesWritten: number }> {
    throwIfAborted(signal);
    const { bucket, key } = this.objectAt(path);
    const size = (await statFile(localPath)).size;
    const { upload, done } = this.startUpload(bucket, key, createReadStream(localPath));
    const onAbort = () => void upload.abort().catch(() => undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await done;
      return { bytesWritten: size };
    } catch (error) {
      throw this.fail(error, 'uploading', { bucket, key }, signal);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async move(from: string, to: string, signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    const source = this.objectAt(from);
    const target = this.objectAt(to);
    const entry = await this.stat(from, signal);
    if (entry?.type !== 'file') {
      throw new SluiceError('FILE_NOT_FOUND', `No object at '${source.rel}' in S3 store '${this.name}' to move${entry ? ' (S3 moves objects, not folders)' : ''}.`, { file: source.rel });
    }
    try {
      if (entry.size <= COPY_OBJECT_LIMIT) {
        const copySource = `${source.bucket}/${copySourceKey(source.key)}`;
        await this.client.send(new CopyObjectCommand({ Bucket: target.bucket, Key: target.key, CopySource: copySource }), { abortSignal: signal });
      } else {
        const { done } = this.startUpload(target.bucket, target.key, await this.read(from, signal));
        await done;
      }
    } catch (error) {
      throw this.fail(error, 'copying', { bucket: target.bucket, key: target.key }, signal);
    }
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: source.bucket, Key: source.key }), { abortSignal: signal });
    } catch (error) {
      throw this.fail(error, 'deleting', { bucket: source.bucket, key: source.key }, signal);
    }
  }

  async delete(path: string, options: { recursive?: boolean; onlyIfEmpty?: boolean; signal?: AbortSignal } = {}): Promise<void> {
    const signal = options.signal;
    throwIfAborted(signal);
    if (options.onlyIfEmpty) return; // an empty folder does not exist on S3
    const { rel, bucket, key } = this.locate(path);
    if (bucket === undefined) throw new SluiceError('STORE_OPERATION_UNSUPPORTED', `S3 store '${this.name}' does not delete buckets.`);
    try {
      if (key) await this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
      // The folder `key/`: everything below it when recursive, else the objects directly in it.
      const prefix = key ? `${key}/` : '';
      let batch: string[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const out = await this.client.send(
          new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
          { abortSignal: signal },
        );
        batch = [];
        const failed = out.Errors?.[0];
        if (failed) {
          throw new SluiceError('STORE_REQUEST_FAILED', `S3 could not delete s3://${bucket}/${failed.Key ?? ''} (linked service '${this.name}'): ${failed.Code ?? 'error'}.`, { file: failed.Key ?? rel });
        }
      };
      const pages = this.pages(bucket, prefix, options.recursive === true, signal);
      for await (const page of pages) {
        for (const object of page.objects) {
          batch.push(object.key);
          if (batch.length >= 1000) await flush();
        }
      }
      await flush();
    } catch (error) {
      throw this.fail(error, 'deleting', { bucket, key }, signal);
    }
  }

  async testConnection(signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    if (this.bucket === undefined) {
      try {
        await this.client.send(new ListBucketsCommand({}), { abortSignal: signal });
      } catch (error) {
        throw this.fail(error, 'listing the buckets of', {}, signal);
      }
      return;
    }
    await this.stat('', signal);
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
