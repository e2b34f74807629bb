/**
 * Redis Streams source: a consumer group per trigger (created at the start of the stream), XACK after the
 * run is recorded. Entries left pending by a process that died are claimed again after `claimIdleMs`.
 * Message id: the entry's `id` field, else the entry id; body: the `body` (or `data`) field parsed as JSON,
 * else all fields as an object.
 */
import type { Redis } from 'ioredis';
import type { JsonValue } from '../../../expressions/values.js';
import { openRedis } from '../../redis.js';
import { deadLetterPayload, parseBody, type DeadLetter, type MessageSource, type ReceivedMessage, type SourceSettings } from './source.js';

type Entry = [id: string, fields: string[]];

/** Opens a Redis Streams source. */
export function redisStreamSource(s: SourceSettings, claimIdleMs = 60_000): MessageSource {
  const commands: Redis = openRedis(s.url);
  const reader: Redis = openRedis(s.url);
  const group = s.consumerName;
  let closed = false;
  let loop: Promise<void> | undefined;
  // Acks issued in the same tick go out as one XACK.
  let ackIds: string[] = [];
  let ackDone: Promise<void> | undefined;
  const ackSoon = (entryId: string): Promise<void> => {
    ackIds.push(entryId);
    ackDone ??= Promise.resolve().then(async () => {
      const ids = ackIds;
      ackIds = [];
      ackDone = undefined;
      await commands.xack(s.destination, group, ...ids);
    });
    return ackDone;
  };
  const toMessage = ([entryId, flat]: Entry): ReceivedMessage => {
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
    const raw = fields.body ?? fields.data;
    const body: JsonValue = raw !== undefined ? parseBody(raw) : fields;
    return {
      id: fields.id ?? entryId, subject: s.destination, ...(fields.type ? { type: fields.type } : {}), body,
      ack: () => ackSoon(entryId),
    };
  };
  return {
    serial: false,
    async start(deliver) {
      try {
        await commands.xgroup('CREATE', s.destination, group, '0', 'MKSTREAM');
      } catch (e) {
        if (!String((e as Error).message).includes('BUSYGROUP')) throw e;
      }
      loop = (async () => {
        let lastClaim = 0;
        // First what this consumer had received but not acknowledged (a restart), then new entries.
        let cursor = '0';
        while (!closed) {
          try {
            if (Date.now() - lastClaim > claimIdleMs / 2) {
              lastClaim = Date.now();
              const claimed = (await commands.xautoclaim(s.destination, group, s.owner, claimIdleMs, '0-0', 'COUNT', s.prefetch)) as [string, Entry[]];
              for (const e of claimed[1] ?? []) if (e) await deliver(toMessage(e));
            }
            const reply = (await reader.xreadgroup('GROUP', group, s.owner, 'COUNT', s.prefetch, 'BLOCK', 500, 'STREAMS', s.destination, cursor)) as Array<[string, Entry[]]> | null;
            const entries = reply?.[0]?.[1] ?? [];
            if (cursor === '0' && entries.length === 0) cursor = '>';
            for (const e of entries) await deliver(toMessage(e));
            if (cursor !== '>' && entries.length) cursor = entries[entries.length - 1]![0];
          } catch {
            if (closed) break; // the blocking read ends with an error when the connection is closed
            await new Promise((r) => setTimeout(r, 500));
          }
        }
      })();
    },
    async deadLetter(m: DeadLetter) {
      if (!s.deadLetter) return;
      await commands.xadd(s.deadLetter, '*', 'id', m.id, 'reason', m.reason, 'body', deadLetterPayload(m));
    },
    async close() {
      closed = true;
      reader.disconnect();
      await loop?.catch(() => undefined);
      await commands.quit().catch(() => undefined);
    },
  };
}
