import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateFactory } from '@sluice/engine';
import { afterAll, describe, expect, it } from 'vitest';
import * as runtime from '@sluice/engine/runtime';
import * as nodeEntry from '@sluice/engine/node';
// '@sluice/activities' is not resolvable from this folder until the workspace is installed with this package: by path.
import * as activities from '../../packages/activities/src/index.js';
import { createCatalog } from '../../packages/api/src/index.js';
import { testPrefix } from '../../test/helpers/engine.js';
import { dropKeys } from '../../test/helpers/process.js';
// @ts-expect-error: the example's scripts are plain JavaScript
import { iotStream, load } from './run.mjs';
// @ts-expect-error: the example's scripts are plain JavaScript
import { activities as plugin, stageMessagesActivity } from './index.js';

// Runs a small version of the example (240 messages, 4 devices, batches of 50 or 0.5 s) through real Mosquitto,
// Redis, s3rver and PostgreSQL, with the engine and activities from source, and checks every output against a
// hand computation from the simulator's manifest.
interface Manifest { id: string; deviceId: string; kind: string; ts: string; values: Record<'temperature' | 'humidity' | 'vibration', number>; missing?: string; metric?: string }
interface LakeRow { id: string; device_id: string; ts: string; temperature: number; humidity: number; vibration: number; batch_id: string; hour: string }
interface Reject { file: string; message_id: string; seq: number; raw: string; rejectReasons: string[] }
type StatRow = Record<string, number | string>;
interface Result {
  published: number; valid: number; malformed: Record<string, number>; rejects: number; lakeRows: number; rowsInPostgres: number; batches: number; runsSucceeded: number;
  latencyMs: { p50: number; p99: number };
  details: { pgSchema: string; root: string; topic: string; lake: LakeRow[]; rejects: Reject[]; stats: StatRow[]; manifest: Manifest[]; runs: Array<{ status: string }> };
}

const expected = JSON.parse(readFileSync(new URL('./expected.json', import.meta.url), 'utf8')) as {
  options: Record<string, number>; published: number; valid: number; malformed: Record<string, number>; rejects: number; reasons: Record<string, number>;
};
const prefix = testPrefix();
afterAll(() => dropKeys(prefix));

const RANGE_REASON: Record<string, string> = { temperature: 'temperature out of range [-40, 85]', humidity: 'humidity out of range [0, 100]', vibration: 'vibration out of range [0, 50]' };

/** The reason the pipeline must give for a malformed message, from how the simulator broke it. */
function handReason(m: Manifest): string {
  switch (m.kind) {
    case 'badJson': return 'not JSON';
    case 'missingField': return m.missing === 'ts' ? 'ts missing or not ISO 8601' : `${m.missing} missing`;
    case 'outOfRange': return RANGE_REASON[m.metric!]!;
    case 'wrongType': return `${m.metric} not a number`;
    default: throw new Error(`not malformed: ${m.kind}`);
  }
}

