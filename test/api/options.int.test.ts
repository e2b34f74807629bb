import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { previewDataset, testLinkedService } from '@sluice/activities';
import { builtinDataPlane, loadPlugins, serve, type DataPlane } from '@sluice/api';
import { REDIS_URL, testPrefix, until } from '../helpers/engine.js';
import { dropKeys } from '../helpers/process.js';
import { sluice } from '../helpers/cli.js';
import { startApi } from './harness.js';

const temp = mkdtempSync(join(tmpdir(), 'sluice-api-options-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('rate limits', () => {
  it('limits run starts per key and minute with RATE_LIMITED', async () => {
    const api = await startApi({ rateLimit: 2 });
    try {
      await api.call('PUT', '/api/pipelines/Tiny', { body: { properties: { activities: [{ name: 'E', type: 'TestEcho', typeProperties: {} }] } } });
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await api.call('POST', '/api/pipelines/Tiny/runs', { key: api.keys.operator, body: {} }));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 429]);
      expect(answers[2]?.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
      // Per key: another key still may start runs; reads are not limited.
      expect((await api.call('POST', '/api/pipelines/Tiny/runs', { key: api.keys.admin, body: {} })).status).toBe(201);
      expect((await api.call('GET', '/api/pipelines/Tiny', { key: api.keys.operator })).status).toBe(200);
    } finally {
      await api.close();
    }
  });
});

describe('shutting down', () => {
  it('ends open event streams when the server closes', async () => {
    const api = await startApi();
    let closed = false;
    try {
      await api.call('PUT', '/api/pipelines/Long', { body: { properties: { activities: [{ name: 'S', type: 'TestSleep', typeProperties: { ms: 60_000 } }] } } });
      const { runId } = (await api.call('POST', '/api/pipelines/Long/runs', { body: {} })).body;
      await until(async () => ((await api.call('GET', `/api/runs/${runId}`)).body.activityRuns?.[0]?.status === 'InProgress' ? true : undefined));
      const res = await fetch(`${api.base}/api/runs/${runId}/events?access_token=${api.keys.viewer}`);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('connected');
      await api.app.close();
      closed = true;
      for (;;) if ((await reader.read()).done) break; // the stream ends instead of holding the close up
      await api.worker.close(true); // do not wait a minute for the sleeping activity
    } finally {
      if (!closed) await api.app.close();
      await api.close().catch(() => undefined);
    }
  });
});

describe('the designer', () => {
  it('serves the built designer with a single-page-app fallback, and the API 404 elsewhere', async () => {
    const dist = join(temp, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Sluice designer</title>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log("designer")');
    const api = await startApi({ designerDir: dist });
    try {
      const index = await api.call('GET', '/', { key: null });
      expect(index.text).toContain('Sluice designer');
      expect((await api.call('GET', '/assets/app.js', { key: null })).text).toContain('designer');
      expect((await api.call('GET', '/pipelines/Some/edit', { key: null })).text).toContain('Sluice designer');
      expect((await api.call('GET', '/api/unknown', { key: null })).body).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });
      expect((await api.call('GET', '/api/pipelines', { key: null })).status).toBe(401);
    } finally {
      await api.close();
    }
  });

  it('says how to build the designer when it is not built', async () => {
    const api = await startApi({ designerDir: join(temp, 'missing') });
    try {
      const page = await api.call('GET', '/', { key: null });
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.text).toContain('not built');
      expect((await api.call('GET', '/pipelines/x', { key: null })).status).toBe(404);
    } finally {
      await api.close();
    }
  });
});

