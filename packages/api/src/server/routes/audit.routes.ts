import type { ServerContext } from '../context.js';
import { errorResponses, listOf } from '../http.js';
import type { RoutePlugin } from './index.js';

const entrySchema = {
  type: 'object', required: ['id', 'at', 'who', 'method', 'route', 'resource', 'status'],
  properties: { id: { type: 'string' }, at: { type: 'string' }, who: { type: 'string' }, method: { type: 'string' }, route: { type: 'string' }, resource: { type: 'string' }, status: { type: 'integer' } },
} as const;

/** The audit log of changes (admin), newest first; `before` pages back. */
export const auditRoutes: RoutePlugin = async (app, context: ServerContext) => {
  app.get('/api/audit', {
    config: { role: 'admin' },
    schema: {
      tags: ['audit'], summary: 'Audit log of changes (newest first)',
      querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 }, before: { type: 'string', pattern: '^\\d+-\\d+$' } } },
      response: { 200: listOf(entrySchema), ...errorResponses },
    },
  }, async (request) => {
    const { limit, before } = request.query as { limit: number; before?: string };
    return { value: await context.audit.list(limit, before) };
  });
};
