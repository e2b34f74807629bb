/**
 * The broker side of a queue-message trigger: a source hands messages to the trigger driver and
 * acknowledges each one when the driver says so (after the run that carries it is recorded). One source
 * per broker: BullMQ, Redis Streams, RabbitMQ, MQTT, NATS JetStream.
 */
import { createHash } from 'node:crypto';
import type { JsonValue } from '../../../expressions/values.js';
import { isPlainObject } from '../../../expressions/values.js';

/** A message received from a broker. */
export interface ReceivedMessage {
  /** The de-duplication id: the broker's message id, else the body's `id`, else a hash of subject and body. */
  id: string;
  /** Topic, subject, routing key or job name. */
  subject?: string;
  /** The event type, when the broker carries one (AMQP `type`, a stream field). */
  type?: string;
  body: JsonValue;
  /** Tells the broker the message is done: it is not delivered again. */
  ack(): Promise<void> | void;
}

/** A message to publish to a dead-letter destination. */
export interface DeadLetter {
  id: string;
  subject?: string;
  body: JsonValue;
  reason: string;
}

/** One broker connection of one trigger. */
export interface MessageSource {
  /** True when the broker hands over one message at a time and waits for its ack (MQTT): the driver stages messages in Redis. */
  readonly serial: boolean;
  /** Starts consuming; `deliver` is called per message (awaited, for back-pressure). */
  start(deliver: (m: ReceivedMessage) => Promise<void>): Promise<void>;
  /** Publishes to the trigger's dead-letter destination on the same broker. */
  deadLetter(m: DeadLetter): Promise<void>;
  close(): Promise<void>;
}

/** What every source needs to know. */
export interface SourceSettings {
  url: string;
  /** Queue, stream, topic filter or subject. */
  destination: string;
  deadLetter?: string;
  /** A stable name for the consumer group, durable consumer or MQTT client id. */
  consumerName: string;
  /** This process (a stream consumer name). */
  owner: string;
  /** Messages to have in flight at most. */
  prefetch: number;
  /** BullMQ only: the queue prefix (default `bull`). */
  bullPrefix?: string;
  /** MQTT only: sessions sharing the subscription (default 1, which keeps the topic's order). */
  connections?: number;
}

/** A message body: JSON when it parses, else the text. */
export function parseBody(bytes: Uint8Array | string): JsonValue {
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

/** The id of a message without a broker id: its body's `id` / `messageId`, else a hash of subject and body. */
export function fallbackId(subject: string | undefined, body: JsonValue): string {
  if (isPlainObject(body)) {
    const id = body.id ?? body.messageId;
    if (typeof id === 'string' || typeof id === 'number') return String(id);
  }
  return createHash('sha256').update(`${subject ?? ''}\n${JSON.stringify(body)}`).digest('hex').slice(0, 32);
}

/** The dead-letter payload (the original body with why and what). */
export function deadLetterPayload(m: DeadLetter): string {
  return JSON.stringify({ id: m.id, ...(m.subject !== undefined ? { subject: m.subject } : {}), reason: m.reason, body: m.body });
}
