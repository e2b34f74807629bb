/**
 * What a storage-event trigger watches: anything that can list objects with a size and a version. The
 * engine ships the local-folder lister; the API wires an S3 lister (the engine does not depend on the
 * S3 client or on the activities' file stores).
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ObjectSnapshot } from '../../triggers/storage-events.js';

/** Lists a watched store. Keys are relative to the watched root, `/`-separated, without a leading slash. */
export interface ObjectLister {
  /** The container (bucket) name shown first in `@triggerBody().folderPath`, or '' for a local folder. */
  readonly container: string;
  /** A description safe to log (never a credential). */
  readonly display: string;
  list(signal: AbortSignal): Promise<ObjectSnapshot>;
  close?(): Promise<void>;
}

/**
 * Builds the lister of a storage-event trigger from its resolved linked service (type and typeProperties),
 * or returns undefined when it does not handle that type. `container` is the container (S3 bucket) an ADF
 * path filter names (`/container/blobs/…`), when it names one.
 */
export type ObjectListerFactory = (
  linkedService: { name: string; type: string; typeProperties: Readonly<Record<string, unknown>> },
  options: { container?: string },
) => Promise<ObjectLister | undefined>;

/** Lists a local folder recursively (files only; version = mtime in ms). */
export function localFolderLister(root: string): ObjectLister {
  return {
    container: '',
    display: root,
    async list(signal) {
      const out: ObjectSnapshot = {};
      const walk = async (dir: string): Promise<void> => {
        if (signal.aborted) return;
        let entries;
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
          throw e;
        }
        for (const e of entries) {
          const path = join(dir, e.name);
          if (e.isDirectory()) await walk(path);
          else if (e.isFile()) {
            if (e.name.startsWith('.') && e.name.endsWith('.tmp')) continue; // a file still being written by an atomic writer
            try {
              const s = await stat(path);
              out[relative(root, path).split(sep).join('/')] = { size: s.size, version: String(Math.round(s.mtimeMs)) };
            } catch {
              // deleted between readdir and stat: the next poll reports it
            }
          }
        }
      };
      await walk(root);
      return out;
    },
  };
}

/** The engine's lister factory: LocalFileSystem / FileServer linked services (`rootPath` / `host`). */
export const localListerFactory: ObjectListerFactory = async (ls) => {
  const type = ls.type.toLowerCase();
  const root = type === 'localfilesystem' ? ls.typeProperties.rootPath : type === 'fileserver' ? ls.typeProperties.host : undefined;
  return typeof root === 'string' ? localFolderLister(root) : undefined;
};
