/**
 * The transactional table sink shared by PostgreSQL and MySQL/MariaDB. One connection and one
 * transaction per sink: BEGIN at `open` (then the pre-copy script, then the table check or creation),
 * multi-row parameterized INSERTs (or upserts) per batch, COMMIT only in `commit`, ROLLBACK in `abort` —
 * so a failed or cancelled copy leaves no partial batch behind. Each batch runs under a savepoint: when
 * the database refuses it, the sink finds the row it refuses (one row at a time, inside the same
 * transaction) and fails naming that row's number within the copy.
 */
import { SluiceError, type ErrorCode } from '@sluice/engine';
import type { Column, LogicalType, Row, RowSink, SinkResult, TableName, TableWriteOptions } from '../contract.js';
import { displayName, qualifiedName, quoteIdentifier, type QuoteChar } from './identifiers.js';

/** A column of an existing table, as the database describes it. */
export interface TargetColumn extends Column {
  /** The database's type name (`integer`, `varchar(20)`, `jsonb` …). */
  readonly sqlType: string;
}

/** The connection a sink holds for its transaction. */
export interface SinkSession {
  /** Runs one statement; returns the affected rows. Throws the driver's error unchanged. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Gives the connection back; `broken` destroys it instead (after an error, a cancel). */
  release(broken: boolean): void;
}

/** What differs between databases, for the sink. */
export interface SinkDialect<S extends SinkSession = SinkSession> {
  readonly quote: QuoteChar;
  /** Most bind parameters one statement may carry. */
  readonly maxParams: number;
  /** True when DDL is transactional (PostgreSQL); otherwise the table is created before BEGIN. */
  readonly transactionalDdl: boolean;
  /** The statement that starts the transaction. */
  readonly begin: string;
  /** True when one INSERT … ON CONFLICT may not touch a key twice (PostgreSQL): batches keep the last row per key. */
  readonly dedupeUpsertBatches: boolean;
  connect(signal: AbortSignal): Promise<S>;
  /** The table's columns, or undefined when it does not exist (seen from inside the sink's session). */
  describe(session: S, table: TableName): Promise<readonly TargetColumn[] | undefined>;
  /** The column sets of the table's unique indexes and primary key. */
  uniqueKeySets(session: S, table: TableName): Promise<ReadonlyArray<readonly string[]>>;
  /** The SQL type a created table gives a column of this logical type. */
  columnType(column: Column, isKey: boolean): string;
  /** The n-th (1-based) bind placeholder. */
  placeholder(n: number): string;
  /** The clause after VALUES that turns an INSERT into an upsert on `keys` (names quoted). */
  upsertClause(columns: readonly string[], keys: readonly string[]): string;
  /** A value made ready to bind for `target` (declared: the logical type the rows carry). */
  toParam(value: unknown, declared: LogicalType | undefined, target: TargetColumn): unknown;
  /** A driver error as a coded error (`code` is the default for errors the mapper does not classify). */
  mapError(error: unknown, what: string, code: ErrorCode, row?: number): SluiceError;
  /** True for errors after which the connection is unusable or retrying the batch row by row is pointless. */
  isFatal(error: unknown): boolean;
  /**
   * A faster path for plain inserts (PostgreSQL's `COPY … FROM STDIN`), given the bound values of each
   * row. Returns false, before writing anything, when it cannot carry these values (then INSERTs are used).
   */
  bulkInsert?(session: S, table: string, columns: readonly string[], rows: ReadonlyArray<readonly unknown[]>): Promise<boolean>;
  /** The 1-based row of a failed bulk insert the database names, when it does. */
  bulkErrorRow?(error: unknown): number | undefined;
}

const SAVEPOINT = 'sluice_batch';
const ROW_SAVEPOINT = 'sluice_row';

/** Finds a target column: exact name, else the one name equal ignoring case. */
function matchColumn(name: string, targets: readonly TargetColumn[]): TargetColumn | undefined {
  const exact = targets.find((t) => t.name === name);
  if (exact) return exact;
  const folded = targets.filter((t) => t.name.toLowerCase() === name.toLowerCase());
  return folded.length === 1 ? folded[0] : undefined;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a.map((x) => x.toLowerCase()));
  return b.every((x) => set.has(x.toLowerCase()));
}

/** Rough byte size of a bound value, for `dataWritten`. */
function sizeOf(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') return value.length;
  if (value instanceof Uint8Array) return value.byteLength;
  return 8;
}

