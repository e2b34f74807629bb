/**
 * Bug 7 (docs/reliability.md): a partitioned data-flow sink's output appears complete or not at all. Local disk: a
 * reader polling the partition folder while flows overwrite it never sees some partitions without the others, and
 * a publication interrupted after some files leaves the previous set (overwrite) or nothing new (append). S3
 * (s3rver): the same through Sluice's readers, which honour the pending markers, with `_SUCCESS` written last.
 * Interruptions are real failures of a real store (a wrapper that fails after N writes), not a mocked file system.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedDataset } from '@sluice/engine';
import type { FileStore } from '../../packages/activities/src/connectors/contract.js';
import { openDatasetStore } from '../../packages/activities/src/connectors/store-factory.js';
import { fileSelection, listSelectedFiles } from '../../packages/activities/src/datasets/file-list.js';
import { publishFileSet, type SetFile } from '../../packages/activities/src/publication/publish-set.js';
import { FailingStore } from '../../packages/activities/src/publication/testing/failing-store.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { runDataFlow } from './store-fixtures.js';

const temp = mkdtempSync(join(tmpdir(), 'sluice-df-publish-'));
const signal = new AbortController().signal;
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A CSV of `rows` people spread over 4 buckets. */
function people(rows: number): string {
  return `id,bucket\n${Array.from({ length: rows }, (_, i) => `${i + 1},${i % 4}`).join('\n')}\n`;
}

/** The flow: every row to a sink partitioned by bucket. */
const flowSteps = (mode = 'overwrite') => [
  { name: 'people', type: 'source', dataset: { referenceName: 'People' } },
  { name: 'agg_out', type: 'sink', inputs: ['people'], dataset: { referenceName: 'Agg' }, partitionBy: ['bucket'], mode },
];

/** What Sluice's readers (Copy and data-flow sources) select in a dataset's folder. */
async function sluiceReads(store: FileStore, folder: string): Promise<string[]> {
  return (await listSelectedFiles(store, { folder, fileName: '', path: folder }, fileSelection(undefined, true), signal, 'Agg')).map((f) => f.path);
}

/** A judgement of one observation of the partition set: absent, complete (4 buckets, one file each) or partial. */
function judge(paths: readonly string[]): 'absent' | 'complete' | 'partial' {
  if (paths.length === 0) return 'absent';
  const buckets = new Map<string, number>();
  for (const p of paths) {
    const bucket = /bucket=(\d)\//.exec(p)?.[1] ?? '?';
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + 1);
  }
  return buckets.size === 4 && [...buckets.values()].every((n) => n === 1) ? 'complete' : 'partial';
}

