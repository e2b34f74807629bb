/**
 * Pending markers: how a set publication that cannot swap a folder (an `append`, any publication on S3) tells
 * Sluice's readers which files are not part of a complete set yet. A marker is one small JSON object written
 * atomically (a staged write), so changing its state is one atomic step even on S3:
 *
 * - `placing`: the files of `added` are being moved into the folder; readers hide them (they see the old set);
 * - `committed`: every added file is in place; readers hide `replaced` (the old set of an overwrite, being deleted).
 *
 * Deleting the marker ends the publication. A marker left by a killed writer keeps hiding what it names, so a partial
 * set is never read as complete; the owner's next attempt finishes or undoes it (see `publish-set.ts`).
 */
import { SluiceError } from '@sluice/engine';
import type { FileStore } from '../connectors/contract.js';
import { joinStorePath } from '../connectors/paths.js';

/** What a pending marker holds. Paths are relative to the published folder. */
export interface PendingMarker {
  readonly sluicePublication: 1;
  readonly batch: string;
  readonly mode: 'overwrite' | 'append';
  readonly state: 'placing' | 'committed';
  readonly added: readonly string[];
  readonly replaced: readonly string[];
}

/** A marker as read: where it is, the folder it governs, its exact text (to compare two readings) and content. */
export interface MarkerReading {
  readonly path: string;
  readonly folder: string;
  readonly text: string;
  readonly marker: PendingMarker;
}

/** Writes (or replaces, atomically) the marker at `path`. */
export async function writeMarker(store: FileStore, path: string, marker: PendingMarker, signal?: AbortSignal): Promise<void> {
  const staged = await store.write(path, signal);
  try {
    staged.stream.end(JSON.stringify(marker));
    await staged.commit();
  } catch (error) {
    await staged.abort().catch(() => undefined);
    throw error;
  }
}

function parseMarker(text: string): PendingMarker | undefined {
  try {
    const value = JSON.parse(text) as Partial<PendingMarker>;
    const list = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
    if (value.sluicePublication !== 1 || (value.state !== 'placing' && value.state !== 'committed') || !list(value.added) || !list(value.replaced)) return undefined;
    return value as PendingMarker;
  } catch {
    return undefined;
  }
}

/**
 * Reads the marker at `path` (of a batch publishing into `folder`): undefined when it is gone (its publication ended
 * meanwhile), `'unreadable'` when what is there is not a marker — on a store whose overwrites are not atomic
 * (s3rver, unlike S3) a marker being rewritten can be read half-written; callers read again.
 */
export async function readMarker(store: FileStore, path: string, folder: string, signal?: AbortSignal): Promise<MarkerReading | 'unreadable' | undefined> {
  let text: string;
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of await store.read(path, signal)) chunks.push(chunk as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    if (error instanceof SluiceError && error.code === 'FILE_NOT_FOUND') return undefined;
    throw error;
  }
  const marker = parseMarker(text);
  return marker ? { path, folder, text, marker } : 'unreadable';
}

/** The error for a marker that stays unreadable: hiding nothing would risk reading a partial set. */
export function unreadableMarker(store: FileStore, path: string): SluiceError {
  return new SluiceError('STORE_REQUEST_FAILED', `'${path}' in ${store.display} is not a Sluice publication marker; remove it if no publication is running.`, { file: path });
}

/** The store paths a marker hides from readers: the added files while placing, the replaced ones once committed. */
export function hiddenBy(reading: MarkerReading): string[] {
  const names = reading.marker.state === 'placing' ? reading.marker.added : reading.marker.replaced;
  return names.map((name) => joinStorePath(reading.folder, name));
}
