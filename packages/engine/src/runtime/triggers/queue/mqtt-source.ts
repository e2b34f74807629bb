/**
 * MQTT source: a persistent session (`clean: false`, a client id stable per trigger) subscribed with QoS 1,
 * so messages not acknowledged when the process dies are redelivered by the broker. MQTT hands over one
 * message at a time and waits for its PUBACK, so the driver stages each message in Redis before the ack
 * (`serial`). Message id: the body's `id` / `messageId`, else a hash of topic and payload.
 */
import mqtt from 'mqtt';
import { deadLetterPayload, fallbackId, parseBody, type DeadLetter, type MessageSource, type SourceSettings } from './source.js';

/** Opens an MQTT source. */
export function mqttSource(s: SourceSettings): MessageSource {
  let client: mqtt.MqttClient | undefined;
  return {
    serial: true,
    async start(deliver) {
      const c = mqtt.connect(s.url, { clientId: s.consumerName.slice(0, 128), clean: false, reconnectPeriod: 1000, connectTimeout: 10_000 });
      client = c;
      c.on('error', () => undefined);
      // Called per QoS 1 message before its PUBACK; the next message waits for `callback`.
      c.handleMessage = (packet, callback) => {
        if (packet.cmd !== 'publish') return callback();
        const subject = packet.topic;
        const body = parseBody(packet.payload as Buffer);
        deliver({ id: fallbackId(subject, body), subject, body, ack: () => callback() }).catch((e: unknown) => callback(e as Error));
      };
      await new Promise<void>((resolve, reject) => {
        c.once('connect', (connack) => {
          if (connack.sessionPresent) return resolve();
          c.subscribe(s.destination, { qos: 1 }, (err) => (err ? reject(err) : resolve()));
        });
        c.once('error', reject);
      });
    },
    async deadLetter(m: DeadLetter) {
      if (!s.deadLetter || !client) return;
      await client.publishAsync(s.deadLetter, deadLetterPayload(m), { qos: 1 });
    },
    async close() {
      await client?.endAsync().catch(() => undefined);
    },
  };
}
