/**
 * Sluice's shared DuckDB layer: a session with limits and spilling ({@link DuckSession}), quoting for
 * names and author-written constants, error mapping, and the SQL that reads and writes dataset files.
 * Used by the data flows and by Copy's fast path.
 */
export { DuckSession, type DuckSessionOptions, type BoundValues, type QueryResult } from './session.js';
export { quoteIdent, quoteLiteral, sqlConstant, checkedTypeName } from './quote.js';
export { duckError, duckErrorCode, duckErrorKind, duckErrorSummary } from './errors.js';
export { readFilesSql, copyToSql, outputExtension, duckTypeOfAdf, DUCKDB_FILE_FORMATS, type ReadFilesOptions, type CopyToOptions, type DeclaredColumn } from './files.js';
export type { JsonRow } from './values.js';
