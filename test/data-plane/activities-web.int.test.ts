import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '@sluice/engine/runtime';
import { act, pipeline } from '../helpers/engine.js';
import { dataEngine, runPipeline } from './copy-harness.js';

// The Web activity against a real local HTTP server, run through the engine.
let server: Server;
let base: string;
const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.url === '/jobs' && req.method === 'POST') {
        res.writeHead(201, { 'content-type': 'application/json', 'x-job': '42' });
        res.end(JSON.stringify({ id: 42, received: JSON.parse(body || 'null') }));
      } else if (req.url === '/secure') {
        const ok = req.headers.authorization === `Basic ${Buffer.from('ann:s3cret').toString('base64')}`;
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok }));
      } else if (req.url === '/text') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('plain words');
      } else if (req.url === '/slow') {
        setTimeout(() => { res.writeHead(200); res.end('{}'); }, 3000);
      } else if (req.url === '/redirect') {
        res.writeHead(302, { location: '/text' });
        res.end();
      } else if (req.url === '/escape') {
        res.writeHead(302, { location: 'http://metadata.invalid/latest' });
        res.end();
      } else if (req.url === '/broken') {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('database on fire');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, path: req.url }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  delete process.env.SLUICE_WEB_ALLOWED_HOSTS;
  await cleanup?.();
  cleanup = undefined;
});

async function setup(): Promise<Engine> {
  const t = await dataEngine();
  cleanup = t.cleanup;
  return t.engine;
}

describe('Web activity', () => {
  it('POSTs a JSON body built from expressions and exposes the JSON response, headers and status as output', async () => {
    const engine = await setup();
    await engine.factory.put('pipeline', pipeline('CallApi', [
      act('Start', 'WebActivity', {
        method: 'POST',
        url: `${base}/jobs`,
        headers: { 'X-Trace': "@pipeline().parameters.trace" },
        body: { name: '@pipeline().parameters.trace', size: 3 },
      }),
      act('Next', 'TestEcho', { value: "@activity('Start').output.id" }, { dependsOn: [{ activity: 'Start', dependencyConditions: ['Succeeded'] }] }),
    ], { parameters: { trace: { type: 'String', defaultValue: 't-1' } } }));
    const { status, byName } = await runPipeline(engine, 'CallApi');
    expect(status).toBe('Succeeded');
    const output = byName.Start?.output as Record<string, unknown>;
    expect(output.id).toBe(42);
    expect(output.received).toEqual({ name: 't-1', size: 3 });
    expect(output.ADFWebActivityResponseStatusCode).toBe(201);
    expect((output.ADFWebActivityResponseHeaders as Record<string, string>)['x-job']).toBe('42');
    expect(byName.Next?.output).toMatchObject({ value: 42 });
    const request = seen.find((s) => s.url === '/jobs');
    expect(request?.headers['x-trace']).toBe('t-1');
    expect(request?.headers['content-type']).toBe('application/json');
  });

  it('sends Basic credentials, returns a text body as Response, and GET/PUT/DELETE reach the server', async () => {
    const engine = await setup();
    await engine.factory.put('pipeline', pipeline('Methods', [
      act('Secure', 'WebActivity', { method: 'GET', url: `${base}/secure`, authentication: { type: 'Basic', username: 'ann', password: { type: 'SecureString', value: 's3cret' } } }),
      act('Text', 'WebActivity', { method: 'GET', url: `${base}/text` }),
      act('Put', 'WebActivity', { method: 'PUT', url: `${base}/things/1`, body: 'raw text' }),
      act('Del', 'WebActivity', { method: 'DELETE', url: `${base}/things/1` }),
    ]));
    const { status, byName } = await runPipeline(engine, 'Methods');
    expect(status).toBe('Succeeded');
    expect(byName.Secure?.output).toMatchObject({ ok: true });
    expect(byName.Text?.output).toMatchObject({ Response: 'plain words' });
    expect(byName.Put?.output).toMatchObject({ method: 'PUT', path: '/things/1' });
    expect(byName.Del?.output).toMatchObject({ method: 'DELETE', path: '/things/1' });
    expect(seen.find((s) => s.method === 'PUT')?.body).toBe('raw text');
  });

  it('fails with HTTP_REQUEST_FAILED on a non-2xx answer and on httpRequestTimeout', async () => {
    const engine = await setup();
    await engine.factory.put('pipeline', pipeline('Failing', [
      act('Broken', 'WebActivity', { method: 'GET', url: `${base}/broken` }),
      act('Slow', 'WebActivity', { method: 'GET', url: `${base}/slow`, httpRequestTimeout: '00:00:01' }),
    ]));
    const { status, byName } = await runPipeline(engine, 'Failing');
    expect(status).toBe('Failed');
    expect(byName.Broken?.error?.errorCode).toBe('HTTP_REQUEST_FAILED');
    expect(byName.Broken?.error?.message).toContain('500');
    expect(byName.Broken?.error?.message).toContain('database on fire');
    expect(byName.Slow?.error?.errorCode).toBe('HTTP_REQUEST_FAILED');
    expect(byName.Slow?.error?.message).toContain('httpRequestTimeout');
  });

  it('refuses hosts outside SLUICE_WEB_ALLOWED_HOSTS', async () => {
    const engine = await setup();
    process.env.SLUICE_WEB_ALLOWED_HOSTS = 'api.example.com, *.internal.test';
    await engine.factory.put('pipeline', pipeline('Blocked', [act('Call', 'WebActivity', { method: 'GET', url: `${base}/anything` })]));
    const before = seen.length;
    const blocked = await runPipeline(engine, 'Blocked');
    expect(blocked.byName.Call?.error?.errorCode).toBe('WEB_DESTINATION_NOT_ALLOWED');
    expect(seen.length).toBe(before); // no request left the worker
    process.env.SLUICE_WEB_ALLOWED_HOSTS = `api.example.com,127.0.0.1:${new URL(base).port}`;
    const allowed = await runPipeline(engine, 'Blocked');
    expect(allowed.status).toBe('Succeeded');
    // Every redirect hop is checked too: an allowed host cannot bounce the worker elsewhere.
    await engine.factory.put('pipeline', pipeline('Redirects', [
      act('Inside', 'WebActivity', { method: 'GET', url: `${base}/redirect` }),
      act('Outside', 'WebActivity', { method: 'GET', url: `${base}/escape` }),
    ]));
    const redirects = await runPipeline(engine, 'Redirects');
    expect(redirects.byName.Inside?.output).toMatchObject({ Response: 'plain words' });
    expect(redirects.byName.Outside?.error?.errorCode).toBe('WEB_DESTINATION_NOT_ALLOWED');
  });
});
