/**
 * The reader's side of set publication: what Sluice's readers of a folder (Copy sources, data-flow sources) may
 * take for data while sets are being published into it or around it.
 *
 * A listing is read between two readings of the pending markers of the listed folder and of each folder above it
 * (`<folder>/_sluice_pending/`, one small listing per level); markers found inside the listing (publications into
 * sub-folders) are read after it and must have the size the listing saw. When anything changed meanwhile, the
 * whole read starts again (at most 8 times over about 2.5 s, then a retryable `STORE_REQUEST_FAILED`). The files the markers hide
 * (`markers.ts`) are left out, so the reader sees each set as it was before its publication or as it is after.
 * On local disk, where an overwrite swaps folders, a walk during which a listed folder changed is read again too.
 *
 * A folder no Sluice publication touches has no markers: it is read as before (one extra listing per level).
 */
import { SluiceError } from '@sluice/engine';
import type { FileEntry, FileStore } from '../connectors/contract.js';
import { joinStorePath, parentPath } from '../connectors/paths.js';
import { hiddenBy, readMarker, unreadableMarker, type MarkerReading } from './markers.js';
import { PENDING_FOLDER } from './names.js';

/**
 * What a listing returned: the candidate data files, the marker files it met (`…/_sluice_pending/*.json`), and on
 * stores with atomic folder moves the folders it walked (with their modification times).
 */
export interface Listed {
  readonly files: readonly FileEntry[];
  readonly markers: readonly FileEntry[];
  readonly folders: readonly FileEntry[];
}

/** A folder's identity for the swap check: a swapped folder is another folder, with another modification time. */
function stamp(entry: FileEntry | undefined): string {
  return entry ? `${entry.type}:${entry.lastModified?.getTime() ?? ''}` : 'absent';
}

/**
 * On local disk an overwrite swaps a folder in with renames: a walk that spans a swap may have read some sub-folders
 * of the old set and some of the new. Each swap changes the modification time of the folder it happens in, and the
 * listed folder itself is then another folder: both are compared after the walk.
 */
async function unswapped(store: FileStore, prefix: string, before: FileEntry | undefined, folders: readonly FileEntry[], signal: AbortSignal): Promise<boolean> {
  if (stamp(await store.stat(prefix, signal)) !== stamp(before)) return false;
  for (const folder of folders) if (stamp(await store.stat(folder.path, signal)) !== stamp(folder)) return false;
  return true;
}

/** The folders from the root down to `prefix` (`''`, `a`, `a/b` for `a/b`). */
function foldersDownTo(prefix: string): string[] {
  const out = [''];
  const parts = prefix.split('/').filter(Boolean);
  for (let i = 1; i <= parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

/** The markers of `prefix` and of every folder above it, by path; undefined when one could not be read whole. */
async function markersAbove(store: FileStore, prefix: string, signal: AbortSignal, unreadable: Set<string>): Promise<Map<string, MarkerReading> | undefined> {
  const out = new Map<string, MarkerReading>();
  for (const folder of foldersDownTo(prefix)) {
    for await (const entry of store.list(joinStorePath(folder, PENDING_FOLDER), { signal })) {
      if (entry.type !== 'file' || !entry.name.endsWith('.json')) continue;
      const reading = await readMarker(store, entry.path, folder, signal);
      if (reading === 'unreadable') {
        unreadable.add(entry.path);
        return undefined;
      }
      if (reading) out.set(entry.path, reading);
    }
  }
  return out;
}

function same(a: ReadonlyMap<string, MarkerReading> | undefined, b: ReadonlyMap<string, MarkerReading> | undefined): boolean {
  if (!a || !b) return false;
  return a.size === b.size && [...a].every(([path, reading]) => b.get(path)?.text === reading.text);
}

/** How many times a read starts again when publications keep changing the markers it depends on. */
const ROUNDS = 8;

/**
 * Runs `listing` (a listing of `prefix`) so that its result is consistent with the pending markers around it, and
 * returns its files less those that in-progress publications hide. See the module comment.
 */
export async function visibleFiles(store: FileStore, prefix: string, signal: AbortSignal, listing: () => Promise<Listed>): Promise<FileEntry[]> {
  const unreadable = new Set<string>();
  for (let round = 0; round < ROUNDS; round++) {
    unreadable.clear();
    const top = store.atomicFolderMove ? await store.stat(prefix, signal) : undefined;
    const before = await markersAbove(store, prefix, signal, unreadable);
    const listed = await listing();
    const after = await markersAbove(store, prefix, signal, unreadable);
    let stable = same(before, after) && (!store.atomicFolderMove || (await unswapped(store, prefix, top, listed.folders, signal)));
    const readings = [...(after?.values() ?? [])];
    for (const entry of listed.markers) {
      if (!stable) break;
      if (after?.has(entry.path)) continue;
      const reading = await readMarker(store, entry.path, parentPath(parentPath(entry.path)), signal);
      if (reading === 'unreadable') unreadable.add(entry.path);
      if (!reading || reading === 'unreadable' || Buffer.byteLength(reading.text) !== entry.size) stable = false;
      else readings.push(reading);
    }
    if (!stable) {
      await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** round)); // let the publication move on
      continue;
    }
    const hidden = new Set(readings.flatMap(hiddenBy));
    return listed.files.filter((file) => !hidden.has(file.path));
  }
  const [bad] = unreadable;
  if (bad !== undefined) throw unreadableMarker(store, bad);
  throw new SluiceError('STORE_REQUEST_FAILED', `The files under '${prefix || '/'}' in ${store.display} kept changing while they were listed (sets being published); try again.`, { file: prefix });
}
