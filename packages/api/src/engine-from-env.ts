import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinActivities } from '@sluice/activities';
import { createEngine, DEFAULT_REDIS_URL, type Engine } from '@sluice/engine/runtime';
import { SluiceError, type ActivityDefinition } from '@sluice/engine';
import { openRedis } from '@sluice/engine/runtime';

/** Where Sluice's processes find Redis and their key prefix (environment variables). */
export interface EngineEnv {
  redisUrl: string;
  prefix: string;
  /** The key sealing linked-service secrets (`SLUICE_SECRET_KEY`, else the data folder's `secret.key`). */
  secretKey?: string;
  /** Where model artifacts are written: `$SLUICE_DATA_DIR/artifacts` (default `.sluice/artifacts`). */
  artifactsDir: string;
}

/** Reads `REDIS_URL` (default `redis://127.0.0.1:6379`), `SLUICE_PREFIX` (default `sluice`) and the secret key (`SLUICE_SECRET_KEY` or `$SLUICE_DATA_DIR/secret.key`). */
export function engineEnv(env: NodeJS.ProcessEnv = process.env): EngineEnv {
  const keyFile = join(env.SLUICE_DATA_DIR || '.sluice', 'secret.key');
  const secretKey = env.SLUICE_SECRET_KEY || (existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : undefined);
  return { redisUrl: env.REDIS_URL ?? DEFAULT_REDIS_URL, prefix: env.SLUICE_PREFIX ?? 'sluice', artifactsDir: join(env.SLUICE_DATA_DIR || '.sluice', 'artifacts'), ...(secretKey ? { secretKey } : {}) };
}

/**
 * Checks that Redis answers before anything else starts, so a user gets one clear message instead of a
 * stream of reconnect errors.
 */
export async function assertRedisReachable(url: string, timeoutMs = 3000): Promise<void> {
  const client = openRedis({ ...parseUrl(url), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch {
    throw new SluiceError('REDIS_UNAVAILABLE', `Redis does not answer at ${url}. Start one (for example: redis-server --daemonize yes) or set REDIS_URL.`);
  } finally {
    client.disconnect();
  }
}

function parseUrl(url: string): { host: string; port: number; password?: string; db?: number; username?: string } {
  const u = new URL(url);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 6379),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
  };
}

/**
 * Creates the engine this installation runs: Redis, prefix and secret key from the environment, the built-in
 * activities and those of the plugins (`SLUICE_PLUGINS`, loaded by the caller with `loadPlugins`).
 */
export function engineFromEnv(env: EngineEnv = engineEnv(), plugins: readonly ActivityDefinition[] = []): Engine {
  return createEngine({ redis: env.redisUrl, prefix: env.prefix, activities: [...builtinActivities, ...plugins], artifacts: env.artifactsDir, ...(env.secretKey ? { secretKey: env.secretKey } : {}) });
}
