/**
 * DuckDB's error messages mapped to Sluice's codes: a binder or parser error is the document's fault
 * (`DUCKDB_SQL_INVALID`, not retryable), running out of memory is `DUCKDB_OUT_OF_MEMORY`, a missing file
 * is `FILE_NOT_FOUND`, a value that does not convert is `VALUE_CONVERSION_FAILED`; anything else is
 * `DUCKDB_QUERY_FAILED`. The data flow compiler adds the step and JSON pointer on top.
 */
import { SluiceError, type ErrorCode } from '@sluice/engine';

/** DuckDB's error class (`Binder Error`, `Parser Error` …) at the start of its message. */
export function duckErrorKind(message: string): string | undefined {
  return /^([A-Z][A-Za-z ]*?) Error:/.exec(message)?.[1];
}

/** The code a DuckDB error maps to. */
export function duckErrorCode(message: string): ErrorCode {
  const kind = duckErrorKind(message);
  if (kind === 'Out of Memory') return 'DUCKDB_OUT_OF_MEMORY';
  if (kind === 'Binder' || kind === 'Parser' || kind === 'Catalog' || kind === 'Not implemented') return 'DUCKDB_SQL_INVALID';
  if (kind === 'Conversion' || kind === 'Invalid Input') return 'VALUE_CONVERSION_FAILED';
  if (kind === 'IO' && /No files found|No such file/i.test(message)) return 'FILE_NOT_FOUND';
  return 'DUCKDB_QUERY_FAILED';
}

/** The first line of a DuckDB message (the rest repeats the SQL with a caret). */
export function duckErrorSummary(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}

/** Wraps whatever DuckDB threw into a coded {@link SluiceError}; the SQL goes into details, not the message. */
export function duckError(error: unknown, sql?: string): SluiceError {
  if (error instanceof SluiceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = duckErrorCode(message);
  return new SluiceError(code, `DuckDB: ${message}`, {}, { duckdb: duckErrorSummary(message), ...(sql !== undefined ? { sql: sql.length > 2000 ? `${sql.slice(0, 2000)}…` : sql } : {}) });
}
