/**
 * NATS JetStream source: a durable consumer (explicit acks) on the stream that holds the subject — created
 * as `SLUICE_<trigger>` when no stream covers it. A message is acked after its run is recorded; JetStream
 * redelivers what is not acked within `ack_wait`. Message id: the `Nats-Msg-Id` header, else the body's id,
 * else the stream and sequence.
 */
import { AckPolicy, connect, DeliverPolicy, nanos, type ConsumerMessages, type NatsConnection } from 'nats';
import { deadLetterPayload, fallbackId, parseBody, type DeadLetter, type MessageSource, type SourceSettings } from './source.js';

const safe = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, '_');

/** Opens a NATS JetStream source. */
export function natsSource(s: SourceSettings, ackWaitMs = 30_000): MessageSource {
  let nc: NatsConnection | undefined;
  let messages: ConsumerMessages | undefined;
  let loop: Promise<void> | undefined;
  const ensureStream = async (subject: string, name: string): Promise<string> => {
    const jsm = await nc!.jetstreamManager();
    const found = await jsm.streams.find(subject).catch(() => undefined);
    if (found) return found;
    await jsm.streams.add({ name, subjects: [subject] });
    return name;
  };
  return {
    serial: false,
    async start(deliver) {
      nc = await connect({ servers: s.url.replace(/^nats:\/\//, '') });
      const stream = await ensureStream(s.destination, `SLUICE_${safe(s.consumerName)}`);
      const jsm = await nc.jetstreamManager();
      const durable = safe(s.consumerName);
      try {
        await jsm.consumers.info(stream, durable);
      } catch {
        await jsm.consumers.add(stream, {
          durable_name: durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: s.destination,
          ack_wait: nanos(ackWaitMs), max_ack_pending: Math.max(s.prefetch * 4, 1000),
        });
      }
      const consumer = await nc.jetstream().consumers.get(stream, durable);
      messages = await consumer.consume({ max_messages: Math.max(s.prefetch, 10) });
      const iter = messages;
      loop = (async () => {
        for await (const m of iter) {
          const body = parseBody(m.data);
          const header = m.headers?.get('Nats-Msg-Id');
          const id = header || (typeof body === 'object' && body !== null && !Array.isArray(body) && ('id' in body || 'messageId' in body) ? fallbackId(m.subject, body) : `${stream}:${m.seq}`);
          await deliver({ id, subject: m.subject, body, ack: () => m.ack() });
        }
      })().catch(() => undefined);
    },
    async deadLetter(m: DeadLetter) {
      if (!s.deadLetter || !nc) return;
      await ensureStream(s.deadLetter, `SLUICE_DLQ_${safe(s.consumerName)}`);
      await nc.jetstream().publish(s.deadLetter, new TextEncoder().encode(deadLetterPayload(m)));
    },
    async close() {
      messages?.stop();
      await loop;
      await nc?.drain().catch(() => undefined);
    },
  };
}
