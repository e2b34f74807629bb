/** Sluice's REST API server (fastify): the pieces a process wires together. */
export { createServer, type RouteInfo, type ServerOptions } from './create-server.js';
export { ApiKeyStore, ROLES, roleAllows, type ApiKeyRecord, type Role } from './api-keys.js';
export { AuditLog, type AuditEntry } from './audit.js';
export { Metrics } from './metrics.js';
export { RunEventHub } from './run-events.js';
export { diffJson, type JsonChange } from './diff.js';
export { toErrorBody, type ErrorBody } from './errors.js';
export { routePlugins, type RoutePlugin } from './routes/index.js';
export type { DataPlane, ServerCatalog, ServerContext } from './context.js';
export { ensureAdminKey, ensureSecretKey } from './data-folder.js';
export type { DataFlowStepType } from './context.js';
