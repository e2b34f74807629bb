// The database table stores against the real PostgreSQL and MariaDB of this machine: type round trips,
// streaming, binding, the transactional sink (insert, upsert, pre-copy script, create, abort, commit,
// refused rows) and the connection errors. Each run works in its own schema/database and drops it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedLinkedService } from '@sluice/engine';
import type { Column, ReadItem, Row, SourceRow, TableName, TableStore } from '../../packages/activities/src/connectors/contract.js';
import { openTableStore, type PostgresTableStore } from '../../packages/activities/src/connectors/table-store-factory.js';

interface Target {
  readonly label: string;
  readonly type: string;
  readonly props: Record<string, unknown>;
  /** A statement returning the integers 1..n in column `n`. */
  series(n: number): string;
  /** The placeholder of the n-th parameter. */
  mark(n: number): string;
  /** A user/password pair the server refuses. */
  readonly badLogin: Record<string, unknown>;
  readonly quote: string;
}

const PG_USER = process.env.SLUICE_TEST_PG_USER ?? 'postgres';

const targets: Target[] = [
  {
    label: 'PostgreSQL',
    type: 'PostgreSqlV2',
    props: { server: '127.0.0.1', port: 5432, database: 'test', username: PG_USER, sslMode: 0 },
    series: (n) => `SELECT g AS n FROM generate_series(1, ${n}) AS g ORDER BY g`,
    mark: (n) => `$${n}`,
    // Trust authentication accepts any password here, so the refused login is a role that does not exist.
    badLogin: { username: `no_such_role_${randomBytes(3).toString('hex')}`, password: { type: 'SecureString', value: 'Pa55-w0rd-never-shown' } },
    quote: '"',
  },
  {
    label: 'MariaDB',
    type: 'MariaDB',
    props: { server: '127.0.0.1', port: 3306, database: 'test', username: 'root', password: '' },
    series: (n) => `SELECT seq AS n FROM seq_1_to_${n} ORDER BY seq`,
    mark: () => '?',
    badLogin: { username: 'root', password: { type: 'SecureString', value: 'Pa55-w0rd-never-shown' } },
    quote: '`',
  },
];

const signal = new AbortController().signal;

function service(target: Target, overrides: Record<string, unknown> = {}): ResolvedLinkedService {
  return { name: `ls_${target.label}`, type: target.type, typeProperties: { ...target.props, ...overrides } };
}

async function readAll(store: TableStore, sql: string, params?: readonly unknown[]): Promise<{ rows: Row[]; batches: number[]; columns: readonly Column[] | undefined }> {
  const source = store.query(sql, params);
  const rows: Row[] = [];
  const batches: number[] = [];
  for await (const batch of source.batches(signal)) {
    batches.push(batch.length);
    for (const item of batch as readonly ReadItem[]) {
      expect('bad' in item).toBe(false);
      rows.push((item as SourceRow).row);
    }
  }
  return { rows, batches, columns: await source.columns() };
}

