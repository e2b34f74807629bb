/**
 * Rows into files of a file store, published atomically: every file is a staged write
 * ({@link FileStore.write}) until `commit`, which publishes all of them; `abort` discards every staged
 * piece. Splits into `name_00000.ext`, `name_00001.ext` … at `maxRowsPerFile`, and into Hive-style
 * partition folders (`col=value/`) by column values.
 */
import { SluiceError } from '@sluice/engine';
import type { Column, FileFormat, FileStore, FormatWriter, Row, RowSink, SinkResult, StagedFile } from '../connectors/contract.js';
import { joinStorePath } from '../connectors/paths.js';

/** How a file sink names and splits its files. */
export interface FileRowSinkOptions {
  readonly store: FileStore;
  readonly format: FileFormat;
  /** The sink dataset's typeProperties merged with the activity's `formatSettings`. */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly folder: string;
  /** The dataset's file name; empty → `<fileNamePrefix or data_<tag>>.<ext>`. */
  readonly fileName: string;
  readonly fileNamePrefix?: string;
  readonly maxRowsPerFile?: number;
  /** Columns whose values make the partition folders (left out of the files, as Hive does). */
  readonly partitionBy?: readonly string[];
  /** `overwrite` replaces the named file; `append` writes a new file beside the existing ones. */
  readonly mode: 'overwrite' | 'append';
  /** Unique per activity run: names generated and appended files. */
  readonly tag: string;
}

/** Default extension of each format's files. */
const EXTENSIONS: Readonly<Record<string, string>> = { DelimitedText: '.csv', Json: '.json', Parquet: '.parquet', Binary: '' };

interface Piece {
  readonly path: string;
  readonly staged: StagedFile;
  readonly writer: FormatWriter;
  rows: number;
}

/** Splits `name.ext` (a trailing `.gz` kept with the extension). */
export function splitExtension(name: string): { stem: string; ext: string } {
  const m = /^(.+?)((?:\.[A-Za-z0-9]{1,10})?(?:\.gz)?)$/.exec(name);
  return m ? { stem: m[1] as string, ext: m[2] as string } : { stem: name, ext: '' };
}

/**
 * The stem and extension of the files a sink writes: the dataset's file name, else `fileNamePrefix`, else
 * `data_<tag>` with the format's extension; in append mode the tag is added so a new file sits beside the
 * old ones. Shared with the DuckDB fast path so both paths name files alike.
 */
export function sinkFileStem(o: Pick<FileRowSinkOptions, 'fileName' | 'fileNamePrefix' | 'mode' | 'tag'> & { readonly format: { readonly datasetType: string } }): { stem: string; ext: string } {
  const ext = o.fileName ? splitExtension(o.fileName).ext : (EXTENSIONS[o.format.datasetType] ?? '');
  let stem = o.fileName ? splitExtension(o.fileName).stem : (o.fileNamePrefix ?? `data_${o.tag}`);
  if (o.mode === 'append' && o.fileName) stem = `${stem}_${o.tag}`;
  return { stem, ext };
}

