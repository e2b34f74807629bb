import { Redis, type RedisOptions } from 'ioredis';

/** How to reach Redis: a `redis://` URL or ioredis options. */
export type RedisConnection = string | RedisOptions;

/** The default Redis, overridable with `REDIS_URL`. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Opens an ioredis client as BullMQ wants it (`maxRetriesPerRequest: null`, so blocking commands survive
 * reconnects). Every long-lived component opens its own: BullMQ workers block on their connection.
 * `extra` adds options, e.g. `enableAutoPipelining` for the engine's command connection (never for a
 * connection that blocks).
 */
export function openRedis(connection: RedisConnection = process.env.REDIS_URL ?? DEFAULT_REDIS_URL, extra: RedisOptions = {}): Redis {
  const options: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...extra };
  return typeof connection === 'string' ? new Redis(connection, options) : new Redis({ ...options, ...connection, ...extra });
}
