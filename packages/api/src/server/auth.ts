import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SluiceError } from '@sluice/engine';
import { roleAllows, type ApiKeyRecord, type ApiKeyStore, type Role } from './api-keys.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The lowest role that may call the route. Routes without one (and not public) need admin. */
    role?: Role;
    /** Reachable without a key (health checks, docs). */
    public?: boolean;
    /** Also accept the key as `?access_token=` (Server-Sent Events: EventSource cannot send headers). */
    queryToken?: boolean;
  }
  interface FastifyRequest {
    /** The authenticated key of the request (set by the auth hook). */
    apiKey?: ApiKeyRecord;
  }
}

/**
 * True for routes anyone may call: marked public, the interactive docs' own routes, and the designer's
 * static files (`/`, `/*`: the single-page app, which then calls the API with a key), and CORS preflights.
 */
export function isPublicRoute(url: string, config: { public?: boolean } | undefined, method = 'GET'): boolean {
  // CORS preflights (OPTIONS) carry no credentials by design; @fastify/cors answers them.
  return config?.public === true || method === 'OPTIONS' || url === '/docs' || url.startsWith('/docs/') || url === '/' || url === '/*';
}

function presentedKey(request: FastifyRequest, queryToken: boolean): string | undefined {
  const auth = request.headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header) return header.trim();
  if (queryToken) {
    const q = (request.query as Record<string, unknown> | undefined)?.access_token;
    if (typeof q === 'string' && q) return q;
  }
  return undefined;
}

/**
 * The one place authentication and authorisation happen: an onRequest hook reads the route's `config.role`
 * (admin when none is set, so a route added without thought is closed), finds the key (Bearer header,
 * `X-API-Key`, or `?access_token=` on routes that allow it) and answers 401 UNAUTHENTICATED or
 * 403 FORBIDDEN before any handler or body parsing runs.
 */
export function installAuth(app: FastifyInstance, keys: ApiKeyStore): void {
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    const url = request.routeOptions.url ?? '';
    if (!request.routeOptions.url || isPublicRoute(url, config, request.method)) return; // unknown routes answer 404 below
    const key = presentedKey(request, config.queryToken === true);
    if (!key) throw new SluiceError('UNAUTHENTICATED', 'This route needs an API key: send "Authorization: Bearer sk_…" or "X-API-Key: sk_…".');
    const record = await keys.authenticate(key);
    if (!record) throw new SluiceError('UNAUTHENTICATED', 'The API key is not valid (unknown or revoked).');
    const needed: Role = config.role ?? 'admin';
    if (!roleAllows(record.role, needed)) {
      throw new SluiceError('FORBIDDEN', `This route needs the role ${needed}; the key '${record.id}' has the role ${record.role}.`, {}, { needed, held: record.role });
    }
    request.apiKey = record;
  });
}
