/**
 * A fast Parquet writer for flat schemas (every column top-level and OPTIONAL, which is all Sluice writes):
 * values are buffered per column for one row group, then each column is written as one PLAIN data page
 * (definition levels RLE/bit-packed), compressed with the chosen codec, followed at the end by the footer.
 * Statistics: null counts, and min/max of numeric, date and timestamp columns (for readers' pruning).
 * parquetjs's generic writer (Dremel shredding of every row into objects) is several times slower; its
 * codecs are reused (`deflate`), and its reader reads these files (as DuckDB does; the tests check both).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { deflate } from '@dsnp/parquetjs/dist/lib/compression.js';
import { CompactWriter } from './thrift.js';

/** Physical types (parquet.thrift `Type`). */
export const PhysicalType = { BOOLEAN: 0, INT32: 1, INT64: 2, DOUBLE: 5, BYTE_ARRAY: 6, FIXED_LEN_BYTE_ARRAY: 7 } as const;
/** Converted types (parquet.thrift `ConvertedType`). */
export const ConvertedType = { UTF8: 0, DECIMAL: 5, DATE: 6, TIMESTAMP_MICROS: 10, JSON: 19 } as const;

/** A column as written: its name, physical type and annotations. */
export interface PageColumn {
  readonly name: string;
  readonly physical: (typeof PhysicalType)[keyof typeof PhysicalType];
  readonly converted?: (typeof ConvertedType)[keyof typeof ConvertedType];
  readonly typeLength?: number;
  readonly precision?: number;
  readonly scale?: number;
}

/** Values of a column, already in their physical form: number, bigint, boolean, string or bytes. */
export type PhysicalValue = number | bigint | boolean | string | Uint8Array;

const CODEC_IDS = { UNCOMPRESSED: 0, SNAPPY: 1, GZIP: 2 } as const;
const MAGIC = Buffer.from('PAR1');
const TWO_32 = 4294967296;

interface ChunkMeta {
  readonly column: PageColumn;
  readonly offset: number;
  readonly numValues: number;
  readonly nulls: number;
  readonly stats: { min: Buffer; max: Buffer } | undefined;
  readonly uncompressed: number;
  readonly compressed: number;
}

/** Writes a Statistics struct's fields: null count, then max_value and min_value when known. */
function statistics(w: CompactWriter, nulls: number, stats: { min: Buffer; max: Buffer } | undefined): void {
  w.i64(3, nulls);
  if (stats) w.binary(5, stats.max).binary(6, stats.min);
}

function varint(value: number, out: number[]): void {
  let v = value >>> 0;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
}

/** Definition levels (bit width 1) in the RLE/bit-packed hybrid, with their 4-byte length prefix. */
function definitionLevels(defined: Uint8Array, count: number, nulls: number): Buffer {
  const header: number[] = [];
  let body: Buffer;
  if (nulls === 0) {
    varint(count << 1, header);
    body = Buffer.from([1]);
  } else {
    const groups = Math.ceil(count / 8);
    varint((groups << 1) | 1, header);
    body = Buffer.alloc(groups);
    for (let i = 0; i < count; i++) if (defined[i]) body[i >> 3] = (body[i >> 3] as number) | (1 << (i & 7));
  }
  const out = Buffer.alloc(4 + header.length + body.length);
  out.writeUInt32LE(header.length + body.length, 0);
  Buffer.from(header).copy(out, 4);
  body.copy(out, 4 + header.length);
  return out;
}

