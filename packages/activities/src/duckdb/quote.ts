/**
 * Quoting for the few places where Sluice must write a name or a configuration constant into DuckDB
 * SQL text (a column named in a step, a file path, a CSV delimiter). Data values and pipeline
 * parameters never go through here: they are bound (see `session.ts` and the data flow's params table).
 */

/**
 * Quotes an identifier (column, table, alias) for DuckDB: wrapped in double quotes, inner double quotes
 * doubled. Any string is safe, including `a"; DROP TABLE x; --`.
 *
 * @example quoteIdent('order id') // '"order id"'
 */
export function quoteIdent(name: string): string {
  if (name.includes('\0')) throw new TypeError('An identifier cannot contain a NUL character.');
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Quotes a constant written by the document's author (a delimiter, a date format, a file path) as a
 * DuckDB string literal: single quotes doubled, so the text can never end the literal.
 *
 * @example quoteLiteral("it's") // "'it''s'"
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new TypeError('A SQL literal cannot contain a NUL character.');
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A JSON-like constant (string, number, boolean, null, or a list of them) as a DuckDB literal, for the
 * settings of a step (a default value of `cleanse.fillNulls`, a pivot value). Numbers must be finite.
 */
export function sqlConstant(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return quoteLiteral(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`Not a finite number: ${String(value)}.`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(sqlConstant).join(', ')}]`;
  throw new TypeError(`Cannot write a ${typeof value} as a SQL constant.`);
}

/** A DuckDB type name as written in a document (`INTEGER`, `DECIMAL(18,2)`, `VARCHAR[]`), checked to be only that. */
export function checkedTypeName(type: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_ ]*(\(\s*\d+\s*(,\s*\d+\s*)?\))?(\[\])*$/.test(type.trim())) {
    throw new TypeError(`'${type}' is not a DuckDB type name (e.g. INTEGER, DOUBLE, VARCHAR, DATE, TIMESTAMP, DECIMAL(18,2), VARCHAR[]).`);
  }
  return type.trim();
}
