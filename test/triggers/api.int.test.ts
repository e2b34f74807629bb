import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startApi, type Api } from '../api/harness.js';
import { act, pipeline, until } from '../helpers/engine.js';
import { trigger } from './helpers.js';

let api: Api | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('trigger routes', () => {
  it('starts and stops triggers, with roles', async () => {
    api = await startApi();
    await api.engine.factory.put('pipeline', pipeline('P', [act('Echo', 'TestEcho', { value: 1 })]));
    await api.engine.factory.put('trigger', trigger('Daily', 'ScheduleTrigger', { recurrence: { frequency: 'Day', interval: 1, startTime: '2024-01-01T06:00:00Z' } }, [{ name: 'P' }]));
    expect((await api.call('POST', '/api/triggers/Daily/start', { key: api.keys.viewer })).status).toBe(403);
    const started = await api.call('POST', '/api/triggers/Daily/start', { key: api.keys.operator });
    expect(started.body).toEqual({ name: 'Daily', type: 'ScheduleTrigger', runtimeState: 'Started' });
    expect((await api.call('GET', '/api/triggerstates', { key: api.keys.viewer })).body.value).toEqual([started.body]);
    expect((await api.call('POST', '/api/triggers/Daily/stop')).body.runtimeState).toBe('Stopped');
    expect((await api.call('GET', '/api/triggers/Daily/state')).body.runtimeState).toBe('Stopped');
    expect((await api.call('GET', '/api/triggers/Daily/triggerruns')).body).toEqual({ value: [] });
    const missing = await api.call('POST', '/api/triggers/Nope/start');
    expect([missing.status, missing.body.code]).toEqual([404, 'TRIGGER_NOT_FOUND']);
    const notWindows = await api.call('GET', '/api/triggers/Daily/windows');
    expect([notWindows.status, notWindows.body.code]).toEqual([400, 'TRIGGER_INVALID']);
  });

  it('POST /api/hooks/{trigger} starts the pipelines when the secret is right, and only then', async () => {
    api = await startApi();
    await api.engine.factory.put('pipeline', pipeline('OnHook', [act('Echo', 'TestEcho', { value: '@pipeline().parameters.order' })], { parameters: { order: { type: 'String' } } }));
    await api.engine.factory.put('trigger', trigger('Orders', 'WebhookTrigger', { authenticationType: 'HmacSignature' }, [{ name: 'OnHook', parameters: { order: '@triggerBody().order' } }]));
    await api.engine.factory.put('trigger', trigger('Keyed', 'WebhookTrigger', { authenticationType: 'ApiKey', secret: { type: 'SecureString', value: 'k-123' } }, [{ name: 'OnHook', parameters: { order: '@triggerBody().order' } }]));
    const body = JSON.stringify({ order: 'A-17' });
    // Stopped: refused even with the right secret.
    const secret = (await api.call('GET', '/api/triggers/Orders/webhook-secret')).body.secret as string;
    expect((await api.call('GET', '/api/triggers/Orders/webhook-secret', { key: api.keys.editor })).status).toBe(403);
    const sign = (b: string): string => `sha256=${createHmac('sha256', secret).update(b).digest('hex')}`;
    expect((await api.call('POST', '/api/hooks/Orders', { key: null, body, headers: { 'x-sluice-signature': sign(body) } })).body.code).toBe('TRIGGER_INVALID');
    await api.call('POST', '/api/triggers/Orders/start');
    await api.call('POST', '/api/triggers/Keyed/start');
    const bad = await api.call('POST', '/api/hooks/Orders', { key: null, body, headers: { 'x-sluice-signature': sign('{"order":"other"}') } });
    expect([bad.status, bad.body.code]).toEqual([401, 'WEBHOOK_UNAUTHORIZED']);
    expect(bad.text).not.toContain(secret);
    const ok = await api.call('POST', '/api/hooks/Orders', { key: null, body, headers: { 'x-sluice-signature': sign(body), 'idempotency-key': 'order-A-17' } });
    expect(ok.status).toBe(202);
    expect(ok.body.status).toBe('Succeeded');
    const again = await api.call('POST', '/api/hooks/Orders', { key: null, body, headers: { 'x-sluice-signature': sign(body), 'idempotency-key': 'order-A-17' } });
    expect(again.body.runIds).toEqual(ok.body.runIds);
    const run = await api.engine.waitForRun(ok.body.runIds[0], { timeoutMs: 10_000 });
    expect([run.status, run.parameters.order, run.invokedBy.type]).toEqual(['Succeeded', 'A-17', 'WebhookTrigger']);
    expect((await api.call('POST', '/api/hooks/Keyed', { key: null, body, headers: { 'x-sluice-key': 'nope' } })).status).toBe(401);
    expect((await api.call('POST', '/api/hooks/Keyed', { key: null, body, headers: { 'x-sluice-key': 'k-123' } })).status).toBe(202);
    const runs = await until(async () => {
      const r = (await api!.call('GET', '/api/triggers/Orders/triggerruns', { key: api!.keys.viewer })).body.value as unknown[];
      return r.length ? r : undefined;
    });
    expect(runs).toHaveLength(1);
  });
});