/** PLAIN encoding of the non-null values of a column. */
function plainValues(column: PageColumn, values: readonly PhysicalValue[]): Buffer {
  const n = values.length;
  switch (column.physical) {
    case PhysicalType.BOOLEAN: {
      const buf = Buffer.alloc(Math.ceil(n / 8));
      for (let i = 0; i < n; i++) if (values[i]) buf[i >> 3] = (buf[i >> 3] as number) | (1 << (i & 7));
      return buf;
    }
    case PhysicalType.INT32: {
      const buf = Buffer.allocUnsafe(4 * n);
      for (let i = 0; i < n; i++) buf.writeInt32LE(values[i] as number, 4 * i);
      return buf;
    }
    case PhysicalType.INT64: {
      const buf = Buffer.allocUnsafe(8 * n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (typeof v === 'bigint') buf.writeBigInt64LE(v, 8 * i);
        else {
          const x = v as number;
          const hi = Math.floor(x / TWO_32);
          buf.writeUInt32LE(x - hi * TWO_32, 8 * i);
          buf.writeInt32LE(hi, 8 * i + 4);
        }
      }
      return buf;
    }
    case PhysicalType.DOUBLE: {
      const buf = Buffer.allocUnsafe(8 * n);
      for (let i = 0; i < n; i++) buf.writeDoubleLE(values[i] as number, 8 * i);
      return buf;
    }
    case PhysicalType.FIXED_LEN_BYTE_ARRAY: {
      const length = column.typeLength ?? 0;
      const buf = Buffer.alloc(length * n);
      for (let i = 0; i < n; i++) buf.set(values[i] as Uint8Array, i * length);
      return buf;
    }
    default: {
      let total = 0;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        total += 4 + (typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : (v as Uint8Array).length);
      }
      const buf = Buffer.allocUnsafe(total);
      let offset = 0;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (typeof v === 'string') {
          const written = buf.write(v, offset + 4, 'utf8');
          buf.writeUInt32LE(written, offset);
          offset += 4 + written;
        } else {
          const bytes = v as Uint8Array;
          buf.writeUInt32LE(bytes.length, offset);
          buf.set(bytes, offset + 4);
          offset += 4 + bytes.length;
        }
      }
      return buf;
    }
  }
}

/** Min and max of a numeric column's values, PLAIN-encoded (Parquet statistics), or undefined. */
export function numericStatistics(column: PageColumn, values: readonly PhysicalValue[]): { min: Buffer; max: Buffer } | undefined {
  const { physical } = column;
  if (physical !== PhysicalType.INT32 && physical !== PhysicalType.INT64 && physical !== PhysicalType.DOUBLE) return undefined;
  let min: number | bigint | undefined;
  let max: number | bigint | undefined;
  for (const v of values) {
    const x = v as number | bigint;
    if (typeof x === 'number' && Number.isNaN(x)) continue;
    if (min === undefined || x < min) min = x;
    if (max === undefined || x > max) max = x;
  }
  if (min === undefined || max === undefined) return undefined;
  // The spec's rule for floating zeros: a zero minimum is written -0, a zero maximum +0.
  if (physical === PhysicalType.DOUBLE && min === 0) min = -0;
  if (physical === PhysicalType.DOUBLE && max === 0) max = 0;
  const encode = (x: number | bigint): Buffer => plainValues(column, [x]);
  return { min: encode(min), max: encode(max) };
}

/** Writes one Parquet file to a stream, row group by row group. */
export class PageWriter {
  readonly #output: Writable;
  readonly #columns: readonly PageColumn[];
  readonly #codec: keyof typeof CODEC_IDS;
  readonly #rowGroupSize: number;
  #values: PhysicalValue[][];
  #defined: Uint8Array[];
  #nulls: number[];
  #rows = 0;
  #offset = 0;
  #totalRows = 0;
  readonly #groups: Array<{ chunks: ChunkMeta[]; rows: number }> = [];
  #failure: Error | undefined;

