import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFileStore } from '../connectors/local/local-store.js';
import type { FileStore } from '../connectors/contract.js';
import { fileSelection, listSelectedFiles } from '../datasets/file-list.js';
import { writeMarker } from './markers.js';
import { PENDING_FOLDER } from './names.js';
import { publishFileSet, type SetFile } from './publish-set.js';
import { FailingStore } from './testing/failing-store.js';

let base: string;
let root: string;
let store: LocalFileStore;
const signal = new AbortController().signal;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'sluice-publish-'));
  root = join(base, 'root');
  await mkdir(root);
  store = new LocalFileStore({ name: 'Lake', kind: 'LocalFileSystem', root });
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

/** Four partition files tagged `tag` in a local work folder, as a sink's DuckDB output would be. */
async function partitionSet(tag: string): Promise<SetFile[]> {
  const work = join(base, `work-${tag}`);
  const out: SetFile[] = [];
  for (let b = 0; b < 4; b++) {
    const local = join(work, `bucket=${b}`, 'data_0.csv');
    await mkdir(join(work, `bucket=${b}`), { recursive: true });
    await writeFile(local, `n\n${tag}-${b}\n`);
    out.push({ local, path: `bucket=${b}/part-${tag}-data_0.csv` });
  }
  return out;
}

/** Every file under the store's root, as a directory listing shows it (hidden names included). */
async function tree(dir = root, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await tree(join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

/** What Sluice's readers (Copy and data-flow sources) select in `folder`. */
async function sluiceReads(s: FileStore, folder: string): Promise<string[]> {
  const files = await listSelectedFiles(s, { folder, fileName: '', path: folder }, fileSelection(undefined, true), signal, 'Out');
  return files.map((f) => f.path);
}

describe('publishFileSet on local disk', () => {
  it('overwrite swaps the folder: the new set replaces the old, nothing hidden is left', async () => {
    await publishFileSet(store, 'out/agg', await partitionSet('a'), { mode: 'overwrite', owner: 'run-1', signal });
    const second = await publishFileSet(store, 'out/agg', await partitionSet('b'), { mode: 'overwrite', owner: 'run-2', signal });
    expect(second.method).toBe('swap');
    expect(await tree()).toEqual([0, 1, 2, 3].map((b) => `out/agg/bucket=${b}/part-b-data_0.csv`));
    expect(await readFile(join(root, 'out/agg/bucket=2/part-b-data_0.csv'), 'utf8')).toBe('n\nb-2\n');
  });

  it('overwrite interrupted after 2 of 4 uploads leaves the previous set, complete, and no staging', async () => {
    await publishFileSet(store, 'out/agg', await partitionSet('a'), { mode: 'overwrite', owner: 'run-1', signal });
    const failing = new FailingStore(store, { on: ['putFile'], after: 2 });
    await expect(publishFileSet(failing, 'out/agg', await partitionSet('b'), { mode: 'overwrite', owner: 'run-2', signal })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(await tree()).toEqual([0, 1, 2, 3].map((b) => `out/agg/bucket=${b}/part-a-data_0.csv`));
  });

  it('a killed overwrite leaves a hidden staging folder that readers skip and the next attempt removes', async () => {
    await publishFileSet(store, 'out/agg', await partitionSet('a'), { mode: 'overwrite', owner: 'run-1', signal });
    const killed = new FailingStore(store, { on: ['putFile'], after: 3, cleanupFails: true });
    await expect(publishFileSet(killed, 'out/agg', await partitionSet('b'), { mode: 'overwrite', owner: 'run-2', signal })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    const left = await tree();
    expect(left.filter((p) => p.startsWith('out/.agg.sluice-'))).toHaveLength(3); // the 3 uploads, hidden
    expect(await sluiceReads(store, 'out')).toEqual([0, 1, 2, 3].map((b) => `out/agg/bucket=${b}/part-a-data_0.csv`));
    await publishFileSet(store, 'out/agg', await partitionSet('c'), { mode: 'overwrite', owner: 'run-2', signal }); // its retry
    expect(await tree()).toEqual([0, 1, 2, 3].map((b) => `out/agg/bucket=${b}/part-c-data_0.csv`));
  });

  it('append adds the batch whole; interrupted while moving in, it is undone and the old files stay', async () => {
    await publishFileSet(store, 'out/agg', await partitionSet('a'), { mode: 'append', owner: 'run-1', signal });
    const failing = new FailingStore(store, { on: ['move'], after: 2 });
    await expect(publishFileSet(failing, 'out/agg', await partitionSet('b'), { mode: 'append', owner: 'run-2', signal })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    const old = [0, 1, 2, 3].map((b) => `out/agg/bucket=${b}/part-a-data_0.csv`);
    expect(await tree()).toEqual(old);
    const third = await publishFileSet(store, 'out/agg', await partitionSet('c'), { mode: 'append', owner: 'run-3', signal });
    expect(third.method).toBe('marker');
    expect(await tree()).toEqual([...old, ...[0, 1, 2, 3].map((b) => `out/agg/bucket=${b}/part-c-data_0.csv`)].sort());
  });

  it('a killed append leaves its marker: Sluice readers see the old files only, and the retry settles it', async () => {
    await publishFileSet(store, 'out/agg', await partitionSet('a'), { mode: 'append', owner: 'run-1', signal });
    const killed = new FailingStore(store, { on: ['move'], after: 2, cleanupFails: true });
    await expect(publishFileSet(killed, 'out/agg', await partitionSet('b'), { mode: 'append', owner: 'run-2', signal })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    const old = [0, 1, 2, 3].map((b) => `out/agg/bucket=${b}/part-a-data_0.csv`);
    const raw = await tree();
    expect(raw.filter((p) => p.includes('part-b-') && !p.includes('.sluice-'))).toHaveLength(2); // moved in before the failure
    expect(raw.filter((p) => p.startsWith(`out/agg/${PENDING_FOLDER}/`))).toHaveLength(1);
    expect(await sluiceReads(store, 'out/agg')).toEqual(old);
    expect(await sluiceReads(store, 'out/agg/bucket=0')).toEqual([old[0]]); // a reader of one partition: the marker is above it
    expect(await sluiceReads(store, 'out')).toEqual(old);
    await publishFileSet(store, 'out/agg', await partitionSet('b'), { mode: 'append', owner: 'run-2', signal }); // its retry
    expect(await tree()).toEqual([...old, ...[0, 1, 2, 3].map((b) => `out/agg/bucket=${b}/part-b-data_0.csv`)].sort());
  });

  it('readers hide what a marker names: added files while placing, replaced ones once committed', async () => {
    await publishFileSet(store, 'out', await partitionSet('a'), { mode: 'overwrite', owner: 'run-1', signal });
    await mkdir(join(root, 'out/bucket=0'), { recursive: true });
    await writeFile(join(root, 'out/bucket=0/new.csv'), 'n\n1\n');
    await writeFile(join(root, 'out/_SUCCESS'), '');
    const marker = { sluicePublication: 1, batch: 'x', mode: 'overwrite', added: ['bucket=0/new.csv'], replaced: ['bucket=1/part-a-data_0.csv'] } as const;
    await writeMarker(store, `out/${PENDING_FOLDER}/x.json`, { ...marker, state: 'placing' });
    const all = [0, 1, 2, 3].map((b) => `out/bucket=${b}/part-a-data_0.csv`);
    expect(await sluiceReads(store, 'out')).toEqual(all);
    await writeMarker(store, `out/${PENDING_FOLDER}/x.json`, { ...marker, state: 'committed' });
    expect(await sluiceReads(store, 'out')).toEqual(['out/bucket=0/new.csv', ...all.filter((p) => !p.includes('bucket=1'))].sort());
    await rm(join(root, `out/${PENDING_FOLDER}`), { recursive: true });
    expect((await sluiceReads(store, 'out')).length).toBe(5); // no marker: every data file, never `_SUCCESS`
  });
});
