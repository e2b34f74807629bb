// A measurement, not a test: skipped unless SLUICE_MEASURE=1. It prints rows/s of the table stores
// against their raw-driver baselines, measured in the same run (medians of 3):
//   PostgreSQL: 1M-row store.query() read and store.copyOut() vs a raw `COPY … TO STDOUT` through pg-copy-streams
//               (and a raw pg FETCH loop, the driver's own row path)
//   MariaDB:    1M-row store.query() read vs a raw mysql2 query stream
//   both:       sink insert of 200k rows
// Run: SLUICE_MEASURE=1 npx vitest run test/data-plane/databases-throughput.int.test.ts
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- pg-copy-streams (the baseline) is a dependency of packages/activities, typed there, not in test/.
import copyStreamsUntyped from '../../packages/activities/node_modules/pg-copy-streams/index.js';
import type { Row, TableStore } from '../../packages/activities/src/connectors/contract.js';
import { openTableStore, type PostgresTableStore } from '../../packages/activities/src/connectors/table-store-factory.js';

const copyStreams = copyStreamsUntyped as { to(sql: string): pg.Submittable & NodeJS.ReadableStream };
const ROWS = Number(process.env.SLUICE_MEASURE_ROWS ?? 1_000_000);
const RUNS = 3;
const signal = new AbortController().signal;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timed(run: () => Promise<number>): Promise<{ rowsPerSecond: number; rows: number }> {
  const rates: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    rows = await run();
    rates.push(rows / ((performance.now() - start) / 1000));
  }
  return { rowsPerSecond: Math.round(median(rates)), rows };
}

async function drainQuery(store: TableStore, sql: string): Promise<number> {
  let n = 0;
  for await (const batch of store.query(sql).batches(signal)) n += batch.length;
  return n;
}

async function countLines(stream: NodeJS.ReadableStream): Promise<number> {
  let lines = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) lines++;
  }
  return lines - 1; // the header
}

const fmt = (n: number): string => n.toLocaleString('en-US');

