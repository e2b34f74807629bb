/**
 * Set publication: local files published as one set into a folder of a file store, so that a reader sees the
 * whole set or none of it — never some partitions and not others, also when the writer is killed in the middle.
 *
 * 1. Every file is uploaded into a hidden staging folder beside the target (`names.ts`), which listings skip: a
 *    failure or a kill here leaves the target untouched.
 * 2. The set is placed:
 *    - `overwrite` on a store with atomic folder moves (local disk): the target folder is moved aside into the staging
 *      folder and the staged folder renamed into its place — two renames; a reader sees the old set, for an instant
 *      no folder, then the new set;
 *    - otherwise (`append`, or any publication on S3): a pending marker naming the new files is written first
 *      (`markers.ts`), the files are moved in, an overwrite flips the marker to `committed` (naming the old files,
 *      then deleted), and the marker is deleted. Sluice's readers honour the marker (`visible.ts`); on S3,
 *      `_SUCCESS` is deleted first and written last for every other tool.
 * 3. The staging folder is removed. Before step 1, the owner's leftovers of a killed attempt are cleaned up: its
 *    staging folder is removed, and a marker it left is settled (a `placing` set undone, a `committed` one finished).
 */
import { SluiceError } from '@sluice/engine';
import type { FileStore } from '../connectors/contract.js';
import { joinStorePath, parentPath } from '../connectors/paths.js';
import { hiddenBy, readMarker, unreadableMarker, writeMarker, type MarkerReading, type PendingMarker } from './markers.js';
import { isPublicationFile, markerPath, newBatchId, ownerKey, PENDING_FOLDER, stagingFolder, SUCCESS_MARKER } from './names.js';

/**
 * A local file and its path in the published set, relative to the folder (`bucket=0/part-….parquet`). The path must
 * be new in the folder (sinks prefix every file with a unique id): undoing an interrupted set deletes its paths.
 */
export interface SetFile {
  readonly local: string;
  readonly path: string;
}

/** Options of {@link publishFileSet}. */
export interface PublishSetOptions {
  /** `overwrite`: the set becomes the folder's whole content; `append`: the set is added to what is there. */
  readonly mode: 'overwrite' | 'append';
  /** Who publishes (the activity run id): a later attempt of the same owner cleans up what an earlier one left. */
  readonly owner: string;
  readonly signal: AbortSignal;
  /** Called after each staged upload (tests use it to interrupt a publication at a chosen point). */
  readonly onStaged?: (path: string) => void;
}

/** What a publication wrote. */
export interface PublishSetResult {
  /** Store paths of the published files. */
  readonly targets: readonly string[];
  readonly bytesWritten: number;
  /** `swap`: a folder rename; `marker`: moved in under a pending marker. */
  readonly method: 'swap' | 'marker';
}

/** How many moves or deletes run at once on a store (S3 answers each in a round trip). */
const PARALLEL = 8;

/**
 * Runs `work` over `items`, {@link PARALLEL} at a time. On a failure no new item starts, and it rejects only once the
 * items under way have ended, so an undo that follows never races a move still in flight.
 */
async function eachLimited<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < items.length) {
      try {
        await work(items[next++] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(PARALLEL, items.length) }, lane));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}

/** The path of `path` relative to `folder` (both store paths). */
function below(folder: string, path: string): string {
  return folder === '' ? path : path.slice(folder.length + 1);
}

/**
 * Ends a marker's publication as a reader would expect: a `placing` set is removed (the old set stays), a
 * `committed` one is finished (the replaced files deleted); then the marker goes.
 */
export async function settleMarker(store: FileStore, reading: MarkerReading, signal?: AbortSignal): Promise<void> {
  await eachLimited(hiddenBy(reading), (path) => store.delete(path, signal ? { signal } : {}));
  await removeMarker(store, reading.path, signal);
}

/** Deletes a marker, and its folder once no other publication's marker is in it. */
async function removeMarker(store: FileStore, path: string, signal?: AbortSignal): Promise<void> {
  await store.delete(path, signal ? { signal } : {});
  await store.delete(parentPath(path), { onlyIfEmpty: true, ...(signal ? { signal } : {}) });
}

/** Removes what a killed attempt of this owner left: its staging folder, and its markers (settled). */
async function removeLeftovers(store: FileStore, folder: string, key: string, signal: AbortSignal): Promise<void> {
  await store.delete(stagingFolder(folder, key), { recursive: true, signal });
  const pending = joinStorePath(folder, PENDING_FOLDER);
  const own: string[] = [];
  for await (const entry of store.list(pending, { signal })) if (entry.type === 'file' && entry.name.startsWith(key) && entry.name.endsWith('.json')) own.push(entry.path);
  for (const path of own) {
    const reading = await readMarker(store, path, folder, signal);
    if (reading === 'unreadable') throw unreadableMarker(store, path);
    if (reading) await settleMarker(store, reading, signal);
  }
}

/**
 * Swaps the staged folder `staged` into `folder`'s place, moving the old one aside into `aside`. Takes no signal:
 * once begun, the two renames are not interrupted (a cancellation between them would leave no folder at all).
 */
