import { ROLES } from '../api-keys.js';
import type { ServerContext } from '../context.js';
import { errorResponses, listOf } from '../http.js';
import type { RoutePlugin } from './index.js';

const recordSchema = {
  type: 'object', required: ['id', 'name', 'role', 'createdAt'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, createdAt: { type: 'string' }, createdBy: { type: ['string', 'null'] } },
} as const;

/** API keys (admin): list, create (the clear key is in this one answer only), revoke; and `GET /api/me`. */
export const keyRoutes: RoutePlugin = async (app, context: ServerContext) => {
  const tags = ['keys'];
  app.get('/api/me', {
    config: { role: 'viewer' },
    schema: { tags, summary: 'The key of this request', response: { 200: recordSchema, ...errorResponses } },
  }, async (request) => request.apiKey);

  app.get('/api/keys', {
    config: { role: 'admin' },
    schema: { tags, summary: 'List API keys (never the keys themselves)', response: { 200: listOf(recordSchema), ...errorResponses } },
  }, async () => ({ value: await context.apiKeys.list() }));

  app.post('/api/keys', {
    config: { role: 'admin' },
    schema: {
      tags, summary: 'Create an API key; the answer holds the key once',
      body: { type: 'object', required: ['name', 'role'], additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, role: { type: 'string', enum: [...ROLES] } } },
      response: { 201: { type: 'object', required: ['key', 'id', 'role'], properties: { key: { type: 'string' }, ...recordSchema.properties } }, ...errorResponses },
    },
  }, async (request, reply) => {
    const { name, role } = request.body as { name: string; role: (typeof ROLES)[number] };
    const { key, record } = await context.apiKeys.create(name, role, request.apiKey?.id ?? null);
    return reply.status(201).send({ key, ...record });
  });

  app.delete('/api/keys/:id', {
    config: { role: 'admin' },
    schema: { tags, summary: 'Revoke an API key', params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^key_[0-9a-f]+$' } } }, response: { 204: { type: 'null' }, ...errorResponses } },
  }, async (request, reply) => {
    await context.apiKeys.revoke((request.params as { id: string }).id);
    return reply.status(204).send();
  });
};
