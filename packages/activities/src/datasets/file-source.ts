/**
 * A file dataset as a {@link RowSource}: the selected files, read one after the other through the
 * dataset's format. Every row keeps its file and row number (the formats set them), so Copy can name
 * both in an error or a reject.
 */
import { SluiceError, isSluiceError } from '@sluice/engine';
import type { Column, FileEntry, FileFormat, FileStore, ReadItem, RowSource, TextCleaner, TransferStats } from '../connectors/contract.js';
import { storeByteInput } from '../connectors/preview-sources.js';

/** What {@link FileRowSource} reads. */
export interface FileRowSourceOptions {
  readonly store: FileStore;
  readonly files: readonly FileEntry[];
  readonly format: FileFormat;
  /** The dataset's typeProperties merged with the activity's `formatSettings`. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** The dataset's declared columns (untyped formats convert to them). */
  readonly columns?: readonly Column[];
  /** Where formats needing random access (Parquet) stage remote files. */
  readonly tempDir: string;
  readonly batchSize?: number;
  /** Applied to each field before an untyped format converts it (Copy's `validation`). */
  readonly cleanText?: TextCleaner;
}

/** Rows of a set of files, in file order. */
export class FileRowSource implements RowSource {
  readonly stats: TransferStats = { bytes: 0, files: 0, rows: 0 };
  #columns: readonly Column[] | undefined;

  constructor(private readonly options: FileRowSourceOptions) {
    this.#columns = options.columns;
  }

  /**
   * The declared columns; else, for self-describing formats (Parquet, JSON), the columns of the first
   * file as the format infers them. DelimitedText without a schema has none: its values are strings.
   */
  async columns(): Promise<readonly Column[] | undefined> {
    const { files, format, store, settings, tempDir } = this.options;
    if (this.#columns || format.datasetType === 'DelimitedText' || files.length === 0) return this.#columns;
    const first = files[0] as FileEntry;
    this.#columns = await format.inferColumns(storeByteInput(store, first.path, tempDir), settings);
    return this.#columns;
  }

  async *batches(signal: AbortSignal): AsyncIterable<readonly ReadItem[]> {
    const { store, files, format, settings, tempDir } = this.options;
    for (const file of files) {
      signal.throwIfAborted();
      const input = storeByteInput(store, file.path, tempDir);
      const readStats: TransferStats = { bytes: 0, files: 0, rows: 0 };
      try {
        for await (const batch of format.read(input, settings, {
          signal,
          stats: readStats,
          ...(this.options.columns ? { columns: this.options.columns } : {}),
          ...(this.options.batchSize ? { batchSize: this.options.batchSize } : {}),
          ...(this.options.cleanText ? { cleanText: this.options.cleanText } : {}),
        })) {
          this.stats.rows += batch.length;
          yield batch;
        }
      } catch (error) {
        if (signal.aborted || isSluiceError(error)) throw error;
        // A stream that broke under the reader (connection reset, truncated download): say which file, retryably.
        const why = error instanceof Error ? error.message : String(error);
        throw new SluiceError('STORE_UNAVAILABLE', `Reading '${file.path}' from ${store.display} failed after ${this.stats.rows} rows: ${why}`, { file: file.path }, { cause: why });
      }
      this.stats.files += 1;
      // Formats that stream count bytes as they read; the ones that read a local copy may not: the file's size then.
      this.stats.bytes += readStats.bytes > 0 ? readStats.bytes : file.size;
    }
  }
}
