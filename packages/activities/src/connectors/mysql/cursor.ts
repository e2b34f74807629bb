/**
 * Streaming one MySQL/MariaDB statement: mysql2's `query().stream()` (or `execute().stream()` when there
 * are parameters, so the server binds them) with back-pressure — when Sluice stops reading, mysql2 pauses
 * the socket and the server waits. Rows are taken out of the stream's buffer synchronously, a batch at a
 * time. Stopping early destroys the connection (draining a huge result would take as long as reading it).
 */
import type { Readable } from 'node:stream';
import type mysql from 'mysql2';
import type { Row } from '../contract.js';
import type { SqlCursor } from '../sql/cursor-source.js';
import { mysqlColumn, rowConverter, type MysqlField } from './types.js';

/** Rows per batch handed to the consumer (at most). */
export const MYSQL_BATCH = 1000;

/** Options of {@link openMysqlCursor}. */
export interface MysqlCursorOptions {
  /** Milliseconds the statement may take to start returning rows (ADF's commandTimeout), when set. */
  readonly timeoutMs?: number;
  mapError(error: unknown, what: string): Error;
}

function isRowData(row: unknown): row is Row {
  // Statements without a result set (SET, INSERT in a multi-statement) emit a ResultSetHeader instead.
  return typeof row === 'object' && row !== null && (row as { constructor?: { name?: string } }).constructor?.name !== 'ResultSetHeader';
}

/** Opens the statement on `connection` (owned from now on: `close` releases or destroys it). */
export async function openMysqlCursor(connection: mysql.PoolConnection, sql: string, params: readonly unknown[], options: MysqlCursorOptions): Promise<SqlCursor> {
  // The time limit covers starting the result (ADF's commandTimeout), not a long, consumer-paced read.
  const queryOptions: mysql.QueryOptions = { sql };
  const query = params.length > 0 ? connection.execute(queryOptions, [...params] as mysql.ExecuteValues) : connection.query(queryOptions);
  const stream: Readable = query.stream({ highWaterMark: 2 * MYSQL_BATCH });
  let ended = false;
  let failure: unknown;
  let closed = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  let fields: MysqlField[] | undefined;
  stream.on('fields', (f: MysqlField[]) => {
    fields ??= f;
    notify();
  });
  stream.on('readable', notify);
  stream.on('end', () => {
    ended = true;
    notify();
  });
  stream.on('error', (error) => {
    failure = error;
    notify();
  });

  const close = async (error?: unknown): Promise<void> => {
    if (closed) return;
    closed = true;
    if (error !== undefined || !ended) {
      stream.destroy();
      connection.destroy();
      return;
    }
    connection.release();
  };

  const waitForData = (): Promise<void> => new Promise((resolve) => {
    wake = resolve;
  });

  const timer = options.timeoutMs
    ? setTimeout(() => {
        failure ??= Object.assign(new Error(`The statement did not start returning rows within ${options.timeoutMs} ms.`), { code: 'ER_STATEMENT_TIMEOUT' });
        notify();
      }, options.timeoutMs)
    : undefined;
  try {
    while (!fields && !ended && failure === undefined) await waitForData();
    clearTimeout(timer);
    if (failure !== undefined) throw options.mapError(failure, 'running the query');
  } catch (error) {
    clearTimeout(timer);
    await close(error);
    throw error;
  }
  const columns = (fields ?? []).map(mysqlColumn);
  const convert = rowConverter(fields ?? [], columns);

  return {
    columns,
    async next(): Promise<readonly Row[]> {
      const rows: Row[] = [];
      while (rows.length < MYSQL_BATCH && !closed) {
        if (failure !== undefined) throw options.mapError(failure, 'reading the query');
        const row: unknown = stream.read();
        if (row !== null) {
          if (isRowData(row)) rows.push(convert ? convert(row) : row);
          continue;
        }
        if (ended || rows.length > 0) break;
        await waitForData();
      }
      return rows;
    },
    close,
  };
}
