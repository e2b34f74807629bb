/**
 * The names a set publication uses in a store, in one place so writers and readers agree:
 *
 * - `<parent>/.<folder>.sluice-<owner key>.tmp/<batch>/` — the hidden staging folder beside the published folder,
 *   which every listing skips (`isStagingName`); named by owner, so the owner's next attempt finds and removes it;
 * - `<folder>/_sluice_pending/<batch>.json` — the pending marker of a set being moved into place (see `markers.ts`);
 * - `<folder>/_SUCCESS` — written last on stores without atomic folder moves (S3), the Spark/Hadoop convention.
 */
import { createHash, randomBytes } from 'node:crypto';
import { baseName, joinStorePath, parentPath } from '../connectors/paths.js';

/** The Spark/Hadoop completion marker: present only while the folder holds a complete set. */
export const SUCCESS_MARKER = '_SUCCESS';

/** The folder of pending markers inside a published folder. */
export const PENDING_FOLDER = '_sluice_pending';

/**
 * A short hex key for an owner (the activity run id): names of its staging folders and markers start with it, so a
 * later attempt of the same activity run recognises what an earlier, killed attempt left, and nobody else's.
 */
export function ownerKey(owner: string): string {
  return createHash('sha256').update(owner).digest('hex').slice(0, 12);
}

/** A fresh batch id of an owner: its key and 8 random hex digits. */
export function newBatchId(key: string): string {
  return `${key}${randomBytes(4).toString('hex')}`;
}

/**
 * The staging folder (a store path) of an owner publishing `folder`: hidden, beside it. Each attempt stages in its
 * own `<batch>/` inside it; the owner's next attempt removes the whole folder, and with it what a killed one left.
 */
export function stagingFolder(folder: string, key: string): string {
  return joinStorePath(parentPath(folder), `.${baseName(folder) || 'root'}.sluice-${key}.tmp`);
}

/** The pending marker (a store path) of a batch publishing into `folder`. */
export function markerPath(folder: string, batch: string): string {
  return joinStorePath(folder, PENDING_FOLDER, `${batch}.json`);
}

/** True for a store path that is a pending marker (`…/_sluice_pending/<name>.json`). */
export function isMarkerPath(path: string): boolean {
  const segments = path.split('/');
  return segments.length >= 2 && segments[segments.length - 2] === PENDING_FOLDER && (segments.at(-1) ?? '').endsWith('.json');
}

/**
 * True for the files a publication adds beside the data — `_SUCCESS` and anything under `_sluice_pending/` — which
 * Sluice's readers never take for data. `path` is relative to the folder being read (or to the store).
 */
export function isPublicationFile(path: string): boolean {
  const segments = path.split('/');
  return segments.at(-1) === SUCCESS_MARKER || segments.slice(0, -1).includes(PENDING_FOLDER);
}