/** A transactional table sink; see the module comment. */
export class SqlTableSink<S extends SinkSession = SinkSession> implements RowSink {
  private session: S | undefined;
  private createdTable = false;
  private columns: readonly Column[] = [];
  private targets: readonly TargetColumn[] = [];
  private statementPrefix = '';
  private statementSuffix = '';
  private keyIndexes: number[] = [];
  private readonly statements = new Map<number, string>();
  private rowsWritten = 0;
  private bytesWritten = 0;
  /** Set when the bulk path declined once (values it cannot carry): INSERTs from then on. */
  private bulkDeclined = false;
  private finished = false;

  constructor(
    private readonly dialect: SinkDialect<S>,
    private readonly table: TableName,
    private readonly options: TableWriteOptions,
  ) {}

  private get name(): string {
    return displayName(this.table);
  }

  async open(columns: readonly Column[], signal: AbortSignal): Promise<void> {
    if (this.session || this.finished) throw new SluiceError('INTERNAL', `The sink of table '${this.name}' is already open.`);
    signal.throwIfAborted();
    try {
      await this.start(columns, signal);
    } catch (error) {
      await this.abort();
      throw signal.aborted ? signal.reason : error;
    }
  }

  private async start(columns: readonly Column[], signal: AbortSignal): Promise<void> {
    if (columns.length === 0) throw new SluiceError('DB_COLUMN_NOT_FOUND', `No columns to write into table '${this.name}'.`);
    const qualified = qualifiedName(this.table, this.dialect.quote);
    const keys = this.options.mode === 'upsert' ? [...(this.options.keys ?? [])] : [];
    if (this.options.mode === 'upsert' && keys.length === 0) {
      throw new SluiceError('DB_UPSERT_KEYS_NOT_UNIQUE', `An upsert into table '${this.name}' needs key columns (upsertSettings.keys).`);
    }
    const session = await this.dialect.connect(signal);
    this.session = session;
    const run = async (sql: string, what: string): Promise<void> => {
      try {
        await session.run(sql);
      } catch (error) {
        throw this.dialect.mapError(error, what, 'DB_QUERY_FAILED');
      }
    };
    const describe = async (): Promise<readonly TargetColumn[] | undefined> => {
      try {
        return await this.dialect.describe(session, this.table);
      } catch (error) {
        throw this.dialect.mapError(error, `describing table '${this.name}'`, 'DB_QUERY_FAILED');
      }
    };
    const create = async (): Promise<void> => {
      const definitions = columns.map((c) => `${quoteIdentifier(c.name, this.dialect.quote)} ${this.dialect.columnType(c, keys.some((k) => k.toLowerCase() === c.name.toLowerCase()))}`);
      if (keys.length > 0) definitions.push(`PRIMARY KEY (${keys.map((k) => quoteIdentifier(k, this.dialect.quote)).join(', ')})`);
      await run(`CREATE TABLE ${qualified} (${definitions.join(', ')})`, `creating table '${this.name}'`);
    };

    let targets: readonly TargetColumn[] | undefined;
    if (!this.dialect.transactionalDdl) {
      targets = await describe();
      if (!targets && this.options.createTable) {
        await create();
        this.createdTable = true;
      }
    }
    await run(this.dialect.begin, 'starting a transaction');
    if (this.options.preCopyScript && this.options.preCopyScript.trim() !== '') await run(this.options.preCopyScript, `running the pre-copy script of table '${this.name}'`);
    targets = await describe();
    if (!targets && this.options.createTable && this.dialect.transactionalDdl) {
      await create();
      targets = await describe();
    }
    if (!targets) throw new SluiceError('DB_TABLE_NOT_FOUND', `Table '${this.name}' does not exist (set the sink's tableOption to autoCreate to create it).`);

    const matched = columns.map((c) => {
      const target = matchColumn(c.name, targets);
      if (!target) throw new SluiceError('DB_COLUMN_NOT_FOUND', `Table '${this.name}' has no column '${c.name}' (it has ${targets.map((t) => t.name).join(', ')}).`);
      return target;
    });
    if (keys.length > 0) {
      const keyTargets = keys.map((k) => {
        const index = columns.findIndex((c) => c.name.toLowerCase() === k.toLowerCase());
        if (index < 0) throw new SluiceError('DB_COLUMN_NOT_FOUND', `The upsert key '${k}' is not a column written into table '${this.name}'.`);
        this.keyIndexes.push(index);
        return matched[index] as TargetColumn;
      });
      let sets: ReadonlyArray<readonly string[]>;
      try {
        sets = await this.dialect.uniqueKeySets(session, this.table);
      } catch (error) {
        throw this.dialect.mapError(error, `reading the indexes of table '${this.name}'`, 'DB_QUERY_FAILED');
      }
      const keyNames = keyTargets.map((t) => t.name);
      if (!sets.some((set) => sameSet(set, keyNames))) {
        throw new SluiceError('DB_UPSERT_KEYS_NOT_UNIQUE', `Table '${this.name}' has no primary key or unique index on exactly (${keyNames.join(', ')}); an upsert on these keys needs one.`);
      }
    }
    this.columns = columns;
    this.targets = matched;
    const quotedColumns = matched.map((t) => quoteIdentifier(t.name, this.dialect.quote));
    this.statementPrefix = `INSERT INTO ${qualified} (${quotedColumns.join(', ')}) VALUES `;
    this.statementSuffix = keys.length > 0 ? ` ${this.dialect.upsertClause(quotedColumns, this.keyIndexes.map((i) => quotedColumns[i] as string))}` : '';
  }

