import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { ServerContext } from '../context.js';
import { alertRoutes } from './alerts.routes.js';
import { auditRoutes } from './audit.routes.js';
import { dataPlaneRoutes } from './data-plane.routes.js';
import { dataFlowTypeRoutes } from './dataflow-types.routes.js';
import { eventRoutes } from './events.routes.js';
import { expressionRoutes } from './expressions.routes.js';
import { factoryRoutes } from './factory.routes.js';
import { globalParameterRoutes } from './globals.routes.js';
import { healthRoutes } from './health.routes.js';
import { keyRoutes } from './keys.routes.js';
import { metricsRoutes } from './metrics.routes.js';
import { modelRoutes } from './models.routes.js';
import { runRoutes } from './runs.routes.js';
import { triggerRuntimeRoutes } from './triggers-runtime.js';
import { typeRoutes } from './types.routes.js';
import { versionRoutes } from './versions.routes.js';

/** A feature's routes: a fastify plugin receiving the server's context as options. */
export type RoutePlugin = FastifyPluginAsync<ServerContext>;

/** Every route plugin of the API, registered in this order. Add a feature by adding its plugin here. */
export const routePlugins: readonly RoutePlugin[] = [
  healthRoutes,
  factoryRoutes,
  versionRoutes,
  globalParameterRoutes,
  typeRoutes,
  dataFlowTypeRoutes,
  runRoutes,
  triggerRuntimeRoutes,
  eventRoutes,
  expressionRoutes,
  dataPlaneRoutes,
  keyRoutes,
  auditRoutes,
  metricsRoutes,
  modelRoutes,
  alertRoutes,
];

/** Registers {@link routePlugins} with the server context. */
export async function registerRoutes(app: FastifyInstance, context: ServerContext): Promise<void> {
  for (const plugin of routePlugins) await app.register(plugin, context);
}
