/**
 * ADF's storage event trigger as a pure diff: two listings of a watched folder (or bucket prefix) in,
 * BlobCreated / BlobDeleted events out, filtered by `blobPathBeginsWith` / `blobPathEndsWith` and
 * `ignoreEmptyBlobs`. The trigger service lists, persists the snapshot and calls this.
 */
import type { BlobEventsTriggerTypeProperties } from '../model/trigger-types.js';

/** What a listing says about one object: enough to tell a new or rewritten object. */
export interface ObjectStamp {
  size: number;
  /** Anything that changes when the object is rewritten: an ETag, or mtime in ms. */
  version: string;
}

/** A listing: object key (relative to the watched root, `/`-separated, no leading slash) → stamp. */
export type ObjectSnapshot = Record<string, ObjectStamp>;

/** One storage event, shaped as `@triggerBody()` (ADF: `folderPath`, `fileName`). */
export interface StorageEvent {
  eventType: 'Microsoft.Storage.BlobCreated' | 'Microsoft.Storage.BlobDeleted';
  /** The folder, with the container (bucket) first when there is one: `container/a/b`. */
  folderPath: string;
  fileName: string;
  /** The object key relative to the watched root. */
  key: string;
  size: number;
  version: string;
}

/**
 * The key form of an ADF path filter: `/container/blobs/in/` → `in/`, `/in/` → `in/`. ADF's filters name the
 * container; Sluice watches one container (bucket or root folder), so the container part is dropped.
 */
export function filterKey(path: string | undefined): string {
  if (!path) return '';
  const m = /^\/?[^/]+\/blobs\/(.*)$/.exec(path);
  return m ? m[1]! : path.replace(/^\/+/, '');
}

/** Whether a key passes the trigger's path filters. */
export function keyMatches(key: string, tp: Pick<BlobEventsTriggerTypeProperties, 'blobPathBeginsWith' | 'blobPathEndsWith'>): boolean {
  const begins = filterKey(tp.blobPathBeginsWith);
  if (begins && !key.startsWith(begins)) return false;
  if (tp.blobPathEndsWith && !key.endsWith(tp.blobPathEndsWith)) return false;
  return true;
}

/**
 * The events between two listings, in key order: created (new or rewritten objects), then deleted. Only
 * the event types listed in `events` are returned; empty objects are skipped with `ignoreEmptyBlobs`.
 */
export function diffSnapshots(previous: ObjectSnapshot, next: ObjectSnapshot, tp: BlobEventsTriggerTypeProperties, container = ''): StorageEvent[] {
  const wants = new Set(tp.events);
  const out: StorageEvent[] = [];
  const event = (eventType: StorageEvent['eventType'], key: string, stamp: ObjectStamp): StorageEvent => {
    const slash = key.lastIndexOf('/');
    const dir = slash < 0 ? '' : key.slice(0, slash);
    const folderPath = [container, dir].filter((s) => s !== '').join('/');
    return { eventType, folderPath, fileName: key.slice(slash + 1), key, size: stamp.size, version: stamp.version };
  };
  if (wants.has('Microsoft.Storage.BlobCreated')) {
    for (const key of Object.keys(next).sort()) {
      const now = next[key]!;
      const before = previous[key];
      if (before && before.version === now.version && before.size === now.size) continue;
      if (!keyMatches(key, tp)) continue;
      if (tp.ignoreEmptyBlobs && now.size === 0) continue;
      out.push(event('Microsoft.Storage.BlobCreated', key, now));
    }
  }
  if (wants.has('Microsoft.Storage.BlobDeleted')) {
    for (const key of Object.keys(previous).sort()) {
      if (key in next || !keyMatches(key, tp)) continue;
      out.push(event('Microsoft.Storage.BlobDeleted', key, previous[key]!));
    }
  }
  return out;
}
