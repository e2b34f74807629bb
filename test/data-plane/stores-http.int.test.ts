import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ResolvedDataset, ResolvedLinkedService } from '@sluice/engine';
import { openFileStore } from '../../packages/activities/src/connectors/store-factory.js';
import { restRowSource, type RestSourceOptions } from '../../packages/activities/src/connectors/http/rest-source.js';
import { previewDataset, testLinkedService } from '../../packages/activities/src/connectors/operations.js';
import type { ReadItem, SourceRow } from '../../packages/activities/src/connectors/contract.js';

/** One request as the server saw it. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

type Handler = (req: IncomingMessage, url: URL, body: string, res: ServerResponse, count: number) => void;

const SECRET = 'S3CR3T-VALUE-42';

describe('HTTP file store and REST source (local node:http server)', () => {
  let server: Server;
  let base: string;
  let seen: Seen[];
  let handlers: Map<string, Handler>;
  let temp: string;

  beforeAll(async () => {
    temp = await mkdtemp(join(tmpdir(), 'sluice-http-'));
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', base);
        const body = Buffer.concat(chunks).toString();
        seen.push({ method: req.method ?? 'GET', url: url.pathname + url.search, headers: req.headers, body, at: Date.now() });
        const handler = handlers.get(url.pathname);
        if (!handler) {
          res.writeHead(404).end('not found');
          return;
        }
        handler(req, url, body, res, seen.filter((s) => s.url.startsWith(url.pathname)).length);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(temp, { recursive: true, force: true });
  });
  beforeEach(() => {
    seen = [];
    handlers = new Map();
  });

  const json = (res: ServerResponse, value: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
  };
  const rest = (typeProperties: Record<string, unknown> = {}, lsProps: Record<string, unknown> = {}): ResolvedDataset => ({
    name: 'Items',
    type: 'RestResource',
    typeProperties,
    linkedService: { name: 'Api', type: 'RestService', typeProperties: { url: `${base}/api`, authenticationType: 'Anonymous', ...lsProps } },
  });
  const fast = { retryDelayMs: 5, timeoutMs: 5000 };
  async function rows(dataset: ResolvedDataset, options: Partial<RestSourceOptions> = {}): Promise<Array<Record<string, unknown>>> {
    const signal = new AbortController().signal;
    const source = restRowSource(dataset, { signal, http: fast, ...options });
    const out: Array<Record<string, unknown>> = [];
    for await (const batch of source.batches(signal)) for (const item of batch as ReadItem[]) out.push((item as SourceRow).row);
    return out;
  }
  async function failure(promise: Promise<unknown>): Promise<{ code?: string; message: string; details?: unknown }> {
    try {
      await promise;
    } catch (error) {
      return { code: (error as { code?: string }).code, message: (error as Error).message, details: (error as { details?: unknown }).details };
    }
    throw new Error('expected a failure');
  }

  describe('HttpServer file store', () => {
    const ls = (props: Record<string, unknown> = {}): ResolvedLinkedService => ({
      name: 'Files',
      type: 'HttpServer',
      typeProperties: { url: `${base}/files`, authenticationType: 'Basic', userName: 'ann', password: SECRET, ...props },
    });
    beforeEach(() => {
      handlers.set('/files/data/a.csv', (req, _url, _body, res) => {
        if (req.headers.authorization !== `Basic ${Buffer.from(`ann:${SECRET}`).toString('base64')}`) {
          res.writeHead(401).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'text/csv', 'content-length': '8', 'last-modified': new Date(0).toUTCString() });
        res.end(req.method === 'HEAD' ? undefined : 'a,b\n1,2\n');
      });
      handlers.set('/files/', (_req, _url, _body, res) => res.writeHead(404).end());
    });

    it('reads a file as a stream with Basic auth, stats it, and copies it locally', async () => {
      const store = openFileStore(ls());
      expect(Buffer.concat(await (await store.read('data/a.csv')).toArray()).toString()).toBe('a,b\n1,2\n');
      expect(await store.stat('data/a.csv')).toMatchObject({ type: 'file', size: 8, name: 'a.csv' });
      expect(await store.stat('data/missing.csv')).toBeUndefined();
      expect(await readFile(await store.localCopy('data/a.csv', temp), 'utf8')).toBe('a,b\n1,2\n');
      await store.testConnection();
      expect((await testLinkedService(ls(), new AbortController().signal)).ok).toBe(true);
    });

    it('previews a CSV dataset served over HTTP (location.relativeUrl)', async () => {
      const preview = await previewDataset(
        { name: 'Remote', type: 'DelimitedText', typeProperties: { location: { type: 'HttpServerLocation', relativeUrl: 'data/a.csv' }, firstRowAsHeader: true }, linkedService: ls() },
        10,
        new AbortController().signal,
      );
      expect(preview.columns.map((c) => c.name)).toEqual(['a', 'b']);
      expect(preview.rows).toHaveLength(1);
    });

    it('maps a wrong password, a missing file and an unreachable server to codes, never echoing the secret', async () => {
      const bad = openFileStore(ls({ password: 'wrong' }));
      const auth = await failure(bad.read('data/a.csv'));
      expect(auth.code).toBe('STORE_AUTH_FAILED');
      expect(auth.message).not.toContain('wrong');
      expect((await failure(openFileStore(ls()).read('data/none.csv'))).code).toBe('FILE_NOT_FOUND');
      const down = openFileStore({ name: 'Down', type: 'HttpServer', typeProperties: { url: 'http://127.0.0.1:9/' } });
      expect((await failure(down.testConnection())).code).toBe('STORE_UNAVAILABLE');
    });

    it('is read-only: listing and writing fail with a clear code; paths cannot leave the base URL', async () => {
      const store = openFileStore(ls());
      const listed = await failure((async () => {
        for await (const _ of store.list('data')) void _;
      })());
      expect(listed.code).toBe('STORE_OPERATION_UNSUPPORTED');
      expect((await failure(store.write('x.csv'))).code).toBe('STORE_OPERATION_UNSUPPORTED');
      expect((await failure(store.putFile('/etc/hosts', 'x.csv'))).code).toBe('STORE_OPERATION_UNSUPPORTED');
      expect((await failure(store.delete('x.csv'))).code).toBe('STORE_OPERATION_UNSUPPORTED');
      expect((await failure(store.read('../admin'))).code).toBe('PATH_OUTSIDE_ROOT');
      expect((await failure(store.read('http://evil.example/x'))).code).toBe('PATH_OUTSIDE_ROOT');
    });

    it('sends bearer tokens and API-key headers', async () => {
      handlers.set('/files/t.txt', (req, _u, _b, res) => res.writeHead(req.headers.authorization === `Bearer ${SECRET}` ? 200 : 403).end('t'));
      handlers.set('/files/k.txt', (req, _u, _b, res) => res.writeHead(req.headers['x-my-key'] === SECRET ? 200 : 403).end('k'));
      const bearer = openFileStore(ls({ authenticationType: 'Bearer', token: SECRET }));
      expect(Buffer.concat(await (await bearer.read('t.txt')).toArray()).toString()).toBe('t');
      const key = openFileStore(ls({ authenticationType: 'ApiKey', apiKey: SECRET, apiKeyHeader: 'X-My-Key' }));
      expect(Buffer.concat(await (await key.read('k.txt')).toArray()).toString()).toBe('k');
      expect((await failure(openFileStore(ls({ authenticationType: 'Bearer', token: 'nope' })).read('t.txt'))).code).toBe('STORE_AUTH_FAILED');
      expect(() => openFileStore(ls({ authenticationType: 'Windows' }))).toThrow(expect.objectContaining({ code: 'LINKED_SERVICE_INVALID' }));
    });
  });

  describe('REST source', () => {
    it('follows a next link in the body ($.next) and takes rows from a collection path', async () => {
      handlers.set('/api/items', (_req, url, _b, res) => {
        const page = Number(url.searchParams.get('page') ?? '1');
        json(res, { data: [{ id: page * 10 + 1 }, { id: page * 10 + 2 }], next: page < 3 ? `${base}/api/items?page=${page + 1}` : null });
      });
      const result = await rows(rest({ relativeUrl: 'items', paginationRules: { AbsoluteUrl: '$.next' } }), { collectionReference: '$.data' });
      expect(result.map((r) => r.id)).toEqual([11, 12, 21, 22, 31, 32]);
      expect(seen.map((s) => s.url)).toEqual(['/api/items', '/api/items?page=2', '/api/items?page=3']);
    });

    it('follows a Link header (rel=next)', async () => {
      handlers.set('/api/linked', (_req, url, _b, res) => {
        const page = Number(url.searchParams.get('p') ?? '1');
        const link: Record<string, string> = page < 2 ? { link: `</api/linked?p=${page + 1}>; rel="next", </api/linked?p=2>; rel="last"` } : {};
        json(res, [{ page }], link);
      });
      expect((await rows(rest({ relativeUrl: 'linked', paginationRules: { AbsoluteUrl: 'headers.link' } }))).map((r) => r.page)).toEqual([1, 2]);
      seen = [];
      expect((await rows(rest({ relativeUrl: 'linked', paginationRules: { SupportRFC5988: 'true' } }))).map((r) => r.page)).toEqual([1, 2]);
    });

    it('pages through offset ranges (RANGE:0:10000:100) until an empty page', async () => {
      const total = 250;
      handlers.set('/api/range', (_req, url, _b, res) => {
        const offset = Number(url.searchParams.get('offset'));
        const items = Array.from({ length: Math.max(0, Math.min(100, total - offset)) }, (_, i) => ({ n: offset + i }));
        json(res, { items });
      });
      const result = await rows(rest({ relativeUrl: 'range?limit=100', paginationRules: { 'QueryParameters.offset': 'RANGE:0:10000:100', 'EndCondition:$.items': 'Empty' } }), { collectionReference: '$.items' });
      expect(result.map((r) => r.n)).toEqual(Array.from({ length: total }, (_, i) => i));
      expect(seen.map((s) => s.url)).toEqual(['/api/range?limit=100&offset=0', '/api/range?limit=100&offset=100', '/api/range?limit=100&offset=200', '/api/range?limit=100&offset=300']);
      // without an end condition, a page without rows ends an open range; a bounded range ends by itself
      seen = [];
      expect((await rows(rest({ relativeUrl: 'range', paginationRules: { 'QueryParameters.offset': 'RANGE:0::100' } }), { collectionReference: '$.items' })).length).toBe(total);
      seen = [];
      expect((await rows(rest({ relativeUrl: 'range', paginationRules: { 'QueryParameters.offset': 'RANGE:0:100:100' } }), { collectionReference: '$.items' })).length).toBe(200);
      expect(seen).toHaveLength(2);
      seen = [];
      expect((await rows(rest({ relativeUrl: 'range', paginationRules: { 'QueryParameters.offset': 'RANGE:0::100' } }), { collectionReference: '$.items', maxPages: 1 })).length).toBe(100);
    });

    it('waits requestInterval between requests and honours 429 Retry-After', async () => {
      handlers.set('/api/limited', (_req, url, _b, res, count) => {
        if (count === 2) {
          res.writeHead(429, { 'retry-after': '1' }).end();
          return;
        }
        const page = Number(url.searchParams.get('page'));
        json(res, page <= 2 ? [{ page }] : []);
      });
      // retryDelayMs is huge: only honouring Retry-After (1 s) lets this finish within the test's time.
      const result = await rows(rest({ relativeUrl: 'limited', paginationRules: { 'QueryParameters.page': 'RANGE:1::1' } }), { http: { retryDelayMs: 600_000 }, requestInterval: 200 });
      expect(result.map((r) => r.page)).toEqual([1, 2]);
      expect(seen.map((s) => s.url)).toEqual(['/api/limited?page=1', '/api/limited?page=2', '/api/limited?page=2', '/api/limited?page=3']);
      const gaps = seen.slice(1).map((s, i) => s.at - (seen[i] as Seen).at);
      expect(gaps[0]).toBeGreaterThanOrEqual(190); // requestInterval
      expect(gaps[1]).toBeGreaterThanOrEqual(990); // Retry-After: 1
    });

    it('retries 5xx, then succeeds or fails with HTTP_REQUEST_FAILED naming the URL without credentials', async () => {
      handlers.set('/api/flaky', (_req, _u, _b, res, count) => (count <= 2 ? res.writeHead(503).end() : json(res, [{ ok: true }])));
      expect(await rows(rest({ relativeUrl: 'flaky' }))).toEqual([{ ok: true }]);
      expect(seen).toHaveLength(3);
      seen = [];
      handlers.set('/api/broken', (_req, _u, _b, res) => res.writeHead(500).end('boom'));
      const error = await failure(rows(rest({ relativeUrl: `broken?api_key=${SECRET}` }, { url: `http://user:${SECRET}@127.0.0.1:${new URL(base).port}/api` }), { http: { retryDelayMs: 5, retries: 2 } }));
      expect(error.code).toBe('HTTP_REQUEST_FAILED');
      expect(error.message).toContain('/api/broken');
      expect(error.message).toContain('500');
      expect(error.message).not.toContain(SECRET);
      expect(error.details).toMatchObject({ status: 500 });
      expect(seen).toHaveLength(3);
    });

    it('sends POST bodies and headers; refuses bad JSON and a missing collection', async () => {
      handlers.set('/api/search', (req, _u, body, res) => json(res, { hits: [{ q: JSON.parse(body).q, h: req.headers['x-extra'], auth: req.headers['x-api-key'] }] }));
      const result = await rows(
        rest({ relativeUrl: 'search', requestMethod: 'POST', requestBody: '{"q":"sluice"}', additionalHeaders: { 'X-Extra': 'yes' } }, { authenticationType: 'ApiKey', apiKey: SECRET }),
        { collectionReference: '$.hits' },
      );
      expect(result).toEqual([{ q: 'sluice', h: 'yes', auth: SECRET }]);
      expect(seen[0]?.headers['content-type']).toBe('application/json');
      handlers.set('/api/html', (_req, _u, _b, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>'));
      expect((await failure(rows(rest({ relativeUrl: 'html' })))).code).toBe('REST_RESPONSE_INVALID');
      handlers.set('/api/obj', (_req, _u, _b, res) => json(res, { data: { not: 'an array' } }));
      expect((await failure(rows(rest({ relativeUrl: 'obj' }), { collectionReference: '$.data' }))).code).toBe('REST_RESPONSE_INVALID');
      handlers.set('/api/private', (_req, _u, _b, res) => res.writeHead(401).end());
      expect((await failure(rows(rest({ relativeUrl: 'private' })))).code).toBe('STORE_AUTH_FAILED');
    });

    it('authenticates with OAuth2 client credentials, fetching the token once for all pages', async () => {
      let issued = 0;
      handlers.set('/oauth/token', (_req, _u, body, res) => {
        const form = new URLSearchParams(body);
        if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== 'app' || form.get('client_secret') !== SECRET) {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_client' }));
          return;
        }
        issued++;
        json(res, { access_token: `tok-${form.get('scope')}`, token_type: 'Bearer', expires_in: 3600 });
      });
      handlers.set('/api/secure', (req, url, _b, res) => {
        if (req.headers.authorization !== 'Bearer tok-read') {
          res.writeHead(401).end();
          return;
        }
        const page = Number(url.searchParams.get('page'));
        json(res, page <= 3 ? [{ page }] : []);
      });
      const oauth = { authenticationType: 'OAuth2ClientCredential', tokenEndpoint: `${base}/oauth/token`, clientId: 'app', clientSecret: SECRET, scope: 'read' };
      const result = await rows(rest({ relativeUrl: 'secure', paginationRules: { 'QueryParameters.page': 'RANGE:1::1' } }, oauth));
      expect(result.map((r) => r.page)).toEqual([1, 2, 3]);
      expect(issued).toBe(1);
      const refused = await failure(rows(rest({ relativeUrl: 'secure' }, { ...oauth, clientSecret: 'wrong' })));
      expect(refused.code).toBe('STORE_AUTH_FAILED');
      expect(refused.message).toContain('invalid_client');
      expect(refused.message).not.toContain('wrong');
    });

    it('stops at once when the signal aborts', async () => {
      handlers.set('/api/slow', () => undefined); // never answers
      const controller = new AbortController();
      const source = restRowSource(rest({ relativeUrl: 'slow' }), { signal: controller.signal, http: fast });
      setTimeout(() => controller.abort(new Error('cancelled by test')), 50);
      await expect((async () => {
        for await (const _ of source.batches(controller.signal)) void _;
      })()).rejects.toThrow('cancelled by test');
    });

    it('times out a request that gets no answer, then fails with STORE_UNAVAILABLE after its retries', async () => {
      handlers.set('/api/silent', () => undefined);
      const error = await failure(rows(rest({ relativeUrl: 'silent' }), { http: { timeoutMs: 100, retries: 1, retryDelayMs: 5 } }));
      expect(error.code).toBe('STORE_UNAVAILABLE');
      expect(error.message).toContain('no answer within 100 ms');
      expect(seen).toHaveLength(2);
    });

    it('previews a REST dataset and tests a RestService linked service', async () => {
      handlers.set('/api/items', (_req, _u, _b, res) => json(res, [{ id: 1, name: 'a' }, { id: 2, name: 'b', extra: true }, { id: 3 }]));
      handlers.set('/api', (_req, _u, _b, res) => res.writeHead(404).end());
      const preview = await previewDataset(rest({ relativeUrl: 'items' }), 2, new AbortController().signal);
      expect(preview.rows).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b', extra: true }]);
      expect(preview.columns.map((c) => c.name)).toEqual(['id', 'name', 'extra']);
      expect((await testLinkedService(rest().linkedService, new AbortController().signal)).ok).toBe(true);
      handlers.set('/api', (_req, _u, _b, res) => res.writeHead(403).end());
      expect((await failure(testLinkedService(rest().linkedService, new AbortController().signal))).code).toBe('STORE_AUTH_FAILED');
    });
  });
});
