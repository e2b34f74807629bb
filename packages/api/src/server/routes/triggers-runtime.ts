import { TriggerAdmin } from '@sluice/engine/runtime';
import { NAME_SCHEMA, type ServerContext } from '../context.js';
import { anyObject, errorResponses, listOf } from '../http.js';
import type { RoutePlugin } from './index.js';

const nameParams = { type: 'object', required: ['name'], properties: { name: NAME_SCHEMA } } as const;
const statusSchema = {
  type: 'object', required: ['name', 'type', 'runtimeState'],
  properties: { name: { type: 'string' }, type: { type: 'string' }, runtimeState: { type: 'string', enum: ['Started', 'Stopped'] } },
} as const;
const windowSchema = {
  type: 'object', required: ['windowStartTime', 'windowEndTime', 'status', 'attempts', 'runIds'],
  properties: {
    windowStartTime: { type: 'string' }, windowEndTime: { type: 'string' }, status: { type: 'string' }, attempts: { type: 'integer' },
    runIds: { type: 'array', items: { type: 'string' } },
  },
} as const;
const webhookAnswer = {
  type: 'object', required: ['triggerRunId', 'status', 'runIds'],
  properties: { triggerRunId: { type: 'string' }, status: { type: 'string' }, message: { type: 'string' }, runIds: { type: 'array', items: { type: 'string' } } },
} as const;

/**
 * Triggers at run time: start and stop (ADF's `runtimeState`, kept in Redis and followed by every trigger
 * service), trigger runs, tumbling windows (list, rerun), dead letters, and `POST /api/hooks/{trigger}` —
 * a webhook trigger's public endpoint, authenticated by the trigger's own secret instead of an API key.
 */
export const triggerRuntimeRoutes: RoutePlugin = async (app, context: ServerContext) => {
  const admin = new TriggerAdmin(context.engine);
  const tags = ['triggers'];

  app.get('/api/triggerstates', {
    config: { role: 'viewer' },
    schema: { tags, summary: 'Every trigger with its runtime state', response: { 200: listOf(statusSchema), ...errorResponses } },
  }, async () => ({ value: await admin.list() }));

  app.get('/api/triggers/:name/state', {
    config: { role: 'viewer' },
    schema: { tags, summary: "A trigger's runtime state", params: nameParams, response: { 200: statusSchema, ...errorResponses } },
  }, async (request) => admin.status((request.params as { name: string }).name));

  app.post('/api/triggers/:name/start', {
    config: { role: 'operator' },
    schema: { tags, summary: 'Start a trigger (every trigger service begins firing it)', params: nameParams, response: { 200: statusSchema, ...errorResponses } },
  }, async (request) => admin.start((request.params as { name: string }).name));

  app.post('/api/triggers/:name/stop', {
    config: { role: 'operator' },
    schema: { tags, summary: 'Stop a trigger (runs already started go on)', params: nameParams, response: { 200: statusSchema, ...errorResponses } },
  }, async (request) => admin.stop((request.params as { name: string }).name));

  app.get('/api/triggers/:name/triggerruns', {
    config: { role: 'viewer' },
    schema: {
      tags, summary: 'Trigger runs, newest first (time, status, pipeline runs started, message ids)', params: nameParams,
      querystring: { type: 'object', additionalProperties: false, properties: { from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' }, limit: { type: 'integer', minimum: 1, maximum: 1000 } } },
      response: { 200: listOf(anyObject), ...errorResponses },
    },
  }, async (request) => {
    const q = request.query as { from?: string; to?: string; limit?: number };
    return { value: await admin.runs((request.params as { name: string }).name, q) };
  });

  app.get('/api/triggers/:name/windows', {
    config: { role: 'viewer' },
    schema: {
      tags, summary: "A tumbling-window trigger's windows, newest first", params: nameParams,
      querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 1000 } } },
      response: { 200: listOf(windowSchema), ...errorResponses },
    },
  }, async (request) => ({ value: await admin.windows((request.params as { name: string }).name, (request.query as { limit?: number }).limit) }));

  app.post('/api/triggers/:name/windows/rerun', {
    config: { role: 'operator' },
    schema: {
      tags, summary: 'Rerun one window of a tumbling-window trigger', params: nameParams,
      body: { type: 'object', required: ['windowStartTime'], additionalProperties: false, properties: { windowStartTime: { type: 'string', minLength: 1 } } },
      response: { 202: windowSchema, ...errorResponses },
    },
  }, async (request, reply) => {
    const view = await admin.rerunWindow((request.params as { name: string }).name, (request.body as { windowStartTime: string }).windowStartTime);
    return reply.status(202).send(view);
  });

  app.get('/api/triggers/:name/deadletters', {
    config: { role: 'viewer' },
    schema: { tags, summary: 'Messages a queue-message trigger dead-lettered, newest first', params: nameParams, response: { 200: listOf(anyObject), ...errorResponses } },
  }, async (request) => ({ value: await admin.deadLetters((request.params as { name: string }).name) }));

  app.get('/api/triggers/:name/webhook-secret', {
    config: { role: 'admin' },
    schema: {
      tags, summary: "A webhook trigger's secret (admin only)", params: nameParams,
      response: { 200: { type: 'object', required: ['secret'], properties: { secret: { type: 'string' } } }, ...errorResponses },
    },
  }, async (request) => ({ secret: await admin.webhookSecret((request.params as { name: string }).name) }));

  // The webhook reads the raw body (an HMAC signature is computed over the bytes), so it has its own parsers.
  await app.register(async (hooks) => {
    hooks.removeAllContentTypeParsers();
    hooks.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_request, body, done) => done(null, body));
    hooks.post('/api/hooks/:name', {
      config: { public: true, rateLimit: { max: context.rateLimit, timeWindow: '1 minute' } },
      schema: {
        tags, summary: "Call a webhook trigger (authenticated by the trigger's secret, not an API key)", params: nameParams,
        headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 255 } } },
        response: { 202: webhookAnswer, ...errorResponses },
      },
    }, async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const run = await admin.fireWebhook((request.params as { name: string }).name, {
        rawBody: typeof request.body === 'string' ? request.body : '', headers: request.headers, method: request.method,
        ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
      });
      return reply.status(202).send({ triggerRunId: run.triggerRunId, status: run.status, ...(run.message ? { message: run.message } : {}), runIds: Object.values(run.triggeredPipelines) });
    });
  });
};
