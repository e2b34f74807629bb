/**
 * The PostgreSQL {@link TableStore} (linked-service types `PostgreSql` and `PostgreSqlV2`): a small pool
 * per store, server-side cursors for reads, a transactional sink for writes, and {@link
 * PostgresTableStore.copyOut}, the fast CSV export the Copy activity uses to write Parquet.
 */
import pg from 'pg';
import type { ErrorCode, ResolvedLinkedService, SluiceError } from '@sluice/engine';
import type { Column, RowSink, RowSource, TableName, TableStore, TableWriteOptions } from '../contract.js';
import { databaseSettings, describeTarget, type DatabaseSettings } from '../sql/connection-settings.js';
import { CursorRegistry, CursorRowSource } from '../sql/cursor-source.js';
import { withDeadline } from '../sql/deadline.js';
import { abortReason, type ErrorContext } from '../sql/errors.js';
import { qualifiedName } from '../sql/identifiers.js';
import { SqlTableSink } from '../sql/table-sink.js';
import { copyOut, type CopyOutResult } from './copy-out.js';
import { openPostgresCursor } from './cursor.js';
import { postgresError } from './errors.js';
import { describePostgresTable, postgresSession, postgresSinkDialect, type PostgresSession } from './sink-dialect.js';
import { postgresParam, sluiceTypes } from './types.js';

/** Connections per store: a source cursor and a sink's transaction fit, with room for catalog queries. */
const POOL_SIZE = 4;

function tlsOptions(settings: DatabaseSettings): pg.PoolConfig['ssl'] {
  switch (settings.tls) {
    case 'disable': return false;
    case 'require': return { rejectUnauthorized: false };
    case 'verify-ca': return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
    default: return { rejectUnauthorized: true };
  }
}

/** libpq's options string escapes spaces and backslashes in a value with a backslash. */
const escapeOption = (value: string): string => value.replace(/[\\ ]/g, (c) => `\\${c}`);

/**
 * Session settings sent at connection: the time zone (UTC unless the linked service names one, so
 * `now()::date` and timestamptz text mean the same on every worker) and the schema search path.
 */
function sessionOptions(settings: DatabaseSettings): string {
  const options = [`-c TimeZone=${escapeOption(settings.timeZone ?? 'UTC')}`];
  if (settings.searchPath) options.push(`-c search_path=${escapeOption(settings.searchPath)}`);
  return options.join(' ');
}

/** Clients that already carry the error guard (pool clients are reused). */
const guarded = new WeakSet<pg.PoolClient>();

/** Query parameters as PostgreSQL text (dates as ISO instants, bigints exact, objects as JSON). */
function bindParams(params: readonly unknown[] | undefined): unknown[] {
  return (params ?? []).map((p) => postgresParam(p, undefined, undefined));
}

/** A PostgreSQL database reached through one linked service. */
export class PostgresTableStore implements TableStore {
  readonly kind: string;
  readonly display: string;
  private readonly pool: pg.Pool;
  private readonly ctx: ErrorContext;
  private readonly cursors = new CursorRegistry();
  private readonly settings: DatabaseSettings;

  constructor(linkedService: ResolvedLinkedService) {
    this.kind = linkedService.type;
    this.settings = databaseSettings(linkedService, 'postgres');
    this.display = `${linkedService.name} (postgres://${describeTarget(this.settings)})`;
    this.ctx = { store: `PostgreSQL store ${this.display}`, secrets: this.settings.secrets };
    const s = this.settings;
    this.pool = new pg.Pool({
      host: s.host,
      port: s.port,
      database: s.database,
      user: s.user,
      ...(s.password !== undefined ? { password: s.password } : {}),
      ssl: tlsOptions(s),
      max: POOL_SIZE,
      idleTimeoutMillis: 10_000,
      connectionTimeoutMillis: s.connectTimeoutMs,
      ...(s.commandTimeoutMs ? { statement_timeout: s.commandTimeoutMs } : {}),
      application_name: 'sluice',
      options: sessionOptions(s),
      allowExitOnIdle: true,
    });
    // An idle connection dropped by the server must not crash the worker; the next checkout reconnects.
    this.pool.on('error', () => undefined);
  }

  private mapError = (error: unknown, what: string, code: ErrorCode = 'DB_QUERY_FAILED', row?: number): SluiceError => postgresError(this.ctx, error, what, code, row);

