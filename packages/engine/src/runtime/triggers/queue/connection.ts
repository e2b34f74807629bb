/**
 * Where a queue-message trigger's broker is: an inline `{url}` (a string or a secret), a linked service
 * (its `url`, `connectionString` or `host`), or the local default of the broker.
 */
import { SluiceError } from '../../../errors/index.js';
import { isPlainObject } from '../../../expressions/values.js';
import type { QueueMessageTriggerTypeProperties } from '../../../model/trigger-types.js';
import type { Engine } from '../../engine.js';
import { DEFAULT_REDIS_URL } from '../../redis.js';

/** Each broker's address when the trigger names none. */
export const DEFAULT_BROKER_URLS: Record<QueueMessageTriggerTypeProperties['broker'], () => string> = {
  bullmq: () => process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
  redisStream: () => process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
  rabbitmq: () => process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  mqtt: () => process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883',
  nats: () => process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
};

function secretText(sealed: unknown, where: string, engine: Engine): string {
  const v = engine.factory.reveal(sealed, where);
  if (typeof v === 'string') return v;
  if (isPlainObject(v)) {
    const type = String(v.type ?? '').toLowerCase();
    if (type === 'securestring' && typeof v.value === 'string') return v.value;
    if (type === 'environmentvariable' && typeof v.name === 'string') {
      const value = process.env[v.name];
      if (value === undefined) throw new SluiceError('TRIGGER_INVALID', `${where}: the environment variable '${v.name}' is not set on this trigger service.`, { pointer: where });
      return value;
    }
  }
  throw new SluiceError('TRIGGER_INVALID', `${where}: give the broker URL as a string, a SecureString or an EnvironmentVariable secret.`, { pointer: where });
}

/** The broker URL of a trigger and, for BullMQ, the queue prefix. Never logged: it may hold a password. */
export async function brokerConnection(tp: QueueMessageTriggerTypeProperties, engine: Engine): Promise<{ url: string; bullPrefix?: string }> {
  const where = '/properties/typeProperties/connection';
  const c = tp.connection as Record<string, unknown> | undefined;
  if (!c) return { url: DEFAULT_BROKER_URLS[tp.broker]() };
  const bullPrefix = typeof c.prefix === 'string' ? c.prefix : undefined;
  if (typeof c.referenceName === 'string') {
    const ls = await engine.factory.resolveLinkedService({ referenceName: c.referenceName });
    const p = ls.typeProperties;
    const url = p.url ?? p.connectionString ?? p.host;
    return { url: secretText(url, `${where} (linked service '${ls.name}')`, engine), ...(typeof p.prefix === 'string' ? { bullPrefix: p.prefix } : bullPrefix ? { bullPrefix } : {}) };
  }
  return { url: secretText(c.url, `${where}/url`, engine), ...(bullPrefix ? { bullPrefix } : {}) };
}