  constructor(output: Writable, columns: readonly PageColumn[], codec: keyof typeof CODEC_IDS, rowGroupSize: number) {
    this.#output = output;
    this.#columns = columns;
    this.#codec = codec;
    this.#rowGroupSize = rowGroupSize;
    this.#values = columns.map(() => []);
    this.#defined = columns.map(() => new Uint8Array(rowGroupSize));
    this.#nulls = columns.map(() => 0);
    output.on('error', (error: Error) => (this.#failure = error));
    this.#output.write(MAGIC);
    this.#offset = MAGIC.length;
  }

  async #emit(bytes: Buffer): Promise<void> {
    if (this.#failure) throw this.#failure;
    this.#offset += bytes.length;
    if (!this.#output.write(bytes)) await once(this.#output, 'drain');
    if (this.#failure) throw this.#failure;
  }

  /**
   * Adds one row: values in column order, `undefined` for null. Returns a promise only when the row
   * completed a row group that is being written (await it: that is the back-pressure).
   */
  append(values: readonly (PhysicalValue | undefined)[]): Promise<void> | undefined {
    if (this.#failure) throw this.#failure;
    const row = this.#rows;
    for (let c = 0; c < this.#columns.length; c++) {
      const value = values[c];
      if (value === undefined) this.#nulls[c] = (this.#nulls[c] as number) + 1;
      else {
        (this.#defined[c] as Uint8Array)[row] = 1;
        (this.#values[c] as PhysicalValue[]).push(value);
      }
    }
    this.#rows = row + 1;
    return this.#rows >= this.#rowGroupSize ? this.#flush() : undefined;
  }

  async #flush(): Promise<void> {
    const rows = this.#rows;
    if (rows === 0) return;
    const chunks: ChunkMeta[] = [];
    for (let c = 0; c < this.#columns.length; c++) {
      const column = this.#columns[c] as PageColumn;
      const nulls = this.#nulls[c] as number;
      const stats = numericStatistics(column, this.#values[c] as PhysicalValue[]);
      const body = Buffer.concat([definitionLevels(this.#defined[c] as Uint8Array, rows, nulls), plainValues(column, this.#values[c] as PhysicalValue[])]);
      const compressed = this.#codec === 'UNCOMPRESSED' ? body : await deflate(this.#codec, body);
      const header = new CompactWriter()
        .i32(1, 0)
        .i32(2, body.length)
        .i32(3, compressed.length)
        .struct(5, (w) => w.i32(1, rows).i32(2, 0).i32(3, 3).i32(4, 3).struct(5, (s) => statistics(s, nulls, stats)))
        .finish();
      const offset = this.#offset;
      await this.#emit(header);
      await this.#emit(compressed);
      chunks.push({ column, offset, numValues: rows, nulls, stats, uncompressed: header.length + body.length, compressed: header.length + compressed.length });
    }
    this.#groups.push({ chunks, rows });
    this.#totalRows += rows;
    this.#rows = 0;
    this.#values = this.#columns.map(() => []);
    this.#defined = this.#columns.map(() => new Uint8Array(this.#rowGroupSize));
    this.#nulls = this.#columns.map(() => 0);
  }

  /** Writes the last row group and the footer, then ends the stream (resolves when it has finished). */
  async end(): Promise<void> {
    await this.#flush();
    const codec = CODEC_IDS[this.#codec];
    const footer = new CompactWriter()
      .i32(1, 1)
      .listStruct(2, [undefined, ...this.#columns], (w, column) => {
        if (column === undefined) {
          w.binary(4, 'schema').i32(5, this.#columns.length);
          return;
        }
        w.i32(1, column.physical);
        if (column.typeLength !== undefined) w.i32(2, column.typeLength);
        w.i32(3, 1).binary(4, column.name);
        if (column.converted !== undefined) w.i32(6, column.converted);
        if (column.scale !== undefined) w.i32(7, column.scale);
        if (column.precision !== undefined) w.i32(8, column.precision);
      })
      .i64(3, this.#totalRows)
      .listStruct(4, this.#groups, (w, group) => {
        w.listStruct(1, group.chunks, (cw, chunk) => {
          cw.i64(2, chunk.offset).struct(3, (m) =>
            m
              .i32(1, chunk.column.physical)
              .listI32(2, [0, 3])
              .listBinary(3, [chunk.column.name])
              .i32(4, codec)
              .i64(5, chunk.numValues)
              .i64(6, chunk.uncompressed)
              .i64(7, chunk.compressed)
              .i64(9, chunk.offset)
              .struct(12, (s) => statistics(s, chunk.nulls, chunk.stats)),
          );
        });
        const bytes = group.chunks.reduce((sum, c) => sum + c.uncompressed, 0);
        const compressed = group.chunks.reduce((sum, c) => sum + c.compressed, 0);
        w.i64(2, bytes).i64(3, group.rows).i64(5, group.chunks[0]?.offset ?? 4).i64(6, compressed);
      })
      .binary(6, 'Sluice (flat Parquet writer)')
      // TYPE_ORDER for every column: readers trust min_value/max_value only when the order is declared.
      .listStruct(7, this.#columns, (w) => w.struct(1, () => undefined))
      .finish();
    const length = Buffer.alloc(4);
    length.writeUInt32LE(footer.length, 0);
    await this.#emit(Buffer.concat([footer, length, MAGIC]));
    if (this.#failure) throw this.#failure;
    await new Promise<void>((resolve, reject) => {
      this.#output.once('error', reject);
      this.#output.end(() => resolve());
    });
  }
}
