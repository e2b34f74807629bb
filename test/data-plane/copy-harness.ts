/**
 * Shared set-up of the data activities' integration tests (copy*.int.test.ts, activities*.int.test.ts):
 * an engine on a fresh Redis prefix with the built-in activities registered and a worker running, factory
 * documents in ADF's shape, and a helper that runs a pipeline and returns its activity runs by name.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinActivities } from '@sluice/activities';
import type { Engine } from '@sluice/engine/runtime';
import { testActivities } from '../fixtures/activities.mjs';
import { testEngine } from '../helpers/engine.js';

type Doc = { name: string; properties: Record<string, unknown> };

/** An engine with the test and built-in activities and a running worker. */
export async function dataEngine(): Promise<{ engine: Engine; cleanup: () => Promise<void> }> {
  const t = testEngine({ activities: [...testActivities, ...builtinActivities] });
  await t.engine.startWorker({ concurrency: 4, reaperIntervalMs: 0 });
  return t;
}

/** A temporary folder removed by the returned function. */
export function tempFolder(prefix = 'sluice-copy-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A LocalFileSystem linked service. */
export function localLinkedService(name: string, rootPath: string): Doc {
  return { name, properties: { type: 'LocalFileSystem', typeProperties: { rootPath } } };
}

/** A PostgreSQL linked service on the test database. */
export function postgresLinkedService(name: string, database = 'test'): Doc {
  return { name, properties: { type: 'PostgreSqlV2', typeProperties: { server: '127.0.0.1', port: 5432, database, username: process.env.PGUSER ?? 'postgres', sslMode: 0 } } };
}

/** A file dataset (DelimitedText, Json, Parquet, Binary) with a location of the linked service's type. */
export function fileDataset(name: string, type: string, linkedService: string, location: Record<string, unknown>, extra: Record<string, unknown> = {}, more: Record<string, unknown> = {}): Doc {
  const locationType = (location.bucketName !== undefined ? 'AmazonS3CompatibleLocation' : 'LocalFileSystemLocation');
  return {
    name,
    properties: {
      type,
      linkedServiceName: { referenceName: linkedService, type: 'LinkedServiceReference' },
      typeProperties: { location: { type: locationType, ...location }, ...extra },
      ...more,
    },
  };
}

/** A table dataset. */
export function tableDataset(name: string, linkedService: string, typeProperties: Record<string, unknown>, more: Record<string, unknown> = {}): Doc {
  return { name, properties: { type: 'PostgreSqlV2Table', linkedServiceName: { referenceName: linkedService, type: 'LinkedServiceReference' }, typeProperties, ...more } };
}

/** A dataset reference. */
export function ref(name: string, parameters?: Record<string, unknown>): Record<string, unknown> {
  return { referenceName: name, type: 'DatasetReference', ...(parameters ? { parameters } : {}) };
}

/** Stores documents in the engine's factory. */
export async function putAll(engine: Engine, docs: { linkedServices?: Doc[]; datasets?: Doc[]; pipelines?: Doc[] }): Promise<void> {
  for (const d of docs.linkedServices ?? []) await engine.factory.put('linkedService', d);
  for (const d of docs.datasets ?? []) await engine.factory.put('dataset', d);
  for (const d of docs.pipelines ?? []) await engine.factory.put('pipeline', d);
}

/** An activity run as the tests look at it. */
export interface ActivityRunView {
  activityName: string;
  status: string;
  output?: unknown;
  error?: { errorCode?: string; message?: string; details?: Record<string, unknown> };
}

/** Runs a stored pipeline to its end; returns the run's status and its activity runs by name (the last of each name). */
export async function runPipeline(engine: Engine, name: string, parameters: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<{ status: string; runId: string; byName: Record<string, ActivityRunView>; all: ActivityRunView[] }> {
  const started = await engine.startRun(name, { parameters });
  const run = await engine.waitForRun(started.runId, { timeoutMs });
  const all = (await engine.queries.listActivityRuns(run.runId)) as unknown as ActivityRunView[];
  return { status: run.status, runId: run.runId, byName: Object.fromEntries(all.map((a) => [a.activityName, a])), all };
}
