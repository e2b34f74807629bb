/**
 * A {@link RowSource} over a database cursor, shared by the PostgreSQL and MySQL stores. The store
 * supplies how to open a cursor (a connection, the statement, the column metadata); this class does the
 * rest the same way for both: opening lazily (on `columns()` or the first batch), numbering rows,
 * counting, stopping on abort, and always giving the connection back — also when the consumer stops
 * iterating early or only asked for the columns (the store closes such cursors on `close()`).
 */
import type { Column, ReadItem, Row, RowSource, TransferStats } from '../contract.js';

/** An open cursor: its columns are known once it is open; `next` returns [] when the rows are done. */
export interface SqlCursor {
  readonly columns: readonly Column[];
  next(): Promise<readonly Row[]>;
  /** Ends the statement and gives the connection back; `error` when ending early or after a failure. */
  close(error?: unknown): Promise<void>;
}

/**
 * The approximate size of a row's values (text length, 8 bytes per number, bytes of binaries), so
 * `dataRead` means something for table sources too (drivers do not report bytes per row). Batches are
 * sampled (16 rows each), so `stats.bytes` is an estimate.
 */
export function approximateRowBytes(row: Row): number {
  let bytes = 0;
  for (const key in row) {
    const value = row[key];
    if (value === null || value === undefined) continue;
    switch (typeof value) {
      case 'string': bytes += value.length; break;
      case 'number': case 'bigint': bytes += 8; break;
      case 'boolean': bytes += 1; break;
      default:
        if (value instanceof Uint8Array) bytes += value.byteLength;
        else if (value instanceof Date) bytes += 8;
        else bytes += JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))?.length ?? 0;
    }
  }
  return bytes;
}

/** Rows measured per batch for {@link sampledBytes}: the rest of the batch is counted at their average. */
const SAMPLE_ROWS = 16;

/** The approximate bytes of a batch, from a sample of evenly spaced rows (cheap on wide, long reads). */
function sampledBytes(rows: readonly Row[]): number {
  if (rows.length <= SAMPLE_ROWS) return rows.reduce((n, row) => n + approximateRowBytes(row), 0);
  const step = rows.length / SAMPLE_ROWS;
  let sample = 0;
  for (let i = 0; i < SAMPLE_ROWS; i++) sample += approximateRowBytes(rows[Math.floor(i * step)] as Row);
  return Math.round((sample / SAMPLE_ROWS) * rows.length);
}

/** Opens a cursor; `signal` aborts the opening. */
export type CursorOpener = (signal?: AbortSignal) => Promise<SqlCursor>;

/** Keeps the cursors that are open so a store's `close()` can end the forgotten ones. */
export class CursorRegistry {
  private readonly open = new Set<SqlCursor>();

  add(cursor: SqlCursor): void {
    this.open.add(cursor);
  }

  delete(cursor: SqlCursor): void {
    this.open.delete(cursor);
  }

  /** Closes every cursor still open (a source whose columns were read but whose rows never were). */
  async closeAll(): Promise<void> {
    const cursors = [...this.open];
    this.open.clear();
    await Promise.allSettled(cursors.map((c) => c.close(new Error('The store was closed.'))));
  }
}

/**
 * The rows of one statement. Each call of `batches` runs the statement again (a fresh cursor), except
 * that a cursor opened by `columns()` is reused by the first `batches` call.
 */
export class CursorRowSource implements RowSource {
  readonly stats: TransferStats = { bytes: 0, files: 0, rows: 0 };
  private pending: Promise<SqlCursor> | undefined;
  private knownColumns: readonly Column[] | undefined;

  constructor(
    private readonly openCursor: CursorOpener,
    private readonly registry: CursorRegistry,
  ) {}

  private async openTracked(signal?: AbortSignal): Promise<SqlCursor> {
    const cursor = await this.openCursor(signal);
    this.registry.add(cursor);
    this.knownColumns = cursor.columns;
    return cursor;
  }

  async columns(): Promise<readonly Column[] | undefined> {
    if (this.knownColumns) return this.knownColumns;
    this.pending ??= this.openTracked();
    return (await this.pending).columns;
  }

  async *batches(signal: AbortSignal): AsyncIterable<readonly ReadItem[]> {
    signal.throwIfAborted();
    const opening = this.pending ?? this.openTracked(signal);
    this.pending = undefined;
    const cursor = await opening;
    let failure: unknown;
    let done = false;
    const onAbort = (): void => {
      void cursor.close(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      let rowNumber = 0;
      for (;;) {
        signal.throwIfAborted();
        const rows = await cursor.next();
        signal.throwIfAborted();
        if (rows.length === 0) break;
        const items = new Array<ReadItem>(rows.length);
        for (let i = 0; i < rows.length; i++) items[i] = { row: rows[i] as Row, rowNumber: ++rowNumber };
        this.stats.rows += rows.length;
        this.stats.bytes += sampledBytes(rows);
        yield items;
      }
      done = true;
    } catch (error) {
      failure = signal.aborted ? signal.reason : error;
      throw failure;
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.registry.delete(cursor);
      // Ending early (a consumer's break, a failure) rolls the read back; a full read commits.
      await cursor.close(done ? undefined : (failure ?? new Error('The consumer stopped reading.')));
    }
  }
}