/** Four partition files tagged `tag` in a local folder, for publications driven directly. */
function partitionSet(tag: string): SetFile[] {
  return [0, 1, 2, 3].map((b) => {
    const dir = join(temp, 'sets', tag, `bucket=${b}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'data_0.csv'), `n\n${tag}-${b}\n`);
    return { local: join(dir, 'data_0.csv'), path: `bucket=${b}/part-${tag}-data_0.csv` };
  });
}

describe('partitioned sinks on local disk', () => {
  const lake = join(temp, 'lake');
  const ls = { name: 'Lake', type: 'LocalFileSystem', typeProperties: { rootPath: lake } };
  const datasets: Record<string, ResolvedDataset> = {
    People: { name: 'People', type: 'DelimitedText', linkedService: ls, typeProperties: { location: { type: 'LocalFileSystemLocation', folderPath: 'in' }, firstRowAsHeader: true } },
    Agg: { name: 'Agg', type: 'Parquet', linkedService: ls, typeProperties: { location: { type: 'LocalFileSystemLocation', folderPath: 'out/agg' } } },
  };
  beforeAll(() => {
    mkdirSync(join(lake, 'in'), { recursive: true });
    writeFileSync(join(lake, 'in', 'people.csv'), people(400));
  });

  it('a reader polling the partition folder during 12 overwrites never sees a partial set', async () => {
    const agg = join(lake, 'out', 'agg');
    const store = openDatasetStore(datasets.Agg as ResolvedDataset).store;
    const seen = { raw: new Map<string, number>(), sluice: new Map<string, number>() };
    const partial: string[] = [];
    let done = false;
    // What a user's directory listing shows (the chaos watcher's reading), and what Sluice's own readers select.
    const poller = (async () => {
      while (!done) {
        let raw: string[] = [];
        try {
          for (const b of await readdir(agg)) for (const f of await readdir(join(agg, b))) if (!f.startsWith('.') && !f.startsWith('_')) raw.push(`${b}/${f}`);
        } catch {
          raw = []; // the folder is absent, or was swapped while it was read
        }
        const rawJudged = judge(raw);
        seen.raw.set(rawJudged, (seen.raw.get(rawJudged) ?? 0) + 1);
        if (rawJudged === 'partial') partial.push(`raw: ${raw.join(', ')}`);
        const sluice = await sluiceReads(store, 'out/agg');
        const sluiceJudged = judge(sluice);
        seen.sluice.set(sluiceJudged, (seen.sluice.get(sluiceJudged) ?? 0) + 1);
        if (sluiceJudged === 'partial') partial.push(`sluice: ${sluice.join(', ')}`);
        await new Promise((r) => setImmediate(r));
      }
    })();
    try {
      for (let i = 0; i < 12; i++) expect((await runDataFlow(flowSteps(), datasets, join(temp, `local-${i}`))).rowsWritten).toBe(400);
    } finally {
      done = true;
      await poller;
      await store.close();
    }
    expect(partial).toEqual([]);
    expect(seen.raw.get('complete') ?? 0).toBeGreaterThan(0);
    expect(seen.sluice.get('complete') ?? 0).toBeGreaterThan(0);
    const hidden = (await readdir(join(lake, 'out'))).filter((n) => n !== 'agg');
    expect(hidden).toEqual([]); // no staging folder left beside the output
  });

  it('an overwrite killed after 2 of 4 uploads leaves the previous set complete; the retry replaces it', async () => {
    const store = openDatasetStore(datasets.Agg as ResolvedDataset).store;
    await publishFileSet(store, 'out/set', partitionSet('old'), { mode: 'overwrite', owner: 'act-1', signal });
    const killed = new FailingStore(store, { on: ['putFile'], after: 2, cleanupFails: true });
    await expect(publishFileSet(killed, 'out/set', partitionSet('new'), { mode: 'overwrite', owner: 'act-2', signal })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    const visible = async () => (await readdir(join(lake, 'out', 'set'), { recursive: true })).filter((p) => p.endsWith('.csv')).sort();
    expect(await visible()).toEqual([0, 1, 2, 3].map((b) => `bucket=${b}/part-old-data_0.csv`));
    expect((await readdir(join(lake, 'out'))).filter((n) => n.startsWith('.set.sluice-'))).toHaveLength(1); // hidden leftovers
    expect(await sluiceReads(store, 'out/set')).toHaveLength(4);
    await publishFileSet(store, 'out/set', partitionSet('new'), { mode: 'overwrite', owner: 'act-2', signal });
    expect(await visible()).toEqual([0, 1, 2, 3].map((b) => `bucket=${b}/part-new-data_0.csv`));
    expect((await readdir(join(lake, 'out'))).filter((n) => n.startsWith('.'))).toEqual([]);
    await store.close();
  });

  it('an append killed after 2 of 4 uploads adds nothing visible; killed while moving in, Sluice readers see nothing new', async () => {
    const store = openDatasetStore(datasets.Agg as ResolvedDataset).store;
    await publishFileSet(store, 'out/app', partitionSet('a1'), { mode: 'append', owner: 'act-1', signal });
    const old = [0, 1, 2, 3].map((b) => `out/app/bucket=${b}/part-a1-data_0.csv`);
    const raw = async () => (await readdir(join(lake, 'out', 'app'), { recursive: true })).filter((p) => p.endsWith('.csv')).sort();
    await expect(publishFileSet(new FailingStore(store, { on: ['putFile'], after: 2, cleanupFails: true }), 'out/app', partitionSet('a2'), { mode: 'append', owner: 'act-2', signal })).rejects.toThrow();
    expect(await raw()).toEqual(old.map((p) => p.slice('out/app/'.length)));
    await expect(publishFileSet(new FailingStore(store, { on: ['move'], after: 2, cleanupFails: true }), 'out/app', partitionSet('a3'), { mode: 'append', owner: 'act-3', signal })).rejects.toThrow();
    expect((await raw()).filter((p) => p.includes('part-a3-'))).toHaveLength(2); // in the folder, under the marker
    expect(await sluiceReads(store, 'out/app')).toEqual(old);
    await publishFileSet(store, 'out/app', partitionSet('a3'), { mode: 'append', owner: 'act-3', signal }); // the retry
    expect(await sluiceReads(store, 'out/app')).toEqual([...old, ...[0, 1, 2, 3].map((b) => `out/app/bucket=${b}/part-a3-data_0.csv`)].sort());
    expect((await raw()).filter((p) => p.includes('part-a2-'))).toEqual([]);
    expect((await readdir(join(lake, 'out', 'app'))).filter((n) => n.startsWith('_'))).toEqual([]); // no marker left
    await store.close();
  });
});

describe('partitioned sinks on S3 (s3rver)', () => {
  let s3: TestS3;
  let bucket: string;
  let datasets: Record<string, ResolvedDataset>;
  beforeAll(async () => {
    s3 = await startS3();
    bucket = await s3.createBucket();
    await s3.putObject(bucket, 'in/people.csv', people(400));
    const location = (folderPath: string) => ({ location: { type: 'AmazonS3CompatibleLocation', bucketName: bucket, folderPath } });
    datasets = {
      People: { name: 'People', type: 'DelimitedText', linkedService: s3.linkedService(), typeProperties: { ...location('in'), firstRowAsHeader: true } },
      Agg: { name: 'Agg', type: 'Parquet', linkedService: s3.linkedService(), typeProperties: location('out/agg') },
    };
  });
  afterAll(async () => {
    await s3.deleteBucket(bucket);
    await s3.close();
  });

  it("Sluice's reader polling during 6 overwrites and 2 appends never sees a partial set; _SUCCESS is written last", async () => {
    const store = openDatasetStore(datasets.Agg as ResolvedDataset).store;
    const seen = new Map<string, number>();
    const partial: string[] = [];
    let done = false;
    let transient = 0;
    const poller = (async () => {
      while (!done) {
        let files: string[];
        try {
          files = await sluiceReads(store, 'out/agg');
        } catch (error) {
          // s3rver on a loaded machine now and then drops a listing's connection: a failed request, not a set seen
          // partially. Anything else (an unreadable marker …) is a finding.
          const message = (error as Error).message;
          if (/^(aborted|socket hang up)$|ECONNRESET/.test(message)) transient++;
          else partial.push(`read failed: ${message}`);
          continue;
        }
        // After the appends each bucket holds several files: judge one batch (the files of one publication id).
        const batches = new Map<string, string[]>();
        for (const f of files) {
          const id = /part-([^/]+?)-data_0\.parquet$/.exec(f)?.[1] ?? f;
          batches.set(id, [...(batches.get(id) ?? []), f]);
        }
        const verdicts = [...batches.values()].map(judge);
        const verdict = verdicts.includes('partial') ? 'partial' : files.length ? 'complete' : 'absent';
        seen.set(verdict, (seen.get(verdict) ?? 0) + 1);
        if (verdict === 'partial') partial.push(files.join(', '));
      }
    })();
    try {
      for (let i = 0; i < 6; i++) await runDataFlow(flowSteps(), datasets, join(temp, `s3-${i}`));
      for (let i = 0; i < 2; i++) await runDataFlow(flowSteps('append'), datasets, join(temp, `s3-append-${i}`));
    } finally {
      done = true;
      await poller;
    }
    expect(partial).toEqual([]);
    expect(seen.get('complete') ?? 0).toBeGreaterThan(0);
    expect(transient, 'listings dropped by s3rver are the exception').toBeLessThan(Math.max(2, [...seen.values()].reduce((a, b) => a + b, 0) / 10));
    const keys = await s3.keys(bucket, 'out/');
    expect(keys.filter((k) => k.endsWith('.parquet'))).toHaveLength(12); // the last overwrite's 4, and 2 appended sets
    expect(keys.filter((k) => !k.endsWith('.parquet'))).toEqual(['out/agg/_SUCCESS']); // no marker, no staging object
    await store.close();
  });

  it('an overwrite killed while moving in leaves the old set to Sluice readers and no _SUCCESS; the retry completes', async () => {
    const store = openDatasetStore(datasets.Agg as ResolvedDataset).store;
    await publishFileSet(store, 'out/set', partitionSet('old'), { mode: 'overwrite', owner: 'act-1', signal });
    expect(await s3.keys(bucket, 'out/set/_SUCCESS')).toEqual(['out/set/_SUCCESS']);
    const old = [0, 1, 2, 3].map((b) => `out/set/bucket=${b}/part-old-data_0.csv`);
    const killed = new FailingStore(store, { on: ['move'], after: 2, cleanupFails: true });
    await expect(publishFileSet(killed, 'out/set', partitionSet('new'), { mode: 'overwrite', owner: 'act-2', signal })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    const keys = await s3.keys(bucket, 'out/');
    expect(keys.filter((k) => k.startsWith('out/set/') && k.includes('part-new-'))).toHaveLength(2); // 2 of 4 moved in
    expect(keys).not.toContain('out/set/_SUCCESS'); // deleted first: other tools see an incomplete folder
    expect(await sluiceReads(store, 'out/set')).toEqual(old);
    expect((await sluiceReads(store, 'out')).filter((p) => !p.startsWith('out/agg/'))).toEqual(old); // staged objects beside it are hidden too
    await publishFileSet(store, 'out/set', partitionSet('new'), { mode: 'overwrite', owner: 'act-2', signal }); // the retry
    const after = await s3.keys(bucket, 'out/');
    expect(after.filter((k) => k.startsWith('out/set'))).toEqual(['out/set/_SUCCESS', ...[0, 1, 2, 3].map((b) => `out/set/bucket=${b}/part-new-data_0.csv`)]);
    expect(after.filter((k) => k.includes('.sluice-') || k.includes('_sluice_pending'))).toEqual([]);
    await store.close();
  });

  it('an append killed after 2 of 4 uploads leaves nothing new in the folder', async () => {
    const store = openDatasetStore(datasets.Agg as ResolvedDataset).store;
    await publishFileSet(store, 'out/app', partitionSet('a1'), { mode: 'append', owner: 'act-1', signal });
    const killed = new FailingStore(store, { on: ['putFile'], after: 2, cleanupFails: true });
    await expect(publishFileSet(killed, 'out/app', partitionSet('a2'), { mode: 'append', owner: 'act-2', signal })).rejects.toThrow();
    expect((await s3.keys(bucket, 'out/app/')).filter((k) => k.includes('part-'))).toEqual([0, 1, 2, 3].map((b) => `out/app/bucket=${b}/part-a1-data_0.csv`));
    expect((await s3.keys(bucket, 'out/')).filter((k) => k.includes('.app.sluice-'))).toHaveLength(2); // hidden staging
    await store.close();
  });
});
