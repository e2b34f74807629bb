/**
 * Which files a file dataset means for an activity: its one file, every file of its folder, or what the
 * activity's `storeSettings` wildcards select (`wildcardFolderPath`, `wildcardFileName`, `recursive`,
 * `modifiedDatetimeStart/End`). Copy, Delete and GetMetadata share it so they agree on the same files.
 *
 * Readers see what Sluice publishes as sets (`publication/`): `_SUCCESS` and pending markers are never data, and
 * files that an in-progress publication hides are left out (a partial set is never read as complete).
 */
import { SluiceError } from '@sluice/engine';
import type { FileEntry, FileStore } from '../connectors/contract.js';
import { joinStorePath, normalizeStorePath } from '../connectors/paths.js';
import type { DatasetPath } from '../connectors/paths.js';
import { hasWildcard, wildcardMatcher, wildcardToRegExp } from '../connectors/wildcard.js';
import { isMarkerPath, isPublicationFile } from '../publication/names.js';
import { visibleFiles, type Listed } from '../publication/visible.js';

/** ADF's `storeSettings` of a file source (the part that selects files). */
export interface FileSelection {
  readonly recursive?: boolean;
  readonly wildcardFolderPath?: string;
  readonly wildcardFileName?: string;
  readonly modifiedDatetimeStart?: string;
  readonly modifiedDatetimeEnd?: string;
}

/** Reads the selection fields out of an activity's `storeSettings` (unknown keys ignored). */
export function fileSelection(storeSettings: unknown, recursiveDefault: boolean): FileSelection {
  const s = storeSettings && typeof storeSettings === 'object' ? (storeSettings as Record<string, unknown>) : {};
  const text = (k: string): string | undefined => (typeof s[k] === 'string' && s[k] !== '' ? (s[k] as string) : undefined);
  return {
    recursive: typeof s.recursive === 'boolean' ? s.recursive : recursiveDefault,
    ...(text('wildcardFolderPath') !== undefined ? { wildcardFolderPath: text('wildcardFolderPath') } : {}),
    ...(text('wildcardFileName') !== undefined ? { wildcardFileName: text('wildcardFileName') } : {}),
    ...(text('modifiedDatetimeStart') !== undefined ? { modifiedDatetimeStart: text('modifiedDatetimeStart') } : {}),
    ...(text('modifiedDatetimeEnd') !== undefined ? { modifiedDatetimeEnd: text('modifiedDatetimeEnd') } : {}),
  };
}

/** True when the dataset and selection name exactly one file (no wildcard, a file name given). */
export function isSingleFile(location: DatasetPath, selection: FileSelection): boolean {
  return selection.wildcardFileName === undefined && selection.wildcardFolderPath === undefined && location.fileName !== '' && !hasWildcard(location.fileName);
}

/** Splits `a/b*c/d` into the literal prefix `a` and a matcher of the folder below the root. */
function folderFilter(wildcardFolder: string): { prefix: string; matches?: (folder: string) => boolean } {
  const segments = normalizeStorePath(wildcardFolder).split('/').filter(Boolean);
  const firstWild = segments.findIndex((s) => hasWildcard(s));
  if (firstWild < 0) return { prefix: segments.join('/') };
  const res = segments.map((s) => (hasWildcard(s) ? wildcardToRegExp(s) : undefined));
  return {
    prefix: segments.slice(0, firstWild).join('/'),
    matches: (folder) => {
      const parts = folder.split('/').filter(Boolean);
      if (parts.length < segments.length) return false;
      return segments.every((s, i) => (res[i] ? (res[i] as RegExp).test(parts[i] as string) : s === parts[i]));
    },
  };
}

/** Options of {@link listSelectedFiles}. */
export interface ListSelectedOptions {
  /**
   * Every file as stored: `_SUCCESS`, pending markers and the files of sets being published included (the Delete
   * activity, which removes what is there).
   */
  readonly raw?: boolean;
}

/**
 * The files selected, in path order. A single named file that does not exist is `FILE_NOT_FOUND`
 * naming the dataset; an empty folder or a wildcard matching nothing yields nothing (the caller decides).
 * Unless `raw`, publication files are skipped and sets being published are seen whole or not at all.
 */
export async function listSelectedFiles(store: FileStore, location: DatasetPath, selection: FileSelection, signal: AbortSignal, datasetName: string, options: ListSelectedOptions = {}): Promise<FileEntry[]> {
  if (isSingleFile(location, selection)) {
    const entry = await store.stat(location.path, signal);
    if (!entry || entry.type !== 'file') {
      throw new SluiceError('FILE_NOT_FOUND', `Dataset '${datasetName}': the file '${location.path}' does not exist in ${store.display}.`, { file: location.path });
    }
    return [entry];
  }
  const pattern = selection.wildcardFileName ?? (location.fileName !== '' ? location.fileName : undefined);
  const folder = selection.wildcardFolderPath ?? location.folder;
  const { prefix, matches } = folderFilter(folder);
  const recursive = matches ? true : selection.recursive !== false;
  const start = selection.modifiedDatetimeStart ? Date.parse(selection.modifiedDatetimeStart) : undefined;
  const end = selection.modifiedDatetimeEnd ? Date.parse(selection.modifiedDatetimeEnd) : undefined;
  const named = wildcardMatcher(pattern);
  const listing = async (): Promise<Listed> => {
    const files: FileEntry[] = [];
    const markers: FileEntry[] = [];
    const folders: FileEntry[] = [];
    // Listed without the name pattern, so pending markers are seen too; the pattern is applied here.
    for await (const entry of store.list(prefix, { recursive, includeFolders: !options.raw && store.atomicFolderMove, signal })) {
      if (entry.type !== 'file') {
        folders.push(entry);
        continue;
      }
      if (!options.raw) {
        if (isMarkerPath(entry.path)) {
          markers.push(entry);
          continue;
        }
        if (isPublicationFile(prefix === '' ? entry.path : entry.path.slice(prefix.length + 1))) continue;
      }
      if (!named(entry.name)) continue;
      const parent = entry.path.includes('/') ? entry.path.slice(0, entry.path.lastIndexOf('/')) : '';
      if (matches && !(selection.recursive === false ? matches(parent) && parent.split('/').length === folder.split('/').filter(Boolean).length : matchesOrBelow(matches, parent))) continue;
      const modified = entry.lastModified?.getTime();
      if (start !== undefined && modified !== undefined && modified < start) continue;
      if (end !== undefined && modified !== undefined && modified >= end) continue;
      files.push(entry);
    }
    return { files, markers, folders };
  };
  const files = options.raw ? [...(await listing()).files] : await visibleFiles(store, prefix, signal, listing);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return files;
}

/** True when `folder` or one of its ancestors matches (a recursive wildcard folder includes sub-folders). */
function matchesOrBelow(matches: (folder: string) => boolean, folder: string): boolean {
  const parts = folder.split('/').filter(Boolean);
  for (let n = parts.length; n >= 0; n--) if (matches(parts.slice(0, n).join('/'))) return true;
  return false;
}

/** The path of `entry` relative to `base` (for PreserveHierarchy copies). */
export function relativeTo(base: string, path: string): string {
  const b = normalizeStorePath(base);
  if (b === '') return path;
  return path.startsWith(`${b}/`) ? path.slice(b.length + 1) : path;
}

/** Re-exported for callers that build output paths. */
export { joinStorePath };
