/**
 * Binary → Binary: files copied byte for byte (no parsing), any store to any store, every target staged
 * and published together at the end (a failed or cancelled copy publishes none). ADF's `copyBehavior`:
 * PreserveHierarchy (default: paths relative to the source folder kept), FlattenHierarchy (names only).
 */
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { SluiceError, type ActivityContext, type ResolvedDataset } from '@sluice/engine';
import type { StagedFile } from '../connectors/contract.js';
import { baseName, joinStorePath } from '../connectors/paths.js';
import { fileSelection, isSingleFile, listSelectedFiles, relativeTo } from '../datasets/file-list.js';
import { openFiles, settingsOf } from '../datasets/family.js';

/** What a binary copy did. */
export interface BinaryCopyResult {
  filesRead: number;
  filesWritten: number;
  dataRead: number;
  dataWritten: number;
  targets: string[];
}

/** Copies the files of `from` to `to` (see the module comment). */
export async function binaryCopy(ctx: ActivityContext, from: ResolvedDataset, to: ResolvedDataset, source: Record<string, unknown>, sink: Record<string, unknown>, validateConsistency: boolean): Promise<BinaryCopyResult> {
  const src = openFiles(from, ctx.signal);
  const dst = openFiles(to, ctx.signal);
  const staged: Array<{ path: string; file: StagedFile }> = [];
  const published: string[] = [];
  try {
    const selection = fileSelection(source.storeSettings, true);
    const files = await listSelectedFiles(src.store, src.location, selection, ctx.signal, from.name);
    const behavior = String(settingsOf(sink.storeSettings).copyBehavior ?? 'PreserveHierarchy').toLowerCase();
    if (behavior === 'mergefiles') throw new SluiceError('COPY_NOT_SUPPORTED', 'copyBehavior MergeFiles is not supported for Binary copies.', { pointer: '/typeProperties/sink/storeSettings/copyBehavior' });
    const base = selection.wildcardFolderPath ? selection.wildcardFolderPath.split('/').filter((s) => !/[*?]/.test(s)).join('/') : src.location.folder;
    const result: BinaryCopyResult = { filesRead: 0, filesWritten: 0, dataRead: 0, dataWritten: 0, targets: [] };
    for (const file of files) {
      ctx.signal.throwIfAborted();
      const name = dst.location.fileName && (isSingleFile(src.location, selection) || files.length === 1)
        ? dst.location.fileName
        : behavior === 'flattenhierarchy' ? baseName(file.path) : relativeTo(base, file.path);
      const target = joinStorePath(dst.location.folder, name);
      const out = await dst.store.write(target, ctx.signal);
      staged.push({ path: target, file: out });
      let read = 0;
      const count = new Transform({
        transform(chunk: Buffer, _enc, done) {
          read += chunk.length;
          done(null, chunk);
        },
      });
      await pipeline(await src.store.read(file.path, ctx.signal), count, out.stream, { signal: ctx.signal });
      result.filesRead += 1;
      result.dataRead += read;
      if (validateConsistency && read !== file.size) {
        throw new SluiceError('COPY_ROW_INVALID', `validateDataConsistency: '${file.path}' is ${file.size} bytes in the source listing but ${read} bytes were read.`, { file: file.path });
      }
      ctx.progress({ bytesRead: result.dataRead, message: `${result.filesRead} of ${files.length} files` });
    }
    for (const s of staged) {
      ctx.signal.throwIfAborted();
      const { bytesWritten } = await s.file.commit();
      published.push(s.path);
      result.filesWritten += 1;
      result.dataWritten += bytesWritten;
      if (validateConsistency) {
        const entry = await dst.store.stat(s.path, ctx.signal);
        if (!entry || entry.size !== bytesWritten) throw new SluiceError('COPY_ROW_INVALID', `validateDataConsistency: '${s.path}' has ${entry?.size ?? 0} bytes at the sink, ${bytesWritten} were written.`, { file: s.path });
      }
    }
    result.targets = published;
    return result;
  } catch (error) {
    await Promise.all(staged.map((s) => s.file.abort().catch(() => undefined)));
    await Promise.all(published.map((p) => dst.store.delete(p).catch(() => undefined)));
    throw error;
  } finally {
    await src.store.close();
    await dst.store.close();
  }
}
