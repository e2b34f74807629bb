/**
 * Files served over HTTP(S) (ADF's HttpServer linked service) as a read-only {@link FileStore}:
 * a path is a relative URL below the base URL (its query string kept). Reading streams the response
 * body; HTTP has no listing and Sluice does not write over HTTP, so those operations fail with
 * `STORE_OPERATION_UNSUPPORTED`.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { SluiceError } from '@sluice/engine';
import type { FileEntry, FileStore, StagedFile } from '../contract.js';
import { normalizeStorePath, pathOutsideRoot } from '../paths.js';
import type { HttpEndpoint } from './http-auth.js';
import { httpFetch, safeUrl, type HttpFetchOptions } from './http-request.js';

/**
 * Resolves a relative URL below the endpoint's base URL. Its path is checked like any store path
 * (no `..`, no other host, no URL of its own): `PATH_OUTSIDE_ROOT` otherwise. Query strings of both are kept.
 */
export function resolveRelativeUrl(endpoint: HttpEndpoint, relativeUrl: string): URL {
  const q = relativeUrl.search(/[?#]/);
  // ADF appends the relative URL to the base URL, so a leading `/` still means "below the base".
  const pathPart = (q < 0 ? relativeUrl : relativeUrl.slice(0, q)).replace(/^\/+/, '');
  const query = q < 0 ? '' : relativeUrl.slice(q).replace(/#.*$/, '');
  const path = normalizeStorePath(pathPart, endpoint.name);
  const base = new URL(path === '' ? endpoint.url : endpoint.baseUrl);
  const params = new URLSearchParams(base.search);
  base.search = '';
  base.hash = '';
  const url = new URL(path, base);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) throw pathOutsideRoot(relativeUrl, 'it resolves outside the base URL', endpoint.name);
  // The base URL's query parameters (an API key, a version) come first; the relative URL's are added.
  for (const [name, value] of new URLSearchParams(query.startsWith('?') ? query.slice(1) : '')) params.append(name, value);
  url.search = params.toString();
  return url;
}

/** Options of {@link HttpFileStore}. */
export interface HttpFileStoreOptions {
  readonly endpoint: HttpEndpoint;
  /** Request policies (timeouts, retries), mostly for tests. */
  readonly fetch?: Omit<HttpFetchOptions, 'signal' | 'notFound' | 'accept'>;
}

/** An HTTP server as a read-only file store. */
export class HttpFileStore implements FileStore {
  readonly kind = 'HttpServer';
  readonly atomicFolderMove = false;
  readonly display: string;
  private readonly endpoint: HttpEndpoint;
  private readonly fetchOptions: Omit<HttpFetchOptions, 'signal' | 'notFound' | 'accept'>;

  constructor(options: HttpFileStoreOptions) {
    this.endpoint = options.endpoint;
    this.display = safeUrl(options.endpoint.baseUrl);
    this.fetchOptions = options.fetch ?? {};
  }

  private unsupported(operation: string): SluiceError {
    return new SluiceError('STORE_OPERATION_UNSUPPORTED', `HTTP linked service '${this.endpoint.name}' is read-only: it cannot ${operation}. Name the file (relativeUrl) instead.`);
  }

  private request(url: URL, method: string, signal: AbortSignal | undefined, extra: Partial<HttpFetchOptions> = {}): Promise<Response> {
    return httpFetch(url, { method, headers: { ...this.endpoint.headers } }, { ...this.fetchOptions, ...(signal ? { signal } : {}), ...extra });
  }

  // An async generator that throws on first use: `list` is part of the contract but HTTP cannot list.
  // eslint-disable-next-line require-yield
  async *list(): AsyncIterable<FileEntry> {
    throw this.unsupported('list files');
  }

  async stat(path: string, signal?: AbortSignal): Promise<FileEntry | undefined> {
    const url = resolveRelativeUrl(this.endpoint, path);
    let response = await this.request(url, 'HEAD', signal, { accept: [404, 405, 501] });
    if (response.status === 405 || response.status === 501) {
      // Some servers refuse HEAD: ask for the first byte instead.
      response = await httpFetch(url, { method: 'GET', headers: { ...this.endpoint.headers, range: 'bytes=0-0' } }, { ...this.fetchOptions, ...(signal ? { signal } : {}), accept: [404] });
      await response.body?.cancel().catch(() => undefined);
    }
    if (response.status === 404) return undefined;
    const range = response.headers.get('content-range');
    const total = range ? Number(range.split('/')[1]) : Number(response.headers.get('content-length') ?? 0);
    const modified = response.headers.get('last-modified');
    const name = url.pathname.split('/').filter(Boolean).at(-1) ?? '';
    return {
      path: normalizeStorePath(path.replace(/[?#].*$/, '').replace(/^\/+/, '')),
      name,
      type: 'file',
      size: Number.isFinite(total) ? total : 0,
      ...(modified && !Number.isNaN(Date.parse(modified)) ? { lastModified: new Date(modified) } : {}),
    };
  }

  async read(path: string, signal?: AbortSignal): Promise<Readable> {
    const url = resolveRelativeUrl(this.endpoint, path);
    const response = await this.request(url, 'GET', signal, { notFound: 'FILE_NOT_FOUND' });
    if (!response.body) return Readable.from([]);
    return Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
  }

  async localCopy(path: string, tempDir: string, signal?: AbortSignal): Promise<string> {
    const body = await this.read(path, signal);
    await mkdir(tempDir, { recursive: true });
    const name = resolveRelativeUrl(this.endpoint, path).pathname.split('/').filter(Boolean).at(-1) ?? 'download';
    const target = join(tempDir, `${randomBytes(4).toString('hex')}-${name}`);
    try {
      await pipeline(body, createWriteStream(target, { flags: 'wx' }), ...(signal ? [{ signal }] : []));
      return target;
    } catch (error) {
      await unlink(target).catch(() => undefined);
      if (error instanceof SluiceError || signal?.aborted) throw error;
      throw new SluiceError('STORE_UNAVAILABLE', `Downloading ${safeUrl(resolveRelativeUrl(this.endpoint, path))} failed: ${(error as Error).message}.`);
    }
  }

  async write(): Promise<StagedFile> {
    throw this.unsupported('write files');
  }

  async putFile(): Promise<{ bytesWritten: number }> {
    throw this.unsupported('write files');
  }

  async move(): Promise<void> {
    throw this.unsupported('move files');
  }

  async delete(): Promise<void> {
    throw this.unsupported('delete files');
  }

  /**
   * Sends a HEAD to the base URL: any answer but 401/403 (even a 404 for a base URL that is not itself
   * a page) proves the server is there and takes the credentials.
   */
  async testConnection(signal?: AbortSignal): Promise<void> {
    const url = new URL(this.endpoint.url);
    const response = await this.request(url, 'HEAD', signal, { accept: [400, 404, 405, 406, 501], retries: 0 });
    await response.body?.cancel().catch(() => undefined);
  }

  async close(): Promise<void> {
    // fetch keeps no per-store connections to release.
  }
}
