import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { routeNotFound } from './errors.js';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sluice</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>Sluice</h1>
<p>The API is running, but the browser designer is not built yet.</p>
<p>Build it with <code>pnpm --filter @sluice/designer build</code> (or <code>pnpm build</code>) and restart.</p>
<p>Meanwhile: the API and its interactive docs are at <a href="/docs">/docs</a>.</p>
</body></html>
`;

/**
 * Serves the designer: its built files at `/` with a single-page-app fallback (any GET outside `/api` and
 * `/docs` that is not a file answers `index.html`), or a short page saying how to build it. Unknown API
 * routes answer the API's 404 error.
 */
export async function serveDesigner(app: FastifyInstance, dir: string | undefined): Promise<void> {
  const built = dir !== undefined && existsSync(join(dir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root: dir, wildcard: true, index: 'index.html' });
  } else {
    app.get('/', { config: { public: true }, schema: { hide: true, response: { 200: { type: 'string' } } } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT));
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const api = path === '/api' || path.startsWith('/api/') || path.startsWith('/docs');
    if (built && request.method === 'GET' && !api) return reply.sendFile('index.html');
    return reply.status(404).send(routeNotFound(request.method, request.url));
  });
}
