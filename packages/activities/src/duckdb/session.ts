/**
 * One DuckDB database for one unit of work (a data flow run, a preview, a Copy fast path): in memory,
 * spilling to a private temporary directory when it outgrows its memory limit, closed when the work
 * ends. Everything that runs SQL in Sluice's activities goes through {@link DuckSession}, so limits,
 * parameter binding and error mapping are the same everywhere.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { duckError } from './errors.js';
import { jsonRows, type JsonRow } from './values.js';

/** Options of {@link DuckSession.open}. */
export interface DuckSessionOptions {
  /** A directory private to the caller (an activity's `tempDir`): DuckDB spills to `<tempDir>/duckdb-spill`. */
  readonly tempDir: string;
  /**
   * DuckDB's memory limit (`'2GB'`, `'512MB'`, `'75%'`). Default: `SLUICE_DUCKDB_MEMORY_LIMIT`, else
   * DuckDB's own default (80 % of RAM). Past it, DuckDB spills joins, sorts and aggregates to disk.
   */
  readonly memoryLimit?: string;
  /** Worker threads (default: `SLUICE_DUCKDB_THREADS`, else DuckDB's default: one per core). */
  readonly threads?: number;
  /** Aborting interrupts the running statement; the statement then fails with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** Bound values of a statement: positional (`$1`, `?`) or by name (`$name`). */
export type BoundValues = readonly DuckDBValue[] | Readonly<Record<string, DuckDBValue>>;

/** A query's result, as plain JSON. */
export interface QueryResult {
  readonly columns: readonly string[];
  /** DuckDB's type names (`BIGINT`, `VARCHAR`, `STRUCT(…)`). */
  readonly types: readonly string[];
  readonly rows: readonly JsonRow[];
}

const MEMORY_LIMIT = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB|%)$/i;

/**
 * A DuckDB database and one connection. Statements run one at a time (DuckDB parallelises inside a
 * statement). Values are always bound through prepared statements ({@link run}'s `values`): callers
 * never paste data into SQL text.
 *
 * @example
 * const db = await DuckSession.open({ tempDir: ctx.tempDir, signal: ctx.signal });
 * try {
 *   await db.run(`CREATE TEMP VIEW src AS SELECT * FROM ${readFilesSql(['/data/a.parquet'], 'Parquet', {})}`);
 *   const { rows } = await db.query('SELECT count(*) AS n FROM src WHERE day = $day', { day: '2024-03-01' });
 * } finally { db.close(); }
 */
export class DuckSession {
  readonly #instance: DuckDBInstance;
  readonly #connection: DuckDBConnection;
  readonly #signal: AbortSignal | undefined;
  #closed = false;

  private constructor(instance: DuckDBInstance, connection: DuckDBConnection, signal: AbortSignal | undefined) {
    this.#instance = instance;
    this.#connection = connection;
    this.#signal = signal;
    signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** Opens an in-memory database with its spill directory under `tempDir`. */
  static async open(options: DuckSessionOptions): Promise<DuckSession> {
    const spill = join(options.tempDir, 'duckdb-spill');
    mkdirSync(spill, { recursive: true });
    const config: Record<string, string> = { temp_directory: spill, preserve_insertion_order: 'true' };
    const memory = options.memoryLimit ?? process.env.SLUICE_DUCKDB_MEMORY_LIMIT;
    if (memory !== undefined && memory !== '') {
      if (!MEMORY_LIMIT.test(memory.trim())) throw new TypeError(`The DuckDB memory limit '${memory}' is not a size like 2GB, 512MB or 75%.`);
      config.memory_limit = memory.trim();
    }
    const threads = options.threads ?? (process.env.SLUICE_DUCKDB_THREADS ? Number(process.env.SLUICE_DUCKDB_THREADS) : undefined);
    if (threads !== undefined && Number.isInteger(threads) && threads > 0) config.threads = String(threads);
    const instance = await DuckDBInstance.create(':memory:', config);
    const connection = await instance.connect();
    return new DuckSession(instance, connection, options.signal);
  }

  readonly #onAbort = (): void => {
    if (!this.#closed) this.#connection.interrupt();
  };

  #checkSignal(): void {
    if (this.#signal?.aborted) throw this.#signal.reason instanceof Error ? this.#signal.reason : new Error('Aborted');
  }

  /**
   * Runs one statement with bound values; returns the rows it changed (DuckDB reports the rows written
   * by `COPY … TO` and `INSERT` here). Errors become `SluiceError`s (see `errors.ts`).
   */
  async run(sql: string, values?: BoundValues): Promise<number> {
    this.#checkSignal();
    try {
      const result = await this.#connection.run(sql, values as DuckDBValue[] | Record<string, DuckDBValue> | undefined);
      return Number(result.rowsChanged);
    } catch (error) {
      this.#checkSignal();
      throw duckError(error, sql);
    }
  }

  /** Runs a query with bound values and reads every row (use LIMIT for large results). */
  async query(sql: string, values?: BoundValues): Promise<QueryResult> {
    this.#checkSignal();
    try {
      const reader = await this.#connection.runAndReadAll(sql, values as DuckDBValue[] | Record<string, DuckDBValue> | undefined);
      const types = reader.columnTypes().map((t) => t.toString());
      return { columns: reader.columnNames(), types, rows: jsonRows(reader.getRowObjectsJson(), reader.columnNames(), types) };
    } catch (error) {
      this.#checkSignal();
      throw duckError(error, sql);
    }
  }

  /** The columns (name and DuckDB type) of a table, view or query, without running it. */
  async describe(relation: string): Promise<Array<{ name: string; type: string }>> {
    const { rows } = await this.query(`DESCRIBE ${relation}`);
    return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  }

  /**
   * The tables a query reads, from DuckDB's own parser (`json_serialize_sql`), without binding it:
   * views are not expanded and names of the query's CTEs are left out.
   */
  async tableNames(sql: string): Promise<string[]> {
    const { rows } = await this.query('SELECT json_serialize_sql(CAST($1 AS VARCHAR)) AS ast', [sql]);
    const ast = JSON.parse(String(rows[0]?.ast ?? '{}')) as Record<string, unknown>;
    if (ast.error === true) throw duckError(new Error(`Parser Error: ${String(ast.error_message ?? 'syntax error')}`), sql);
    const tables = new Set<string>();
    const ctes = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) { node.forEach(walk); return; }
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (o.type === 'BASE_TABLE' && typeof o.table_name === 'string') tables.add(o.table_name);
      const map = (o.cte_map as { map?: Array<{ key?: unknown }> } | undefined)?.map;
      if (Array.isArray(map)) for (const m of map) if (typeof m.key === 'string') ctes.add(m.key.toLowerCase());
      for (const v of Object.values(o)) walk(v);
    };
    walk(ast);
    return [...tables].filter((t) => !ctes.has(t.toLowerCase()));
  }

  /** Closes the connection and the database (the spill files go with the caller's tempDir). Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#connection.closeSync();
    this.#instance.closeSync();
  }
}
