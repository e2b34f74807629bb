/**
 * The MySQL/MariaDB {@link TableStore} (linked-service types `MySql` and `MariaDB`): a small mysql2 pool
 * per store whose sessions run in UTC and strict SQL mode (a value that does not fit is refused, never
 * truncated), streaming reads with back-pressure, and the transactional sink.
 */
import mysql from 'mysql2';
import type { ErrorCode, ResolvedLinkedService, SluiceError } from '@sluice/engine';
import type { Column, RowSink, RowSource, TableName, TableStore, TableWriteOptions } from '../contract.js';
import { databaseSettings, describeTarget, type DatabaseSettings } from '../sql/connection-settings.js';
import { CursorRegistry, CursorRowSource } from '../sql/cursor-source.js';
import { withDeadline } from '../sql/deadline.js';
import { abortReason, type ErrorContext } from '../sql/errors.js';
import { qualifiedName } from '../sql/identifiers.js';
import { SqlTableSink } from '../sql/table-sink.js';
import { openMysqlCursor } from './cursor.js';
import { mysqlError } from './errors.js';
import { affectedRows, describeMysqlTable, mysqlSession, mysqlSinkDialect, runMysql, type MysqlSession } from './sink-dialect.js';
import { mysqlParam } from './types.js';

const POOL_SIZE = 4;

/** Every session: UTC (DATETIME values are UTC instants) and strict mode (refuse, never truncate). */
const SESSION_SETUP = "SET SESSION time_zone = '+00:00', SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'STRICT_ALL_TABLES')";

function tlsOptions(settings: DatabaseSettings): mysql.PoolOptions['ssl'] {
  switch (settings.tls) {
    case 'disable': return undefined;
    case 'require': return { rejectUnauthorized: false };
    case 'verify-ca': return { rejectUnauthorized: true, checkServerIdentity: () => undefined } as mysql.PoolOptions['ssl'];
    default: return { rejectUnauthorized: true };
  }
}

/** Query parameters ready for server-side binding (Dates as UTC DATETIME text, booleans as 1/0 …). */
function bindParams(params: readonly unknown[] | undefined): unknown[] {
  return (params ?? []).map((p) => mysqlParam(p, undefined, undefined));
}

/** A MySQL or MariaDB database reached through one linked service. */
export class MysqlTableStore implements TableStore {
  readonly kind: string;
  readonly display: string;
  private readonly pool: mysql.Pool;
  private readonly ctx: ErrorContext;
  private readonly cursors = new CursorRegistry();
  private readonly settings: DatabaseSettings;

  constructor(linkedService: ResolvedLinkedService) {
    this.kind = linkedService.type;
    this.settings = databaseSettings(linkedService, 'mysql');
    this.display = `${linkedService.name} (mysql://${describeTarget(this.settings)})`;
    this.ctx = { store: `${linkedService.type === 'MariaDB' ? 'MariaDB' : 'MySQL'} store ${this.display}`, secrets: this.settings.secrets };
    const s = this.settings;
    const ssl = tlsOptions(s);
    this.pool = mysql.createPool({
      host: s.host,
      port: s.port,
      database: s.database,
      user: s.user,
      ...(s.password !== undefined ? { password: s.password } : {}),
      ...(ssl ? { ssl } : {}),
      connectionLimit: POOL_SIZE,
      maxIdle: POOL_SIZE,
      idleTimeout: 10_000,
      connectTimeout: s.connectTimeoutMs,
      supportBigNumbers: true,
      bigNumberStrings: true,
      decimalNumbers: false,
      dateStrings: true,
      timezone: 'Z',
      charset: 'utf8mb4',
      // Pre-copy scripts may hold several statements; values are never pasted (execute binds them).
      multipleStatements: true,
      // Prepared INSERTs are cached per connection; keep the server's prepared-statement budget small.
      maxPreparedStatements: 64,
    });
    this.pool.on('connection', (connection) => {
      // A lost connection emits 'error' (once handled by mysql2's pool); the statement using it fails and is reported.
      connection.on('error', () => undefined);
      connection.query(SESSION_SETUP, () => undefined);
    });
  }

