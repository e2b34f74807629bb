import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ActivityRegistry, TypeCatalog, builtinDatasetTypes, builtinLinkedServiceTypes, controlActivities, validateFactory } from '@sluice/engine';
import { loadFactoryFolder } from '@sluice/engine/node';
import { createEngine, type Engine } from '@sluice/engine/runtime';
// '@sluice/api' is not a dependency of this package (yet): its sources are imported by path.
import { ApiKeyStore, createCatalog, createServer, loadPlugins } from '@sluice/api';
import { REDIS_URL, dropPrefix, testPrefix } from '../../test/helpers/engine.js';

// Loads the plugin the way `sluice start`, `sluice server` and every worker do (loadPlugins with the name
// from SLUICE_PLUGINS; here the module path, since the package is not installed into node_modules), runs the
// example pipeline on a real engine and worker, and checks the server lists the type.
const plugin = fileURLToPath(new URL('./index.js', import.meta.url));
const factory = fileURLToPath(new URL('./factory', import.meta.url));
const expected = JSON.parse(readFileSync(new URL('./expected.json', import.meta.url), 'utf8')) as {
  status: string;
  returnValue: Record<string, unknown>;
  output: { count: number; duplicates: number };
};

const engines: Engine[] = [];
afterAll(async () => {
  for (const e of engines) {
    await dropPrefix(e).catch(() => undefined);
    await e.close();
  }
});

describe('examples/custom-activity', () => {
  it('loads as a plugin and its factory validates with it (and not without it)', async () => {
    const activities = await loadPlugins([plugin]);
    expect(activities.map((a) => `${a.type}@${a.version}:${a.kind}`)).toEqual(['Slugify@1:work']);
    const loaded = await loadFactoryFolder(factory);
    const catalog = createCatalog();
    expect(validateFactory(loaded.documents, catalog).map((p) => p.code)).toContain('UNSUPPORTED_ACTIVITY_TYPE');
    for (const d of activities) catalog.activities.register(d);
    expect(validateFactory(loaded.documents, catalog).filter((p) => p.severity === 'error')).toEqual([]);
    // Its typeProperties schema is enforced like a built-in's.
    const wrong = structuredClone(loaded.documents);
    ((wrong[0]?.doc as { properties: { activities: Array<{ typeProperties: Record<string, unknown> }> } }).properties.activities[0] as { typeProperties: Record<string, unknown> }).typeProperties.separator = '+';
    expect(validateFactory(wrong, catalog).map((p) => p.code)).toContain('TYPE_PROPERTIES_INVALID');
  });

  it('runs the example pipeline through a real engine and worker', async () => {
    const activities = await loadPlugins([plugin]);
    const engine = createEngine({ redis: REDIS_URL, prefix: testPrefix(), activities });
    engines.push(engine);
    const worker = await engine.startWorker({ concurrency: 2 });
    try {
      await engine.factory.importDocuments((await loadFactoryFolder(factory)).documents);
      const started = await engine.startRun('PublishArticles');
      const run = await engine.waitForRun(started.runId, { timeoutMs: 30_000 });
      expect(run.status).toBe(expected.status);
      expect(run.returnValue).toEqual(expected.returnValue);
      const slugs = (await engine.queries.listActivityRuns(run.runId)).find((a) => a.activityName === 'MakeSlugs');
      expect(slugs?.output).toMatchObject(expected.output);
      const logs = await engine.queries.getLogs(run.runId, slugs?.activityRunId ?? '');
      expect(logs.map((l) => l.message)).toContain('slugified 4 value(s)');
    } finally {
      await worker.close();
    }
  });

  it('is listed by GET /api/activity-types when the server starts with the plugin', async () => {
    const activities = await loadPlugins([plugin]);
    const engine = createEngine({ redis: REDIS_URL, prefix: testPrefix(), activities });
    engines.push(engine);
    const catalog = {
      activities: new ActivityRegistry([...controlActivities, ...activities]),
      datasetTypes: new TypeCatalog('dataset', builtinDatasetTypes),
      linkedServiceTypes: new TypeCatalog('linkedService', builtinLinkedServiceTypes),
    };
    const app = await createServer({ engine, catalog });
    try {
      const { key } = await new ApiKeyStore(engine.redis, engine.keys).create('example', 'viewer');
      const res = await app.inject({ method: 'GET', url: '/api/activity-types', headers: { authorization: `Bearer ${key}` } });
      expect(res.statusCode).toBe(200);
      const slugify = (res.json() as { value: Array<{ type: string; kind: string; category: string; typeProperties: { required: string[] } }> }).value.find((t) => t.type === 'Slugify');
      expect(slugify).toMatchObject({ kind: 'work', category: 'Text', typeProperties: { required: ['values'] } });
    } finally {
      await app.close();
    }
  });
});
