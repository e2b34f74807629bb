/**
 * mysql2 errors (server error codes, protocol errors, socket errors) → Sluice's codes.
 */
import type { ErrorCode, SluiceError } from '@sluice/engine';
import { isNetworkError, storeError, type ErrorContext } from '../sql/errors.js';

const AUTH = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR', 'ER_NOT_SUPPORTED_AUTH_MODE', 'ER_PASSWORD_NO_MATCH']);
const UNAVAILABLE = new Set(['ER_CON_COUNT_ERROR', 'PROTOCOL_CONNECTION_LOST', 'ER_SERVER_SHUTDOWN', 'ER_NET_READ_ERROR', 'ER_NET_WRITE_INTERRUPTED', 'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR', 'ER_TOO_MANY_USER_CONNECTIONS', 'HANDSHAKE_SSL_ERROR']);
const CONFLICT = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'ER_LOCK_ABORTED']);
const TIMEOUT = new Set(['PROTOCOL_SEQUENCE_TIMEOUT', 'ER_STATEMENT_TIMEOUT', 'ER_QUERY_TIMEOUT']);

/** The Sluice code for a mysql2 error, or `fallback` when it is an ordinary statement error. */
export function mysqlCode(error: unknown, fallback: ErrorCode): ErrorCode {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (AUTH.has(code)) return 'STORE_AUTH_FAILED';
    if (code === 'ER_BAD_DB_ERROR') return 'STORE_NOT_FOUND';
    // The linked service asks for TLS and the server has none: retrying cannot help, the setting must change.
    if (code === 'HANDSHAKE_NO_SSL_SUPPORT') return 'LINKED_SERVICE_INVALID';
    if (UNAVAILABLE.has(code)) return 'STORE_UNAVAILABLE';
    if (CONFLICT.has(code)) return 'DB_CONFLICT';
    if (TIMEOUT.has(code)) return 'DB_QUERY_TIMEOUT';
  }
  if (isNetworkError(error)) return 'STORE_UNAVAILABLE';
  return fallback;
}

/** True when the connection cannot be used after `error` (mysql2 marks such errors `fatal`). */
export function isFatalMysqlError(error: unknown): boolean {
  const e = error as { fatal?: unknown } | null;
  return e?.fatal === true || mysqlCode(error, 'DB_QUERY_FAILED') !== 'DB_QUERY_FAILED';
}

/** A mysql2 error as a coded error, naming the store and what was being done; secrets masked. */
export function mysqlError(ctx: ErrorContext, error: unknown, what: string, fallback: ErrorCode = 'DB_QUERY_FAILED', row?: number): SluiceError {
  const e = error as { sqlState?: unknown; errno?: unknown } | null;
  const details: Record<string, unknown> = {};
  if (typeof e?.sqlState === 'string') details.sqlState = e.sqlState;
  if (typeof e?.errno === 'number') details.errno = e.errno;
  return storeError(mysqlCode(error, fallback), ctx, what, error, { ...(row !== undefined ? { row } : {}), details });
}