/** Per device and hour: count, min, max, avg of each metric, computed in JavaScript from what was published. */
function handStats(manifest: Manifest[]): Map<string, StatRow> {
  const out = new Map<string, StatRow>();
  const groups = new Map<string, Manifest[]>();
  for (const m of manifest.filter((x) => x.kind === 'valid')) {
    const key = `${m.deviceId}|${m.ts.slice(0, 13)}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  for (const [key, ms] of groups) {
    const row: StatRow = { readings: ms.length };
    for (const metric of ['temperature', 'humidity', 'vibration'] as const) {
      const v = ms.map((m) => m.values[metric]);
      row[`${metric}_min`] = Math.min(...v);
      row[`${metric}_max`] = Math.max(...v);
      row[`${metric}_avg`] = v.reduce((a, b) => a + b, 0) / v.length;
    }
    out.set(key, row);
  }
  return out;
}

describe('examples/iot-sensor-stream', () => {
  it('its factory validates with the StageMessages plugin registered (and not without it)', async () => {
    const loaded = await nodeEntry.loadFactoryFolder(fileURLToPath(new URL('./factory', import.meta.url)));
    expect(loaded.documents.map((d) => `${d.kind}/${(d.doc as { name: string }).name}`).sort()).toEqual([
      'dataflow/CleanseReadings', 'dataset/BatchStats', 'dataset/DeviceHourPartials', 'dataset/Readings', 'dataset/Rejects', 'dataset/StagedBatch', 'dataset/Staging',
      'linkedService/IotFiles', 'linkedService/IotLake', 'linkedService/IotWarehouse', 'pipeline/IngestReadings', 'trigger/SensorReadings',
    ]);
    const catalog = createCatalog();
    expect(validateFactory(loaded.documents, catalog).map((p) => p.code)).toContain('UNSUPPORTED_ACTIVITY_TYPE');
    for (const d of plugin as Parameters<typeof catalog.activities.register>[0][]) catalog.activities.register(d);
    expect(validateFactory(loaded.documents, catalog).filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('StageMessages writes one {seq, raw} line per message and refuses a dataset outside a local root', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sluice-iot-stage-'));
    try {
      const linkedService = { name: 'Files', type: 'LocalFileSystem', typeProperties: { rootPath: root } };
      const dataset = (fileName: string, folderPath = 'staging/run-1') => ({ name: 'Staged', type: 'Json', typeProperties: { location: { type: 'LocalFileSystemLocation', folderPath, fileName } }, linkedService });
      const ctx = (outputs: unknown[]) => ({ activityName: 'Stage', outputs, signal: new AbortController().signal, log: { info: () => undefined }, progress: () => undefined });
      const out = (await stageMessagesActivity.run(ctx([dataset('batch.jsonl')]), { messages: [{ id: 'a', deviceId: 'd' }, '{"id":"b",', 7] })) as Record<string, unknown>;
      expect(out).toMatchObject({ messages: 3, path: 'staging/run-1/batch.jsonl' });
      const text = readFileSync(join(root, 'staging/run-1/batch.jsonl'), 'utf8');
      expect(text.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
        { seq: 0, raw: '{"id":"a","deviceId":"d"}' }, { seq: 1, raw: '{"id":"b",' }, { seq: 2, raw: '7' },
      ]);
      expect(readdirSync(join(root, 'staging/run-1'))).toEqual(['batch.jsonl']); // no temporary file left
      await expect(stageMessagesActivity.run(ctx([dataset('x.jsonl', '../outside')]), { messages: [] })).rejects.toMatchObject({ code: 'PATH_OUTSIDE_ROOT' });
      await expect(stageMessagesActivity.run(ctx([{ ...dataset('x.jsonl'), linkedService: { name: 'Lake', type: 'AmazonS3', typeProperties: {} } }]), { messages: [] })).rejects.toMatchObject({ code: 'UNSUPPORTED_LINKED_SERVICE_TYPE' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('MQTT → batching trigger → cleanse (rejects file) → Parquet on S3 by hour → per-device statistics in PostgreSQL', async () => {
    const lines: string[] = [];
    const r = (await iotStream({ ...expected.options, prefix, modules: { runtime, node: nodeEntry, activities }, log: (l: string) => lines.push(l), timeoutMs: 120_000 })) as Result;
    const { manifest, lake, rejects, stats } = r.details;

    // What was published (seeded: the same counts every time).
    expect({ published: r.published, valid: r.valid, malformed: r.malformed }).toEqual({ published: expected.published, valid: expected.valid, malformed: expected.malformed });
    expect(r.details.runs.length).toBeGreaterThanOrEqual(Math.ceil(expected.published / expected.options.batchSize!));
    expect(r.details.runs.every((x) => x.status === 'Succeeded')).toBe(true);

    // The lake (read back from S3 with DuckDB): exactly the valid readings, with their values and hour partition.
    const valid = manifest.filter((m) => m.kind === 'valid');
    expect(lake.map((x) => x.id)).toEqual(valid.map((m) => m.id).sort());
    const byId = new Map(manifest.map((m) => [m.id, m]));
    for (const row of lake) {
      const m = byId.get(row.id)!;
      expect({ device: row.device_id, t: row.temperature, h: row.humidity, v: row.vibration, hour: row.hour, ts: `${row.ts}Z` })
        .toEqual({ device: m.deviceId, t: m.values.temperature, h: m.values.humidity, v: m.values.vibration, hour: m.ts.slice(0, 13), ts: m.ts });
    }

    // The rejects files: each malformed message once, named by its id, with the reason the simulator's breakage implies.
    expect(rejects).toHaveLength(expected.rejects);
    const malformed = manifest.filter((m) => m.kind !== 'valid');
    expect(rejects.map((x) => x.message_id).sort()).toEqual(malformed.map((m) => m.id).sort());
    for (const x of rejects) {
      expect(x.file).toMatch(/^rejects\/.+\.jsonl$/);
      expect(x.rejectReasons).toEqual([handReason(byId.get(x.message_id)!)]);
    }
    const reasons: Record<string, number> = {};
    for (const x of rejects) for (const reason of x.rejectReasons) reasons[reason] = (reasons[reason] ?? 0) + 1;
    expect(reasons).toEqual(expected.reasons);

    // PostgreSQL: per device and hour, against the hand computation.
    expect(r.rowsInPostgres).toBe(expected.valid);
    const hand = handStats(manifest);
    expect(stats.map((s) => `${s.device_id}|${s.hour}`).sort()).toEqual([...hand.keys()].sort());
    for (const s of stats) {
      const h = hand.get(`${s.device_id}|${s.hour}`)!;
      expect(s.readings).toBe(h.readings);
      for (const col of Object.keys(h).filter((k) => k !== 'readings')) expect(Number(s[col])).toBeCloseTo(h[col] as number, 9);
    }
    expect(lines.some((l) => /Latency publish → row in PostgreSQL: p50 \d+ ms, p99 \d+ ms/.test(l))).toBe(true);

    // It cleaned up: the PostgreSQL schema and the working folder are gone (Redis keys: afterAll).
    const pg = ((await load('pg')) as { default: { Client: new (o: Record<string, unknown>) => { connect(): Promise<void>; query(sql: string, v?: unknown[]): Promise<{ rows: unknown[] }>; end(): Promise<void> } } }).default;
    const db = new pg.Client({ host: '127.0.0.1', port: 5432, database: 'test', user: process.env.PGUSER ?? 'postgres' });
    await db.connect();
    try {
      expect((await db.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [r.details.pgSchema])).rows).toEqual([]);
    } finally {
      await db.end();
    }
    expect(existsSync(r.details.root)).toBe(false);
  }, 150_000);
});