  /** The INSERT for `count` rows (cached: batches come in one or two sizes). */
  private statement(count: number): string {
    let sql = this.statements.get(count);
    if (sql) return sql;
    const width = this.columns.length;
    const groups = new Array<string>(count);
    let n = 0;
    for (let r = 0; r < count; r++) {
      const marks = new Array<string>(width);
      for (let c = 0; c < width; c++) marks[c] = this.dialect.placeholder(++n);
      groups[r] = `(${marks.join(', ')})`;
    }
    sql = this.statementPrefix + groups.join(', ') + this.statementSuffix;
    if (this.statements.size < 8) this.statements.set(count, sql);
    return sql;
  }

  private params(rows: readonly Row[], firstRow: number): unknown[] {
    const params: unknown[] = [];
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as Row;
      for (let c = 0; c < this.columns.length; c++) {
        const column = this.columns[c] as Column;
        let value: unknown;
        try {
          value = this.dialect.toParam(row[column.name], column.type, this.targets[c] as TargetColumn);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new SluiceError('DB_ROW_REJECTED', `Row ${firstRow + r} cannot be written into table '${this.name}': column '${column.name}': ${reason}`, { row: firstRow + r });
        }
        this.bytesWritten += sizeOf(value);
        params.push(value);
      }
    }
    return params;
  }

  /** For upserts where one statement may not touch a key twice: the last row of each key, in order. */
  private lastPerKey(rows: readonly Row[]): { rows: Row[]; numbers: number[] } {
    const seen = new Map<string, number>();
    rows.forEach((row, i) => {
      const key = JSON.stringify(this.keyIndexes.map((k) => {
        const v = row[(this.columns[k] as Column).name];
        return typeof v === 'bigint' ? v.toString() : v;
      }));
      seen.set(key, i);
    });
    const keep = [...seen.values()].sort((a, b) => a - b);
    return { rows: keep.map((i) => rows[i] as Row), numbers: keep };
  }

  /** Bound values row by row (for the bulk path). */
  private rowValues(rows: readonly Row[], firstRow: number): unknown[][] {
    const width = this.columns.length;
    const flat = this.params(rows, firstRow);
    const out = new Array<unknown[]>(rows.length);
    for (let r = 0; r < rows.length; r++) out[r] = flat.slice(r * width, (r + 1) * width);
    return out;
  }

  /** Writes `rows` through the dialect's bulk path; false when the dialect has none or declines these rows. */
  private async writeBulk(session: S, rows: readonly Row[], signal: AbortSignal): Promise<boolean> {
    const bulk = this.dialect.bulkInsert;
    if (!bulk || this.keyIndexes.length > 0 || this.bulkDeclined || rows.length === 0) return false;
    const firstRow = this.rowsWritten + 1;
    const bytesBefore = this.bytesWritten;
    const values = this.rowValues(rows, firstRow);
    const columns = this.targets.map((t) => quoteIdentifier(t.name, this.dialect.quote));
    await session.run(`SAVEPOINT ${SAVEPOINT}`).catch((error: unknown) => {
      throw this.dialect.mapError(error, `writing into table '${this.name}'`, 'DB_QUERY_FAILED');
    });
    try {
      const done = await bulk.call(this.dialect, session, qualifiedName(this.table, this.dialect.quote), columns, values);
      if (!done) {
        this.bulkDeclined = true;
        this.bytesWritten = bytesBefore;
        await session.run(`RELEASE SAVEPOINT ${SAVEPOINT}`);
        return false;
      }
      await session.run(`RELEASE SAVEPOINT ${SAVEPOINT}`);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const line = this.dialect.bulkErrorRow?.(error);
      if (line !== undefined && !this.dialect.isFatal(error)) {
        const rowNumber = firstRow + line - 1;
        throw this.dialect.mapError(error, `row ${rowNumber} was refused by table '${this.name}'`, 'DB_ROW_REJECTED', rowNumber);
      }
      throw await this.diagnose(session, rows, undefined, firstRow, error);
    }
    this.rowsWritten += rows.length;
    return true;
  }

  async write(rows: readonly Row[], signal: AbortSignal): Promise<void> {
    const session = this.session;
    if (!session || this.finished) throw new SluiceError('INTERNAL', `The sink of table '${this.name}' is not open.`);
    signal.throwIfAborted();
    if (await this.writeBulk(session, rows, signal)) return;
    const perStatement = Math.max(1, Math.min(this.options.batchSize ?? 1000, Math.floor(this.dialect.maxParams / this.columns.length)));
    for (let start = 0; start < rows.length; start += perStatement) {
      signal.throwIfAborted();
      const chunk = rows.slice(start, start + perStatement);
      const firstRow = this.rowsWritten + 1;
      let batch: readonly Row[] = chunk;
      let numbers: number[] | undefined;
      if (this.keyIndexes.length > 0 && this.dialect.dedupeUpsertBatches) ({ rows: batch as Row[], numbers } = this.lastPerKey(chunk));
      const params = this.params(batch, firstRow);
      try {
        await session.run(`SAVEPOINT ${SAVEPOINT}`);
        await session.run(this.statement(batch.length), params);
        await session.run(`RELEASE SAVEPOINT ${SAVEPOINT}`);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        throw await this.diagnose(session, batch, numbers, firstRow, error);
      }
      this.rowsWritten += chunk.length;
    }
  }

  /** After a refused batch: retries its rows one by one to name the row the database refuses. */
  private async diagnose(session: S, rows: readonly Row[], numbers: number[] | undefined, firstRow: number, batchError: unknown): Promise<SluiceError> {
    const last = firstRow + (numbers ? (numbers[numbers.length - 1] ?? 0) : rows.length - 1);
    const range = `rows ${firstRow}–${last}`;
    if (this.dialect.isFatal(batchError)) return this.dialect.mapError(batchError, `writing ${range} into table '${this.name}'`, 'DB_ROW_REJECTED');
    try {
      await session.run(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
      const one = this.statement(1);
      for (let i = 0; i < rows.length; i++) {
        const rowNumber = firstRow + (numbers ? (numbers[i] ?? i) : i);
        await session.run(`SAVEPOINT ${ROW_SAVEPOINT}`);
        try {
          await session.run(one, this.params([rows[i] as Row], rowNumber));
        } catch (error) {
          await session.run(`ROLLBACK TO SAVEPOINT ${ROW_SAVEPOINT}`).catch(() => undefined);
          return this.dialect.mapError(error, `row ${rowNumber} was refused by table '${this.name}'`, 'DB_ROW_REJECTED', rowNumber);
        }
        await session.run(`RELEASE SAVEPOINT ${ROW_SAVEPOINT}`);
      }
    } catch (error) {
      if (error instanceof SluiceError) return error;
    }
    return this.dialect.mapError(batchError, `writing ${range} into table '${this.name}'`, 'DB_ROW_REJECTED');
  }

  async commit(signal: AbortSignal): Promise<SinkResult> {
    const session = this.session;
    if (!session || this.finished) throw new SluiceError('INTERNAL', `The sink of table '${this.name}' is not open.`);
    signal.throwIfAborted();
    try {
      await session.run('COMMIT');
    } catch (error) {
      throw this.dialect.mapError(error, `committing the rows written into table '${this.name}'`, 'DB_QUERY_FAILED');
    }
    this.finished = true;
    this.session = undefined;
    session.release(false);
    return { rowsWritten: this.rowsWritten, bytesWritten: this.bytesWritten, targets: [this.name] };
  }

  async abort(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.finished = true;
    if (!session) return;
    let broken = false;
    try {
      await session.run('ROLLBACK');
      if (this.createdTable) await session.run(`DROP TABLE IF EXISTS ${qualifiedName(this.table, this.dialect.quote)}`);
    } catch {
      broken = true;
    } finally {
      session.release(broken);
    }
  }
}
