/**
 * A server-side cursor over one PostgreSQL statement: BEGIN, `DECLARE … NO SCROLL CURSOR FOR <query>`
 * with the parameters bound by the server, then `FETCH FORWARD n` until the rows are done. Memory stays
 * at one batch whatever the result's size. Statements a cursor cannot hold (CALL, SHOW, an INSERT …
 * RETURNING) run as one ordinary query instead, their result served in batches.
 */
import type pg from 'pg';
import type { Column, Row } from '../contract.js';
import type { SqlCursor } from '../sql/cursor-source.js';
import { columnOf } from './types.js';

/** Rows per batch handed to the consumer (at most). */
export const FETCH_SIZE = 1000;

/** Rows per FETCH round trip: a few batches, so round trips do not dominate a large read. */
const FETCH_ROWS = 5000;

let cursorCounter = 0;

/** True when PostgreSQL accepts the statement in `DECLARE … CURSOR FOR`. */
export function isCursorStatement(sql: string): boolean {
  const body = sql.replace(/^(?:\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)*/, '');
  if (!/^(select|with|values|table|\()/i.test(body)) return false;
  // A data-modifying WITH (… INSERT/UPDATE/DELETE …) cannot be declared as a cursor.
  return !/^with\b/i.test(body) || !/\b(insert|update|delete|merge)\b/i.test(body);
}

/** The statement without trailing semicolons and blanks (DECLARE takes one statement). */
export function trimStatement(sql: string): string {
  return sql.replace(/[\s;]+$/, '');
}

/** What the cursor needs from its store. */
export interface CursorOptions {
  readonly types: pg.CustomTypesConfig;
  /** `array` rows keep duplicate column names apart (CSV export); `object` rows are Sluice rows. */
  readonly rowMode: 'object' | 'array';
  readonly batchSize?: number;
  /** Maps a driver error to a coded one. */
  mapError(error: unknown, what: string): Error;
}

/** Opens a cursor on `client` (which the cursor owns from now on: `close` releases it). */
export async function openPostgresCursor(client: pg.PoolClient, sql: string, params: readonly unknown[], options: CursorOptions, signal?: AbortSignal): Promise<SqlCursor & { readonly fields: readonly pg.FieldDef[] }> {
  const batchSize = Math.max(1, Math.min(options.batchSize ?? FETCH_SIZE, FETCH_SIZE));
  const name = `sluice_cursor_${++cursorCounter}`;
  const rowMode = options.rowMode === 'array' ? { rowMode: 'array' as const } : {};
  let inFlight: Promise<unknown> | undefined;
  let closed = false;
  let dropped = false;
  let inTransaction = false;

  /** Drops the connection (the server ends the statement and rolls back). */
  const drop = (): void => {
    if (dropped) return;
    dropped = true;
    client.release(new Error('cursor closed while a statement was running'));
  };

  const close = async (error?: unknown): Promise<void> => {
    if (closed) return;
    closed = true;
    if (inFlight) {
      // A read-ahead FETCH is short: let it finish and end cleanly, unless this is a cancel.
      if (signal?.aborted) return drop();
      await inFlight.catch(() => undefined);
      if (dropped) return;
    }
    try {
      if (inTransaction) await client.query(error === undefined ? 'COMMIT' : 'ROLLBACK');
      client.release();
    } catch (e) {
      if (!dropped) client.release(e instanceof Error ? e : new Error(String(e)));
    }
  };

  const run = (config: pg.QueryConfig, what: string): Promise<pg.QueryResult> => {
    const promise = client.query(config).catch((error: unknown) => {
      throw options.mapError(error, what);
    });
    const tracked = promise.finally(() => {
      if (inFlight === tracked) inFlight = undefined;
    });
    inFlight = tracked;
    tracked.catch(() => undefined);
    return promise;
  };

  // Cancelling while the statement starts (a slow sort before the first row) drops the connection.
  const onAbort = (): void => {
    closed = true;
    drop();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (isCursorStatement(sql)) {
      await run({ text: 'BEGIN' }, 'starting a read transaction');
      inTransaction = true;
      await run({ text: `DECLARE ${name} NO SCROLL CURSOR FOR ${trimStatement(sql)}`, values: [...params] }, 'running the query');
      const fetchRows = Math.max(batchSize, FETCH_ROWS);
      const fetch = `FETCH FORWARD ${fetchRows} FROM ${name}`;
      const first = await run({ text: fetch, types: options.types, ...rowMode }, 'reading the query');
      let buffered: Row[] = first.rows as Row[];
      let offset = 0;
      let more = buffered.length === fetchRows;
      let ahead: Promise<pg.QueryResult> | undefined;
      // Reads one FETCH ahead, so the server works while the consumer handles the current rows.
      const readAhead = (): void => {
        ahead = run({ text: fetch, types: options.types, ...rowMode }, 'reading the query');
        ahead.catch(() => undefined);
      };
      if (more) readAhead();
      return {
        fields: first.fields,
        columns: first.fields.map((f) => columnOf(f.name, f.dataTypeID, f.dataTypeModifier)),
        async next(): Promise<readonly Row[]> {
          if (offset >= buffered.length) {
            if (!ahead || closed) return [];
            const result = await ahead;
            ahead = undefined;
            buffered = result.rows as Row[];
            offset = 0;
            more = buffered.length === fetchRows;
            if (more && !closed) readAhead();
            if (buffered.length === 0) return [];
          }
          const batch = offset === 0 && buffered.length <= batchSize ? buffered : buffered.slice(offset, offset + batchSize);
          offset += batch.length;
          return batch;
        },
        close,
      };
    }
    const raw = await run({ text: sql, values: [...params], types: options.types, ...rowMode }, 'running the statement');
    const results = (Array.isArray(raw) ? raw : [raw]) as pg.QueryResult[];
    const result = [...results].reverse().find((r) => r.fields.length > 0) ?? results[results.length - 1];
    const rows = (result?.rows ?? []) as Row[];
    const fields = result?.fields ?? [];
    let offset = 0;
    return {
      fields,
      columns: fields.map((f): Column => columnOf(f.name, f.dataTypeID, f.dataTypeModifier)),
      async next(): Promise<readonly Row[]> {
        const batch = rows.slice(offset, offset + batchSize);
        offset += batch.length;
        return batch;
      },
      close,
    };
  } catch (error) {
    await close(error);
    throw signal?.aborted ? signal.reason : error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
