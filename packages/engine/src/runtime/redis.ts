import { Redis, type RedisOptions } from 'ioredis';

/** How to reach Redis: a `redis://` URL or ioredis options. */
export type RedisConnection = string | RedisOptions;

/** The default Redis, overridable with `REDIS_URL`. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Opens an ioredis client as BullMQ wants it (`maxRetriesPerRequest: null`, so blocking commands survive
 * reconnects). Every long-lived component opens its own: BullMQ workers block on their connection.
 */
export function openRedis(connection: RedisConnection = process.env.REDIS_URL ?? DEFAULT_REDIS_URL): Redis {
  const options: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false };
  return typeof connection === 'string' ? new Redis(connection, options) : new Redis({ ...options, ...connection });
}