  private mapError = (error: unknown, what: string, code: ErrorCode = 'DB_QUERY_FAILED', row?: number): SluiceError => mysqlError(this.ctx, error, what, code, row);

  private async connect(signal?: AbortSignal): Promise<mysql.PoolConnection> {
    signal?.throwIfAborted();
    try {
      const connection = await new Promise<mysql.PoolConnection>((resolve, reject) => {
        this.pool.getConnection((error, c) => (error ? reject(error) : resolve(c)));
      });
      if (signal?.aborted) {
        connection.release();
        throw signal.reason;
      }
      return connection;
    } catch (error) {
      throw abortReason(signal) ?? this.mapError(error, 'connecting', 'STORE_UNAVAILABLE');
    }
  }

  query(sql: string, params?: readonly unknown[]): RowSource {
    const values = bindParams(params);
    return new CursorRowSource(async (signal) => {
      const connection = await this.connect(signal);
      return openMysqlCursor(connection, sql, values, { ...(this.settings.commandTimeoutMs ? { timeoutMs: this.settings.commandTimeoutMs } : {}), mapError: (e, what) => this.mapError(e, what) });
    }, this.cursors);
  }

  readTable(table: TableName): RowSource {
    return this.query(`SELECT * FROM ${qualifiedName(table, '`')}`);
  }

  sink(table: TableName, options: TableWriteOptions): RowSink {
    const dialect = mysqlSinkDialect(async (signal): Promise<MysqlSession> => mysqlSession(await this.connect(signal), this.settings.commandTimeoutMs), this.mapError);
    return new SqlTableSink(dialect, table, options);
  }

  async execute(sql: string, params?: readonly unknown[], signal?: AbortSignal): Promise<{ rowCount: number }> {
    const connection = await this.connect(signal);
    let destroyed = false;
    const onAbort = (): void => {
      destroyed = true;
      connection.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return { rowCount: affectedRows(await runMysql(connection, sql, bindParams(params), this.settings.commandTimeoutMs)) };
    } catch (error) {
      throw abortReason(signal) ?? this.mapError(error, 'running a statement');
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (!destroyed) connection.release();
    }
  }

  private async rows(sql: string, params: readonly unknown[], what: string, signal?: AbortSignal): Promise<Array<Record<string, unknown>>> {
    const connection = await this.connect(signal);
    try {
      const result = await runMysql(connection, sql, params, this.settings.commandTimeoutMs);
      return (Array.isArray(result) ? result : []) as Array<Record<string, unknown>>;
    } catch (error) {
      throw this.mapError(error, what);
    } finally {
      connection.release();
    }
  }

  async describe(table: TableName, signal?: AbortSignal): Promise<readonly Column[] | undefined> {
    const what = `describing table '${table.schema ? `${table.schema}.` : ''}${table.table}'`;
    const columns = await describeMysqlTable((sql, params) => this.rows(sql, params, what, signal), table);
    return columns?.map(({ sqlType: _sqlType, ...column }) => column);
  }

  async listTables(signal?: AbortSignal): Promise<readonly TableName[]> {
    const rows = await this.rows(
      `SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME`,
      [],
      'listing tables',
      signal,
    );
    return rows.map((r) => ({ schema: String(r.table_schema), table: String(r.table_name) }));
  }

  async testConnection(signal?: AbortSignal): Promise<void> {
    const limitMs = this.settings.connectTimeoutMs + 5_000;
    await withDeadline(this.rows('SELECT 1 AS ok', [], 'testing the connection', signal), limitMs, () => this.mapError(new Error(`no answer within ${limitMs} ms`), 'testing the connection', 'STORE_UNAVAILABLE'), signal);
  }

  async close(): Promise<void> {
    await this.cursors.closeAll();
    await new Promise<void>((resolve) => {
      this.pool.end(() => resolve());
    });
  }
}
