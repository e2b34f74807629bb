/**
 * The queue-message trigger's driver. Messages that pass the filters are gathered into batches (a run per
 * message, or per `batch.size` messages or `batch.seconds`, whichever first); for each batch it claims the
 * message ids (`SET NX EX`: a redelivered or duplicated message starts no second run), starts the runs,
 * records the trigger run, and only then acknowledges the messages (at least once). When
 * `maxDeliveries` or `deadLetter` is set it follows each run: a failed run is started again for its
 * messages until they have failed `maxDeliveries` times, then they go to the dead-letter destination.
 */
import { SluiceError } from '../../../errors/index.js';
import type { JsonValue } from '../../../expressions/values.js';
import type { QueueMessageTriggerTypeProperties } from '../../../model/trigger-types.js';
import { isTerminalRunStatus } from '../../../scheduler/types.js';
import { messageMatches, type MessageFilter } from '../../../triggers/message-filter.js';
import { eventFiring } from '../../../triggers/trigger-context.js';
import type { StoredResource } from '../../factory-store.js';
import { systemClock } from '../clock.js';
import { loop, type DriverContext, type TriggerDriver } from '../driver.js';
import { firePipelines, stableId } from '../fire.js';
import { brokerConnection } from './connection.js';
import { bullmqSource } from './bullmq-source.js';
import { mqttSource } from './mqtt-source.js';
import { natsSource } from './nats-source.js';
import { rabbitmqSource } from './rabbitmq-source.js';
import { redisStreamSource } from './redis-stream-source.js';
import type { MessageSource, ReceivedMessage, SourceSettings } from './source.js';

/** The queue-message trigger's typeProperties with the ADF custom-events filters Sluice adds. */
export type QueueTriggerProperties = QueueMessageTriggerTypeProperties & MessageFilter & { dedupeSeconds?: number };

