/**
 * What the shared transactional sink needs to know about MySQL/MariaDB: `?` placeholders bound by the
 * server (prepared statements, at most 65,535 per statement), DDL that commits implicitly (so a missing
 * table is created before the transaction starts and dropped again by `abort`), upserts as
 * `INSERT … ON DUPLICATE KEY UPDATE`, and the information_schema queries for columns and unique indexes.
 * MySQL's own limit applies to pre-copy scripts: DDL in them (TRUNCATE, DROP, CREATE) commits implicitly,
 * so only DML (a `DELETE`) is undone by a rollback — prefer `DELETE FROM t` to `TRUNCATE t` there.
 */
import type mysql from 'mysql2';
import type { ErrorCode, SluiceError } from '@sluice/engine';
import type { Column, LogicalType, TableName } from '../contract.js';
import type { SinkDialect, SinkSession, TargetColumn } from '../sql/table-sink.js';
import { isFatalMysqlError } from './errors.js';
import { mysqlColumnType, mysqlParam } from './types.js';

/** The sink's connection: statements plus row queries for the catalog. */
export interface MysqlSession extends SinkSession {
  rows(sql: string, params: readonly unknown[]): Promise<Array<Record<string, unknown>>>;
}

type Result = mysql.ResultSetHeader | mysql.RowDataPacket[] | mysql.ResultSetHeader[];

/** Runs one statement: `execute` (server-side binding) with parameters, `query` without. */
export function runMysql(connection: mysql.PoolConnection | mysql.Pool, sql: string, params: readonly unknown[] | undefined, timeoutMs?: number): Promise<Result> {
  const options: mysql.QueryOptions = { sql, ...(timeoutMs ? { timeout: timeoutMs } : {}) };
  return new Promise((resolve, reject) => {
    const callback = (error: mysql.QueryError | null, result: Result): void => (error ? reject(error) : resolve(result));
    if (params && params.length > 0) connection.execute(options, [...params] as mysql.ExecuteValues, callback);
    else connection.query(options, callback);
  });
}

/** Affected rows of a result (summed over the statements of a multi-statement script). */
export function affectedRows(result: Result): number {
  if (Array.isArray(result)) return result.reduce((n: number, r: unknown) => n + (typeof (r as { affectedRows?: unknown }).affectedRows === 'number' ? (r as { affectedRows: number }).affectedRows : 0), 0);
  return typeof (result as { affectedRows?: unknown }).affectedRows === 'number' ? result.affectedRows : 0;
}

/** A session over a pooled connection. */
export function mysqlSession(connection: mysql.PoolConnection, timeoutMs?: number): MysqlSession {
  return {
    async run(sql, params) {
      return affectedRows(await runMysql(connection, sql, params, timeoutMs));
    },
    async rows(sql, params) {
      const result = await runMysql(connection, sql, params, timeoutMs);
      return (Array.isArray(result) ? result : []) as Array<Record<string, unknown>>;
    },
    release(broken) {
      if (broken) connection.destroy();
      else connection.release();
    },
  };
}

function logicalOfDataType(dataType: string, columnType: string, jsonColumns: ReadonlySet<string>, name: string): LogicalType {
  const type = dataType.toLowerCase();
  const full = columnType.toLowerCase();
  if (jsonColumns.has(name)) return 'json';
  switch (type) {
    case 'tinyint': return full.startsWith('tinyint(1)') ? 'boolean' : 'int32';
    case 'smallint': case 'mediumint': case 'year': return 'int32';
    case 'int': case 'integer': return full.includes('unsigned') ? 'int64' : 'int32';
    case 'bigint': return 'int64';
    case 'float': case 'double': case 'real': return 'double';
    case 'decimal': case 'numeric': return 'decimal';
    case 'date': return 'date';
    case 'datetime': case 'timestamp': return 'timestamp';
    case 'json': return 'json';
    case 'bit': return full === 'bit(1)' ? 'boolean' : 'binary';
    case 'binary': case 'varbinary': case 'tinyblob': case 'blob': case 'mediumblob': case 'longblob': case 'geometry': return 'binary';
    default: return 'string';
  }
}

