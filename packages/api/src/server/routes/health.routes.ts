import type { ServerContext } from '../context.js';
import type { RoutePlugin } from './index.js';

const readySchema = {
  type: 'object', required: ['status', 'redis', 'workers'],
  properties: { status: { type: 'string' }, redis: { type: 'string' }, workers: { type: 'integer' } },
} as const;

/**
 * Health checks, public: `/healthz` (the process answers) and `/readyz` (Redis answers PING and at least
 * one worker's heartbeat is recent — without a worker no run would progress).
 */
export const healthRoutes: RoutePlugin = async (app, context: ServerContext) => {
  app.get('/healthz', {
    config: { public: true },
    schema: { tags: ['health'], summary: 'The process is up', security: [], response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } },
  }, async () => ({ status: 'ok' }));

  app.get('/readyz', {
    config: { public: true },
    schema: { tags: ['health'], summary: 'Redis answers and a worker was seen', security: [], response: { 200: readySchema, 503: readySchema } },
  }, async (_request, reply) => {
    let redis = 'ok';
    let workers = 0;
    // The engine's connection queues commands while Redis is away: bound the wait instead of hanging the probe.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Redis did not answer in time')), 2000);
    });
    try {
      workers = await Promise.race([context.engine.redis.ping().then(() => context.metrics.workersSeen()), timeout]);
    } catch {
      redis = 'unreachable';
    } finally {
      clearTimeout(timer);
    }
    const ready = redis === 'ok' && workers > 0;
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', redis, workers });
  });
};