/** Takes or renews a lease. KEYS: lease. ARGV: owner, ms. Returns 1 when the owner holds it. */
const LUA_HOLD = `
local cur = redis.call('GET', KEYS[1])
if cur == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if not cur then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;

/** Releases a lease held by this owner. KEYS: lease. ARGV: owner. */
const LUA_RELEASE_IF_MINE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/**
 * Batches being recorded at once before the driver stops reading: enough to hide the round trips of a batch
 * (claims, start, record, ack; bench/triggers.bench.mjs went from about 46k to 54–77k msg/s going from 5 to 9),
 * few enough to bound what is held unacknowledged.
 */
const MAX_BATCHES_IN_FLIGHT = 9;

/** How long a message id claimed by a run that is not recorded yet is waited for before that run is taken as lost. */
const CLAIM_GRACE_MS = 30_000;

/** Opens the source of a broker. */
export function openSource(broker: QueueMessageTriggerTypeProperties['broker'], s: SourceSettings): MessageSource {
  switch (broker) {
    case 'bullmq': return bullmqSource(s);
    case 'redisStream': return redisStreamSource(s);
    case 'rabbitmq': return rabbitmqSource(s);
    case 'mqtt': return mqttSource(s);
    case 'nats': return natsSource(s);
  }
}

/** Counters a driver keeps (for logs and the benchmark). */
export interface QueueDriverStats {
  received: number;
  filtered: number;
  duplicates: number;
  runs: number;
  retries: number;
  deadLettered: number;
}

type Held = Omit<ReceivedMessage, 'ack'> & { ack: () => Promise<void> | void };

/** Starts the driver of a QueueMessageTrigger document. */
export function queueDriver(doc: StoredResource, ctx: DriverContext, stats: QueueDriverStats = { received: 0, filtered: 0, duplicates: 0, runs: 0, retries: 0, deadLettered: 0 }): TriggerDriver & { stats: QueueDriverStats } {
  const tp = doc.properties.typeProperties as unknown as QueueTriggerProperties;
  const batchSize = Math.max(1, tp.batch?.size ?? (tp.batch?.seconds !== undefined ? 1000 : 1));
  const batchMs = tp.batch?.seconds !== undefined ? tp.batch.seconds * 1000 : 0;
  const batching = tp.batch !== undefined;
  const ttl = tp.dedupeSeconds ?? 7 * 86_400;
  const follow = tp.maxDeliveries !== undefined || tp.deadLetter !== undefined;
  const maxDeliveries = tp.maxDeliveries ?? 1;
  const destination = tp.broker === 'mqtt' ? tp.topic! : tp.broker === 'nats' ? tp.subject! : tp.queue!;
  const deadLetter = tp.deadLetter?.queue ?? tp.deadLetter?.topic ?? tp.deadLetter?.subject;
  const stagedKey = ctx.store.keys.trigger(doc.name, 'staged');
  let source: MessageSource | undefined;
  let buffer: Held[] = [];
  let timer: NodeJS.Timeout | undefined;
  let inFlight = 0;
  /** Batches being recorded: a stop waits for them, so that their acks reach the broker before it disconnects. */
  const flushing = new Set<Promise<void>>();
  const deferred: Array<{ m: Held; at: number }> = [];

  const deadLetterOne = async (m: { id: string; subject?: string; body: JsonValue }, runId: string | null, attempts: number, reason: string): Promise<void> => {
    await source?.deadLetter({ ...m, reason });
    await ctx.store.redis.multi()
      .lpush(ctx.store.keys.trigger(doc.name, 'dead-letters'), JSON.stringify({ id: m.id, at: new Date(ctx.clock.now()).toISOString(), runId, attempts, destination: deadLetter ?? null, reason }))
      .ltrim(ctx.store.keys.trigger(doc.name, 'dead-letters'), 0, 9999)
      .exec();
    stats.deadLettered++;
    ctx.log('warn', `trigger '${doc.name}': message ${m.id} dead-lettered: ${reason}`);
  };

  const fire = async (messages: Array<{ id: string; subject?: string; body: JsonValue }>, triggerRunId: string, attempt: number): Promise<void> => {
    const now = ctx.clock.now();
    const body: JsonValue = batching ? { messages: messages.map((m) => m.body) } : messages[0]!.body;
    const run = await firePipelines({
      engine: ctx.engine, store: ctx.store, doc, firing: eventFiring(doc.name, 'QueueMessageTrigger', triggerRunId, now, body), triggerRunId, now,
      properties: { broker: tp.broker, destination, count: messages.length, attempt }, messageIds: messages.map((m) => m.id),
    });
    stats.runs++;
    if (follow && Object.keys(run.triggeredPipelines).length === 0) {
      // No run could start (a missing pipeline, parameters that do not evaluate): retrying cannot help.
      for (const m of messages) await deadLetterOne(m, null, 0, `no pipeline run started: ${run.message ?? 'unknown reason'}`);
    } else if (follow) {
      for (const runId of Object.values(run.triggeredPipelines)) {
        await ctx.store.addPending({ runId, triggerName: doc.name, kind: 'message', messages: messages.map((m) => ({ id: m.id, ...(m.subject !== undefined ? { subject: m.subject } : {}), body: m.body })) }, now);
      }
    }
  };

  /** Claims a group's ids and starts its run; returns the messages that were new (duplicates go to `extra`). */
  /**
   * Claims a group's ids and starts its run; returns the messages that were new. Duplicates of recorded runs go
   * to `extra` (acked). A message claimed by a run not recorded yet waits (unacked) while that run may still be
   * being recorded (another batch, another process); after {@link CLAIM_GRACE_MS} it is taken as a crash and started.
   */
  const startGroup = async (group: Held[], extra: Held[]): Promise<Held[]> => {
    const runIdOf = (ms: Held[]): string => stableId(`${ctx.engine.keys.prefix}/${doc.name.toLowerCase()}/messages/${ms.map((m) => m.id).join('\n')}`);
    let triggerRunId = runIdOf(group);
    const now = Date.now();
    const earlier = await ctx.store.claimMessages(doc.name, group.map((m) => m.id), `${triggerRunId}@${now}`, ttl);
    const fresh: Held[] = [];
    for (const [i, m] of group.entries()) {
      const prior = earlier[i];
      const [priorRun = '', at = '0'] = (prior ?? '').split('@');
      if (prior === undefined || priorRun === triggerRunId) fresh.push(m);
      else if (await ctx.store.redis.exists(ctx.store.keys.triggerRun(priorRun))) {
        stats.duplicates++;
        extra.push(m);
      } else if (now - Number(at) > CLAIM_GRACE_MS) fresh.push(m); // claimed long ago, never recorded (a crash): start it now
      else deferred.push({ m, at: now + 1000 });
    }
    if (fresh.length === 0) return fresh;
    if (fresh.length !== group.length) {
      triggerRunId = runIdOf(fresh);
      await ctx.store.reassignMessages(doc.name, fresh.map((m) => m.id), `${triggerRunId}@${now}`, ttl);
    }
    await fire(fresh, triggerRunId, 1);
    return fresh;
  };

  const flushNow = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = buffer;
    buffer = [];
    if (batch.length === 0) return;
    // The same id twice in one batch: one copy is enough.
    const unique = new Map<string, Held>();
    const extra: Held[] = [];
    for (const m of batch) {
      if (unique.has(m.id)) {
        stats.duplicates++;
        extra.push(m);
      } else unique.set(m.id, m);
    }
    const groups = batching ? [[...unique.values()]] : [...unique.values()].map((m) => [m]);
    const fresh: Held[] = [];
    for (const group of groups) fresh.push(...(await startGroup(group, extra)));
    await Promise.all([...fresh, ...extra].map((m) => m.ack()));
  };

  // Batches are independent: up to MAX_BATCHES_IN_FLIGHT are recorded at once (each takes its messages from the buffer first).
  const flush = (): Promise<void> => flushNow();

  const armTimer = (): void => {
    if (!timer && batchMs > 0) {
      timer = setTimeout(() => {
        const flushed: Promise<void> = flush()
          .catch((e: unknown) => ctx.log('error', `trigger '${doc.name}': ${String(e)}`))
          .finally(() => flushing.delete(flushed));
        flushing.add(flushed);
      }, batchMs);
    }
  };

  const deliver = async (m: ReceivedMessage): Promise<void> => {
    stats.received++;
    if (!messageMatches({ body: m.body, ...(m.subject !== undefined ? { subject: m.subject } : {}), ...(m.type !== undefined ? { type: m.type } : {}) }, tp)) {
      stats.filtered++;
      await m.ack();
      return;
    }
    let held: Held = m;
    if (source?.serial) {
      // Stage in Redis, then acknowledge to the broker: the message is recorded before its PUBACK.
      await ctx.store.redis.hset(stagedKey, m.id, JSON.stringify({ id: m.id, subject: m.subject, body: m.body }));
      await m.ack();
      held = { ...m, ack: async () => { await ctx.store.redis.hdel(stagedKey, m.id); } };
    }
    buffer.push(held);
    if (buffer.length >= batchSize || !batching) {
      inFlight++;
      const flushed = flush().finally(() => {
        inFlight--;
        flushing.delete(flushed);
      });
      flushing.add(flushed);
      // Keep reading while earlier batches are recorded, but not unboundedly far ahead (the broker holds the rest).
      if (inFlight >= MAX_BATCHES_IN_FLIGHT || !batching) await flushed;
      else flushed.catch((e: unknown) => ctx.log('error', `trigger '${doc.name}': ${e instanceof Error ? e.message : String(e)}`));
    }
    else armTimer();
  };

  const sweep = async (): Promise<void> => {
    for (const runId of await ctx.store.pending(doc.name)) {
      const summary = await ctx.engine.queries.summary(runId);
      if (summary && !isTerminalRunStatus(summary.status)) continue;
      const p = await ctx.store.takePending(doc.name, runId);
      if (!p || summary?.status === 'Succeeded' || !p.messages) continue;
      const retry: typeof p.messages = [];
      for (const m of p.messages) {
        const failures = await ctx.store.countFailure(doc.name, m.id, ttl);
        if (failures < maxDeliveries) retry.push(m);
        else {
          await deadLetterOne(m, runId, failures, `run ${runId} ${summary?.status ?? 'missing'} (${failures} of ${maxDeliveries} attempts)`);
        }
      }
      if (retry.length) {
        stats.retries++;
        await fire(retry, stableId(`${runId}/retry`), 0);
      }
    }
  };

  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => { markReady = resolve; });
  /** Connects and starts consuming; a broker that cannot be reached is tried again every few seconds. */
  const connect = async (): Promise<boolean> => {
    const { url, bullPrefix } = await brokerConnection(tp, ctx.engine); // TRIGGER_INVALID: no retry helps
    for (let attempt = 1; !ctx.signal.aborted; attempt++) {
      const s = openSource(tp.broker, {
        url, destination, ...(deadLetter ? { deadLetter } : {}), consumerName: `sluice-${ctx.engine.keys.prefix}-${doc.name}`, owner: ctx.owner,
        prefetch: Math.max(batchSize * 2, 16), ...(bullPrefix ? { bullPrefix } : {}), ...(tp.connections ? { connections: tp.connections } : {}),
      });
      try {
        source = s;
        await s.start(deliver);
        return true;
      } catch (e) {
        await s.close().catch(() => undefined);
        const error = new SluiceError('TRIGGER_BROKER_UNAVAILABLE', `Trigger '${doc.name}' cannot consume from its ${tp.broker} broker (${destination}): ${e instanceof Error ? e.message : String(e)}; trying again (attempt ${attempt}).`);
        ctx.log('warn', error.message, { code: error.code });
        await systemClock.sleep(Math.min(30_000, 1000 * attempt), ctx.signal); // real time, whatever the trigger clock
      }
    }
    return false;
  };

  // MQTT: the persistent session belongs to one client id, so one service at a time consumes (a lease in
  // Redis, renewed every poll); the others wait to take over. Other brokers share their queue among services.
  const exclusive = tp.broker === 'mqtt';
  const leaseKey = ctx.store.keys.trigger(doc.name, 'consumer');
  const leaseMs = Math.max(15_000, ctx.pollMs * 10);
  const holdLease = async (): Promise<boolean> =>
    (await ctx.store.redis.eval(LUA_HOLD, 1, leaseKey, ctx.owner, leaseMs)) === 1;

  const done = (async () => {
    while (!ctx.signal.aborted) {
      if (exclusive) {
        while (!ctx.signal.aborted && !(await holdLease())) await systemClock.sleep(Math.min(leaseMs / 3, 2000), ctx.signal);
        if (ctx.signal.aborted) return;
        // Messages staged (and acknowledged to the broker) by a process that stopped before their batch ran.
        for (const text of Object.values(await ctx.store.redis.hgetall(stagedKey))) {
          const m = JSON.parse(text) as { id: string; subject?: string; body: JsonValue };
          buffer.push({ ...m, ack: async () => { await ctx.store.redis.hdel(stagedKey, m.id); } });
        }
        if (buffer.length) await flush();
      }
      if (!(await connect())) return;
      markReady();
      ctx.log('info', `trigger '${doc.name}': consuming ${tp.broker} ${destination}`);
      const round = new AbortController();
      const stopRound = (): void => round.abort();
      // A stop that came while connecting has fired already: an abort listener added now would never run.
      if (ctx.signal.aborted) round.abort();
      else ctx.signal.addEventListener('abort', stopRound, { once: true });
      await loop({ ...ctx, signal: round.signal }, doc.name, ctx.pollMs, async () => {
        if (exclusive && !(await holdLease())) {
          ctx.log('warn', `trigger '${doc.name}': another service took over the ${tp.broker} consumer`);
          round.abort();
          return;
        }
        for (let i = deferred.length - 1; i >= 0; i--) {
          if (deferred[i]!.at <= Date.now()) buffer.push(deferred.splice(i, 1)[0]!.m);
        }
        if (buffer.length && !timer) {
          if (batching && batchMs > 0) armTimer();
          else await flush(); // a size-only batch is not held longer than a poll
        }
        if (follow) await sweep();
      });
      ctx.signal.removeEventListener('abort', stopRound);
      if (ctx.signal.aborted) break;
      await source?.close().catch(() => undefined); // the lease was lost: stop consuming, wait to take over again
      source = undefined;
    }
    if (exclusive) await ctx.store.redis.eval(LUA_RELEASE_IF_MINE, 1, leaseKey, ctx.owner).catch(() => undefined);
    await Promise.allSettled([...flushing]);
    await flush().catch(() => undefined);
  })().catch((e: unknown) => ctx.log('error', `trigger '${doc.name}': ${e instanceof Error ? e.message : String(e)}`))
    .finally(async () => {
      if (timer) clearTimeout(timer);
      await source?.close().catch(() => undefined);
    });
  return { done: done.finally(() => markReady()), ready, stats };
}