async function caught(promise: Promise<unknown>): Promise<{ code?: string; message: string; location?: { row?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected a failure');
}

const allTypes: Column[] = [
  { name: 'id', type: 'int32' },
  { name: 's', type: 'string' },
  { name: 'i32', type: 'int32' },
  { name: 'i64', type: 'int64' },
  { name: 'dbl', type: 'double' },
  { name: 'dec', type: 'decimal', precision: 30, scale: 6 },
  { name: 'flag', type: 'boolean' },
  { name: 'day', type: 'date' },
  { name: 'ts', type: 'timestamp' },
  { name: 'doc', type: 'json' },
  { name: 'bin', type: 'binary' },
];

const typedRows: Row[] = [
  {
    id: 1, s: 'héllo, "world"\nnew line', i32: -2147483648, i64: 9007199254740993n, dbl: 1.5e-300, dec: '123456789012345678901234.123456',
    flag: true, day: '2024-02-29', ts: new Date('2024-03-01T12:34:56.789Z'), doc: { a: [1, 'two', null], b: { c: true } }, bin: new Uint8Array([0, 1, 2, 255]),
  },
  { id: 2, s: '', i32: 2147483647, i64: -42, dbl: -0.25, dec: '-0.000001', flag: false, day: '1999-12-31', ts: new Date('1970-01-01T00:00:00.000Z'), doc: [1, 2, 3], bin: new Uint8Array([]) },
  { id: 3, s: null, i32: null, i64: null, dbl: null, dec: null, flag: null, day: null, ts: null, doc: null, bin: null },
];

describe.each(targets)('$label table store', (target) => {
  const suffix = randomBytes(4).toString('hex');
  const schema = `sluice_db_${suffix}`;
  let store: TableStore;
  const q = (name: string): string => `${target.quote}${name}${target.quote}`;
  const table = (name: string): TableName => ({ schema, table: name });
  const qualified = (name: string): string => `${q(schema)}.${q(name)}`;

  beforeAll(async () => {
    store = openTableStore(service(target));
    await store.execute(target.type === 'MariaDB' ? `CREATE DATABASE ${q(schema)}` : `CREATE SCHEMA ${q(schema)}`);
  });

  afterAll(async () => {
    await store.execute(target.type === 'MariaDB' ? `DROP DATABASE IF EXISTS ${q(schema)}` : `DROP SCHEMA IF EXISTS ${q(schema)} CASCADE`);
    await store.close();
  });

  it('answers a connection test', async () => {
    await expect(store.testConnection(signal)).resolves.toBeUndefined();
  });

  // insert takes PostgreSQL's COPY FROM STDIN path, upsert the parameterized INSERT path: both must keep every type.
  it.each(['insert', 'upsert'] as const)('round-trips every logical type through a created table with %s (sink → query, readTable, describe)', async (mode) => {
    const name = `types_${mode}`;
    const sink = store.sink(table(name), { mode, ...(mode === 'upsert' ? { keys: ['id'] } : {}), createTable: true });
    await sink.open(allTypes, signal);
    await sink.write(typedRows, signal);
    const result = await sink.commit(signal);
    expect(result.rowsWritten).toBe(3);
    expect(result.targets).toEqual([`${schema}.${name}`]);

    const { rows, columns } = await readAll(store, `SELECT * FROM ${qualified(name)} ORDER BY id`);
    expect(columns?.map((c) => [c.name, c.type])).toEqual(allTypes.map((c) => [c.name, c.type]));
    const [first, second, third] = rows;
    expect(first?.s).toBe('héllo, "world"\nnew line');
    expect(first?.i32).toBe(-2147483648);
    expect(first?.i64).toBe(9007199254740993n);
    expect(first?.dbl).toBe(1.5e-300);
    expect(first?.dec).toBe('123456789012345678901234.123456');
    expect(first?.flag).toBe(true);
    expect(first?.day).toBe('2024-02-29');
    expect(first?.ts).toEqual(new Date('2024-03-01T12:34:56.789Z'));
    expect(first?.doc).toEqual({ a: [1, 'two', null], b: { c: true } });
    expect(Buffer.from(first?.bin as Uint8Array)).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(second).toMatchObject({ s: '', i32: 2147483647, i64: -42, dbl: -0.25, dec: '-0.000001', flag: false, day: '1999-12-31', doc: [1, 2, 3] });
    expect(second?.ts).toEqual(new Date(0));
    expect(Buffer.from(second?.bin as Uint8Array).length).toBe(0);
    expect(Object.values(third ?? {}).filter((v) => v !== null)).toEqual([3]);

    const described = await store.describe(table(name), signal);
    expect(described?.map((c) => [c.name, c.type])).toEqual(allTypes.map((c) => [c.name, c.type]));
    expect(described?.find((c) => c.name === 'dec')).toMatchObject({ precision: 30, scale: 6 });

    const whole = store.readTable(table(name));
    let count = 0;
    for await (const batch of whole.batches(signal)) count += batch.length;
    expect(count).toBe(3);
    expect(whole.stats.rows).toBe(3);
    expect(whole.stats.bytes).toBeGreaterThan(0);
    expect(await store.describe(table('missing'), signal)).toBeUndefined();
  });

  it('lists the tables of the database (its default schema included)', async () => {
    const name = `sluice_lt_${suffix}`;
    await store.execute(`CREATE TABLE ${q(name)} (a INT)`);
    try {
      const tables = await store.listTables(signal);
      const mine = tables.filter((t) => t.table === name);
      expect(mine).toHaveLength(1);
      expect(mine[0]?.schema).toBe(target.type === 'MariaDB' ? 'test' : 'public');
      // Without a schema, names resolve in the connection's default schema (database).
      expect((await store.describe({ table: name }, signal))?.map((c) => [c.name, c.type])).toEqual([['a', 'int32']]);
    } finally {
      await store.execute(`DROP TABLE ${q(name)}`);
    }
  });

  it('streams a 50,000-row query in batches of at most 1,000, in order', async () => {
    const { rows, batches } = await readAll(store, target.series(50_000));
    expect(rows.length).toBe(50_000);
    expect(Math.max(...batches)).toBeLessThanOrEqual(1000);
    expect(batches.length).toBeGreaterThanOrEqual(50);
    expect(rows[0]?.n).toBe(1);
    expect(rows[49_999]?.n).toBe(50_000);
    expect(rows.every((r, i) => Number(r.n) === i + 1)).toBe(true);
  });

  it('reads statements a cursor cannot hold (SHOW)', async () => {
    const { rows, columns } = await readAll(store, target.type === 'MariaDB' ? "SHOW VARIABLES LIKE 'time_zone'" : 'SHOW TimeZone');
    expect(rows).toHaveLength(1);
    expect(columns?.length).toBeGreaterThan(0);
  });

  it('stops reading early and gives the connection back', async () => {
    for (let i = 0; i < 6; i++) {
      const source = store.query(target.series(20_000));
      for await (const batch of source.batches(signal)) {
        expect(batch.length).toBeGreaterThan(0);
        break;
      }
    }
    // More early stops than the pool has connections: each one must have been released.
    const { rows } = await readAll(store, target.series(3));
    expect(rows.length).toBe(3);
  });

  it('stops with the reason when the signal aborts mid-read, and recovers', async () => {
    for (let i = 0; i < 5; i++) {
      const controller = new AbortController();
      const source = store.query(target.series(50_000));
      let seen = 0;
      const reading = (async () => {
        for await (const batch of source.batches(controller.signal)) {
          seen += batch.length;
          if (seen >= 2000) controller.abort(new Error('cancelled by the test'));
        }
      })();
      await expect(reading).rejects.toThrow('cancelled by the test');
      expect(seen).toBeLessThan(50_000);
    }
    expect((await readAll(store, target.series(2))).rows.length).toBe(2);
  });

  it('ends a cursor opened only for its columns when the store closes', async () => {
    const other = openTableStore(service(target));
    const source = other.query(target.series(100_000));
    expect((await source.columns())?.map((c) => c.name)).toEqual(['n']);
    await other.close();
  });

  it('binds a hostile parameter as a value: the table stays intact', async () => {
    const hostile = "'; DROP TABLE x; --";
    await store.execute(`CREATE TABLE ${qualified('x')} (id INT PRIMARY KEY, name VARCHAR(100))`);
    await store.execute(`INSERT INTO ${qualified('x')} (id, name) VALUES (${target.mark(1)}, ${target.mark(2)})`, [1, hostile]);
    const none = await readAll(store, `SELECT * FROM ${qualified('x')} WHERE name = ${target.mark(1)} AND id = ${target.mark(2)}`, [hostile, 2]);
    expect(none.rows).toEqual([]);
    const found = await readAll(store, `SELECT id, name FROM ${qualified('x')} WHERE name = ${target.mark(1)}`, [hostile]);
    expect(found.rows).toEqual([{ id: 1, name: hostile }]);
    expect(await store.describe(table('x'), signal)).toBeDefined();
  });

  it('quotes identifiers (quotes, spaces, dots) and refuses a NUL in a name', async () => {
    const odd = `we${target.quote}ird. name`;
    const sink = store.sink(table(odd), { mode: 'insert', createTable: true });
    await sink.open([{ name: `col ${target.quote}1`, type: 'string' }], signal);
    await sink.write([{ [`col ${target.quote}1`]: 'ok' }], signal);
    await sink.commit(signal);
    const { rows } = await readAll(store, `SELECT * FROM ${q(schema)}.${q(odd.split(target.quote).join(target.quote + target.quote))}`);
    expect(rows).toEqual([{ [`col ${target.quote}1`]: 'ok' }]);
    expect(() => store.readTable(table('bad\0name'))).toThrow(expect.objectContaining({ code: 'DB_IDENTIFIER_INVALID' }) as Error);
  });

  it('commits all rows of several writes, and abort leaves nothing (not even the created table)', async () => {
    const columns: Column[] = [{ name: 'id', type: 'int64' }, { name: 'label', type: 'string' }];
    const rows = (from: number, n: number): Row[] => Array.from({ length: n }, (_, i) => ({ id: from + i, label: `row ${from + i}` }));

    const aborted = store.sink(table('batches'), { mode: 'insert', createTable: true, batchSize: 700 });
    await aborted.open(columns, signal);
    await aborted.write(rows(1, 1500), signal);
    await aborted.abort();
    await aborted.abort();
    expect(await store.describe(table('batches'), signal)).toBeUndefined();

    const sink = store.sink(table('batches'), { mode: 'insert', createTable: true, batchSize: 700 });
    await sink.open(columns, signal);
    await sink.write(rows(1, 1500), signal);
    // Another session sees nothing before commit.
    const before = await readAll(store, `SELECT COUNT(*) AS c FROM ${qualified('batches')}`).catch(() => ({ rows: [{ c: 0 }] }));
    expect(Number(before.rows[0]?.c)).toBe(0);
    await sink.write(rows(1501, 1000), signal);
    const result = await sink.commit(signal);
    expect(result.rowsWritten).toBe(2500);
    expect(result.bytesWritten).toBeGreaterThan(0);
    const after = await readAll(store, `SELECT COUNT(*) AS c, MIN(id) AS lo, MAX(id) AS hi FROM ${qualified('batches')}`);
    expect(after.rows[0]).toMatchObject({ c: 2500, lo: 1, hi: 2500 });

    // Aborting a sink into the existing table rolls its rows back.
    const again = store.sink(table('batches'), { mode: 'insert' });
    await again.open(columns, signal);
    await again.write(rows(5000, 10), signal);
    await again.abort();
    const still = await readAll(store, `SELECT COUNT(*) AS c FROM ${qualified('batches')}`);
    expect(Number(still.rows[0]?.c)).toBe(2500);
  });

  it('runs the pre-copy script in the same transaction', async () => {
    await store.execute(`CREATE TABLE ${qualified('pre')} (id INT, label VARCHAR(20))`);
    await store.execute(`INSERT INTO ${qualified('pre')} VALUES (1, 'old'), (2, 'old')`);
    const columns: Column[] = [{ name: 'id', type: 'int32' }, { name: 'label', type: 'string' }];

    const failed = store.sink(table('pre'), { mode: 'insert', preCopyScript: `DELETE FROM ${qualified('pre')}` });
    await failed.open(columns, signal);
    await failed.write([{ id: 9, label: 'new' }], signal);
    await failed.abort();
    expect((await readAll(store, `SELECT * FROM ${qualified('pre')} ORDER BY id`)).rows.map((r) => r.label)).toEqual(['old', 'old']);

    const sink = store.sink(table('pre'), { mode: 'insert', preCopyScript: `DELETE FROM ${qualified('pre')} WHERE id = 1; DELETE FROM ${qualified('pre')} WHERE id = 2` });
    await sink.open(columns, signal);
    await sink.write([{ id: 10, label: 'new' }], signal);
    await sink.commit(signal);
    expect((await readAll(store, `SELECT * FROM ${qualified('pre')} ORDER BY id`)).rows).toEqual([{ id: 10, label: 'new' }]);
  });

  it('upserts on keys, and refuses keys without a unique index', async () => {
    const columns: Column[] = [{ name: 'id', type: 'int32' }, { name: 'region', type: 'string' }, { name: 'amount', type: 'decimal', precision: 12, scale: 2 }];
    const first = store.sink(table('up'), { mode: 'upsert', keys: ['id', 'region'], createTable: true });
    await first.open(columns, signal);
    await first.write([{ id: 1, region: 'eu', amount: '10.00' }, { id: 2, region: 'eu', amount: '20.00' }], signal);
    await first.commit(signal);

    const second = store.sink(table('up'), { mode: 'upsert', keys: ['id', 'region'] });
    await second.open(columns, signal);
    await second.write([{ id: 2, region: 'eu', amount: '21.50' }, { id: 1, region: 'us', amount: '5.00' }, { id: 2, region: 'eu', amount: '22.00' }], signal);
    await second.commit(signal);
    const { rows } = await readAll(store, `SELECT id, region, amount FROM ${qualified('up')} ORDER BY id, region`);
    expect(rows).toEqual([
      { id: 1, region: 'eu', amount: '10.00' },
      { id: 1, region: 'us', amount: '5.00' },
      { id: 2, region: 'eu', amount: '22.00' },
    ]);

    await store.execute(`CREATE TABLE ${qualified('nokey')} (id INT, v INT)`);
    const bad = store.sink(table('nokey'), { mode: 'upsert', keys: ['id'] });
    const error = await caught(bad.open([{ name: 'id', type: 'int32' }, { name: 'v', type: 'int32' }], signal));
    expect(error.code).toBe('DB_UPSERT_KEYS_NOT_UNIQUE');
    expect(error.message).toContain('nokey');
    expect(error.message).toContain('id');
    await bad.abort();
  });

  it('fails on a missing table without autoCreate, and on an unknown column', async () => {
    const missing = store.sink(table('nowhere'), { mode: 'insert' });
    expect((await caught(missing.open([{ name: 'a', type: 'string' }], signal))).code).toBe('DB_TABLE_NOT_FOUND');
    await store.execute(`CREATE TABLE ${qualified('cols')} (a INT)`);
    const wrong = store.sink(table('cols'), { mode: 'insert' });
    const error = await caught(wrong.open([{ name: 'a', type: 'int32' }, { name: 'zzz', type: 'string' }], signal));
    expect(error.code).toBe('DB_COLUMN_NOT_FOUND');
    expect(error.message).toContain('zzz');
  });

  it('names the row the database refuses, and writes nothing of the copy', async () => {
    await store.execute(`CREATE TABLE ${qualified('strict')} (id INT NOT NULL, label VARCHAR(10) NOT NULL)`);
    const sink = store.sink(table('strict'), { mode: 'insert', batchSize: 500 });
    await sink.open([{ name: 'id', type: 'int32' }, { name: 'label', type: 'string' }], signal);
    await sink.write(Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, label: 'fine' })), signal);
    const rows = Array.from({ length: 1000 }, (_, i) => ({ id: 1001 + i, label: i === 501 ? null : 'fine' }));
    const error = await caught(sink.write(rows, signal));
    expect(error.code).toBe('DB_ROW_REJECTED');
    expect(error.location?.row).toBe(1502);
    expect(error.message).toContain('row 1502');
    await sink.abort();
    expect(Number((await readAll(store, `SELECT COUNT(*) AS c FROM ${qualified('strict')}`)).rows[0]?.c)).toBe(0);

    const typed = store.sink(table('strict'), { mode: 'insert' });
    await typed.open([{ name: 'id', type: 'int32' }, { name: 'label', type: 'string' }], signal);
    const typeError = await caught(typed.write([{ id: 1, label: 'ok' }, { id: 'not a number', label: 'x' }], signal));
    expect(typeError.code).toBe('DB_ROW_REJECTED');
    expect(typeError.location?.row).toBe(2);
    await typed.abort();

    // The INSERT path (upserts) finds the refused row by retrying the batch row by row under savepoints.
    await store.execute(`CREATE TABLE ${qualified('strict_up')} (id INT PRIMARY KEY, label VARCHAR(10) NOT NULL)`);
    const upsert = store.sink(table('strict_up'), { mode: 'upsert', keys: ['id'], batchSize: 400 });
    await upsert.open([{ name: 'id', type: 'int32' }, { name: 'label', type: 'string' }], signal);
    await upsert.write(Array.from({ length: 500 }, (_, i) => ({ id: i + 1, label: 'fine' })), signal);
    const upsertError = await caught(upsert.write(Array.from({ length: 500 }, (_, i) => ({ id: 501 + i, label: i === 299 ? 'far too long a label' : 'fine' })), signal));
    expect(upsertError.code).toBe('DB_ROW_REJECTED');
    expect(upsertError.location?.row).toBe(800);
    await upsert.abort();
    expect(Number((await readAll(store, `SELECT COUNT(*) AS c FROM ${qualified('strict_up')}`)).rows[0]?.c)).toBe(0);
  });

  it('maps a refused login to STORE_AUTH_FAILED without the password', async () => {
    const bad = openTableStore(service(target, target.badLogin));
    try {
      const error = await caught(bad.testConnection(signal));
      expect(error.code).toBe('STORE_AUTH_FAILED');
      expect(error.message).not.toContain('Pa55-w0rd-never-shown');
      expect(error.message).toContain('127.0.0.1');
    } finally {
      await bad.close();
    }
    const viaString = openTableStore({
      name: 'conn-string',
      type: target.type,
      typeProperties: {
        connectionString: target.type === 'MariaDB'
          ? 'Server=127.0.0.1;Port=3306;Database=test;UID=root;PWD=Pa55-w0rd-never-shown;SslMode=0'
          : `postgres://${String(target.badLogin.username)}:Pa55-w0rd-never-shown@127.0.0.1:5432/test?sslmode=disable`,
      },
    });
    try {
      const error = await caught(viaString.query('SELECT 1').columns());
      expect(error.code).toBe('STORE_AUTH_FAILED');
      expect(error.message).not.toContain('Pa55-w0rd-never-shown');
    } finally {
      await viaString.close();
    }
  });

  it('maps a statement running past commandTimeout to DB_QUERY_TIMEOUT', async () => {
    const slow = openTableStore(service(target, { commandTimeout: 1 }));
    try {
      const sleep = target.type === 'MariaDB' ? 'SELECT SLEEP(5) AS s' : 'SELECT pg_sleep(5) AS s';
      expect((await caught(slow.execute(sleep))).code).toBe('DB_QUERY_TIMEOUT');
      expect((await caught(slow.query(sleep).columns())).code).toBe('DB_QUERY_TIMEOUT');
      expect((await readAll(slow, 'SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await slow.close();
    }
  });

  it('names an unknown database, and reports a server that does not answer as unavailable', async () => {
    const name = `no_such_db_${suffix}`;
    const unknown = openTableStore(service(target, { database: name }));
    try {
      const error = await caught(unknown.testConnection(signal));
      expect(error.code).toBe('STORE_NOT_FOUND');
      expect(error.message).toContain(name);
    } finally {
      await unknown.close();
    }
    const down = openTableStore(service(target, { port: 1 }));
    try {
      const error = await caught(down.execute('SELECT 1'));
      expect(error.code).toBe('STORE_UNAVAILABLE');
      expect(error.message).toContain('127.0.0.1:1/test');
    } finally {
      await down.close();
    }
  });

  it.runIf(target.type !== 'MariaDB')('uses the linked service schema as the search path and UTC (or its timezone) as the session time zone', async () => {
    const scoped = openTableStore(service(target, { schema: `${schema}, public` }));
    try {
      expect((await readAll(scoped, 'SELECT current_schema() AS s, current_setting(\'TimeZone\') AS tz')).rows).toEqual([{ s: schema, tz: 'UTC' }]);
      expect(await scoped.describe({ table: 'x' }, signal)).toBeDefined();
    } finally {
      await scoped.close();
    }
    const zoned = openTableStore(service(target, { timezone: 'Europe/Paris' }));
    try {
      expect((await readAll(zoned, 'SELECT current_setting(\'TimeZone\') AS tz')).rows).toEqual([{ tz: 'Europe/Paris' }]);
    } finally {
      await zoned.close();
    }
  });

  it.runIf(target.type === 'MariaDB')('runs its sessions in UTC and strict mode', async () => {
    const { rows } = await readAll(store, 'SELECT @@SESSION.time_zone AS tz, @@SESSION.sql_mode AS mode');
    expect(rows[0]?.tz).toBe('+00:00');
    expect(String(rows[0]?.mode)).toContain('STRICT_ALL_TABLES');
  });

  it('reports a required TLS the server does not offer as a linked-service setting to change', async () => {
    const tls = openTableStore(service(target, { sslMode: target.type === 'MariaDB' ? 2 : 3 }));
    try {
      const error = await caught(tls.testConnection(signal));
      expect(error.code).toBe('LINKED_SERVICE_INVALID');
      expect(error.message).toMatch(/SSL|secure connection/i);
    } finally {
      await tls.close();
    }
  });

  it('connects from a connection string in the driver-native form', async () => {
    const other = openTableStore({
      name: 'native',
      type: target.type,
      typeProperties: {
        connectionString: target.type === 'MariaDB' ? 'mysql://root@127.0.0.1:3306/test' : `host=127.0.0.1 port=5432 dbname=test user=${PG_USER} sslmode=disable`,
      },
    });
    try {
      const { rows } = await readAll(other, `SELECT 7 AS seven`);
      expect(rows).toEqual([{ seven: 7 }]);
    } finally {
      await other.close();
    }
  });
});

describe('PostgreSQL copyOut', () => {
  const target = targets[0] as Target;
  const schema = `sluice_copy_${randomBytes(4).toString('hex')}`;
  let store: PostgresTableStore;

  beforeAll(async () => {
    store = openTableStore(service(target)) as PostgresTableStore;
    await store.execute(`CREATE SCHEMA "${schema}"`);
    await store.execute(`CREATE TABLE "${schema}".t (id int8, label text, amount numeric(10,2), day date, flag boolean)`);
    await store.execute(`INSERT INTO "${schema}".t VALUES (1, 'plain', 1.50, '2024-01-02', true), (2, 'with, comma "and" quote', NULL, NULL, false), (3, '', -2, '1999-12-31', NULL), (4, 'line
break', 0, '2000-01-01', true)`);
  });

  afterAll(async () => {
    await store.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await store.close();
  });

  async function text(stream: NodeJS.ReadableStream): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  }

  const expected = 'id,label,amount,day,flag\n1,plain,1.50,2024-01-02,t\n2,"with, comma ""and"" quote",,,f\n3,"",-2.00,1999-12-31,\n4,"line\nbreak",0.00,2000-01-01,t\n';

  it('streams COPY … TO STDOUT as CSV with a header, with the columns typed', async () => {
    const { stream, columns } = await store.copyOut(`SELECT * FROM "${schema}".t ORDER BY id -- a trailing comment;\n`);
    expect(columns.map((c) => [c.name, c.type])).toEqual([['id', 'int64'], ['label', 'string'], ['amount', 'decimal'], ['day', 'date'], ['flag', 'boolean']]);
    expect(await text(stream)).toBe(expected);
  });

  it('exports a whole table by name', async () => {
    const { stream } = await store.copyOutTable({ schema, table: 't' });
    expect((await text(stream)).split('\n')[0]).toBe('id,label,amount,day,flag');
  });

  it('writes the same CSV through a cursor when the query has parameters', async () => {
    const { stream, columns } = await store.copyOut(`SELECT * FROM "${schema}".t WHERE id >= $1 ORDER BY id`, [1]);
    expect(columns.map((c) => c.name)).toEqual(['id', 'label', 'amount', 'day', 'flag']);
    expect(await text(stream)).toBe(expected);
  });

  it('gives the connection back when the consumer destroys the stream early', async () => {
    for (let i = 0; i < 6; i++) {
      const { stream } = await store.copyOut('SELECT g, repeat(\'x\', 100) FROM generate_series(1, 200000) g');
      await new Promise<void>((resolve) => {
        stream.once('data', () => {
          stream.destroy();
          resolve();
        });
      });
    }
    const { stream } = await store.copyOut('SELECT 1 AS one');
    expect(await text(stream)).toBe('one\n1\n');
  });

  it('ends the export with the reason when the signal aborts', async () => {
    const controller = new AbortController();
    const { stream } = await store.copyOut('SELECT g, repeat(\'x\', 100) FROM generate_series(1, 500000) g', undefined, controller.signal);
    const reading = (async () => {
      for await (const _chunk of stream) controller.abort(new Error('export cancelled by the test'));
    })();
    const error = await caught(reading);
    expect(error.message).toBe('export cancelled by the test');
    const { stream: next } = await store.copyOut('SELECT 2 AS two');
    expect(await text(next)).toBe('two\n2\n');
  });

  it('streams past commandTimeout (it limits statements, not an export) and restores it afterwards', async () => {
    const limited = openTableStore(service(target, { commandTimeout: 1 })) as PostgresTableStore;
    try {
      const { stream } = await limited.copyOut('SELECT pg_sleep(1.5) IS NULL AS slept');
      expect(await text(stream)).toBe('slept\nf\n');
      expect((await caught(limited.execute('SELECT pg_sleep(3)'))).code).toBe('DB_QUERY_TIMEOUT');
    } finally {
      await limited.close();
    }
  });

  it('reports a bad query as DB_QUERY_FAILED', async () => {
    const error = await caught(store.copyOut('SELECT * FROM no_such_table_anywhere'));
    expect(error.code).toBe('DB_QUERY_FAILED');
    expect(error.message).toContain('no_such_table_anywhere');
  });
});
