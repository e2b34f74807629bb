import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@sluice/api';
import { startApi, type Api } from './harness.js';

let api: Api;
beforeAll(async () => {
  api = await startApi({ bodyLimit: 4096 });
});
afterAll(async () => api?.close());

const concrete = (url: string): string => url.replace(/:n\b/g, '1').replace(/:[A-Za-z]+/g, 'x').replace(/\*/g, 'x');
const below = (role: Role): Role | undefined => ROLES[ROLES.indexOf(role) - 1];

describe('authentication and roles', () => {
  it('every non-public route answers 401 without a key and 403 with a role too low', async () => {
    const routes = api.app.sluiceRoutes.filter((r) => !r.public);
    expect(routes.length).toBeGreaterThan(40);
    // Public: health checks, the docs, the designer's page, CORS preflights, and webhook triggers (which check
    // the trigger's own secret instead of an API key) — nothing else.
    const publicRoutes = api.app.sluiceRoutes.filter((r) => r.public && r.method !== 'OPTIONS').map((r) => r.url);
    expect(publicRoutes.filter((u) => !['/healthz', '/readyz', '/', '/api/hooks/:name'].includes(u) && !u.startsWith('/docs'))).toEqual([]);
    for (const route of routes) {
      expect(route.role, `${route.method} ${route.url} declares its role`).toBeDefined();
      const path = concrete(route.url);
      const body = ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined;
      const anonymous = await api.call(route.method, path, { key: null, ...(body ? { body } : {}) });
      expect(anonymous.status, `${route.method} ${route.url} without a key`).toBe(401);
      expect(anonymous.body.code).toBe('UNAUTHENTICATED');
      const bogus = await api.call(route.method, path, { key: 'sk_not-a-key', ...(body ? { body } : {}) });
      expect(bogus.status, `${route.method} ${route.url} with an unknown key`).toBe(401);
      const lower = below(route.role as Role);
      if (lower) {
        const denied = await api.call(route.method, path, { key: api.keys[lower], ...(body ? { body } : {}) });
        expect(denied.status, `${route.method} ${route.url} as ${lower}`).toBe(403);
        expect(denied.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN', details: { needed: route.role, held: lower } });
      }
    }
  });

  it('accepts the key as Bearer or X-API-Key, and says who is calling', async () => {
    const viaHeader = await api.call('GET', '/api/me', { key: null, headers: { 'x-api-key': api.keys.operator } });
    expect(viaHeader.body).toMatchObject({ role: 'operator', name: 'test operator' });
    expect((await api.call('GET', '/api/me', { key: api.keys.viewer })).body.role).toBe('viewer');
    // ?access_token= is accepted on the SSE route only.
    expect((await api.call('GET', `/api/pipelines?access_token=${api.keys.admin}`, { key: null })).status).toBe(401);
  });

  it('creates, lists and revokes keys (admin); keys are stored hashed', async () => {
    const created = await api.call('POST', '/api/keys', { body: { name: 'ci', role: 'operator' } });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^sk_[A-Za-z0-9_-]{40,}$/);
    const listed = await api.call('GET', '/api/keys');
    const entry = listed.body.value.find((k: { id: string }) => k.id === created.body.id);
    expect(entry).toMatchObject({ name: 'ci', role: 'operator' });
    expect(listed.text).not.toContain(created.body.key);
    const raw = JSON.stringify(await api.engine.redis.hgetall(`${api.engine.keys.base}:apikeys`));
    expect(raw).not.toContain(created.body.key);
    expect((await api.call('GET', '/api/me', { key: created.body.key })).status).toBe(200);
    expect((await api.call('DELETE', `/api/keys/${created.body.id}`)).status).toBe(204);
    expect((await api.call('GET', '/api/me', { key: created.body.key })).status).toBe(401);
    expect((await api.call('DELETE', `/api/keys/${created.body.id}`)).body.code).toBe('API_KEY_NOT_FOUND');
    expect((await api.call('POST', '/api/keys', { body: { name: 'x', role: 'root' } })).body).toMatchObject({ code: 'SCHEMA_VIOLATION', details: { pointer: '/role' } });
  });

  it('records changes in the audit log: who, what, when', async () => {
    await api.call('PUT', '/api/pipelines/Audited', { key: api.keys.editor, body: { properties: { activities: [{ name: 'A', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }] } } });
    const me = (await api.call('GET', '/api/me', { key: api.keys.editor })).body;
    const audit = await api.call('GET', '/api/audit?limit=20');
    expect(audit.status).toBe(200);
    const entry = audit.body.value.find((e: { resource: string }) => e.resource === '/api/pipelines/Audited');
    expect(entry).toMatchObject({ who: me.id, method: 'PUT', route: '/api/pipelines/:name', status: 201 });
    expect(Date.parse(entry.at)).toBeGreaterThan(Date.now() - 60_000);
    expect((await api.call('GET', '/api/audit', { key: api.keys.editor })).status).toBe(403);
  });

  it('limits request bodies, answers unknown routes and keeps CORS closed', async () => {
    const big = await api.call('PUT', '/api/pipelines/Big', { body: { properties: { description: 'x'.repeat(10_000), activities: [] } } });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    const unknown = await api.call('GET', '/api/nothing-here');
    expect(unknown.body).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });
    const cors = await fetch(`${api.base}/api/pipelines`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(cors.headers.get('access-control-allow-origin')).toBeNull();
    const json = await api.call('PUT', '/api/pipelines/Bad', { body: '{"properties": ' });
    expect(json.body.code).toBe('INVALID_JSON');
  });
});

describe('the OpenAPI document', () => {
  it('documents every API route with its parameters, body and answers', async () => {
    const doc = (await api.call('GET', '/docs/json', { key: null })).body as { openapi: string; paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }>; requestBody?: unknown; responses?: Record<string, unknown> }>> };
    expect(doc.openapi).toMatch(/^3\./);
    const routes = api.app.sluiceRoutes.filter((r) => r.url.startsWith('/api') || ['/healthz', '/readyz', '/metrics'].includes(r.url));
    for (const route of routes) {
      const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
      const op = doc.paths[path]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.url} is in the OpenAPI document`).toBeDefined();
      const success = Object.keys(op?.responses ?? {}).filter((c) => /^2/.test(c));
      expect(success.length, `${route.method} ${route.url} documents its answer`).toBeGreaterThan(0);
      for (const name of [...route.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1])) {
        expect(op?.parameters?.some((p) => p.in === 'path' && p.name === name), `${route.method} ${route.url} documents :${name}`).toBe(true);
      }
      if (route.method === 'PUT' || route.url === '/api/validate' || (route.method === 'POST' && /\/(runs|debug|rerun|keys|evaluate)$/.test(route.url))) {
        expect(op?.requestBody, `${route.method} ${route.url} documents its body`).toBeDefined();
      }
    }
  });
});

describe('CORS allow-list', () => {
  it('allows only the configured origins', async () => {
    const open = await startApi({ corsOrigins: ['https://studio.example'] });
    try {
      const ok = await fetch(`${open.base}/api/pipelines`, { method: 'OPTIONS', headers: { origin: 'https://studio.example', 'access-control-request-method': 'GET' } });
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://studio.example');
      const no = await fetch(`${open.base}/api/pipelines`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
      expect(no.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await open.close();
    }
  });
});