describe('plugins', () => {
  const plugin = fileURLToPath(new URL('./fixtures/plugin.mjs', import.meta.url));

  it('loads activity packages named in SLUICE_PLUGINS into the catalog and the worker', async () => {
    expect((await loadPlugins([plugin])).map((d) => d.type)).toEqual(['PluginGreet']);
    await expect(loadPlugins(['sluice-no-such-plugin-package'])).rejects.toMatchObject({ code: 'PLUGIN_LOAD_FAILED' });
    await expect(loadPlugins([fileURLToPath(new URL('./harness.ts', import.meta.url))])).rejects.toMatchObject({ code: 'PLUGIN_LOAD_FAILED' });

    const prefix = testPrefix();
    const serving = await serve({ withWorker: { concurrency: 1 } }, { REDIS_URL, PORT: '0', SLUICE_PREFIX: prefix, SLUICE_DATA_DIR: join(temp, 'plugins-data'), SLUICE_PLUGINS: plugin });
    try {
      const auth = { authorization: `Bearer ${serving.adminKey?.key ?? ''}`, 'content-type': 'application/json' };
      const types = (await (await fetch(`${serving.url}/api/activity-types`, { headers: auth })).json()) as { value: Array<{ type: string; category: string }> };
      expect(types.value).toContainEqual(expect.objectContaining({ type: 'PluginGreet', category: 'Plugins' }));
      const doc = { properties: { activities: [{ name: 'Hi', type: 'PluginGreet', typeProperties: { name: 'plugin' } }] } };
      expect((await fetch(`${serving.url}/api/pipelines/Greeting`, { method: 'PUT', headers: auth, body: JSON.stringify(doc) })).status).toBe(201);
      const { runId } = (await (await fetch(`${serving.url}/api/pipelines/Greeting/runs`, { method: 'POST', headers: auth, body: '{}' })).json()) as { runId: string };
      const run = await until(async () => {
        const r = (await (await fetch(`${serving.url}/api/runs/${runId}`, { headers: auth })).json()) as { status: string; activityRuns: Array<{ output: unknown }> };
        return r.status === 'Succeeded' || r.status === 'Failed' ? r : undefined;
      });
      expect(run.status).toBe('Succeeded');
      expect(run.activityRuns[0]?.output).toEqual({ greeting: 'hello plugin' });
    } finally {
      await serving.close();
      await dropKeys(prefix);
    }
  });

  it('lets the command line validate pipelines that use plugin activities', async () => {
    const dir = join(temp, 'plugin-factory', 'pipeline');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'Greeting.json'), JSON.stringify({ name: 'Greeting', properties: { activities: [{ name: 'Hi', type: 'PluginGreet', typeProperties: { name: 'cli' } }] } }));
    const saved = process.env.SLUICE_PLUGINS;
    try {
      delete process.env.SLUICE_PLUGINS;
      expect((await sluice('validate', join(temp, 'plugin-factory'))).out).toContain('UNSUPPORTED_ACTIVITY_TYPE');
      process.env.SLUICE_PLUGINS = plugin;
      const r = await sluice('validate', join(temp, 'plugin-factory'));
      expect(r.code).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.SLUICE_PLUGINS;
      else process.env.SLUICE_PLUGINS = saved;
    }
  });
});

