import type { ServerContext } from '../context.js';
import { errorResponses } from '../http.js';
import type { RoutePlugin } from './index.js';

/** Prometheus metrics (viewer: scrape with `authorization: Bearer sk_…`). */
export const metricsRoutes: RoutePlugin = async (app, context: ServerContext) => {
  app.get('/metrics', {
    config: { role: 'viewer' },
    schema: { tags: ['health'], summary: 'Prometheus text exposition', response: { 200: { type: 'string' }, ...errorResponses } },
  }, async (_request, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(await context.metrics.render()));
};
