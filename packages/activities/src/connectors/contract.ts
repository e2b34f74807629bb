/**
 * The data plane's internal contract: what a store (where bytes or rows live) and a format (how rows are
 * laid out in bytes) offer the data activities. Copy, Lookup, GetMetadata, Delete, Validation and the
 * data flows are written against these interfaces only, so a new store or format plugs in without
 * touching them.
 *
 * Two families of stores:
 * - {@link FileStore}: a tree of files (local folder, S3 bucket, HTTP server). Formats turn files into rows.
 * - {@link TableStore}: a database that reads and writes rows itself (PostgreSQL, MySQL/MariaDB).
 * A REST resource is a {@link RowSource} of its own (JSON documents, paginated).
 */
import type { Readable, Writable } from 'node:stream';

/** One record as it travels through a copy: column name → value (see {@link LogicalType} for values). */
export type Row = Record<string, unknown>;

/**
 * The logical column types Sluice converts between (ADF's interim data types). Values in rows are:
 * string → string; int32/int64 → number (int64 beyond 2^53 → bigint); double → number; decimal → string
 * (exact digits); boolean → boolean; date → string `YYYY-MM-DD`; timestamp → Date; json → any JSON value;
 * binary → Uint8Array. `null` is null in every type.
 */
export type LogicalType = 'string' | 'int32' | 'int64' | 'double' | 'decimal' | 'boolean' | 'date' | 'timestamp' | 'json' | 'binary';

/** A column with its logical type, when known. */
export interface Column {
  readonly name: string;
  readonly type?: LogicalType;
  readonly nullable?: boolean;
  readonly precision?: number;
  readonly scale?: number;
}

/**
 * A row with where it came from, so an error or a reject can name the file and row. `rowNumber` counts
 * data rows from 1 (after the header); `line` is the 1-based physical line for text formats.
 */
export interface SourceRow {
  readonly row: Row;
  readonly file?: string;
  readonly rowNumber?: number;
  readonly line?: number;
}

/**
 * A row that could not be read (malformed CSV line, invalid JSON line). Readers yield it instead of
 * throwing, so the caller decides between failing with the location and skipping to the rejects.
 */
export interface BadRow {
  readonly bad: true;
  readonly file?: string;
  readonly rowNumber?: number;
  readonly line?: number;
  /** The raw text when the format has one (a CSV line, a JSON line), truncated to 4 KiB. */
  readonly raw?: string;
  /** Stable error code (`CSV_MALFORMED`, `JSON_INVALID` …) and a message saying what was wrong. */
  readonly code: string;
  readonly message: string;
}

/** What a reader yields: batches of good and bad rows, in source order. */
export type ReadItem = SourceRow | BadRow;

/** Counters every source and sink keeps, summed into the Copy activity's output. */
export interface TransferStats {
  bytes: number;
  files: number;
  rows: number;
}

/**
 * Rows coming out of a store: a table query, a set of files read through a format, a REST resource.
 * Batches keep memory bounded; iteration stops early when the consumer stops or `signal` aborts.
 */
export interface RowSource {
  /** The columns, when the source knows them before (or after the first batch of) reading. */
  columns(): Promise<readonly Column[] | undefined>;
  /** Batches of rows (a few thousand at most per batch). */
  batches(signal: AbortSignal): AsyncIterable<readonly ReadItem[]>;
  /** Bytes and files read so far. */
  readonly stats: TransferStats;
}

/**
 * Where rows go. Nothing a sink writes is visible as complete before `commit` returns: files are staged
 * and renamed (or multipart uploads completed) on commit, tables are written in a transaction. `abort`
 * removes every staged piece; it is safe to call after a failed `write` or `commit`.
 */
export interface RowSink {
  /** Declares the columns before the first write (from the source, the mapping or the dataset schema). */
  open(columns: readonly Column[], signal: AbortSignal): Promise<void>;
  write(rows: readonly Row[], signal: AbortSignal): Promise<void>;
  /** Publishes everything written. Returns what was written. */
  commit(signal: AbortSignal): Promise<SinkResult>;
  abort(): Promise<void>;
}