  /** A client from the pool; connection failures become `STORE_AUTH_FAILED` / `STORE_NOT_FOUND` / `STORE_UNAVAILABLE`. */
  private async connect(signal?: AbortSignal): Promise<pg.PoolClient> {
    signal?.throwIfAborted();
    try {
      const client = await this.pool.connect();
      if (!guarded.has(client)) {
        // A connection lost while checked out but between statements emits 'error' on the client; without a
        // listener that would end the worker. The next statement on it fails and is reported instead.
        guarded.add(client);
        client.on('error', () => undefined);
      }
      if (signal?.aborted) {
        client.release();
        throw signal.reason;
      }
      return client;
    } catch (error) {
      throw abortReason(signal) ?? this.mapError(error, 'connecting', 'STORE_UNAVAILABLE');
    }
  }

  query(sql: string, params?: readonly unknown[]): RowSource {
    const values = bindParams(params);
    return new CursorRowSource(async (signal) => {
      const client = await this.connect(signal);
      return openPostgresCursor(client, sql, values, { types: sluiceTypes, rowMode: 'object', mapError: (e, what) => this.mapError(e, what) }, signal);
    }, this.cursors);
  }

  readTable(table: TableName): RowSource {
    return this.query(`SELECT * FROM ${qualifiedName(table, '"')}`);
  }

  /**
   * The query's rows as CSV (header row first), formatted by the server with `COPY (query) TO STDOUT`:
   * the fastest way out of PostgreSQL. With `params`, COPY cannot bind them: the rows are read through a
   * cursor and written as the same CSV instead. The connection is held until the stream ends or is
   * destroyed.
   *
   * @example const { stream, columns } = await store.copyOut('SELECT * FROM sales WHERE day = current_date');
   */
  async copyOut(sql: string, params?: readonly unknown[], signal?: AbortSignal): Promise<CopyOutResult> {
    const client = await this.connect(signal);
    return copyOut(client, sql, bindParams(params), {
      ...(signal ? { signal } : {}),
      liftStatementTimeout: this.settings.commandTimeoutMs !== undefined,
      mapError: (e, what) => this.mapError(e, what),
    });
  }

  /** {@link PostgresTableStore.copyOut} of a whole table or view (its name quoted here). */
  copyOutTable(table: TableName, signal?: AbortSignal): Promise<CopyOutResult> {
    return this.copyOut(`SELECT * FROM ${qualifiedName(table, '"')}`, undefined, signal);
  }

  sink(table: TableName, options: TableWriteOptions): RowSink {
    const dialect = postgresSinkDialect(async (signal): Promise<PostgresSession> => postgresSession(await this.connect(signal)), this.mapError);
    return new SqlTableSink(dialect, table, options);
  }

  async execute(sql: string, params?: readonly unknown[], signal?: AbortSignal): Promise<{ rowCount: number }> {
    const client = await this.connect(signal);
    let broken = false;
    const onAbort = (): void => {
      broken = true;
      client.release(new Error('cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const values = bindParams(params);
      const raw = await client.query({ text: sql, ...(values.length > 0 ? { values } : {}) });
      const results = (Array.isArray(raw) ? raw : [raw]) as pg.QueryResult[];
      return { rowCount: results.reduce((n, r) => n + (r.rowCount ?? 0), 0) };
    } catch (error) {
      throw abortReason(signal) ?? this.mapError(error, 'running a statement');
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (!broken) client.release();
    }
  }

  private async rows(sql: string, params: readonly unknown[], what: string, signal?: AbortSignal): Promise<Array<Record<string, unknown>>> {
    const client = await this.connect(signal);
    try {
      const result = await client.query({ text: sql, values: [...params], types: sluiceTypes });
      return result.rows as Array<Record<string, unknown>>;
    } catch (error) {
      throw this.mapError(error, what);
    } finally {
      client.release();
    }
  }

  async describe(table: TableName, signal?: AbortSignal): Promise<readonly Column[] | undefined> {
    const columns = await describePostgresTable((sql, params) => this.rows(sql, params, `describing table '${table.schema ? `${table.schema}.` : ''}${table.table}'`, signal), table);
    return columns?.map(({ sqlType: _sqlType, ...column }) => column);
  }

  async listTables(signal?: AbortSignal): Promise<readonly TableName[]> {
    const rows = await this.rows(
      `SELECT table_schema::text AS schema, table_name::text AS name FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg\\_%'
        ORDER BY 1, 2`,
      [],
      'listing tables',
      signal,
    );
    return rows.map((r) => ({ schema: String(r.schema), table: String(r.name) }));
  }

  async testConnection(signal?: AbortSignal): Promise<void> {
    const limitMs = this.settings.connectTimeoutMs + 5_000;
    await withDeadline(this.rows('SELECT 1 AS ok', [], 'testing the connection', signal), limitMs, () => this.mapError(new Error(`no answer within ${limitMs} ms`), 'testing the connection', 'STORE_UNAVAILABLE'), signal);
  }

  async close(): Promise<void> {
    await this.cursors.closeAll();
    await this.pool.end();
  }
}