describe('connection test and data preview', () => {
  it('answers DATA_PLANE_UNAVAILABLE without data-plane operations', async () => {
    const api = await startApi();
    try {
      await api.call('PUT', '/api/linkedservices/Files', { body: { properties: { type: 'LocalFileSystem', typeProperties: { rootPath: temp } } } });
      expect((await api.call('POST', '/api/linkedservices/Files/test', { key: api.keys.operator, body: {} })).body).toMatchObject({ statusCode: 501, code: 'DATA_PLANE_UNAVAILABLE' });
    } finally {
      await api.close();
    }
  });

  it('tests a linked service and previews a dataset with the real @sluice/activities operations', async () => {
    const dataPlane: DataPlane = { testLinkedService, previewDataset };
    const root = join(temp, 'files');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'people.csv'), 'name,age\nada,36\nalan,41\ngrace,85\n');
    const api = await startApi({ dataPlane });
    try {
      await api.call('PUT', '/api/linkedservices/Files', { body: { properties: { type: 'LocalFileSystem', typeProperties: { rootPath: root } } } });
      const tested = await api.call('POST', '/api/linkedservices/Files/test', { key: api.keys.operator, body: {} });
      expect(tested.body).toMatchObject({ ok: true });
      const ds = await api.call('PUT', '/api/datasets/People', {
        body: { properties: { type: 'DelimitedText', linkedServiceName: { referenceName: 'Files', type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'LocalFileSystemLocation', fileName: 'people.csv' }, columnDelimiter: ',', firstRowAsHeader: true } } },
      });
      expect(ds.status, JSON.stringify(ds.body)).toBe(201);
      const preview = await api.call('POST', '/api/datasets/People/preview?rows=2', { key: api.keys.operator, body: {} });
      expect(preview.status, JSON.stringify(preview.body)).toBe(200);
      expect(preview.body.rows).toHaveLength(2);
      expect(preview.body.rows[0]).toMatchObject({ name: 'ada' });
      await api.call('PUT', '/api/linkedservices/Nowhere', { body: { properties: { type: 'LocalFileSystem', typeProperties: { rootPath: join(temp, 'no-such-folder') } } } });
      const failed = await api.call('POST', '/api/linkedservices/Nowhere/test', { key: api.keys.operator, body: {} });
      expect(failed.status).toBeGreaterThanOrEqual(400);
      expect(typeof failed.body.code).toBe('string');
    } finally {
      await api.close();
    }
  });

  it('previews a stored data flow and an unsaved edit of it, step by step', async () => {
    const root = join(temp, 'flow-files');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'people.csv'), 'name,age\nada,36\nalan,41\ngrace,85\n');
    const api = await startApi({ dataPlane: builtinDataPlane });
    try {
      await api.call('PUT', '/api/linkedservices/Lake', { body: { properties: { type: 'LocalFileSystem', typeProperties: { rootPath: root } } } });
      await api.call('PUT', '/api/datasets/People', {
        body: { properties: { type: 'DelimitedText', linkedServiceName: { referenceName: 'Lake', type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'LocalFileSystemLocation', fileName: 'people.csv' }, columnDelimiter: ',', firstRowAsHeader: true } } },
      });
      await api.call('PUT', '/api/datasets/Elders', {
        body: { properties: { type: 'DelimitedText', linkedServiceName: { referenceName: 'Lake', type: 'LinkedServiceReference' }, typeProperties: { location: { type: 'LocalFileSystemLocation', fileName: 'elders.csv' }, columnDelimiter: ',', firstRowAsHeader: true } } },
      });
      const flow = (condition: string): Record<string, unknown> => ({
        properties: { type: 'SluiceDataFlow', typeProperties: { steps: [
          { name: 'people', type: 'source', dataset: { referenceName: 'People' } },
          { name: 'elders', type: 'filter', inputs: ['people'], condition },
          { name: 'out', type: 'sink', inputs: ['elders'], dataset: { referenceName: 'Elders' } },
        ] } },
      });
      // Saving checks the steps, not only the envelope: a filter reading a step that does not exist is refused.
      const orphan = await api.call('PUT', '/api/dataflows/Elders', { body: { properties: { type: 'SluiceDataFlow', typeProperties: { steps: [{ name: 'elders', type: 'filter', inputs: ['nobody'], condition: 'true' }] } } } });
      expect(orphan.status).toBe(400);
      expect(orphan.body.code).toBe('DATAFLOW_INVALID');
      expect(JSON.stringify(orphan.body.details)).toContain('/properties/typeProperties/steps/0/inputs/0');
      expect((await api.call('PUT', '/api/dataflows/Elders', { body: flow('CAST(age AS INTEGER) > 40') })).status).toBe(201);

      const stored = await api.call('POST', '/api/dataflows/Elders/preview?rows=10', { key: api.keys.operator, body: {} });
      expect(stored.status, JSON.stringify(stored.body)).toBe(200);
      expect(stored.body.dataflow).toBe('Elders');
      expect(stored.body.steps.map((s: { name: string; rows: number }) => [s.name, s.rows])).toEqual([['people', 3], ['elders', 2], ['out', 2]]);
      expect(stored.body.steps[1].outputs.elders.rows.map((r: { name: string }) => r.name)).toEqual(['alan', 'grace']);

      const edited = await api.call('POST', '/api/dataflows/Elders/preview', { key: api.keys.operator, body: { dataflow: flow('CAST(age AS INTEGER) > 80') } });
      expect(edited.status, JSON.stringify(edited.body)).toBe(200);
      expect(edited.body.steps[1].rows).toBe(1);

      const broken = await api.call('POST', '/api/dataflows/Elders/preview', { key: api.keys.operator, body: { dataflow: flow('no_such_column > 1') } });
      expect(broken.status).toBe(400);
      expect(broken.body.code).toBe('DATAFLOW_INVALID');
      expect(JSON.stringify(broken.body)).toContain('/properties/typeProperties/steps/1');

      expect(existsSync(join(root, 'elders.csv')), 'a preview writes no sink').toBe(false);
      const viewer = await api.call('POST', '/api/dataflows/Elders/preview', { key: api.keys.viewer, body: {} });
      expect(viewer.status).toBe(403);
    } finally {
      await api.close();
    }
  });
});
