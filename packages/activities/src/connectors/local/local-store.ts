/**
 * A folder on this machine as a {@link FileStore} (LocalFileSystem `rootPath`, FileServer `host`).
 * Every path is normalized (no `..`, no absolute path, nothing hidden in percent-escapes) and then
 * resolved with realpath, so a symlink inside the root that points outside it is refused too
 * (`PATH_OUTSIDE_ROOT`). Writes are staged beside their target and renamed on commit; `move` renames files and
 * whole folders (atomically: the store's `atomicFolderMove`).
 */
import { createReadStream } from 'node:fs';
import { lstat, mkdir, open, readdir, realpath, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { SluiceError } from '@sluice/engine';
import type { FileEntry, FileStore, StagedFile } from '../contract.js';
import { throwIfAborted } from '../linked-service-settings.js';
import { baseName, joinStorePath, normalizeStorePath, parentPath, pathOutsideRoot } from '../paths.js';
import { wildcardMatcher } from '../wildcard.js';
import { isStagingName, putLocalFile, stageLocalFile, syncFolder } from './staged-file.js';

/** Options of {@link LocalFileStore}. */
export interface LocalFileStoreOptions {
  /** The linked service's name, for messages. */
  readonly name: string;
  /** `LocalFileSystem` or `FileServer`. */
  readonly kind: string;
  /** The root folder (absolute). */
  readonly root: string;
}

/** A local root folder as a file store. See the module comment for the guarantees. */
export class LocalFileStore implements FileStore {
  readonly kind: string;
  /** A folder is renamed in one step (rename(2) on one file system). */
  readonly atomicFolderMove = true;
  readonly display: string;
  private readonly name: string;
  private readonly root: string;
  private realRoot: Promise<string> | undefined;

  constructor(options: LocalFileStoreOptions) {
    if (!isAbsolute(options.root)) {
      throw new SluiceError('LINKED_SERVICE_INVALID', `Linked service '${options.name}' (${options.kind}): the root folder must be an absolute path.`, {
        pointer: `/properties/typeProperties/${options.kind === 'FileServer' ? 'host' : 'rootPath'}`,
      });
    }
    this.kind = options.kind;
    this.name = options.name;
    this.root = options.root;
    this.display = options.root;
  }

  /** The root, with symlinks resolved; `STORE_NOT_FOUND` when it is missing or not a folder. */
  private rootReal(): Promise<string> {
    this.realRoot ??= (async () => {
      try {
        const real = await realpath(this.root);
        if (!(await stat(real)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
        return real;
      } catch (error) {
        this.realRoot = undefined;
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') {
          throw new SluiceError('STORE_NOT_FOUND', `The root folder ${this.display} of linked service '${this.name}' does not exist or is not a folder.`);
        }
        throw this.mapError(error, '');
      }
    })();
    return this.realRoot;
  }

  /** True when `real` (a resolved absolute path) is the root or inside it. */
  private inside(realRootPath: string, real: string): boolean {
    const rel = relative(realRootPath, real);
    return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
  }

  /**
   * Resolves a store path to an absolute one, checking that the deepest part of it that exists
   * resolves (through symlinks) inside the root. Returns the absolute path and, when it exists, its
   * real path.
   */
  private async resolve(path: string): Promise<{ rel: string; abs: string; real: string | undefined }> {
    const rel = normalizeStorePath(path, this.name);
    const rootReal = await this.rootReal();
    const abs = rel === '' ? rootReal : join(rootReal, ...rel.split('/'));
    let probe = rel;
    for (;;) {
      const candidate = probe === '' ? rootReal : join(rootReal, ...probe.split('/'));
      let real: string | undefined;
      try {
        real = await realpath(candidate);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw this.mapError(error, rel);
      }
      if (real !== undefined) {
        if (!this.inside(rootReal, real)) throw pathOutsideRoot(path, 'it goes through a symbolic link that points outside the root', this.name);
        return { rel, abs, real: probe === rel ? real : undefined };
      }
      if (probe === '') return { rel, abs, real: undefined };
      probe = parentPath(probe);
    }
  }

  /** Maps a file-system error to a coded one naming the store path (never the root). */
  private mapError(error: unknown, rel: string): Error {
    if (error instanceof SluiceError) return error;
    const e = error as NodeJS.ErrnoException;
    if (e?.name === 'AbortError') return e;
    const where = `'${rel || '/'}' in ${this.kind} store '${this.name}'`;
    switch (e?.code) {
      case 'ENOENT':
        return new SluiceError('FILE_NOT_FOUND', `No file or folder at ${where}.`, { file: rel });
      case 'EACCES':
      case 'EPERM':
        return new SluiceError('STORE_AUTH_FAILED', `Permission denied for ${where}.`, { file: rel });
      case 'EISDIR':
        return new SluiceError('FILE_NOT_FOUND', `${where} is a folder, not a file.`, { file: rel });
      default:
        return new SluiceError('STORE_REQUEST_FAILED', `File-system error ${e?.code ?? ''} on ${where}: ${e?.message ?? String(error)}`.replaceAll(this.root, '<root>'), { file: rel });
    }
  }

  private entry(rel: string, stats: Stats): FileEntry {
    const folder = stats.isDirectory();
    return { path: rel, name: baseName(rel), type: folder ? 'folder' : 'file', size: folder ? 0 : stats.size, lastModified: stats.mtime };
  }

  async *list(folder: string, options: { pattern?: string; recursive?: boolean; includeFolders?: boolean; signal?: AbortSignal } = {}): AsyncIterable<FileEntry> {
    const { rel, abs, real } = await this.resolve(folder);
    if (real === undefined) return;
    const rootReal = await this.rootReal();
    const top = await stat(abs).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined; // removed (or swapped away) since it was resolved
      throw this.mapError(e, rel);
    });
    if (!top?.isDirectory()) return;
    const matches = wildcardMatcher(options.pattern);
    const pending: string[] = [rel];
    while (pending.length > 0) {
      throwIfAborted(options.signal);
      const dirRel = pending.shift() as string;
      const dirAbs = dirRel === '' ? rootReal : join(rootReal, ...dirRel.split('/'));
      const dirents = await readdir(dirAbs, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
        // A folder removed or swapped away since it was listed has nothing to list (readers detect the change).
        if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return [];
        throw this.mapError(e, dirRel);
      });
      dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const subfolders: string[] = [];
      for (const dirent of dirents) {
        if (isStagingName(dirent.name)) continue;
        const childRel = joinStorePath(dirRel, dirent.name);
        const childAbs = join(dirAbs, dirent.name);
        let stats: Stats;
        try {
          if (dirent.isSymbolicLink()) {
            // A link is listed only when its target is inside the root; linked folders are not walked (no cycles).
            const target = await realpath(childAbs);
            if (!this.inside(rootReal, target)) continue;
          }
          stats = await stat(childAbs);
        } catch {
          continue; // dangling link, or removed since readdir
        }
        if (stats.isDirectory()) {
          if (options.includeFolders && matches(dirent.name)) yield this.entry(childRel, stats);
          if (options.recursive && !dirent.isSymbolicLink()) subfolders.push(childRel);
        } else if (stats.isFile() && matches(dirent.name)) {
          yield this.entry(childRel, stats);
        }
      }
      pending.unshift(...subfolders);
    }
  }

  async stat(path: string, signal?: AbortSignal): Promise<FileEntry | undefined> {
    throwIfAborted(signal);
    const { rel, real } = await this.resolve(path);
    if (real === undefined) return undefined;
    const stats = await stat(real).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined; // removed since it was resolved
      throw this.mapError(e, rel);
    });
    return stats && this.entry(rel, stats);
  }

  /** The real path of an existing file, or FILE_NOT_FOUND. */
  private async existingFile(path: string): Promise<{ rel: string; real: string }> {
    const { rel, real } = await this.resolve(path);
    if (real === undefined) throw this.mapError(Object.assign(new Error('missing'), { code: 'ENOENT' }), rel);
    const stats = await stat(real).catch((e: unknown) => {
      throw this.mapError(e, rel);
    });
    if (!stats.isFile()) throw this.mapError(Object.assign(new Error('folder'), { code: 'EISDIR' }), rel);
    return { rel, real };
  }

  async read(path: string, signal?: AbortSignal): Promise<Readable> {
    throwIfAborted(signal);
    const { rel, real } = await this.existingFile(path);
    const handle = await open(real, 'r').catch((e: unknown) => {
      throw this.mapError(e, rel);
    });
    // Opened first so a missing or unreadable file fails here, not later as a stream error.
    return createReadStream(real, { fd: handle, autoClose: true, ...(signal ? { signal } : {}) });
  }

  async localCopy(path: string, _tempDir: string, signal?: AbortSignal): Promise<string> {
    throwIfAborted(signal);
    return (await this.existingFile(path)).real;
  }

  /** Creates the target's folder (checked inside the root first) and returns the target's absolute path. */
  private async prepareTarget(path: string): Promise<{ rel: string; abs: string }> {
    const { rel, abs } = await this.resolve(path);
    if (rel === '') throw pathOutsideRoot(path, 'the root itself cannot be written as a file', this.name);
    const folder = parentPath(rel);
    // resolve() of the folder checks that its existing part is inside the root; new folders are real folders.
    const { abs: folderAbs } = await this.resolve(folder);
    await mkdir(folderAbs, { recursive: true }).catch((e: unknown) => {
      throw this.mapError(e, folder);
    });
    const existing = await lstat(abs).catch(() => undefined);
    if (existing?.isDirectory()) throw this.mapError(Object.assign(new Error('folder'), { code: 'EISDIR' }), rel);
    return { rel, abs };
  }

  async write(path: string, signal?: AbortSignal): Promise<StagedFile> {
    throwIfAborted(signal);
    const { rel, abs } = await this.prepareTarget(path);
    const staged = await stageLocalFile(abs, (e) => this.mapError(e, rel));
    if (signal) {
      const onAbort = () => void staged.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      return {
        stream: staged.stream,
        commit: async () => {
          throwIfAborted(signal);
          try {
            return await staged.commit();
          } finally {
            signal.removeEventListener('abort', onAbort);
          }
        },
        abort: async () => {
          signal.removeEventListener('abort', onAbort);
          await staged.abort();
        },
      };
    }
    return staged;
  }

  async putFile(localPath: string, path: string, signal?: AbortSignal): Promise<{ bytesWritten: number }> {
    throwIfAborted(signal);
    const { rel, abs } = await this.prepareTarget(path);
    try {
      return await putLocalFile(localPath, abs);
    } catch (error) {
      throw this.mapError(error, rel);
    }
  }

  async move(from: string, to: string, signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    const source = await this.resolve(from);
    if (source.rel === '') throw pathOutsideRoot(from, 'the root itself cannot be moved', this.name);
    if (source.real === undefined) throw this.mapError(Object.assign(new Error('missing'), { code: 'ENOENT' }), source.rel);
    const target = await this.resolve(to);
    if (target.rel === '') throw pathOutsideRoot(to, 'the root itself cannot be replaced', this.name);
    const folder = parentPath(target.rel);
    const { abs: folderAbs } = await this.resolve(folder);
    try {
      await mkdir(folderAbs, { recursive: true });
      // The link itself moves when the source is a symlink (never its target); rename(2) never leaves the file system.
      await rename(source.abs, target.abs);
    } catch (error) {
      throw this.mapError(error, target.rel);
    }
    await syncFolder(dirname(target.abs));
  }

  async delete(path: string, options: { recursive?: boolean; onlyIfEmpty?: boolean; signal?: AbortSignal } = {}): Promise<void> {
    throwIfAborted(options.signal);
    const { rel, abs, real } = await this.resolve(path);
    if (real === undefined) return;
    const link = await lstat(abs).catch(() => undefined);
    if (!link) return;
    try {
      if (options.onlyIfEmpty) {
        if (link.isDirectory() && rel !== '') {
          await rmdir(abs).catch((e: NodeJS.ErrnoException) => {
            if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST' && e.code !== 'ENOENT') throw e;
          });
        }
        return;
      }
      if (!link.isDirectory()) {
        await unlink(abs); // a file, or a link (the link goes, never its target)
        return;
      }
      if (options.recursive && rel !== '') {
        await rm(abs, { recursive: true, force: true });
        return;
      }
      // The root, or a folder without `recursive`: its files go (all of its content for a recursive root).
      for (const dirent of await readdir(abs, { withFileTypes: true })) {
        throwIfAborted(options.signal);
        const child = join(abs, dirent.name);
        if (dirent.isDirectory()) {
          if (options.recursive) await rm(child, { recursive: true, force: true });
        } else {
          await unlink(child).catch((e: NodeJS.ErrnoException) => {
            if (e.code !== 'ENOENT') throw e;
          });
        }
      }
    } catch (error) {
      throw this.mapError(error, rel);
    }
  }

  async testConnection(signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    const rootReal = await this.rootReal();
    await readdir(rootReal).catch((e: unknown) => {
      throw this.mapError(e, '');
    });
  }

  async close(): Promise<void> {
    // Nothing to release: every operation opens and closes its own handles.
  }
}