describe.skipIf(process.env.SLUICE_MEASURE !== '1')('database throughput (SLUICE_MEASURE=1)', () => {
  it('PostgreSQL: query read and copyOut vs raw COPY TO STDOUT', { timeout: 600_000 }, async () => {
    const store = openTableStore({ name: 'bench', type: 'PostgreSqlV2', typeProperties: { server: '127.0.0.1', database: 'test', username: 'postgres' } }) as PostgresTableStore;
    const table = `sluice_bench_${randomBytes(4).toString('hex')}`;
    const raw = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: 'test' });
    await raw.connect();
    try {
      await store.execute(`CREATE TABLE ${table} AS SELECT g::int8 AS id, 'label ' || g AS label, (g % 100000)::numeric(12,2) / 7 AS amount,
        DATE '2024-01-01' + (g % 365) AS day, TIMESTAMPTZ '2024-01-01 00:00:00+00' + g * INTERVAL '1 second' AS ts, g % 2 = 0 AS flag
        FROM generate_series(1, ${ROWS}) AS g`);
      const sql = `SELECT * FROM ${table}`;
      const rawCopy = await timed(() => countLines(raw.query(copyStreams.to(`COPY (${sql}) TO STDOUT WITH (FORMAT csv, HEADER true)`))));
      const copyOut = await timed(async () => countLines((await store.copyOut(sql)).stream));
      const query = await timed(() => drainQuery(store, sql));
      // The driver's own row path, for scale: a FETCH loop on a raw pg client with pg's default parsers.
      const rawFetch = await timed(async () => {
        await raw.query('BEGIN');
        await raw.query(`DECLARE bench_cursor NO SCROLL CURSOR FOR ${sql}`);
        let n = 0;
        for (;;) {
          const result = await raw.query('FETCH 5000 FROM bench_cursor');
          n += result.rows.length;
          if (result.rows.length < 5000) break;
        }
        await raw.query('COMMIT');
        return n;
      });
      expect([rawCopy.rows, copyOut.rows, query.rows, rawFetch.rows]).toEqual([ROWS, ROWS, ROWS, ROWS]);

      const columns = [{ name: 'id', type: 'int64' }, { name: 'label', type: 'string' }, { name: 'amount', type: 'decimal', precision: 12, scale: 2 }, { name: 'day', type: 'date' }, { name: 'ts', type: 'timestamp' }, { name: 'flag', type: 'boolean' }] as const;
      const writeRows = Math.min(ROWS, 200_000);
      const write = await timed(async () => {
        const sink = store.sink({ table: `${table}_w` }, { mode: 'insert', createTable: true, preCopyScript: `DROP TABLE IF EXISTS ${table}_w` });
        await sink.open(columns, signal);
        for (let start = 0; start < writeRows; start += 5000) {
          const rows: Row[] = [];
          for (let i = start; i < start + 5000 && i < writeRows; i++) rows.push({ id: i, label: `label ${i}`, amount: '12.34', day: '2024-01-02', ts: new Date(i * 1000), flag: i % 2 === 0 });
          await sink.write(rows, signal);
        }
        return (await sink.commit(signal)).rowsWritten;
      });
      console.log(`PostgreSQL, ${fmt(ROWS)} rows (median of ${RUNS}):
  raw COPY TO STDOUT (pg-copy-streams): ${fmt(rawCopy.rowsPerSecond)} rows/s
  store.copyOut():                      ${fmt(copyOut.rowsPerSecond)} rows/s (${Math.round((100 * copyOut.rowsPerSecond) / rawCopy.rowsPerSecond)}% of raw COPY)
  store.query() read (cursor, rows):    ${fmt(query.rowsPerSecond)} rows/s (${Math.round((100 * query.rowsPerSecond) / rawCopy.rowsPerSecond)}% of raw COPY, ${Math.round((100 * query.rowsPerSecond) / rawFetch.rowsPerSecond)}% of a raw pg FETCH loop)
  raw pg FETCH loop (rows, pg parsers): ${fmt(rawFetch.rowsPerSecond)} rows/s
  sink insert (${fmt(writeRows)} rows):           ${fmt(write.rowsPerSecond)} rows/s`);
    } finally {
      await store.execute(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
      await store.execute(`DROP TABLE IF EXISTS ${table}_w`).catch(() => undefined);
      await raw.end();
      await store.close();
    }
  });

  it('MariaDB: query read vs a raw mysql2 stream', { timeout: 600_000 }, async () => {
    const store = openTableStore({ name: 'bench', type: 'MariaDB', typeProperties: { server: '127.0.0.1', database: 'test', username: 'root' } });
    const table = `sluice_bench_${randomBytes(4).toString('hex')}`;
    const raw = mysql.createConnection({ host: '127.0.0.1', user: 'root', database: 'test', supportBigNumbers: true, bigNumberStrings: true, dateStrings: true });
    try {
      await store.execute(`CREATE TABLE ${table} AS SELECT seq AS id, CONCAT('label ', seq) AS label, CAST((seq % 100000) / 7 AS DECIMAL(12,2)) AS amount,
        DATE '2024-01-01' + INTERVAL (seq % 365) DAY AS day, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND AS ts, seq % 2 = 0 AS flag
        FROM seq_1_to_${ROWS}`);
      const sql = `SELECT * FROM ${table}`;
      const rawRead = await timed(async () => {
        let n = 0;
        for await (const _row of raw.query(sql).stream({ highWaterMark: 2000 })) n++;
        return n;
      });
      const query = await timed(() => drainQuery(store, sql));
      expect([rawRead.rows, query.rows]).toEqual([ROWS, ROWS]);

      const columns = [{ name: 'id', type: 'int64' }, { name: 'label', type: 'string' }, { name: 'amount', type: 'decimal', precision: 12, scale: 2 }, { name: 'day', type: 'date' }, { name: 'ts', type: 'timestamp' }, { name: 'flag', type: 'boolean' }] as const;
      const writeRows = Math.min(ROWS, 200_000);
      const write = await timed(async () => {
        await store.execute(`DROP TABLE IF EXISTS ${table}_w`);
        const sink = store.sink({ table: `${table}_w` }, { mode: 'insert', createTable: true });
        await sink.open(columns, signal);
        for (let start = 0; start < writeRows; start += 5000) {
          const rows: Row[] = [];
          for (let i = start; i < start + 5000 && i < writeRows; i++) rows.push({ id: i, label: `label ${i}`, amount: '12.34', day: '2024-01-02', ts: new Date(i * 1000), flag: i % 2 === 0 });
          await sink.write(rows, signal);
        }
        return (await sink.commit(signal)).rowsWritten;
      });
      console.log(`MariaDB, ${fmt(ROWS)} rows (median of ${RUNS}):
  raw mysql2 query stream:            ${fmt(rawRead.rowsPerSecond)} rows/s
  store.query() read:                 ${fmt(query.rowsPerSecond)} rows/s (${Math.round((100 * query.rowsPerSecond) / rawRead.rowsPerSecond)}% of raw)
  sink insert (${fmt(writeRows)} rows):         ${fmt(write.rowsPerSecond)} rows/s`);
    } finally {
      await store.execute(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
      await store.execute(`DROP TABLE IF EXISTS ${table}_w`).catch(() => undefined);
      raw.end();
      await store.close();
    }
  });
});