/** What a sink published. */
export interface SinkResult {
  readonly rowsWritten: number;
  readonly bytesWritten: number;
  /** Paths (relative to the store) or table names written. */
  readonly targets: readonly string[];
}

// ---------------------------------------------------------------------------------------------- files

/** An entry of a file store. Paths are POSIX, relative to the store's root (or bucket), no leading slash. */
export interface FileEntry {
  readonly path: string;
  readonly name: string;
  readonly type: 'file' | 'folder';
  /** Bytes (0 for folders). */
  readonly size: number;
  readonly lastModified?: Date;
}

/** A staged file write: bytes go to `stream`; the file appears at its path only on `commit`. */
export interface StagedFile {
  readonly stream: Writable;
  /** Ends the stream if needed and publishes the file atomically (rename, or complete the upload). */
  commit(): Promise<{ bytesWritten: number }>;
  /** Discards the staged bytes. Safe to call at any time, also after a failed commit. */
  abort(): Promise<void>;
}

/**
 * A tree of files. Every path is checked: a path that would leave the root (`..`, absolute paths,
 * symlinks out of a local root) is refused with `PATH_OUTSIDE_ROOT`.
 */
export interface FileStore {
  /** The linked-service type (`LocalFileSystem`, `AmazonS3` …), for messages. */
  readonly kind: string;
  /** A description safe to log (`s3://bucket`, `/data/root`): never a credential. */
  readonly display: string;
  /**
   * Lists files under `folder` (the root when empty). `pattern` is an ADF wildcard on the file name
   * (`*` and `?`); `recursive` walks sub-folders (paths stay relative to the root).
   */
  list(folder: string, options?: { pattern?: string; recursive?: boolean; includeFolders?: boolean; signal?: AbortSignal }): AsyncIterable<FileEntry>;
  /** The entry at `path` (a file or a folder), or undefined when nothing is there. */
  stat(path: string, signal?: AbortSignal): Promise<FileEntry | undefined>;
  /** Opens a file for reading; `FILE_NOT_FOUND` when it is missing. */
  read(path: string, signal?: AbortSignal): Promise<Readable>;
  /**
   * The file as a path on this machine, for readers that need random access (Parquet) or DuckDB.
   * Local stores return the real path; others download into `tempDir` and return that copy.
   */
  localCopy(path: string, tempDir: string, signal?: AbortSignal): Promise<string>;
  /** Starts a staged write of `path` (overwriting on commit). */
  write(path: string, signal?: AbortSignal): Promise<StagedFile>;
  /** Uploads a local file to `path` atomically (the fast path when a sink produced a local file). */
  putFile(localPath: string, path: string, signal?: AbortSignal): Promise<{ bytesWritten: number }>;
  /**
   * Moves a file to `to` (replacing a file there), or on stores whose {@link FileStore.atomicFolderMove} is true a
   * whole folder (`to` must then be absent). Local disk renames; S3 copies on the server, then deletes the source.
   * Publication (`publication/`) stages a set of files under hidden names and moves them into place with it.
   */
  move(from: string, to: string, signal?: AbortSignal): Promise<void>;
  /**
   * True when {@link FileStore.move} renames a folder in one atomic step (local disk), so a folder's whole content
   * can be swapped; false for object stores, where a set of files is announced with markers instead.
   */
  readonly atomicFolderMove: boolean;
  /**
   * Deletes a file (or a folder with everything in it when `recursive`). Missing is not an error. With
   * `onlyIfEmpty`, a folder goes only when it holds nothing (one atomic rmdir on local disk; nothing to do on S3,
   * whose folders exist only through their objects), and a file is left alone.
   */
  delete(path: string, options?: { recursive?: boolean; onlyIfEmpty?: boolean; signal?: AbortSignal }): Promise<void>;
  /** Checks that the store answers with these settings and credentials; throws a coded error otherwise. */
  testConnection(signal?: AbortSignal): Promise<void>;
  /** Releases connections. */
  close(): Promise<void>;
}

// -------------------------------------------------------------------------------------------- formats

