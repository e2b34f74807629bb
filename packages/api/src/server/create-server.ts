import type { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { SluiceError } from '@sluice/engine';
import type { Engine } from '@sluice/engine/runtime';
import { ApiKeyStore } from './api-keys.js';
import { AuditLog } from './audit.js';
import { installAuth, isPublicRoute } from './auth.js';
import type { DataPlane, ServerCatalog, ServerContext } from './context.js';
import { serveDesigner } from './designer.js';
import { installErrorHandling } from './errors.js';
import { Metrics } from './metrics.js';
import { RunEventHub } from './run-events.js';
import { registerRoutes } from './routes/index.js';

/** Options of {@link createServer}. */
export interface ServerOptions {
  engine: Engine;
  catalog: ServerCatalog;
  /** API keys (default: kept in the engine's Redis under its prefix). */
  apiKeys?: ApiKeyStore;
  /** Origins allowed by CORS; empty or absent: CORS closed. */
  corsOrigins?: readonly string[];
  /** Largest request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Run starts per API key, route and minute, across all API processes (default 60). */
  rateLimit?: number;
  /** Test-connection and preview operations; the routes answer DATA_PLANE_UNAVAILABLE without them. */
  dataPlane?: DataPlane;
  /** The designer's built files (`packages/designer/dist`); when missing, `/` explains how to build it. */
  designerDir?: string;
  /** Where the JSON log goes (default: no log). */
  logStream?: Writable;
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** Milliseconds between SSE heartbeat comments (default 15 s). */
  heartbeatMs?: number;
}

/** A route as registered, for the route table (and the test that proves every route is guarded). */
export interface RouteInfo {
  method: string;
  url: string;
  role: string | undefined;
  public: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, with its guard. */
    sluiceRoutes: RouteInfo[];
  }
  interface FastifyContextConfig {
    /** False on POST routes that change nothing (validate, evaluate …): kept out of the audit log. */
    audit?: boolean;
  }
}

const redactUrl = (url: string): string => url.replace(/([?&]access_token=)[^&]*/gi, '$1[redacted]');

/**
 * Creates Sluice's REST API as a fastify instance (not listening: call `listen`). Every route carries a
 * JSON Schema (ajv strict), a required role enforced in one hook, and answers errors in one shape; the
 * OpenAPI document is at `/docs/json`, the interactive docs at `/docs`.
 */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const { engine } = options;
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    logger: options.logStream
      ? {
          level: options.logLevel ?? 'info',
          stream: options.logStream,
          redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'], censor: '[redacted]' },
          serializers: {
            req: (req: { method: string; url: string; ip?: string; id?: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url), ip: req.ip }),
          },
        }
      : false,
    ajv: { customOptions: { strict: true, allErrors: true, coerceTypes: 'array', useDefaults: true, removeAdditional: false } },
  });
  const apiKeys = options.apiKeys ?? new ApiKeyStore(engine.redis, engine.keys);
  const audit = new AuditLog(engine.redis, engine.keys);
  const metrics = new Metrics(engine);
  const events = new RunEventHub(engine);
  events.listenAll((m) => metrics.observe(m));
  await events.start();
  app.addHook('onClose', async () => events.stop());

  const routes: RouteInfo[] = [];
  app.decorate('sluiceRoutes', routes);
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: r.url, role: r.config?.role, public: isPublicRoute(r.url, r.config, method) });
    }
  });

  installErrorHandling(app);
  // A POST without a body (`curl -X POST …/runs`) is an empty object: optional bodies stay optional.
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && (request.method === 'POST' || request.method === 'PUT')) request.body = {};
  });
  installAuth(app, apiKeys);

  await app.register(cors, { origin: options.corsOrigins?.length ? [...options.corsOrigins] : false });
  await app.register(rateLimit, {
    global: false,
    // Counted in Redis, so the limit holds across every API process of the installation.
    redis: engine.redis,
    nameSpace: `${engine.keys.base}:ratelimit:`,
    keyGenerator: (request) => request.apiKey?.id ?? request.ip,
    errorResponseBuilder: (_request, context) => new SluiceError('RATE_LIMITED', `Too many run starts: at most ${context.max} per ${context.after}. Try again in ${context.after}.`),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Sluice API', version: '0.1.0', description: "Sluice's REST API: factory resources, runs, live events, expressions. See docs/api.md." },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key `sk_…`.' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // Changes are audited: who (key id), what (method, route, resource), when.
  app.addHook('onResponse', async (request, reply) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method) || !request.apiKey || request.routeOptions.config.audit === false) return;
    await audit.record({
      who: request.apiKey.id, method: request.method, route: request.routeOptions.url ?? '', resource: redactUrl(request.url.split('?')[0] ?? ''), status: reply.statusCode,
    }).catch((e: unknown) => request.log.warn({ err: e }, 'audit record failed'));
  });

  const context: ServerContext = {
    engine, catalog: options.catalog, apiKeys, audit, metrics, events, dataPlane: options.dataPlane,
    rateLimit: options.rateLimit ?? 60, heartbeatMs: options.heartbeatMs ?? 15_000,
  };
  await registerRoutes(app, context);
  await serveDesigner(app, options.designerDir);
  return app;
}
