/**
 * PostgreSQL errors (SQLSTATE classes, socket errors, pg's own connection messages) → Sluice's codes.
 */
import type { ErrorCode, SluiceError } from '@sluice/engine';
import { isNetworkError, storeError, type ErrorContext } from '../sql/errors.js';

/** The Sluice code for a pg error, or `fallback` when it is an ordinary statement error. */
export function postgresCode(error: unknown, fallback: ErrorCode): ErrorCode {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    if (code === '28P01' || code === '28000') return 'STORE_AUTH_FAILED';
    if (code === '3D000') return 'STORE_NOT_FOUND';
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') return 'STORE_UNAVAILABLE';
    if (code === '40001' || code === '40P01' || code === '55P03') return 'DB_CONFLICT';
    if (code === '57014') return 'DB_QUERY_TIMEOUT';
    return fallback;
  }
  if (isNetworkError(error)) return 'STORE_UNAVAILABLE';
  const message = error instanceof Error ? error.message : '';
  // The linked service asks for TLS and the server has none: retrying cannot help, the setting must change.
  if (/does not support SSL/i.test(message)) return 'LINKED_SERVICE_INVALID';
  if (/timeout|terminated|Connection ended|not queryable|ended unexpectedly/i.test(message)) {
    return /query read timeout/i.test(message) ? 'DB_QUERY_TIMEOUT' : 'STORE_UNAVAILABLE';
  }
  return fallback;
}

/** A pg error as a coded error, naming the store and what was being done; secrets masked. */
export function postgresError(ctx: ErrorContext, error: unknown, what: string, fallback: ErrorCode = 'DB_QUERY_FAILED', row?: number): SluiceError {
  const code = postgresCode(error, fallback);
  const e = error as { code?: unknown; detail?: unknown; where?: unknown; column?: unknown };
  const details: Record<string, unknown> = {};
  if (typeof e?.code === 'string') details.sqlState = e.code;
  if (typeof e?.column === 'string') details.column = e.column;
  const detail = typeof e?.detail === 'string' && e.detail ? ` (${e.detail})` : '';
  const wrapped = detail && error instanceof Error ? Object.assign(new Error(error.message + detail), { code: e.code }) : error;
  return storeError(code, ctx, what, wrapped, { ...(row !== undefined ? { row } : {}), details });
}
