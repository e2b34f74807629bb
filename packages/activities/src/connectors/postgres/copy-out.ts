/**
 * PostgreSQL's fast export: `COPY (query) TO STDOUT WITH (FORMAT csv, HEADER true)` streamed through
 * pg-copy-streams, so the server formats the rows and Node only moves bytes (the Copy activity pipes the
 * CSV into DuckDB to write Parquet). COPY cannot bind parameters, so a query with parameters is read
 * through a server-side cursor instead and written as the same CSV (the server's text of each value,
 * quoted as COPY quotes it) — slower, but never with values pasted into SQL.
 */
import { Readable } from 'node:stream';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { Column } from '../contract.js';
import { columnOf, textTypes } from './types.js';
import { openPostgresCursor, trimStatement } from './cursor.js';

/** What `copyOut` returns: the CSV bytes (header row first) and the columns with their logical types. */
export interface CopyOutResult {
  readonly stream: Readable;
  readonly columns: readonly Column[];
}

/** One CSV field the way COPY … CSV writes it: NULL unquoted and empty, quotes only where needed. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (text === '' || text === '\\.' || /[",\r\n]/.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

function csvLine(values: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : ',') + csvField(values[i]);
  return `${line}\n`;
}

/** Options of {@link copyOut}. */
export interface CopyOutOptions {
  readonly signal?: AbortSignal;
  /**
   * True when the connection has a statement_timeout (ADF's commandTimeout): it limits statements, not
   * how long an export streams, so COPY runs without it and the session setting is restored afterwards.
   */
  readonly liftStatementTimeout?: boolean;
  mapError(error: unknown, what: string): Error;
}

/**
 * Streams `sql`'s result as CSV with a header row. Owns `client` from now on: it is released when the
 * stream ends, fails or is destroyed (destroying it mid-way drops the connection, which ends the COPY).
 */
export async function copyOut(client: pg.PoolClient, sql: string, params: readonly unknown[], options: CopyOutOptions): Promise<CopyOutResult> {
  if (params.length > 0) return cursorCsv(client, sql, params, options);
  let released = false;
  const release = (error?: Error): void => {
    if (released) return;
    released = true;
    client.release(error);
  };
  let columns: Column[];
  const query = trimStatement(sql);
  try {
    const probe = await client.query({ text: `SELECT * FROM (${query}\n) AS sluice_probe LIMIT 0`, types: textTypes });
    columns = probe.fields.map((f) => columnOf(f.name, f.dataTypeID, f.dataTypeModifier));
  } catch (error) {
    release();
    throw options.mapError(error, 'describing the query to export');
  }
  if (options.liftStatementTimeout) {
    try {
      await client.query('SET statement_timeout = 0');
    } catch (error) {
      release(error instanceof Error ? error : new Error(String(error)));
      throw options.mapError(error, 'preparing the export');
    }
  }
  const stream = client.query(copyStreams.to(`COPY (${query}\n) TO STDOUT WITH (FORMAT csv, HEADER true)`));
  stream.once('end', () => {
    if (!options.liftStatementTimeout) return release();
    client.query('RESET statement_timeout').then(() => release(), (error: unknown) => release(error instanceof Error ? error : new Error(String(error))));
  });
  stream.once('error', (error) => release(error));
  stream.once('close', () => {
    // Destroyed before its end (a consumer stopped, a cancel): the connection is mid-COPY, drop it.
    if (!stream.readableEnded) release(new Error('COPY stream closed before its end'));
  });
  const signal = options.signal;
  if (signal) {
    const onAbort = (): void => {
      stream.destroy(signal.reason instanceof Error ? signal.reason : new Error('cancelled'));
    };
    if (signal.aborted) onAbort();
    else {
      signal.addEventListener('abort', onAbort, { once: true });
      stream.once('close', () => signal.removeEventListener('abort', onAbort));
    }
  }
  return { stream: wrapErrors(stream, options), columns };
}

/** Re-emits the COPY stream's driver errors as coded errors (masking, codes) on a pass-through. */
function wrapErrors(stream: Readable, options: CopyOutOptions): Readable {
  const original = stream.destroy.bind(stream);
  stream.on('error', () => undefined);
  const out = new Readable({
    read() {
      stream.resume();
    },
    destroy(error, callback) {
      if (!stream.destroyed) original(error ?? undefined);
      callback(error);
    },
  });
  stream.on('data', (chunk: Buffer) => {
    if (!out.push(chunk)) stream.pause();
  });
  stream.once('end', () => out.push(null));
  stream.once('error', (error) => {
    const reason: unknown = options.signal?.aborted ? options.signal.reason : undefined;
    out.destroy(reason instanceof Error ? reason : options.mapError(error, 'exporting the query with COPY'));
  });
  stream.pause();
  return out;
}

function cursorCsv(client: pg.PoolClient, sql: string, params: readonly unknown[], options: CopyOutOptions): Promise<CopyOutResult> {
  return openPostgresCursor(client, sql, params, { types: textTypes, rowMode: 'array', mapError: options.mapError }).then((cursor) => {
    const columns = cursor.fields.map((f) => columnOf(f.name, f.dataTypeID, f.dataTypeModifier));
    async function* lines(): AsyncGenerator<string> {
      let failure: unknown;
      try {
        yield csvLine(cursor.fields.map((f) => f.name));
        for (;;) {
          options.signal?.throwIfAborted();
          const rows = (await cursor.next()) as unknown as ReadonlyArray<readonly unknown[]>;
          if (rows.length === 0) break;
          let chunk = '';
          for (const row of rows) chunk += csvLine(row);
          yield chunk;
        }
      } catch (error) {
        failure = error;
        throw error;
      } finally {
        await cursor.close(failure);
      }
    }
    return { stream: Readable.from(lines(), { objectMode: false }), columns };
  });
}
