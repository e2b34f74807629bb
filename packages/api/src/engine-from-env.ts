import { builtinActivities } from '@sluice/activities';
import { createEngine, DEFAULT_REDIS_URL, type Engine } from '@sluice/engine/runtime';
import { SluiceError } from '@sluice/engine';
import { openRedis } from '@sluice/engine/runtime';

/** Where Sluice's processes find Redis and their key prefix (environment variables). */
export interface EngineEnv {
  redisUrl: string;
  prefix: string;
}

/** Reads `REDIS_URL` (default `redis://127.0.0.1:6379`) and `SLUICE_PREFIX` (default `sluice`). */
export function engineEnv(env: NodeJS.ProcessEnv = process.env): EngineEnv {
  return { redisUrl: env.REDIS_URL ?? DEFAULT_REDIS_URL, prefix: env.SLUICE_PREFIX ?? 'sluice' };
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

/** Creates the engine this installation runs: Redis and prefix from the environment, the built-in activities. */
export function engineFromEnv(env: EngineEnv = engineEnv()): Engine {
  return createEngine({ redis: env.redisUrl, prefix: env.prefix, activities: builtinActivities });
}
