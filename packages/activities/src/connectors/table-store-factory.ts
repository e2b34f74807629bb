/**
 * The one place that turns a database linked service into a {@link TableStore}: Copy, Lookup,
 * GetMetadata and the connection test call {@link openTableStore} and never name a driver.
 */
import { SluiceError, type ResolvedLinkedService } from '@sluice/engine';
import type { TableStore } from './contract.js';
import { MysqlTableStore } from './mysql/mysql-store.js';
import { PostgresTableStore } from './postgres/postgres-store.js';

export { PostgresTableStore } from './postgres/postgres-store.js';
export { MysqlTableStore } from './mysql/mysql-store.js';
export type { CopyOutResult } from './postgres/copy-out.js';
export { tableNameFromDataset } from './sql/identifiers.js';

/** Linked-service types served by a table store, by family. */
export const TABLE_STORE_TYPES: Readonly<Record<string, 'postgres' | 'mysql'>> = {
  PostgreSql: 'postgres',
  PostgreSqlV2: 'postgres',
  MySql: 'mysql',
  MariaDB: 'mysql',
};

/** True when `type` is a linked-service type {@link openTableStore} serves. */
export function isTableStoreType(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(TABLE_STORE_TYPES, type);
}

/**
 * Opens the table store of a resolved linked service (secrets already revealed by the engine). No
 * connection is made until the first operation; `close()` ends the store's pool. Throws
 * `LINKED_SERVICE_INVALID` when settings are missing or malformed and `UNSUPPORTED_LINKED_SERVICE_TYPE`
 * for a type that is not a database.
 *
 * @example
 * const store = openTableStore(dataset.linkedService);
 * try { for await (const batch of store.query('SELECT * FROM t WHERE day = $1', [day]).batches(signal)) … }
 * finally { await store.close(); }
 */
export function openTableStore(linkedService: ResolvedLinkedService): TableStore {
  switch (TABLE_STORE_TYPES[linkedService.type]) {
    case 'postgres': return new PostgresTableStore(linkedService);
    case 'mysql': return new MysqlTableStore(linkedService);
    default:
      throw new SluiceError('UNSUPPORTED_LINKED_SERVICE_TYPE', `Linked service '${linkedService.name}' is of type '${linkedService.type}', which is not a database Sluice can read or write as tables (PostgreSql, PostgreSqlV2, MySql, MariaDB).`);
  }
}
