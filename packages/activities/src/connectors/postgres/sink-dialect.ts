/**
 * What the shared transactional sink needs to know about PostgreSQL: `$n` placeholders (at most 65,535
 * per statement), transactional DDL (the created table disappears with a rollback), upserts as
 * `INSERT … ON CONFLICT (keys) DO UPDATE`, and the catalog queries for columns and unique indexes.
 */
import type { Writable } from 'node:stream';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { ErrorCode, SluiceError } from '@sluice/engine';
import type { Column, LogicalType, TableName } from '../contract.js';
import { qualifiedName } from '../sql/identifiers.js';
import type { SinkDialect, SinkSession, TargetColumn } from '../sql/table-sink.js';
import { columnOf, postgresColumnType, postgresParam, sluiceTypes } from './types.js';

/** The sink's connection: statements, row queries for the catalog, and COPY FROM STDIN. */
export interface PostgresSession extends SinkSession {
  rows(sql: string, params: readonly unknown[]): Promise<Array<Record<string, unknown>>>;
  /** Runs `COPY … FROM STDIN` feeding it `chunks`; resolves when the server has taken them. */
  copyIn(sql: string, chunks: Iterable<string>): Promise<void>;
}

/** Writes `chunks` into a writable, honoring back-pressure, then ends it and waits for it to finish. */
async function feed(stream: Writable, chunks: Iterable<string>): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    stream.once('error', (error) => {
      failed = true;
      reject(error);
    });
    stream.once('finish', () => resolve());
    const iterator = chunks[Symbol.iterator]();
    const pump = (): void => {
      for (;;) {
        if (failed) return;
        const next = iterator.next();
        if (next.done) {
          stream.end();
          return;
        }
        if (!stream.write(next.value)) {
          stream.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

/** One bound value as a COPY CSV field, or undefined when CSV cannot carry it (arrays: INSERT handles those). */
function copyField(value: unknown): string | undefined {
  if (value === null || value === undefined) return '';
  switch (typeof value) {
    case 'string': return `"${value.includes('"') ? value.replace(/"/g, '""') : value}"`;
    case 'number': return String(value);
    case 'boolean': return value ? 'true' : 'false';
    default:
      if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
      return undefined;
  }
}

/** The rows as CSV chunks of about 64 KiB, or undefined when a value cannot be carried. */
function csvChunks(rows: ReadonlyArray<readonly unknown[]>): string[] | undefined {
  const chunks: string[] = [];
  let chunk = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) {
      const field = copyField(row[i]);
      if (field === undefined) return undefined;
      line += i === 0 ? field : `,${field}`;
    }
    chunk += `${line}\n`;
    if (chunk.length >= 65_536) {
      chunks.push(chunk);
      chunk = '';
    }
  }
  if (chunk) chunks.push(chunk);
  return chunks;
}

/** A session over a pooled client. */
export function postgresSession(client: pg.PoolClient): PostgresSession {
  return {
    async run(sql, params) {
      const result = await client.query({ text: sql, values: params ? [...params] : [] });
      return result.rowCount ?? 0;
    },
    async rows(sql, params) {
      const result = await client.query({ text: sql, values: [...params], types: sluiceTypes });
      return result.rows as Array<Record<string, unknown>>;
    },
    async copyIn(sql, chunks) {
      await feed(client.query(copyStreams.from(sql)), chunks);
    },
    release(broken) {
      client.release(broken ? new Error('released after an error') : undefined);
    },
  };
}

/** Columns of a table (or undefined when it does not exist), through any row-query function. */
export async function describePostgresTable(rows: PostgresSession['rows'], table: TableName): Promise<readonly TargetColumn[] | undefined> {
  const name = qualifiedName(table, '"');
  const exists = await rows('SELECT to_regclass($1) IS NOT NULL AS "exists"', [name]);
  if (exists[0]?.exists !== true) return undefined;
  const attributes = await rows(
    `SELECT a.attname::text AS name, a.atttypid::int8 AS oid, a.atttypmod AS typmod, NOT a.attnotnull AS nullable,
            format_type(a.atttypid, a.atttypmod) AS sql_type
       FROM pg_attribute a
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [name],
  );
  return attributes.map((a) => ({ ...columnOf(String(a.name), Number(a.oid), Number(a.typmod), a.nullable === true), sqlType: String(a.sql_type) }));
}

/** The PostgreSQL side of {@link SinkDialect}. */
export function postgresSinkDialect(connect: (signal: AbortSignal) => Promise<PostgresSession>, mapError: (error: unknown, what: string, code: ErrorCode, row?: number) => SluiceError): SinkDialect<PostgresSession> {
  return {
    quote: '"',
    maxParams: 65_535,
    transactionalDdl: true,
    begin: 'BEGIN',
    dedupeUpsertBatches: true,
    connect,
    describe: (session, table) => describePostgresTable(session.rows.bind(session), table),
    async uniqueKeySets(session, table) {
      const rows = await session.rows(
        `SELECT array_agg(a.attname::text ORDER BY k.n) AS cols
           FROM pg_index i
           CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
          WHERE i.indrelid = to_regclass($1) AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
          GROUP BY i.indexrelid`,
        [qualifiedName(table, '"')],
      );
      return rows.map((r) => (Array.isArray(r.cols) ? r.cols.map(String) : []));
    },
    columnType: (column: Column) => postgresColumnType(column),
    placeholder: (n) => `$${n}`,
    upsertClause(columns, keys) {
      const keySet = new Set(keys);
      const updates = columns.filter((c) => !keySet.has(c)).map((c) => `${c} = EXCLUDED.${c}`);
      return `ON CONFLICT (${keys.join(', ')}) DO ${updates.length > 0 ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`;
    },
    toParam: (value: unknown, declared: LogicalType | undefined, target: TargetColumn) => postgresParam(value, declared, target.type),
    mapError,
    async bulkInsert(session, table, columns, rows) {
      const chunks = csvChunks(rows);
      if (!chunks) return false;
      await session.copyIn(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`, chunks);
      return true;
    },
    bulkErrorRow(error) {
      const where = (error as { where?: unknown } | null)?.where;
      const m = typeof where === 'string' ? /\bline (\d+)/.exec(where) : null;
      return m?.[1] ? Number(m[1]) : undefined;
    },
    isFatal(error) {
      const code = (error as { code?: unknown } | null)?.code;
      return typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code) || code.startsWith('08') || code.startsWith('57') || code.startsWith('40');
    },
  };
}
