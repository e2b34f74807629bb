import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinActivities } from '@sluice/activities';
import { TypeCatalog, type ActivityDefinition } from '@sluice/engine';
import { createCatalog } from '../catalog.js';
import { createEngine, type Engine, type EngineWorker } from '@sluice/engine/runtime';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type SluiceConfig } from '../config.js';
import { assertRedisReachable } from '../engine-from-env.js';
import { loadPlugins } from '../plugins.js';
import { ApiKeyStore } from '../server/api-keys.js';
import type { ServerCatalog } from '../server/context.js';
import { builtinDataPlane } from '../data-plane.js';
import { createServer } from '../server/create-server.js';
import { ensureAdminKey, ensureSecretKey } from '../server/data-folder.js';
import { startAlertService } from '../alerts/index.js';
import type { CommandIO } from './output.js';

/** Options shared by `sluice server` and `sluice start`. */
export interface ServeOptions {
  /** A configuration file instead of `./sluice.config.json`. */
  config?: string;
}

/** What a serving process holds (the command closes it on SIGINT/SIGTERM; tests close it themselves). */
export interface Serving {
  config: SluiceConfig;
  engine: Engine;
  app: FastifyInstance;
  url: string;
  catalog: ServerCatalog;
  worker?: EngineWorker;
  /** The admin key, when this start created it (printed once). */
  adminKey?: { key: string; file: string };
  close(): Promise<void>;
}

/** The designer's build output, beside this package in the workspace. */
export const DESIGNER_DIST = fileURLToPath(new URL('../../../designer/dist', import.meta.url));


/**
 * Starts the API (and, with `withWorker`, a worker in the same process) on the configured Redis: makes
 * sure the secret key exists (generated into the data folder when not configured), loads plugins, and
 * creates the first admin key when there is none. Resolves once listening.
 */
export async function serve(options: ServeOptions & { withWorker?: { concurrency: number }; beforeListen?: (engine: Engine, catalog: ServerCatalog) => Promise<void> }, env: NodeJS.ProcessEnv = process.env): Promise<Serving> {
  const config = loadConfig(env, options.config);
  await assertRedisReachable(config.redisUrl);
  const secretKey = await ensureSecretKey(config.dataDir, config.secretKey, true);
  const plugins = await loadPlugins(config.plugins);
  const work: ActivityDefinition[] = [...builtinActivities, ...plugins];
  const engine = createEngine({ redis: config.redisUrl, prefix: config.prefix, activities: work, artifacts: join(config.dataDir, 'artifacts'), ...(secretKey ? { secretKey } : {}) });
  const base = createCatalog();
  for (const d of plugins) base.activities.register(d);
  const catalog: ServerCatalog = {
    activities: base.activities,
    ...(base.datasetTypes instanceof TypeCatalog ? { datasetTypes: base.datasetTypes } : {}),
    ...(base.linkedServiceTypes instanceof TypeCatalog ? { linkedServiceTypes: base.linkedServiceTypes } : {}),
    dataFlowStepTypes: base.dataFlowStepTypes,
    dataFlowChecks: base.dataFlowChecks,
  };
  let worker: EngineWorker | undefined;
  let app: FastifyInstance | undefined;
  try {
    await options.beforeListen?.(engine, catalog);
    if (options.withWorker) worker = await engine.startWorker({ concurrency: options.withWorker.concurrency });
    app = await createServer({
      engine, catalog, corsOrigins: config.corsOrigins, bodyLimit: config.bodyLimit, rateLimit: config.rateLimit, designerDir: DESIGNER_DIST,
      logStream: process.stdout, logLevel: 'warn', dataPlane: builtinDataPlane,
    });
    const address = await app.listen({ port: config.port, host: config.host });
    const alerts = await startAlertService({ engine, link: address });
    const apiKeys = new ApiKeyStore(engine.redis, engine.keys);
    const adminKey = await ensureAdminKey(apiKeys, engine.redis, engine.keys, config.dataDir);
    const running = app;
    return {
      config, engine, app: running, url: address, catalog, ...(worker ? { worker } : {}), ...(adminKey ? { adminKey } : {}),
      close: async () => {
        await running.close();
        await alerts.close();
        await worker?.close();
        await engine.close();
      },
    };
  } catch (e) {
    await app?.close().catch(() => undefined);
    await worker?.close().catch(() => undefined);
    await engine.close().catch(() => undefined);
    throw e;
  }
}

/** The lines telling a newcomer where things are (and the admin key, the one time it exists in clear). */
export function describeServing(s: Serving): string {
  const lines = [
    `  API       ${s.url}/api   (interactive docs: ${s.url}/docs)`,
    `  designer  ${s.url}/`,
    `  redis     ${s.config.redisUrl}, prefix ${s.config.prefix}; data folder ${s.config.dataDir}`,
  ];
  if (s.worker) lines.push(`  worker    ${s.worker.id}`);
  if (s.adminKey) {
    lines.push('', `  First start: an admin API key was created. It is shown once here and kept in ${s.adminKey.file} (mode 600):`, `    ${s.adminKey.key}`, '  Use it as "Authorization: Bearer <key>"; create more keys with POST /api/keys.');
  }
  return `${lines.join('\n')}\n`;
}

/** Waits for SIGINT or SIGTERM. */
export function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** `sluice server`: the REST API only (run workers with `sluice worker`), until Ctrl-C. */
export async function serverCommand(options: ServeOptions, io: CommandIO): Promise<number> {
  const serving = await serve(options);
  io.err(`\nSluice API is running.\n${describeServing(serving)}Stop with Ctrl-C.\n`);
  await untilSignal();
  io.err('Stopping…\n');
  await serving.close();
  return 0;
}
