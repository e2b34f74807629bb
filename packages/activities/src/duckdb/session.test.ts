import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyToSql, readFilesSql } from './files.js';
import { checkedTypeName, quoteIdent, quoteLiteral, sqlConstant } from './quote.js';
import { DuckSession } from './session.js';

const dir = mkdtempSync(join(tmpdir(), 'sluice-duck-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('quoting', () => {
  it('cannot be escaped from', async () => {
    const db = await DuckSession.open({ tempDir: dir });
    try {
      const evil = `x"; DROP TABLE t; --`;
      const lit = `it's'; DROP TABLE t; --`;
      await db.run('CREATE TABLE t AS SELECT 1 AS a');
      const r = await db.query(`SELECT ${quoteLiteral(lit)} AS ${quoteIdent(evil)}, ${sqlConstant(['a', "b'c", null])} AS l, ${sqlConstant(2.5)} AS f, ${sqlConstant(true)} AS b FROM t`);
      expect(r.columns).toEqual([evil, 'l', 'f', 'b']);
      expect(r.rows).toEqual([{ [evil]: lit, l: ['a', "b'c", null], f: '2.5', b: true }]);
      expect((await db.query('SELECT count(*) AS n FROM t')).rows).toEqual([{ n: 1 }]);
    } finally {
      db.close();
    }
    expect(() => checkedTypeName('INTEGER); DROP TABLE t; --')).toThrow(/not a DuckDB type name/);
    expect(checkedTypeName('DECIMAL(18, 2)')).toBe('DECIMAL(18, 2)');
  });
});

describe('DuckSession', () => {
  it('applies the memory limit (argument or SLUICE_DUCKDB_MEMORY_LIMIT) and spills to its temp directory', async () => {
    const previous = process.env.SLUICE_DUCKDB_MEMORY_LIMIT;
    process.env.SLUICE_DUCKDB_MEMORY_LIMIT = '96MB';
    const db = await DuckSession.open({ tempDir: join(dir, 'a'), threads: 1 });
    try {
      const settings = (await db.query("SELECT current_setting('memory_limit') AS m, current_setting('temp_directory') AS t")).rows[0];
      expect(settings).toEqual({ m: '91.5 MiB', t: join(dir, 'a', 'duckdb-spill') });
      // Sorting ~4M wide rows needs far more than 96 MB: DuckDB spills, and the answer is still right.
      await db.run("CREATE TEMP TABLE big AS SELECT range AS i, repeat('x', 40) || range AS pad FROM range(4000000)");
      const r = await db.query('SELECT count(*) AS n, min(i) AS lo FROM (SELECT * FROM big ORDER BY pad DESC) AS s');
      expect(r.rows).toEqual([{ n: 4000000, lo: 0 }]);
      expect(readdirSync(join(dir, 'a'))).toContain('duckdb-spill');
    } finally {
      db.close();
      if (previous === undefined) delete process.env.SLUICE_DUCKDB_MEMORY_LIMIT;
      else process.env.SLUICE_DUCKDB_MEMORY_LIMIT = previous;
    }
    await expect(DuckSession.open({ tempDir: dir, memoryLimit: 'lots' })).rejects.toThrow(/not a size/);
  });

  it('binds values, maps binder errors to DUCKDB_SQL_INVALID, and is interrupted by its signal', async () => {
    const abort = new AbortController();
    const db = await DuckSession.open({ tempDir: dir, signal: abort.signal });
    try {
      expect((await db.query('SELECT $1 || $2 AS s', ["a'", '; DROP'])).rows).toEqual([{ s: "a'; DROP" }]);
      await expect(db.query('SELECT nope FROM range(1)')).rejects.toMatchObject({ code: 'DUCKDB_SQL_INVALID' });
      await expect(db.query("SELECT * FROM read_json('/definitely/missing.json')")).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
      const slow = db.query('SELECT count(*) FROM range(100000000000) a WHERE a.range % 7 = 3');
      setTimeout(() => abort.abort(new Error('stop')), 200);
      await expect(slow).rejects.toThrow('stop');
    } finally {
      db.close();
    }
  });

  it('reads and writes dataset files with their format settings, partitioned', async () => {
    const db = await DuckSession.open({ tempDir: dir });
    try {
      const csv = join(dir, 'semi.csv');
      await db.run(copyToSql("SELECT * FROM (VALUES (1, 'a;b', NULL), (2, 'c', 'x')) AS v(id, txt, maybe)", csv, 'DelimitedText', { columnDelimiter: ';', firstRowAsHeader: true, nullValue: 'NULL' }));
      const back = await db.query(`SELECT * FROM ${readFilesSql([csv], 'DelimitedText', { columnDelimiter: ';', firstRowAsHeader: true, nullValue: 'NULL' })} ORDER BY id`);
      expect(back.rows).toEqual([{ id: 1, txt: 'a;b', maybe: null }, { id: 2, txt: 'c', maybe: 'x' }]);
      const out = join(dir, 'parts');
      const n = await db.run(copyToSql('SELECT range % 3 AS k, range AS v FROM range(10)', out, 'Parquet', {}, { partitionBy: ['k'] }));
      expect(n).toBe(10);
      expect(readdirSync(out).sort()).toEqual(['k=0', 'k=1', 'k=2']);
      const gz = join(dir, 'rows.json.gz');
      await db.run(copyToSql('SELECT 1 AS a', gz, 'Json', { compression: { type: 'gzip' } }));
      expect((await db.query(`SELECT * FROM ${readFilesSql([gz], 'Json', {})}`)).rows).toEqual([{ a: 1 }]);
      expect((await db.query(`SELECT * FROM ${readFilesSql([gz], 'Json', {}, { columns: [{ name: 'a', type: 'String' }] })}`)).rows).toEqual([{ a: '1' }]);
    } finally {
      db.close();
    }
  });
});
