/**
 * Publishing to the brokers a queue-message trigger reads: for simulators (the IoT example's devices),
 * the benchmark, and tools that feed a trigger. One small publisher per broker, same addressing as the
 * trigger (`queue`, `topic`, `subject`).
 */
import amqp from 'amqplib';
import { Queue } from 'bullmq';
import mqtt from 'mqtt';
import { connect, headers as natsHeaders } from 'nats';
import type { JsonValue } from '../../../expressions/values.js';
import type { QueueMessageTriggerTypeProperties } from '../../../model/trigger-types.js';
import { openRedis } from '../../redis.js';

/** Options of one published message. */
export interface PublishOptions {
  /** The message id the trigger de-duplicates on (BullMQ job id, AMQP messageId, NATS Nats-Msg-Id, stream field `id`). */
  id?: string;
  /** Event type (AMQP `type`, stream field `type`, BullMQ job name). */
  type?: string;
}

/** A connection that publishes messages to one queue, stream, topic or subject. */
export interface MessagePublisher {
  publish(body: JsonValue, options?: PublishOptions): Promise<void>;
  close(): Promise<void>;
}

/** Opens a publisher for `destination` on `broker` at `url`. */
export async function openPublisher(broker: QueueMessageTriggerTypeProperties['broker'], url: string, destination: string, bullPrefix = 'bull'): Promise<MessagePublisher> {
  const text = (b: JsonValue): string => (typeof b === 'string' ? b : JSON.stringify(b));
  switch (broker) {
    case 'bullmq': {
      const connection = openRedis(url);
      const q = new Queue(destination, { connection, prefix: bullPrefix });
      return {
        publish: async (body, o = {}) => { await q.add(o.type ?? 'message', body, { ...(o.id ? { jobId: o.id } : {}), removeOnComplete: true }); },
        close: async () => { await q.close(); await connection.quit().catch(() => undefined); },
      };
    }
    case 'redisStream': {
      const r = openRedis(url);
      return {
        publish: async (body, o = {}) => { await r.xadd(destination, '*', ...(o.id ? ['id', o.id] : []), ...(o.type ? ['type', o.type] : []), 'body', text(body)); },
        close: async () => { await r.quit().catch(() => undefined); },
      };
    }
    case 'rabbitmq': {
      const model = await amqp.connect(url);
      const ch = await model.createConfirmChannel();
      await ch.assertQueue(destination, { durable: true });
      return {
        publish: async (body, o = {}) => {
          ch.sendToQueue(destination, Buffer.from(text(body)), { persistent: true, ...(o.id ? { messageId: o.id } : {}), ...(o.type ? { type: o.type } : {}) });
          await ch.waitForConfirms();
        },
        close: async () => { await ch.close().catch(() => undefined); await model.close().catch(() => undefined); },
      };
    }
    case 'mqtt': {
      const c = await mqtt.connectAsync(url, { clean: true });
      return {
        publish: async (body) => { await c.publishAsync(destination, text(body), { qos: 1 }); },
        close: async () => { await c.endAsync(); },
      };
    }
    case 'nats': {
      const nc = await connect({ servers: url.replace(/^nats:\/\//, '') });
      const js = nc.jetstream();
      return {
        publish: async (body, o = {}) => {
          const h = natsHeaders();
          if (o.type) h.set('Sluice-Type', o.type);
          await js.publish(destination, new TextEncoder().encode(text(body)), { headers: h, ...(o.id ? { msgID: o.id } : {}) });
        },
        close: async () => { await nc.drain(); },
      };
    }
  }
}
