/**
 * A file of a store as a format's {@link ByteInput}: the bridge between stores (where bytes live) and
 * formats (how rows are laid out), shared by Copy, Lookup, GetMetadata and previews.
 */
import type { ByteInput, FileStore } from './contract.js';

/**
 * The file at `path` of `store` as a format input: streamed by `open`, or staged into `tempDir` by
 * `localPath` for formats that need random access (Parquet). A local store returns the file's own path.
 */
export function storeByteInput(store: FileStore, path: string, tempDir: string): ByteInput {
  return {
    name: path,
    open: (signal) => store.read(path, signal),
    localPath: (signal) => store.localCopy(path, tempDir, signal),
  };
}

