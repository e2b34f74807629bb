import { afterEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { openPublisher, startTriggerService, TriggerAdmin, type Engine, type MessagePublisher } from '@sluice/engine/runtime';
import { act, pipeline, testEngine, until } from '../helpers/engine.js';
import { fixture, URLS, type Broker, type BrokerFixture } from './brokers.js';
import { peerEngine, service, trigger } from './helpers.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!().catch(() => undefined);
});

async function setup(broker: Broker, name: string, typeProperties: Record<string, unknown>, activities: unknown[], pipelineName = 'OnMessage'): Promise<{ engine: Engine; admin: TriggerAdmin; f: BrokerFixture; pub: MessagePublisher; runs: () => Promise<Array<{ reading: unknown; device: unknown }>> }> {
  const t = testEngine();
  closers.push(t.cleanup);
  const engine = t.engine;
  await engine.startWorker({ concurrency: 8, reaperIntervalMs: 0 });
  const f = await fixture(broker, engine, name);
  closers.push(() => f.cleanup());
  await engine.factory.put('pipeline', pipeline('OnMessage', activities, { parameters: { reading: { type: 'Object' }, device: { type: 'String' } } }));
  await engine.factory.put('trigger', trigger(name, 'QueueMessageTrigger', { ...f.typeProperties, ...typeProperties },
    [{ name: pipelineName, parameters: { reading: '@triggerBody()', device: "@string(coalesce(triggerBody()?.device, 'batch'))" } }]));
  const admin = new TriggerAdmin(engine);
  await admin.start(name);
  const s = await service(engine, { pollMs: 100 });
  closers.push(() => s.service.close());
  await until(async () => (s.service.running.includes(name.toLowerCase()) ? true : undefined));
  await s.service.whenReady(name);
  const pub = await openPublisher(broker, URLS[broker], f.destination, f.bullPrefix);
  closers.push(() => pub.close());
  const runs = async (): Promise<Array<{ reading: unknown; device: unknown }>> => {
    const page = await engine.queries.listRuns({ pipelineName: 'OnMessage', limit: 1000 });
    return page.runs.map((r) => ({ reading: r.parameters.reading, device: r.parameters.device }));
  };
  return { engine, admin, f, pub, runs };
}

const BROKERS: Broker[] = ['bullmq', 'redisStream', 'rabbitmq', 'mqtt', 'nats'];

describe.each(BROKERS)('queue-message trigger on %s', (broker) => {
  it('starts a run per message, filters, acknowledges after recording, and runs a redelivered id once', async () => {
    const { admin, f, pub, runs } = await setup(broker, 'Readings', { events: ['reading'] }, [act('Echo', 'TestEcho', { value: '@pipeline().parameters.device' })]);
    // The consumer is subscribed. Publish two readings and one the filter drops; once m-1 has its run, publish
    // m-1 again (as a broker redelivers it: BullMQ accepts the same job id again once the first job completed).
    await pub.publish({ id: 'm-1', type: 'reading', device: 'd-1', value: 20.5 }, { id: 'm-1' });
    await pub.publish({ id: 'm-2', type: 'reading', device: 'd-2', value: 21 }, { id: 'm-2' });
    await pub.publish({ id: 'm-3', type: 'heartbeat', device: 'd-3' }, { id: 'm-3' });
    await until(async () => ((await runs()).some((r) => r.device === 'd-1') ? true : undefined));
    await until(async () => ((await f.unacked()) ?? 0) === 0 ? true : undefined);
    await pub.publish({ id: 'm-1', type: 'reading', device: 'd-1', value: 20.5 }, broker === 'nats' ? {} : { id: 'm-1' }); // NATS would drop a repeated Nats-Msg-Id itself
    await pub.publish({ id: 'm-4', type: 'reading', device: 'd-4', value: 22 }, { id: 'm-4' });
    // m-4 comes after the duplicate on every broker: once its run exists, the duplicate has been handled.
    await until(async () => ((await runs()).some((r) => r.device === 'd-4') ? true : undefined));
    const trig = await until(async () => {
      const r = await admin.runs('Readings');
      return r.length === 3 ? r : undefined;
    });
    expect((await runs()).map((r) => r.device).sort()).toEqual(['d-1', 'd-2', 'd-4']);
    expect(trig.flatMap((r) => r.messageIds ?? []).sort()).toEqual(['m-1', 'm-2', 'm-4']);
    const run = (await runs()).find((r) => r.device === 'd-1')!;
    expect(run.reading).toMatchObject({ id: 'm-1', device: 'd-1', value: 20.5 });
    const unacked = await until(async () => {
      const n = await f.unacked();
      return n === undefined || n === 0 ? n ?? -1 : undefined;
    });
    expect([0, -1]).toContain(unacked);
  });

  it('retries a message whose run fails, then sends it to the dead-letter destination after maxDeliveries', async () => {
    const { admin, f, pub, runs } = await setup(broker, 'Poison', { maxDeliveries: 2 }, [act('Fail', 'TestFail', { message: 'bad reading' })]);
    await pub.publish({ id: 'p-1', device: 'bad' }, { id: 'p-1' });
    const dead = await until(async () => {
      const d = await f.deadLetters();
      return d.length ? d : undefined;
    });
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ id: 'p-1', body: { id: 'p-1', device: 'bad' } });
    expect(dead[0]!.reason).toMatch(/2 of 2/);
    expect((await runs()).length).toBe(2);
    expect(await admin.deadLetters('Poison')).toEqual([expect.objectContaining({ id: 'p-1', attempts: 2 })]);
  });
});

