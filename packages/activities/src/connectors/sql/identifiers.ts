/**
 * SQL identifiers: the one place where a table, schema or column name enters SQL text. Names are always
 * quoted (so any character is allowed, and a name can never become SQL), by doubling the quote
 * character; a NUL byte (which both servers refuse and some drivers truncate at) is rejected.
 */
import { SluiceError } from '@sluice/engine';
import type { TableName } from '../contract.js';

/** The quote character of a dialect: PostgreSQL's `"` or MySQL's `` ` ``. */
export type QuoteChar = '"' | '`';

/** Throws `DB_IDENTIFIER_INVALID` for an empty name or one with a NUL character. */
export function checkIdentifier(name: string, what: string): void {
  if (typeof name !== 'string' || name.length === 0) throw new SluiceError('DB_IDENTIFIER_INVALID', `The ${what} name is empty.`);
  if (name.includes('\0')) throw new SluiceError('DB_IDENTIFIER_INVALID', `The ${what} name ${JSON.stringify(name)} contains a NUL character.`);
}

/**
 * Quotes one identifier by doubling the quote character.
 *
 * @example quoteIdentifier('we"ird', '"') // "we""ird"
 */
export function quoteIdentifier(name: string, quote: QuoteChar, what = 'column'): string {
  checkIdentifier(name, what);
  return `${quote}${name.split(quote).join(quote + quote)}${quote}`;
}

/** `schema.table`, each part quoted; the schema is left out when not given (the connection's default). */
export function qualifiedName(table: TableName, quote: QuoteChar): string {
  const name = quoteIdentifier(table.table, quote, 'table');
  return table.schema !== undefined && table.schema !== '' ? `${quoteIdentifier(table.schema, quote, 'schema')}.${name}` : name;
}

/** `schema.table` unquoted, for messages and a sink's `targets`. */
export function displayName(table: TableName): string {
  return table.schema ? `${table.schema}.${table.table}` : table.table;
}

/**
 * The table a table dataset names: `schema` + `table`, or ADF's legacy `tableName` (`schema.table`, with
 * optional `"…"`, `` `…` `` or `[…]` quoting around each part). Returns undefined when the dataset names
 * no table (a query-only source).
 *
 * @example tableNameFromDataset({ tableName: 'sales."Order Lines"' }) // { schema: 'sales', table: 'Order Lines' }
 */
export function tableNameFromDataset(typeProperties: Readonly<Record<string, unknown>>): TableName | undefined {
  const schema = typeof typeProperties.schema === 'string' && typeProperties.schema !== '' ? typeProperties.schema : undefined;
  if (typeof typeProperties.table === 'string' && typeProperties.table !== '') return schema ? { schema, table: typeProperties.table } : { table: typeProperties.table };
  if (typeof typeProperties.tableName !== 'string' || typeProperties.tableName === '') return undefined;
  const parts = splitQualified(typeProperties.tableName);
  if (parts.length === 1) return schema ? { schema, table: parts[0] ?? '' } : { table: parts[0] ?? '' };
  return { schema: parts.slice(0, -1).join('.'), table: parts[parts.length - 1] ?? '' };
}

/** Splits `a."b.c"` into `['a', 'b.c']`, honoring `"…"`, `` `…` `` and `[…]` quotes. */
function splitQualified(text: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i <= text.length) {
    const open = text[i];
    const close = open === '"' ? '"' : open === '`' ? '`' : open === '[' ? ']' : undefined;
    let part = '';
    if (close) {
      i++;
      while (i < text.length) {
        if (text[i] === close && text[i + 1] === close) { part += close; i += 2; continue; }
        if (text[i] === close) { i++; break; }
        part += text[i];
        i++;
      }
    } else {
      while (i < text.length && text[i] !== '.') part += text[i++];
    }
    parts.push(part.trim());
    if (text[i] !== '.') break;
    i++;
  }
  return parts;
}
