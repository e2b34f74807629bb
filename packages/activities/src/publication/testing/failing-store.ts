/**
 * Test helper: a real store that starts failing at a chosen point. It wraps a real {@link FileStore} (a local folder,
 * an s3rver bucket) and passes every call through, except that after `after` successful calls of the operations in
 * `on` the next ones throw `STORE_UNAVAILABLE` — what a store going away in the middle of a publication does.
 * With `cleanupFails`, deletes fail too once it has tripped, so nothing is undone: what is left is what a worker
 * SIGKILLed at that point leaves.
 */
import type { Readable } from 'node:stream';
import { SluiceError } from '@sluice/engine';
import type { FileEntry, FileStore, StagedFile } from '../../connectors/contract.js';

/** Options of {@link FailingStore}. */
export interface FailingStoreOptions {
  /** The operations counted (and failed): uploads (`putFile`), placements (`move`). */
  readonly on: ReadonlyArray<'putFile' | 'move'>;
  /** How many of them succeed before the failures start. */
  readonly after: number;
  /** Once tripped, deletes (and staged writes) fail too, as if the writer had died. */
  readonly cleanupFails?: boolean;
}

/** A store that fails for real after N writes. See the module comment. */
export class FailingStore implements FileStore {
  #calls = 0;
  #tripped = false;

  constructor(private readonly inner: FileStore, private readonly options: FailingStoreOptions) {}

  get kind(): string {
    return this.inner.kind;
  }
  get display(): string {
    return this.inner.display;
  }
  get atomicFolderMove(): boolean {
    return this.inner.atomicFolderMove;
  }
  /** True once a call failed. */
  get tripped(): boolean {
    return this.#tripped;
  }

  #count(operation: 'putFile' | 'move', path: string): void {
    if (!this.options.on.includes(operation)) return;
    if (this.#tripped || this.#calls >= this.options.after) {
      this.#tripped = true;
      throw new SluiceError('STORE_UNAVAILABLE', `Injected failure: ${operation} of '${path}' after ${this.options.after} call(s).`, { file: path });
    }
    this.#calls++;
  }

  #cleanup(path: string): void {
    if (this.#tripped && this.options.cleanupFails) throw new SluiceError('STORE_UNAVAILABLE', `Injected failure: the store is gone (cleaning '${path}').`, { file: path });
  }

  list(folder: string, options?: { pattern?: string; recursive?: boolean; includeFolders?: boolean; signal?: AbortSignal }): AsyncIterable<FileEntry> {
    return this.inner.list(folder, options);
  }
  stat(path: string, signal?: AbortSignal): Promise<FileEntry | undefined> {
    return this.inner.stat(path, signal);
  }
  read(path: string, signal?: AbortSignal): Promise<Readable> {
    return this.inner.read(path, signal);
  }
  localCopy(path: string, tempDir: string, signal?: AbortSignal): Promise<string> {
    return this.inner.localCopy(path, tempDir, signal);
  }
  async write(path: string, signal?: AbortSignal): Promise<StagedFile> {
    this.#cleanup(path);
    return this.inner.write(path, signal);
  }
  async putFile(localPath: string, path: string, signal?: AbortSignal): Promise<{ bytesWritten: number }> {
    this.#count('putFile', path);
    return this.inner.putFile(localPath, path, signal);
  }
  async move(from: string, to: string, signal?: AbortSignal): Promise<void> {
    this.#count('move', to);
    return this.inner.move(from, to, signal);
  }
  async delete(path: string, options?: { recursive?: boolean; onlyIfEmpty?: boolean; signal?: AbortSignal }): Promise<void> {
    this.#cleanup(path);
    return this.inner.delete(path, options);
  }
  testConnection(signal?: AbortSignal): Promise<void> {
    return this.inner.testConnection(signal);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
