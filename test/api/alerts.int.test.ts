import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '@sluice/engine/runtime';
import { startAlertService, type AlertPayload, type AlertService } from '@sluice/api';
import { startApi, type Api } from './harness.js';
import { REDIS_URL, until } from '../helpers/engine.js';

/** A real webhook receiver on loopback: records every request; `failFirst` answers 503 to that many requests first. */
interface Receiver {
  url: string;
  requests: Array<{ headers: IncomingHttpHeaders; body: AlertPayload }>;
  failFirst: number;
  close(): Promise<void>;
}
async function startReceiver(): Promise<Receiver> {
  const receiver = { requests: [], failFirst: 0 } as unknown as Receiver;
  let failures = 0;
  const server: Server = createHttpServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      if (failures < receiver.failFirst) {
        failures += 1;
        res.writeHead(503).end('busy');
        return;
      }
      receiver.requests.push({ headers: req.headers, body: JSON.parse(text) as AlertPayload });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.close = () => new Promise<void>((r) => server.close(() => r()));
  return receiver;
}

let api: Api;
let receiver: Receiver;
const services: AlertService[] = [];
beforeAll(async () => {
  api = await startApi();
  for (const [name, activities] of Object.entries({
    Good: [{ name: 'Ok', type: 'TestEcho', typeProperties: { value: 1 } }],
    Bad: [{ name: 'Boom', type: 'TestFail', typeProperties: { code: 'ACTIVITY_FAILED', message: 'broken on purpose' } }],
    Slow: [{ name: 'Nap', type: 'TestSleep', typeProperties: { ms: 60_000 } }],
    Bit: [{ name: 'Doze', type: 'TestSleep', typeProperties: { ms: 1500 } }],
  })) {
    expect((await api.call('PUT', `/api/pipelines/${name}`, { body: { properties: { activities } } })).status).toBe(201);
  }
});
afterAll(async () => {
  await api.close();
});
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
  await receiver?.close();
  for (const rule of (await api.call('GET', '/api/alerts')).body.value as Array<{ name: string }>) await api.call('DELETE', `/api/alerts/${rule.name}`);
});

const service = async (engine = api.engine, sweepMs = 100): Promise<AlertService> => {
  const s = await startAlertService({ engine, link: api.base, sweepMs, webhook: { backoffMs: 20, timeoutMs: 2000 } });
  services.push(s);
  return s;
};
const start = async (pipeline: string): Promise<string> => (await api.call('POST', `/api/pipelines/${pipeline}/runs`, { key: api.keys.operator, body: {} })).body.runId as string;