describe('queue-message trigger batches', () => {
  it('starts one run per batch of N messages or T seconds, with @triggerBody().messages', async () => {
    const { pub, runs } = await setup('redisStream', 'Batched', { batch: { size: 3, seconds: 0.3 } }, [act('Echo', 'TestEcho', { value: 1 })]);
    for (let i = 0; i < 7; i++) await pub.publish({ id: `b-${i}`, n: i }, { id: `b-${i}` });
    const all = await until(async () => {
      const r = await runs();
      return r.flatMap((x) => (x.reading as { messages: unknown[] }).messages).length === 7 ? r : undefined;
    });
    const sizes = all.map((r) => (r.reading as { messages: unknown[] }).messages.length);
    for (const s of sizes) expect(s).toBeLessThanOrEqual(3);
    expect(all.every((r) => r.device === 'batch')).toBe(true);
    const ns = all.flatMap((r) => (r.reading as { messages: Array<{ n: number }> }).messages.map((m) => m.n)).sort();
    expect(ns).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

describe('queue-message trigger with two services', () => {
  it('competing consumers on one stream start one run per message id, duplicates included', async () => {
    const { engine, pub, runs } = await setup('redisStream', 'Shared', {}, [act('Echo', 'TestEcho', { value: 1 })]);
    const peer = peerEngine(engine);
    closers.push(() => peer.close());
    const second = await service(peer, { pollMs: 100 });
    closers.push(() => second.service.close());
    await second.service.whenReady('Shared');
    for (let i = 0; i < 40; i++) await pub.publish({ id: `s-${i % 25}`, device: `d-${i % 25}` }, { id: `s-${i % 25}` });
    const all = await until(async () => {
      const r = await runs();
      return r.length >= 25 && (await engine.redis.xpending(`${engine.keys.base}:stream:in`, `sluice-${engine.keys.prefix}-Shared`))[0] === 0 ? r : undefined;
    });
    expect(all.map((r) => r.device).sort()).toEqual(Array.from({ length: 25 }, (_, i) => `d-${i}`).sort());
    expect(second.service.stats('Shared')!.received).toBeGreaterThan(0); // both services consumed
  });
});

describe('queue-message trigger without its broker', () => {
  it('reports TRIGGER_BROKER_UNAVAILABLE and keeps trying until stopped', async () => {
    const t = testEngine();
    closers.push(t.cleanup);
    const engine = t.engine;
    await engine.factory.put('pipeline', pipeline('OnMessage', [act('Echo', 'TestEcho', { value: 1 })]));
    await engine.factory.put('trigger', trigger('Offline', 'QueueMessageTrigger', { broker: 'rabbitmq', queue: 'q', connection: { url: 'amqp://guest:guest@127.0.0.1:1' } }, [{ name: 'OnMessage' }]));
    await new TriggerAdmin(engine).start('Offline');
    const lines: Array<{ message: string; code: unknown }> = [];
    const s = await startTriggerService({ engine, pollMs: 100, reloadMs: 60_000, log: (_level, message, data) => lines.push({ message, code: data?.code }) });
    closers.push(() => s.close());
    const warned = await until(async () => (lines.filter((l) => l.code === 'TRIGGER_BROKER_UNAVAILABLE').length >= 2 ? lines : undefined));
    expect(warned.find((l) => l.code === 'TRIGGER_BROKER_UNAVAILABLE')!.message).not.toContain('guest:guest');
    await new TriggerAdmin(engine).stop('Offline');
    await until(async () => (s.running.length === 0 ? true : undefined));
  });
});

describe('queue-message trigger whose pipeline cannot start', () => {
  it('dead-letters the message at once (a retry cannot help)', async () => {
    const { admin, f, pub } = await setup('redisStream', 'Orphan', {}, [act('Echo', 'TestEcho', { value: 1 })], 'Missing');
    await pub.publish({ id: 'o-1' }, { id: 'o-1' });
    const dead = await until(async () => {
      const d = await f.deadLetters();
      return d.length ? d : undefined;
    });
    expect(dead[0]).toMatchObject({ id: 'o-1', body: { id: 'o-1' } });
    expect(dead[0]!.reason).toContain('PIPELINE_NOT_FOUND');
    const [record] = await admin.deadLetters('Orphan');
    expect(record).toMatchObject({ id: 'o-1', runId: null, attempts: 0 });
    expect((await admin.runs('Orphan'))[0]).toMatchObject({ status: 'Failed', messageIds: ['o-1'] });
  });
});

describe('queue-message trigger on MQTT across a restart', () => {
  it('keeps a persistent session: messages published while no service runs are delivered when one starts', async () => {
    const t = testEngine();
    closers.push(t.cleanup);
    const engine = t.engine;
    const f = await fixture('mqtt', engine, 'Durable');
    closers.push(() => f.cleanup());
    await engine.factory.put('pipeline', pipeline('OnMessage', [act('Echo', 'TestEcho', { value: 1 })], { parameters: { device: { type: 'String' } } }));
    await engine.factory.put('trigger', trigger('Durable', 'QueueMessageTrigger', f.typeProperties, [{ name: 'OnMessage', parameters: { device: '@triggerBody().device' } }]));
    await new TriggerAdmin(engine).start('Durable');
    const first = await service(engine);
    await first.service.whenReady('Durable');
    await first.service.close(); // the session stays on the broker
    const pub = await openPublisher('mqtt', URLS.mqtt, f.destination);
    closers.push(() => pub.close());
    await pub.publish({ id: 'late-1', device: 'a' });
    await pub.publish({ id: 'late-2', device: 'b' });
    const second = await service(engine);
    closers.push(() => second.service.close());
    const devices = await until(async () => {
      const { runs } = await engine.queries.listRuns({ pipelineName: 'OnMessage' });
      return runs.length === 2 ? runs.map((r) => r.parameters.device).sort() : undefined;
    });
    expect(devices).toEqual(['a', 'b']);
  });
});

describe('queue-message trigger on MQTT with two services', () => {
  it('one service holds the session; the other takes over when it stops', async () => {
    const t = testEngine();
    closers.push(t.cleanup);
    const engine = t.engine;
    const peer = peerEngine(engine);
    closers.push(() => peer.close());
    const f = await fixture('mqtt', engine, 'Failover');
    closers.push(() => f.cleanup());
    await engine.factory.put('pipeline', pipeline('OnMessage', [act('Echo', 'TestEcho', { value: 1 })], { parameters: { device: { type: 'String' } } }));
    await engine.factory.put('trigger', trigger('Failover', 'QueueMessageTrigger', f.typeProperties, [{ name: 'OnMessage', parameters: { device: '@triggerBody().device' } }]));
    await new TriggerAdmin(engine).start('Failover');
    const first = await service(engine);
    await first.service.whenReady('Failover');
    const second = await service(peer);
    closers.push(() => second.service.close());
    const pub = await openPublisher('mqtt', URLS.mqtt, f.destination);
    closers.push(() => pub.close());
    const devices = async (): Promise<string[]> => (await engine.queries.listRuns({ pipelineName: 'OnMessage' })).runs.map((r) => String(r.parameters.device)).sort();
    for (const d of ['a', 'b', 'c']) await pub.publish({ id: `f-${d}`, device: d });
    await until(async () => ((await devices()).length === 3 ? true : undefined));
    expect(first.service.stats('Failover')!.received).toBe(3);
    expect(second.service.stats('Failover')!.received).toBe(0);
    await first.service.close();
    await second.service.whenReady('Failover');
    for (const d of ['d', 'e']) await pub.publish({ id: `f-${d}`, device: d });
    await until(async () => ((await devices()).length === 5 ? true : undefined));
    expect(await devices()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(second.service.stats('Failover')!.received).toBe(2);
  });
});

describe('queue-message trigger on MQTT with shared connections', () => {
  it('spreads one subscription over N sessions; a later setting drains what was queued for the old sessions', async () => {
    const t = testEngine();
    closers.push(t.cleanup);
    const engine = t.engine;
    const f = await fixture('mqtt', engine, 'Shared');
    closers.push(() => f.cleanup());
    await engine.factory.put('pipeline', pipeline('OnMessage', [act('Echo', 'TestEcho', { value: 1 })], { parameters: { count: { type: 'Int' } } }));
    const put = (connections: number): Promise<unknown> => engine.factory.put('trigger', trigger('Shared', 'QueueMessageTrigger', { ...f.typeProperties, connections, batch: { size: 1000, seconds: 0.3 } }, [{ name: 'OnMessage', parameters: { count: '@length(triggerBody().messages)' } }]));
    const received = async (): Promise<number> => {
      const { runs } = await engine.queries.listRuns({ pipelineName: 'OnMessage', limit: 1000 });
      return runs.reduce((n, r) => n + Number(r.parameters.count), 0);
    };
    await put(4);
    await new TriggerAdmin(engine).start('Shared');
    const first = await service(engine);
    await first.service.whenReady('Shared');
    const pub = await openPublisher('mqtt', URLS.mqtt, f.destination);
    closers.push(() => pub.close());
    for (let i = 0; i < 40; i++) await pub.publish({ id: `s-${i}` });
    expect(await until(async () => ((await received()) === 40 ? 40 : undefined))).toBe(40);
    await first.service.close(); // the four shared sessions stay on the broker, subscribed
    for (let i = 40; i < 60; i++) await pub.publish({ id: `s-${i}` });
    // Back to one ordered session: the start drains the four old ones before it consumes.
    await put(1);
    const second = await service(engine);
    closers.push(() => second.service.close());
    await second.service.whenReady('Shared');
    for (let i = 60; i < 70; i++) await pub.publish({ id: `s-${i}` });
    expect(await until(async () => ((await received()) === 70 ? 70 : undefined))).toBe(70);
    // The old sessions are gone from the broker.
    const probe = mqtt.connect(URLS.mqtt, { clientId: `sluice-${engine.keys.prefix}-Shared~s0`, clean: false, reconnectPeriod: 0 });
    const present = await new Promise<boolean>((resolve, reject) => {
      probe.once('connect', (connack) => resolve(connack.sessionPresent));
      probe.once('error', reject);
    });
    await probe.endAsync();
    await mqtt.connectAsync(URLS.mqtt, { clientId: `sluice-${engine.keys.prefix}-Shared~s0`, clean: true, reconnectPeriod: 0 }).then((c) => c.endAsync());
    expect(present).toBe(false);
  });
});

describe('queue-message trigger stopped while it connects', () => {
  it.each(['rabbitmq', 'redisStream'] as const)('%s: the service closes although the stop came before the consumer listened', async (broker) => {
    const t = testEngine();
    closers.push(t.cleanup);
    const engine = t.engine;
    const f = await fixture(broker, engine, 'EarlyStop');
    closers.push(() => f.cleanup());
    await engine.factory.put('pipeline', pipeline('OnMessage', [act('Echo', 'TestEcho', { value: 1 })]));
    await engine.factory.put('trigger', trigger('EarlyStop', 'QueueMessageTrigger', f.typeProperties, [{ name: 'OnMessage' }]));
    await new TriggerAdmin(engine).start('EarlyStop');
    for (let i = 0; i < 5; i++) {
      // The driver starts connecting to the broker when the service starts; close it at once, before it listens.
      const s = await service(engine);
      const outcome = await Promise.race([s.service.close().then(() => 'closed'), new Promise((r) => setTimeout(() => r('still running after 10 s'), 10_000))]);
      expect(outcome).toBe('closed');
    }
  });
});

describe('queue-message trigger stopped while batches are being recorded', () => {
  it('waits for them, so every message is acknowledged before the consumer disconnects', async () => {
    const t = testEngine();
    closers.push(t.cleanup);
    const engine = t.engine;
    const f = await fixture('redisStream', engine, 'Graceful');
    closers.push(() => f.cleanup());
    await engine.factory.put('pipeline', pipeline('OnMessage', [act('Echo', 'TestEcho', { value: 1 })], { parameters: { count: { type: 'Int' } } }));
    await engine.factory.put('trigger', trigger('Graceful', 'QueueMessageTrigger', { ...f.typeProperties, batch: { size: 5, seconds: 60 } }, [{ name: 'OnMessage', parameters: { count: '@length(triggerBody().messages)' } }]));
    await new TriggerAdmin(engine).start('Graceful');
    const s = await service(engine);
    await s.service.whenReady('Graceful');
    const pub = await openPublisher('redisStream', URLS.redisStream, f.destination);
    closers.push(() => pub.close());
    for (let i = 0; i < 40; i++) await pub.publish({ id: `g-${i}` });
    // Close as soon as everything is received: full batches are still being recorded, the rest waits in the buffer.
    await until(async () => ((s.service.stats('Graceful')?.received ?? 0) >= 40 ? true : undefined));
    await s.service.close();
    expect(s.errors).toEqual([]);
    expect(await f.unacked()).toBe(0);
    const { runs } = await engine.queries.listRuns({ pipelineName: 'OnMessage', limit: 100 });
    expect(runs.reduce((n, r) => n + Number(r.parameters.count), 0)).toBe(40);
  });
});
