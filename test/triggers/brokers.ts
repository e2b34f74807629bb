// Per-broker fixtures for the queue-message trigger tests: unique destinations, a way to read the
// dead-letter destination with the broker's own client, and cleanup that leaves the broker as it was.
import amqp from 'amqplib';
import mqtt from 'mqtt';
import { connect, RetentionPolicy } from 'nats';
import { MQTT_MAX_CONNECTIONS, mqttSessionIds, type Engine } from '@sluice/engine/runtime';

export type Broker = 'bullmq' | 'redisStream' | 'rabbitmq' | 'mqtt' | 'nats';

export const URLS: Record<Broker, string> = {
  bullmq: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  redisStream: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  rabbitmq: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  mqtt: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883',
  nats: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
};

export interface BrokerFixture {
  /** typeProperties naming the destination (and dead-letter destination). */
  typeProperties: Record<string, unknown>;
  destination: string;
  bullPrefix?: string;
  /** Messages in the dead-letter destination: `{id, reason, body}`. */
  deadLetters(): Promise<Array<{ id: string; reason: string; body: unknown }>>;
  /** Messages delivered to the trigger but not acknowledged (when the broker can tell). */
  unacked(): Promise<number | undefined>;
  cleanup(): Promise<void>;
}

export async function fixture(broker: Broker, engine: Engine, triggerName: string): Promise<BrokerFixture> {
  const id = engine.keys.prefix;
  const redis = engine.redis;
  switch (broker) {
    case 'bullmq': {
      const bullPrefix = engine.keys.base;
      return {
        typeProperties: { broker, connection: { url: URLS.bullmq, prefix: bullPrefix }, queue: 'in', deadLetter: { queue: 'dead' } },
        destination: 'in', bullPrefix,
        deadLetters: async () => {
          const keys = (await redis.keys(`${bullPrefix}:dead:*`)).filter((k) => /:dead:[^:]+$/.test(k) && !/:(meta|id|events|wait|marker|stalled-check)$/.test(k));
          const out = [];
          for (const k of keys) {
            const data = await redis.hget(k, 'data');
            if (data) out.push(JSON.parse(data) as { id: string; reason: string; body: unknown });
          }
          return out;
        },
        unacked: async () => redis.llen(`${bullPrefix}:in:active`),
        cleanup: async () => undefined, // the keys live under the test prefix
      };
    }
    case 'redisStream': {
      const stream = `${engine.keys.base}:stream:in`;
      const dead = `${engine.keys.base}:stream:dead`;
      return {
        typeProperties: { broker, connection: { url: URLS.redisStream }, queue: stream, deadLetter: { queue: dead } },
        destination: stream,
        deadLetters: async () => (await redis.xrange(dead, '-', '+')).map(([, f]) => JSON.parse(f[f.indexOf('body') + 1]!) as { id: string; reason: string; body: unknown }),
        unacked: async () => {
          const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
          return groups.reduce((n, g) => n + Number(g[g.indexOf('pending') + 1]), 0);
        },
        cleanup: async () => undefined,
      };
    }
    case 'rabbitmq': {
      const queue = `sluice-test-${id}-in`;
      const dead = `sluice-test-${id}-dead`;
      const model = await amqp.connect(URLS.rabbitmq);
      const ch = await model.createChannel();
      await ch.assertQueue(dead, { durable: true });
      return {
        typeProperties: { broker, connection: { url: URLS.rabbitmq }, queue, deadLetter: { queue: dead } },
        destination: queue,
        deadLetters: async () => {
          const out = [];
          for (;;) {
            const m = await ch.get(dead, { noAck: true });
            if (!m) break;
            out.push(JSON.parse(m.content.toString()) as { id: string; reason: string; body: unknown });
          }
          return out;
        },
        unacked: async () => undefined,
        cleanup: async () => {
          await ch.deleteQueue(queue).catch(() => undefined);
          await ch.deleteQueue(dead).catch(() => undefined);
          await model.close();
        },
      };
    }
    case 'mqtt': {
      const topic = `sluice-test/${id}/in`;
      const dead = `sluice-test/${id}/dead`;
      const received: Array<{ id: string; reason: string; body: unknown }> = [];
      const watcher = await mqtt.connectAsync(URLS.mqtt, { clean: true });
      watcher.on('message', (_t, payload) => received.push(JSON.parse(payload.toString()) as { id: string; reason: string; body: unknown }));
      await watcher.subscribeAsync(dead, { qos: 1 });
      return {
        typeProperties: { broker, connection: { url: URLS.mqtt }, topic, deadLetter: { topic: dead } },
        destination: topic,
        deadLetters: async () => received,
        unacked: async () => undefined,
        cleanup: async () => {
          await watcher.endAsync();
          // Drop the trigger's persistent sessions (one, or one per shared connection).
          const name = `sluice-${id}-${triggerName}`;
          for (const clientId of [...mqttSessionIds(name, 1), ...mqttSessionIds(name, MQTT_MAX_CONNECTIONS)]) {
            const c = await mqtt.connectAsync(URLS.mqtt, { clientId, clean: true });
            await c.endAsync();
          }
        },
      };
    }
    case 'nats': {
      const subject = `sluice.test.${id}.in`;
      const dead = `sluice.test.${id}.dead`;
      const nc = await connect({ servers: URLS.nats.replace('nats://', '') });
      const jsm = await nc.jetstreamManager();
      const stream = `T_${id.replace(/[^A-Za-z0-9]/g, '_')}`;
      await jsm.streams.add({ name: stream, subjects: [subject] });
      await jsm.streams.add({ name: `${stream}_DLQ`, subjects: [dead], retention: RetentionPolicy.Limits });
      return {
        typeProperties: { broker, connection: { url: URLS.nats }, subject, deadLetter: { subject: dead } },
        destination: subject,
        deadLetters: async () => {
          const info = await jsm.streams.info(`${stream}_DLQ`);
          const out = [];
          for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
            const m = await jsm.streams.getMessage(`${stream}_DLQ`, { seq });
            out.push(JSON.parse(new TextDecoder().decode(m.data)) as { id: string; reason: string; body: unknown });
          }
          return out;
        },
        unacked: async () => {
          const consumers = await jsm.consumers.list(stream).next();
          return consumers.reduce((n, c) => n + c.num_ack_pending, 0);
        },
        cleanup: async () => {
          await jsm.streams.delete(stream).catch(() => undefined);
          await jsm.streams.delete(`${stream}_DLQ`).catch(() => undefined);
          await nc.drain();
        },
      };
    }
  }
}