/** Columns of a table (or undefined when it does not exist), through any row-query function. */
export async function describeMysqlTable(rows: MysqlSession['rows'], table: TableName): Promise<readonly TargetColumn[] | undefined> {
  const schema = table.schema ?? null;
  const columns = await rows(
    `SELECT COLUMN_NAME AS name, DATA_TYPE AS data_type, COLUMN_TYPE AS column_type, IS_NULLABLE AS nullable,
            NUMERIC_PRECISION AS num_precision, NUMERIC_SCALE AS num_scale
       FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?
      ORDER BY ORDINAL_POSITION`,
    [schema, table.table],
  );
  if (columns.length === 0) return undefined;
  // MariaDB's JSON is LONGTEXT with a json_valid() check; MySQL has a real JSON type (and no TABLE_NAME here).
  const json = new Set<string>();
  try {
    const checks = await rows(
      `SELECT CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?`,
      [schema, table.table],
    );
    for (const check of checks) {
      const m = /^json_valid\(`((?:[^`]|``)+)`\)$/i.exec(String(check.clause ?? '').trim());
      if (m?.[1]) json.add(m[1].replace(/``/g, '`'));
    }
  } catch {
    // MySQL: no TABLE_NAME column; its JSON columns are typed `json` already.
  }
  return columns.map((c) => {
    const name = String(c.name);
    const type = logicalOfDataType(String(c.data_type), String(c.column_type), json, name);
    const column: { name: string; type: LogicalType; nullable: boolean; sqlType: string; precision?: number; scale?: number } = { name, type, nullable: c.nullable === 'YES', sqlType: String(c.column_type) };
    if (type === 'decimal' && c.num_precision !== null) {
      column.precision = Number(c.num_precision);
      column.scale = Number(c.num_scale ?? 0);
    }
    return column;
  });
}

/** The MySQL/MariaDB side of {@link SinkDialect}. */
export function mysqlSinkDialect(connect: (signal: AbortSignal) => Promise<MysqlSession>, mapError: (error: unknown, what: string, code: ErrorCode, row?: number) => SluiceError): SinkDialect<MysqlSession> {
  return {
    quote: '`',
    maxParams: 65_535,
    transactionalDdl: false,
    begin: 'START TRANSACTION',
    dedupeUpsertBatches: false,
    connect,
    describe: (session, table) => describeMysqlTable(session.rows.bind(session), table),
    async uniqueKeySets(session, table) {
      const rows = await session.rows(
        `SELECT INDEX_NAME AS index_name, COLUMN_NAME AS column_name FROM information_schema.STATISTICS
          WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? AND NON_UNIQUE = 0
          ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
        [table.schema ?? null, table.table],
      );
      const sets = new Map<string, string[]>();
      for (const r of rows) {
        const index = String(r.index_name);
        const list = sets.get(index) ?? [];
        list.push(String(r.column_name));
        sets.set(index, list);
      }
      return [...sets.values()];
    },
    columnType: (column: Column, isKey: boolean) => mysqlColumnType(column, isKey),
    placeholder: () => '?',
    upsertClause(columns, keys) {
      const keySet = new Set(keys);
      const updates = columns.filter((c) => !keySet.has(c)).map((c) => `${c} = VALUES(${c})`);
      // With only key columns there is nothing to update: a no-op assignment keeps the statement valid.
      return `ON DUPLICATE KEY UPDATE ${updates.length > 0 ? updates.join(', ') : `${keys[0]} = ${keys[0]}`}`;
    },
    toParam: (value: unknown, declared: LogicalType | undefined, target: TargetColumn) => mysqlParam(value, declared, target.type),
    mapError,
    isFatal: isFatalMysqlError,
  };
}