/** A partition folder segment: `col=value`, with characters that mean something in a path escaped. */
export function partitionSegment(column: string, value: unknown): string {
  const text = value === null || value === undefined ? '__HIVE_DEFAULT_PARTITION__' : value instanceof Date ? value.toISOString() : String(value);
  const escape = (s: string): string => [...s].map((c) => (c.charCodeAt(0) < 0x20 || '%/\\:*?"<>|='.includes(c) ? `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : c)).join('');
  return `${escape(column)}=${escape(text)}`;
}

/** The staged, atomically published file sink. */
export class FileRowSink implements RowSink {
  #columns: readonly Column[] = [];
  #fileColumns: readonly Column[] = [];
  readonly #open = new Map<string, Piece>();
  readonly #done: Piece[] = [];
  readonly #counters = new Map<string, number>();
  #rows = 0;
  #aborted = false;

  constructor(private readonly options: FileRowSinkOptions) {}

  async open(columns: readonly Column[]): Promise<void> {
    this.#columns = columns;
    const parts = new Set(this.options.partitionBy ?? []);
    for (const p of parts) {
      if (!columns.some((c) => c.name === p)) {
        throw new SluiceError('COPY_MAPPING_INVALID', `The sink is partitioned by '${p}', which is not one of the columns written (${columns.map((c) => c.name).join(', ')}).`);
      }
    }
    this.#fileColumns = columns.filter((c) => !parts.has(c.name));
  }

  /** The columns the sink was opened with. */
  get columns(): readonly Column[] {
    return this.#columns;
  }

  #fileName(partition: string): string {
    const { maxRowsPerFile } = this.options;
    const { stem, ext } = sinkFileStem(this.options);
    if (!maxRowsPerFile) return `${stem}${ext}`;
    const n = this.#counters.get(partition) ?? 0;
    this.#counters.set(partition, n + 1);
    return `${stem}_${String(n).padStart(5, '0')}${ext}`;
  }

  async #piece(partition: string, signal: AbortSignal): Promise<Piece> {
    const existing = this.#open.get(partition);
    if (existing) return existing;
    const path = joinStorePath(this.options.folder, partition, this.#fileName(partition));
    const staged = await this.options.store.write(path, signal);
    const writer = this.options.format.writer(staged.stream, this.#fileColumns, this.options.settings);
    const piece: Piece = { path, staged, writer, rows: 0 };
    this.#open.set(partition, piece);
    return piece;
  }

  async #close(partition: string, piece: Piece): Promise<void> {
    this.#open.delete(partition);
    this.#done.push(piece);
    await piece.writer.end();
  }

  async write(rows: readonly Row[], signal: AbortSignal): Promise<void> {
    if (this.#aborted) throw new SluiceError('ACTIVITY_CANCELLED', 'The file sink was aborted.');
    const partitionBy = this.options.partitionBy ?? [];
    const max = this.options.maxRowsPerFile;
    // Group by partition, keeping row order inside each group.
    const groups = new Map<string, Row[]>();
    for (const row of rows) {
      const key = partitionBy.map((c) => partitionSegment(c, row[c])).join('/');
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      if (partitionBy.length) {
        const copy: Row = { ...row };
        for (const c of partitionBy) delete copy[c];
        g.push(copy);
      } else {
        g.push(row);
      }
    }
    for (const [partition, group] of groups) {
      let offset = 0;
      while (offset < group.length) {
        signal.throwIfAborted();
        const piece = await this.#piece(partition, signal);
        const take = max ? Math.min(max - piece.rows, group.length - offset) : group.length - offset;
        await piece.writer.write(offset === 0 && take === group.length ? group : group.slice(offset, offset + take));
        piece.rows += take;
        offset += take;
        this.#rows += take;
        if (max && piece.rows >= max) await this.#close(partition, piece);
      }
    }
  }

  async commit(signal: AbortSignal): Promise<SinkResult> {
    if (this.#open.size === 0 && this.#done.length === 0 && !(this.options.partitionBy?.length)) {
      await this.#piece('', signal); // no rows: still one (empty) file, with its header, as ADF writes
    }
    for (const [partition, piece] of [...this.#open]) await this.#close(partition, piece);
    signal.throwIfAborted();
    const published: string[] = [];
    let bytes = 0;
    try {
      for (const piece of this.#done) {
        const { bytesWritten } = await piece.staged.commit();
        published.push(piece.path);
        bytes += bytesWritten;
      }
    } catch (error) {
      // Take back what was already published, so a half-published set never looks complete.
      await Promise.all(published.map((p) => this.options.store.delete(p).catch(() => undefined)));
      await this.abort();
      throw error;
    }
    return { rowsWritten: this.#rows, bytesWritten: bytes, targets: published };
  }

  async abort(): Promise<void> {
    this.#aborted = true;
    const all = [...this.#done, ...this.#open.values()];
    this.#open.clear();
    await Promise.all(all.map((p) => p.staged.abort().catch(() => undefined)));
  }
}
