/**
 * RabbitMQ source: consumes a durable queue with manual acks (prefetch bounds what is in flight); a message
 * is acked after its run is recorded, so a consumer that dies leaves it to be redelivered. Message id: the
 * AMQP `messageId` property, else the body's id; type: the AMQP `type` property; subject: the routing key.
 */
import amqp from 'amqplib';
import { deadLetterPayload, fallbackId, parseBody, type DeadLetter, type MessageSource, type SourceSettings } from './source.js';

/** Opens a RabbitMQ source. */
export function rabbitmqSource(s: SourceSettings): MessageSource {
  let model: amqp.ChannelModel | undefined;
  let channel: amqp.Channel | undefined;
  return {
    serial: false,
    async start(deliver) {
      model = await amqp.connect(s.url);
      model.on('error', () => undefined);
      channel = await model.createChannel();
      channel.on('error', () => undefined);
      await channel.assertQueue(s.destination, { durable: true });
      await channel.prefetch(Math.max(1, s.prefetch));
      const ch = channel;
      await ch.consume(s.destination, (msg) => {
        if (!msg) return;
        const body = parseBody(msg.content);
        const subject = msg.fields.routingKey;
        const id = typeof msg.properties.messageId === 'string' && msg.properties.messageId ? msg.properties.messageId : fallbackId(subject, body);
        void deliver({
          id, subject, body, ...(typeof msg.properties.type === 'string' ? { type: msg.properties.type } : {}),
          ack: () => ch.ack(msg),
        }).catch(() => ch.nack(msg, false, true));
      }, { noAck: false });
    },
    async deadLetter(m: DeadLetter) {
      if (!s.deadLetter || !channel) return;
      await channel.assertQueue(s.deadLetter, { durable: true });
      channel.sendToQueue(s.deadLetter, Buffer.from(deadLetterPayload(m)), { messageId: m.id, persistent: true, type: 'sluice.deadLetter' });
    },
    async close() {
      await channel?.close().catch(() => undefined);
      await model?.close().catch(() => undefined);
    },
  };
}