async function swapFolder(store: FileStore, folder: string, staged: string | undefined, aside: string): Promise<void> {
  for (let round = 0; round < 5; round++) {
    const old = joinStorePath(aside, `old-${round}`);
    let movedOld = false;
    if (await store.stat(folder)) {
      try {
        await store.move(folder, old);
        movedOld = true;
      } catch (error) {
        if (await store.stat(folder)) throw error; // else: someone removed it meanwhile
      }
    }
    if (staged === undefined) return; // an empty set: no folder
    try {
      await store.move(staged, folder);
      return;
    } catch (error) {
      // Another writer put a folder there between the two renames: move it aside too (the last writer wins).
      if ((await store.stat(folder)) && (await store.stat(staged))) continue;
      if (movedOld) await store.move(old, folder).catch(() => undefined); // put the old set back
      throw error;
    }
  }
  throw new SluiceError('STORE_REQUEST_FAILED', `Could not publish '${folder}' in ${store.display}: another writer kept replacing it.`, { file: folder });
}

/** Moves the staged files into `folder` under a pending marker (see the module comment). */
async function placeWithMarker(store: FileStore, folder: string, batch: string, staged: string, files: readonly string[], mode: 'overwrite' | 'append', signal: AbortSignal): Promise<void> {
  const path = markerPath(folder, batch);
  let marker: PendingMarker = { sluicePublication: 1, batch, mode, state: 'placing', added: files, replaced: [] };
  await writeMarker(store, path, marker, signal);
  const successMarker = !store.atomicFolderMove;
  try {
    if (successMarker) await store.delete(joinStorePath(folder, SUCCESS_MARKER), { signal });
    await eachLimited(files, (file) => store.move(joinStorePath(staged, file), joinStorePath(folder, file), signal));
    if (mode === 'overwrite') {
      const added = new Set(files);
      const replaced: string[] = [];
      for await (const entry of store.list(folder, { recursive: true, signal })) {
        const rel = below(folder, entry.path);
        if (entry.type === 'file' && !added.has(rel) && !isPublicationFile(rel)) replaced.push(rel);
      }
      marker = { ...marker, state: 'committed', replaced };
      await writeMarker(store, path, marker, signal); // the one atomic step: readers switch from the old set to the new
      await eachLimited(replaced, (rel) => store.delete(joinStorePath(folder, rel), { signal }));
    }
    await removeMarker(store, path, signal);
    if (successMarker) {
      const done = await store.write(joinStorePath(folder, SUCCESS_MARKER), signal);
      done.stream.end();
      await done.commit();
    }
  } catch (error) {
    // Undo a set still being placed (finish one already committed), so the marker does not outlive this attempt;
    // if the store is down this fails too, and the marker keeps hiding the set until the next attempt settles it.
    await settleMarker(store, { path, folder, text: '', marker }).catch(() => undefined);
    throw error;
  }
}

/** A set uploaded into its hidden staging folder, not visible yet: {@link StagedSet.place} publishes it. */
export interface StagedSet {
  /** Places the set (the swap, or the marked moves) and removes the staging folder. */
  place(): Promise<PublishSetResult>;
  /** Removes the staging folder: nothing of the set was or will be visible. */
  discard(): Promise<void>;
}

/**
 * Step 1 of a publication (see the module comment): cleans up the owner's leftovers and uploads `files` (local
 * files, each with its path relative to `folder`) into the hidden staging folder. Several sets (the sinks of a data
 * flow) can be staged first and placed together, so they become visible within moments of each other.
 */
export async function stageFileSet(store: FileStore, folder: string, files: readonly SetFile[], options: PublishSetOptions): Promise<StagedSet> {
  const { signal, mode } = options;
  const key = ownerKey(options.owner);
  const stage = stagingFolder(folder, key);
  const discard = (): Promise<void> => store.delete(stage, { recursive: true }).catch(() => undefined);
  await removeLeftovers(store, folder, key, signal);
  const batch = newBatchId(key);
  const staged = joinStorePath(stage, batch, 'new');
  const swap = mode === 'overwrite' && store.atomicFolderMove && folder !== '';
  let bytes = 0;
  try {
    for (const file of files) {
      signal.throwIfAborted();
      const target = joinStorePath(staged, file.path);
      bytes += (await store.putFile(file.local, target, signal)).bytesWritten;
      options.onStaged?.(target);
    }
  } catch (error) {
    await discard();
    throw error;
  }
  return {
    discard,
    async place() {
      try {
        if (swap) {
          signal.throwIfAborted();
          await swapFolder(store, folder, files.length ? staged : undefined, joinStorePath(stage, batch));
        } else {
          await placeWithMarker(store, folder, batch, staged, files.map((f) => f.path), mode, signal);
        }
      } finally {
        await discard();
      }
      return { targets: files.map((f) => joinStorePath(folder, f.path)), bytesWritten: bytes, method: swap ? 'swap' : 'marker' };
    },
  };
}

/**
 * Publishes `files` into `folder` of `store` as one set: {@link stageFileSet}, then place. Returns the published
 * store paths.
 *
 * @example
 * await publishFileSet(store, 'out/by-day', [{ local: '/tmp/w/day=1/data_0.parquet', path: 'day=1/part-a-data_0.parquet' }],
 *   { mode: 'overwrite', owner: ctx.activityRunId, signal: ctx.signal });
 */
export async function publishFileSet(store: FileStore, folder: string, files: readonly SetFile[], options: PublishSetOptions): Promise<PublishSetResult> {
  return (await stageFileSet(store, folder, files, options)).place();
}