describe('alert rules API', () => {
  it('creates, reads (header values masked), replaces, lists and deletes rules, with roles and validation', async () => {
    receiver = await startReceiver();
    const rule = { pipeline: 'Bad', on: ['Failed'], webhook: { url: receiver.url, headers: { authorization: 'Bearer hook-token-123' } } };
    expect((await api.call('PUT', '/api/alerts/failures', { key: api.keys.operator, body: rule })).status).toBe(403);
    const created = await api.call('PUT', '/api/alerts/failures', { key: api.keys.editor, body: rule });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ name: 'failures', pipeline: 'Bad', on: ['Failed'], webhook: { url: receiver.url, headers: { authorization: '**********' } } });
    const got = await api.call('GET', '/api/alerts/failures', { key: api.keys.viewer });
    expect(got.status).toBe(200);
    expect(got.text).not.toContain('hook-token-123');
    // The mask sent back keeps the stored header.
    const replaced = await api.call('PUT', '/api/alerts/failures', { key: api.keys.editor, body: { ...got.body, longerThanSeconds: 600 } });
    expect(replaced.status).toBe(200);
    const stored = await api.engine.redis.hget(`${api.engine.keys.base}:alerts:rules`, 'failures');
    expect(JSON.parse(stored ?? '{}')).toMatchObject({ longerThanSeconds: 600, webhook: { headers: { authorization: 'Bearer hook-token-123' } } });
    expect((await api.call('GET', '/api/alerts', { key: api.keys.viewer })).body.value.map((r: { name: string }) => r.name)).toEqual(['failures']);

    const invalid = await api.call('PUT', '/api/alerts/bad', { body: { on: ['Exploded'], webhook: { url: receiver.url } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('SCHEMA_VIOLATION');
    expect(invalid.body.details.pointer).toBe('/on/0');
    const never = await api.call('PUT', '/api/alerts/never', { body: { webhook: { url: receiver.url } } });
    expect(never.status).toBe(400);
    expect(never.body.message).toContain('would never fire');
    const orphanMask = await api.call('PUT', '/api/alerts/orphan', { body: { on: ['Failed'], webhook: { url: receiver.url, headers: { 'x-token': '**********' } } } });
    expect(orphanMask.status).toBe(400);

    expect((await api.call('DELETE', '/api/alerts/failures', { key: api.keys.viewer })).status).toBe(403);
    expect((await api.call('DELETE', '/api/alerts/failures', { key: api.keys.editor })).status).toBe(204);
    const gone = await api.call('GET', '/api/alerts/failures');
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('ALERT_RULE_NOT_FOUND');
  });
});

describe('alert service', () => {
  it('POSTs the summary of a failed run to the webhook (retrying a 503), records the firing, and ignores runs no rule matches', async () => {
    receiver = await startReceiver();
    receiver.failFirst = 1;
    await api.call('PUT', '/api/alerts/bad-failed', { body: { pipeline: 'bad', on: ['Failed', 'Cancelled'], webhook: { url: receiver.url, headers: { authorization: 'Bearer hook-token-123' } } } });
    const svc = await service();
    const good = await start('Good');
    await api.engine.waitForRun(good, { timeoutMs: 20_000 });
    const bad = await start('Bad');
    await api.engine.waitForRun(bad, { timeoutMs: 20_000 });
    await until(async () => (receiver.requests.length ? true : undefined));
    await until(async () => (svc.stats.evaluated >= 2 ? true : undefined));
    await svc.idle();
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request?.headers.authorization).toBe('Bearer hook-token-123');
    expect(request?.body).toMatchObject({ alert: 'bad-failed', runId: bad, pipelineName: 'Bad', status: 'Failed', reason: 'status', link: `${api.base}/api/runs/${bad}` });
    expect(request?.body.error?.message).toContain('broken on purpose');
    expect(request?.body.durationMs).toBeGreaterThanOrEqual(0);
    expect(typeof request?.body.startedAt).toBe('string');
    expect(typeof request?.body.endedAt).toBe('string');

    const firings = await api.call('GET', '/api/alert-firings?rule=bad-failed', { key: api.keys.viewer });
    expect(firings.status).toBe(200);
    expect(firings.body.value).toHaveLength(1);
    expect(firings.body.value[0]).toMatchObject({ rule: 'bad-failed', runId: bad, status: 'Failed', webhookStatus: 204, attempts: 2, ok: true });
    expect((await api.call('GET', '/api/alert-firings?rule=other')).body.value).toEqual([]);
  });

  it('fires a longerThanSeconds rule while the run is still going, once', async () => {
    receiver = await startReceiver();
    await api.call('PUT', '/api/alerts/slow', { body: { pipeline: '*', longerThanSeconds: 1, webhook: { url: receiver.url } } });
    const svc = await service();
    const slow = await start('Slow');
    await until(async () => (receiver.requests.length ? true : undefined));
    expect(receiver.requests[0]?.body).toMatchObject({ alert: 'slow', runId: slow, reason: 'duration', status: 'InProgress', endedAt: null });
    expect(receiver.requests[0]?.body.durationMs).toBeGreaterThan(1000);
    await api.call('POST', `/api/runs/${slow}/cancel`);
    await api.engine.waitForRun(slow, { timeoutMs: 20_000 });
    await until(async () => (svc.stats.evaluated >= 1 ? true : undefined));
    await svc.idle();
    expect(receiver.requests).toHaveLength(1);
  });

  it('fires a longerThanSeconds rule for a run that ended having taken longer', async () => {
    receiver = await startReceiver();
    await api.call('PUT', '/api/alerts/took-long', { body: { pipeline: 'Bit', on: ['Failed'], longerThanSeconds: 1, webhook: { url: receiver.url } } });
    const svc = await service(api.engine, 3_600_000); // no sweep: only the run's end is evaluated
    const good = await start('Good');
    const bit = await start('Bit');
    await api.engine.waitForRun(bit, { timeoutMs: 20_000 });
    await api.engine.waitForRun(good, { timeoutMs: 20_000 });
    await until(async () => (svc.stats.evaluated >= 2 ? true : undefined));
    await svc.idle();
    expect(receiver.requests.map((r) => r.body)).toMatchObject([{ alert: 'took-long', runId: bit, status: 'Succeeded', reason: 'duration' }]);
    expect(receiver.requests[0]?.body.durationMs).toBeGreaterThan(1000);
  });

  it('records a failed delivery with its attempts when the webhook never answers well', async () => {
    receiver = await startReceiver();
    receiver.failFirst = 100;
    await api.call('PUT', '/api/alerts/down', { body: { pipeline: 'Bad', on: ['Failed'], webhook: { url: receiver.url } } });
    const svc = await service();
    const bad = await start('Bad');
    await api.engine.waitForRun(bad, { timeoutMs: 20_000 });
    await until(async () => (svc.stats.fired >= 1 ? true : undefined));
    await svc.idle();
    const firings = await api.call('GET', '/api/alert-firings?rule=down');
    expect(firings.body.value[0]).toMatchObject({ rule: 'down', runId: bad, ok: false, webhookStatus: 503, attempts: 3, error: 'HTTP 503' });
  });

  it('with two API processes, each (rule, run) fires once', async () => {
    receiver = await startReceiver();
    await api.call('PUT', '/api/alerts/all-failures', { body: { on: ['Failed'], webhook: { url: receiver.url } } });
    const other = createEngine({ redis: REDIS_URL, prefix: api.engine.keys.prefix });
    try {
      const a = await service();
      const b = await service(other);
      const runs = await Promise.all([start('Bad'), start('Bad'), start('Bad'), start('Bad')]);
      for (const r of runs) await api.engine.waitForRun(r, { timeoutMs: 20_000 });
      await until(async () => (a.stats.evaluated >= 4 && b.stats.evaluated >= 4 ? true : undefined));
      await a.idle();
      await b.idle();
      expect(receiver.requests.map((r) => r.body.runId).sort()).toEqual([...runs].sort());
      expect(a.stats.fired + b.stats.fired).toBe(4);
      expect((await api.call('GET', '/api/alert-firings?rule=all-failures&limit=100')).body.value).toHaveLength(4);
    } finally {
      for (const s of services.splice(0)) await s.close();
      await other.close();
    }
  });
});