/** Where a format reads bytes from: a name for messages, and either a stream or a local path. */
export interface ByteInput {
  /** The file's path in its store, used in error locations and rejects. */
  readonly name: string;
  open(signal?: AbortSignal): Promise<Readable>;
  /** A local path, for formats that need random access (Parquet); the caller stages when missing. */
  localPath?(signal?: AbortSignal): Promise<string>;
}

/** A file format: reads rows out of bytes and writes rows into bytes, streaming. */
export interface FileFormat {
  /** The dataset type it serves (`DelimitedText`, `Json`, `Parquet`). */
  readonly datasetType: string;
  /** Reads one file. `settings` are the dataset's typeProperties (and the activity's format settings). */
  read(input: ByteInput, settings: Readonly<Record<string, unknown>>, options: ReadOptions): AsyncIterable<readonly ReadItem[]>;
  /** Writes rows to `output`; the caller ends the file by awaiting `end()`. */
  writer(output: Writable, columns: readonly Column[], settings: Readonly<Record<string, unknown>>): FormatWriter;
  /** The columns and their types as the file declares or implies them (GetMetadata's `structure`). */
  inferColumns(input: ByteInput, settings: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<readonly Column[]>;
}

export interface ReadOptions {
  readonly signal: AbortSignal;
  /** The dataset's declared columns: readers of untyped formats (CSV) convert to these types. */
  readonly columns?: readonly Column[];
  /** Rows per batch (default 1,000). */
  readonly batchSize?: number;
  /** Counts bytes read (compressed, as stored). */
  readonly stats?: TransferStats;
  /**
   * Cleans a field's text before readers of untyped formats convert it to its declared type (Copy's `validation`:
   * trim, null markers, date formats), so " 42 " or "NA" in an Int32 column is cleaned, not refused.
   */
  readonly cleanText?: TextCleaner;
}

/** What a {@link TextCleaner} makes of a field: the text to convert, null, or why the row is refused. */
export type CleanedText = string | null | { readonly reason: string };

/** Cleans one field's text; `type` is the declared type of its column, when it has one. */
export type TextCleaner = (text: string, type: LogicalType | undefined) => CleanedText;

export interface FormatWriter {
  write(rows: readonly Row[]): Promise<void>;
  /** Flushes and finishes the file (Parquet footer, JSON array close …); resolves when the bytes are out. */
  end(): Promise<void>;
}

// --------------------------------------------------------------------------------------------- tables

/** How a table sink writes. */
export interface TableWriteOptions {
  /** `insert` appends; `upsert` inserts or updates rows matching `keys`. */
  readonly mode: 'insert' | 'upsert';
  readonly keys?: readonly string[];
  /** SQL run in the same transaction before the first row (ADF's `preCopyScript`, e.g. a TRUNCATE). */
  readonly preCopyScript?: string;
  /** Creates the table from the columns when it does not exist (ADF's `tableOption: autoCreate`). */
  readonly createTable?: boolean;
  /** Rows per INSERT statement (default 1,000). */
  readonly batchSize?: number;
}

/** A qualified table name. */
export interface TableName {
  readonly schema?: string;
  readonly table: string;
}

/**
 * A relational database. Queries are parameterized (never built by pasting values into SQL); names are
 * quoted by the store's dialect.
 */
export interface TableStore {
  readonly kind: string;
  readonly display: string;
  /** Streams a query's rows (cursor-based; bounded memory). `params` bind `$1`/`?` placeholders. */
  query(sql: string, params?: readonly unknown[]): RowSource;
  /** Streams a whole table. */
  readTable(table: TableName): RowSource;
  /** A sink writing into `table`, atomically (one transaction, committed on `commit`). */
  sink(table: TableName, options: TableWriteOptions): RowSink;
  /** Runs a statement (pre-copy scripts, the Script activity); returns affected rows. */
  execute(sql: string, params?: readonly unknown[], signal?: AbortSignal): Promise<{ rowCount: number }>;
  /** The table's columns, or undefined when it does not exist. */
  describe(table: TableName, signal?: AbortSignal): Promise<readonly Column[] | undefined>;
  /** Lists tables (schema and name), for the designer and GetMetadata. */
  listTables(signal?: AbortSignal): Promise<readonly TableName[]>;
  testConnection(signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
