/**
 * Writing rows as Parquet into a Writable: the schema comes from the columns (all OPTIONAL), values are
 * checked and converted to the column's type (a value that does not convert fails with
 * `VALUE_CONVERSION_FAILED` naming the column), row groups are bounded (64k rows by default, the
 * `rowGroupSize` setting) so memory stays bounded, and writes wait for the stream to drain.
 */
import type { Writable } from 'node:stream';
import { SluiceError } from '@sluice/engine';
import type { Column, FormatWriter, Row } from '../../connectors/contract.js';
import { valueJson } from '../json/writer.js';
import { compressionSetting, type FormatSettings } from '../settings.js';
import { converter, type ValueConverter } from '../types/convert.js';
import { ConvertedType, PageWriter, PhysicalType, type PageColumn, type PhysicalValue } from './page-writer.js';
import { bigIntToBytes, fieldDefinition } from './schema.js';

/** Rows per row group unless the settings say otherwise. */
export const DEFAULT_ROW_GROUP_SIZE = 65_536;

const CODECS: Readonly<Record<string, 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP'>> = { none: 'UNCOMPRESSED', uncompressed: 'UNCOMPRESSED', snappy: 'SNAPPY', gzip: 'GZIP' };

/** The Parquet compression of the settings (snappy by default); `COMPRESSION_UNSUPPORTED` for others. */
export function parquetCompression(settings: FormatSettings): 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP' {
  const codec = compressionSetting(settings);
  const name = codec === 'none' && settings.compressionCodec === undefined ? 'snappy' : codec;
  const out = CODECS[name];
  if (!out) throw new SluiceError('COMPRESSION_UNSUPPORTED', `Compression '${codec}' is not supported for Parquet files (supported: none, snappy, gzip).`, { pointer: '/typeProperties/compressionCodec' });
  return out;
}

const MS_PER_DAY = 86_400_000;
const SAFE_MICROS_MS = Number.MAX_SAFE_INTEGER / 1000;

/** The physical layout of a column. */
function pageColumn(column: Column): PageColumn {
  const def = fieldDefinition(column);
  switch (column.type) {
    case 'int32':
      return { name: column.name, physical: PhysicalType.INT32 };
    case 'int64':
      return { name: column.name, physical: PhysicalType.INT64 };
    case 'double':
      return { name: column.name, physical: PhysicalType.DOUBLE };
    case 'boolean':
      return { name: column.name, physical: PhysicalType.BOOLEAN };
    case 'date':
      return { name: column.name, physical: PhysicalType.INT32, converted: ConvertedType.DATE };
    case 'timestamp':
      return { name: column.name, physical: PhysicalType.INT64, converted: ConvertedType.TIMESTAMP_MICROS };
    case 'decimal':
      return { name: column.name, physical: PhysicalType.FIXED_LEN_BYTE_ARRAY, converted: ConvertedType.DECIMAL, typeLength: def.typeLength ?? 16, precision: def.precision ?? 38, scale: def.scale ?? 0 };
    case 'json':
      return { name: column.name, physical: PhysicalType.BYTE_ARRAY, converted: ConvertedType.JSON };
    case 'binary':
      return { name: column.name, physical: PhysicalType.BYTE_ARRAY };
    default:
      return { name: column.name, physical: PhysicalType.BYTE_ARRAY, converted: ConvertedType.UTF8 };
  }
}

/** Converts one column's values to their physical form. */
function encoder(column: Column, layout: PageColumn): (value: unknown) => PhysicalValue {
  const type = column.type ?? 'string';
  const convert: ValueConverter = converter(type, type === 'decimal' ? { ...column, precision: layout.precision ?? 38, scale: layout.scale ?? 0 } : column);
  const check = (value: unknown): unknown => {
    const result = convert(value);
    if (!result.ok) throw new SluiceError('VALUE_CONVERSION_FAILED', `Parquet column '${column.name}': ${result.reason}.`);
    return result.value;
  };
  switch (type) {
    case 'decimal': {
      const scale = layout.scale ?? 0;
      const length = layout.typeLength ?? 16;
      return (v) => {
        const [whole = '0', fraction = ''] = (check(v) as string).split('.');
        const unscaled = BigInt(whole + fraction.padEnd(scale, '0'));
        return bigIntToBytes(whole.startsWith('-') && unscaled > 0n ? -unscaled : unscaled, length);
      };
    }
    case 'date':
      return (v) => Date.parse(`${check(v) as string}T00:00:00Z`) / MS_PER_DAY;
    case 'timestamp':
      return (v) => {
        const ms = (check(v) as Date).getTime();
        return Math.abs(ms) < SAFE_MICROS_MS ? ms * 1000 : BigInt(ms) * 1000n;
      };
    case 'json':
      return (v) => valueJson(v);
    default:
      return (v) => check(v) as PhysicalValue;
  }
}

/** A Parquet file being written. */
export class ParquetFormatWriter implements FormatWriter {
  readonly #pages: PageWriter;
  readonly #plan: Array<[string, (v: unknown) => PhysicalValue]>;

  constructor(output: Writable, columns: readonly Column[], settings: FormatSettings) {
    if (columns.length === 0) throw new SluiceError('PARQUET_INVALID', 'A Parquet file needs at least one column; the source declared none.');
    const compression = parquetCompression(settings);
    const size = settings.rowGroupSize;
    const rowGroupSize = typeof size === 'number' && Number.isInteger(size) && size > 0 ? size : DEFAULT_ROW_GROUP_SIZE;
    const layouts = columns.map(pageColumn);
    this.#plan = columns.map((c, i) => [c.name, encoder(c, layouts[i] as PageColumn)]);
    this.#pages = new PageWriter(output, layouts, compression, rowGroupSize);
  }

  async write(rows: readonly Row[]): Promise<void> {
    const plan = this.#plan;
    const values: Array<PhysicalValue | undefined> = new Array<PhysicalValue | undefined>(plan.length);
    for (const row of rows) {
      for (let i = 0; i < plan.length; i++) {
        const [name, encode] = plan[i] as [string, (v: unknown) => PhysicalValue];
        const value = row[name];
        values[i] = value === null || value === undefined ? undefined : encode(value);
      }
      const flushing = this.#pages.append(values);
      if (flushing) await flushing;
    }
  }

  async end(): Promise<void> {
    await this.#pages.end();
  }
}
