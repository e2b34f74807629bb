/**
 * Atomic file writes on local disk: bytes go to a hidden temporary file beside the target
 * (`.<name>.sluice-<random>.tmp`, same folder so the rename never crosses a file system), are flushed
 * to disk (fsync) and renamed over the target on commit. A reader never sees a half-written file, and
 * abort (or a crash) leaves at most a hidden temp file, which listings skip.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { copyFile, open, rename, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import type { StagedFile } from '../contract.js';

export { isStagingName } from '../paths.js';

/** The temporary path a write of `target` is staged at. */
export function stagingPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.sluice-${randomBytes(6).toString('hex')}.tmp`);
}

/** Flushes a folder's entry table, so a rename survives a crash (best effort: not every FS allows it). */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close().catch(() => undefined);
}

/** Unlinks a path, ignoring "already gone". */
async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/** Waits until a write stream has closed its descriptor (after its data is flushed), or rejects with its error. */
async function closed(stream: WriteStream): Promise<void> {
  if (stream.closed) {
    if (stream.errored) throw stream.errored;
    return;
  }
  const error = await Promise.race([once(stream, 'close').then(() => undefined), once(stream, 'error').then(([e]) => e as Error)]);
  if (error) throw error;
  if (stream.errored) throw stream.errored;
}

/**
 * Starts a staged write of `target` (an absolute path whose folder exists) once its temp file is open. The caller writes to
 * `stream`; `commit` ends it, fsyncs and renames; `abort` destroys it and unlinks the temp file.
 * `mapError` turns file-system errors into coded ones.
 */
export async function stageLocalFile(target: string, mapError: (error: unknown) => Error): Promise<StagedFile> {
  const temp = stagingPath(target);
  // `wx`: never follow or reuse an existing name; `flush`: fsync before the descriptor is closed.
  const stream = createWriteStream(temp, { flags: 'wx', flush: true });
  let state: 'open' | 'committed' | 'aborted' = 'open';
  // A write error is reported by commit; keep it from becoming an unhandled 'error' event.
  stream.on('error', () => undefined);
  // The temp file exists once this resolves; a folder we cannot write to fails here, not at commit.
  const opened = await Promise.race([once(stream, 'ready').then(() => undefined), once(stream, 'error').then(([e]) => e as Error)]);
  if (opened) throw mapError(opened);
  return {
    stream,
    async commit() {
      if (state !== 'open') throw mapError(new Error(`The staged write of '${basename(target)}' was already ${state}.`));
      try {
        if (!stream.writableEnded) stream.end();
        await closed(stream);
        await rename(temp, target);
        state = 'committed';
      } catch (error) {
        throw mapError(error);
      }
      await syncFolder(dirname(target));
      return { bytesWritten: stream.bytesWritten };
    },
    async abort() {
      if (state === 'committed') return;
      state = 'aborted';
      if (!stream.destroyed) stream.destroy();
      await closed(stream).catch(() => undefined);
      await removeQuietly(temp);
    },
  };
}

/** Copies a local file to `target` atomically (copy to a temp file beside it, fsync, rename). */
export async function putLocalFile(source: string, target: string): Promise<{ bytesWritten: number }> {
  const temp = stagingPath(target);
  try {
    await copyFile(source, temp);
    const handle = await open(temp, 'r+');
    let size: number;
    try {
      await handle.sync();
      size = (await handle.stat()).size;
    } finally {
      await handle.close();
    }
    await rename(temp, target);
    await syncFolder(dirname(target));
    return { bytesWritten: size };
  } catch (error) {
    await removeQuietly(temp).catch(() => undefined);
    throw error;
  }
}
