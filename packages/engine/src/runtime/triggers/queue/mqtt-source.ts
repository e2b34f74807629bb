/**
 * MQTT source: persistent sessions (`clean: false`, client ids stable per trigger) subscribed with QoS 1, so
 * messages not acknowledged when the process dies are redelivered by the broker. MQTT hands over one message
 * at a time per connection and waits for its PUBACK, so the driver stages each message in Redis before the ack
 * (`serial`). Message id: the body's `id` / `messageId`, else a hash of topic and payload.
 *
 * One connection (the default) keeps the topic's order. `connections: N` (2–16) opens N sessions sharing one
 * subscription (`$share/<group>/<topic>`, MQTT 5 and Mosquitto ≥ 1.6): the broker spreads the messages over
 * them, so N messages are staged at once — more throughput, no order across them. Changing N leaves sessions of
 * the old setting on the broker, still subscribed, with messages queued for them: every start drains them (each
 * leftover session is resumed, unsubscribed, its queued messages delivered as usual, then it is deleted), so
 * nothing is left behind when the setting changes.
 */
import mqtt from 'mqtt';
import { deadLetterPayload, fallbackId, parseBody, type DeadLetter, type MessageSource, type ReceivedMessage, type SourceSettings } from './source.js';

/** The most sessions one trigger may use; start drains every id up to it that is not in use. */
export const MQTT_MAX_CONNECTIONS = 16;
/** A leftover session is deleted once it delivered nothing for this long after its subscription was removed. */
const DRAIN_IDLE_MS = 500;

/** The client ids of a setting: the plain session, or one per shared connection. */
export function mqttSessionIds(base: string, connections: number): string[] {
  const root = base.slice(0, 120);
  return connections <= 1 ? [base.slice(0, 128)] : Array.from({ length: connections }, (_v, i) => `${root}~s${i}`);
}

/** What the sessions of a setting subscribe to. */
function filterFor(base: string, destination: string, connections: number): string {
  return connections <= 1 ? destination : `$share/${base.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100)}/${destination}`;
}

type Deliver = (m: ReceivedMessage) => Promise<void>;

/** Hands each QoS 1 message to `deliver`; its PUBACK goes out when the driver acknowledges it. */
function attach(c: mqtt.MqttClient, deliver: Deliver, onMessage?: () => void, onDone?: () => void): void {
  c.handleMessage = (packet, callback) => {
    if (packet.cmd !== 'publish') return callback();
    onMessage?.();
    const subject = packet.topic;
    const body = parseBody(packet.payload as Buffer);
    const done = (e?: Error): void => {
      callback(e);
      onDone?.();
    };
    deliver({ id: fallbackId(subject, body), subject, body, ack: () => done() }).catch((e: unknown) => done(e as Error));
  };
}

function connected(c: mqtt.MqttClient): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    c.once('connect', (connack) => resolve(connack.sessionPresent));
    c.once('error', reject);
  });
}

async function deleteSession(url: string, clientId: string): Promise<void> {
  const c = await mqtt.connectAsync(url, { clientId, clean: true, reconnectPeriod: 0, connectTimeout: 10_000 });
  await c.endAsync();
}

/**
 * Resumes a session of another setting if the broker has one: removes its subscriptions (none is added again),
 * delivers what was queued for it, and deletes it once it is idle. No session: nothing to do (the empty one the
 * probe creates is deleted).
 */
async function drainSession(s: SourceSettings, clientId: string, filters: readonly string[], deliver: Deliver): Promise<void> {
  const c = mqtt.connect(s.url, { clientId, clean: false, reconnectPeriod: 0, connectTimeout: 10_000 });
  c.on('error', () => undefined);
  let busy = 0;
  let last = Date.now();
  attach(c, deliver, () => { busy++; last = Date.now(); }, () => { busy--; last = Date.now(); });
  try {
    const present = await connected(c);
    if (present) {
      await c.unsubscribeAsync([...filters]);
      while (busy > 0 || Date.now() - last < DRAIN_IDLE_MS) await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await c.endAsync().catch(() => undefined);
  }
  await deleteSession(s.url, clientId);
}

/** Opens an MQTT source. */
export function mqttSource(s: SourceSettings): MessageSource {
  const n = Math.min(Math.max(1, Math.floor(s.connections ?? 1)), MQTT_MAX_CONNECTIONS);
  const ids = mqttSessionIds(s.consumerName, n);
  const clients: mqtt.MqttClient[] = [];
  return {
    serial: true,
    async start(deliver) {
      // Sessions of any other setting: drained and deleted before this one consumes.
      const others = [...mqttSessionIds(s.consumerName, 1), ...mqttSessionIds(s.consumerName, MQTT_MAX_CONNECTIONS)].filter((id) => !ids.includes(id));
      const filters = [filterFor(s.consumerName, s.destination, 1), filterFor(s.consumerName, s.destination, 2)];
      await Promise.all(others.map((id) => drainSession(s, id, filters, deliver)));
      const filter = filterFor(s.consumerName, s.destination, n);
      await Promise.all(ids.map(async (clientId) => {
        const c = mqtt.connect(s.url, { clientId, clean: false, reconnectPeriod: 1000, connectTimeout: 10_000 });
        clients.push(c);
        c.on('error', () => undefined);
        attach(c, deliver);
        if (!(await connected(c))) await c.subscribeAsync(filter, { qos: 1 });
      }));
    },
    async deadLetter(m: DeadLetter) {
      if (!s.deadLetter || !clients[0]) return;
      await clients[0].publishAsync(s.deadLetter, deadLetterPayload(m), { qos: 1 });
    },
    async close() {
      await Promise.all(clients.map((c) => c.endAsync().catch(() => undefined)));
    },
  };
}
