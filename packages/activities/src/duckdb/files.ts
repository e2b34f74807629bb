/**
 * DuckDB SQL for reading files into a relation and writing a relation to files, from a dataset's type
 * and ADF format settings (DelimitedText, Json, Parquet). Shared by the data flows and Copy's fast path
 * so both read a dataset the same way. Paths and settings are quoted as literals; nothing here takes
 * a data value.
 */
import { SluiceError } from '@sluice/engine';
import { delimitedOptions } from '../formats/delimited/dialect.js';
import { jsonOptions } from '../formats/json/settings.js';
import { mapAdfType } from '../formats/types/adf-types.js';
import { compressionSetting, type FormatSettings } from '../formats/settings.js';
import { quoteIdent, quoteLiteral } from './quote.js';

/** The dataset types DuckDB reads and writes as rows. */
export const DUCKDB_FILE_FORMATS: readonly string[] = ['DelimitedText', 'Json', 'Parquet'];

/** A declared column (a dataset's `schema` entry) DuckDB should read with a type. */
export interface DeclaredColumn {
  readonly name: string;
  readonly type?: string;
}

/** Options of {@link readFilesSql}. */
export interface ReadFilesOptions {
  /** The dataset's declared columns: when every one has a type, DuckDB reads exactly those (no sniffing). */
  readonly columns?: readonly DeclaredColumn[];
  /** Adds a `filename` column with each row's local file path. */
  readonly filename?: boolean;
}

const DUCK_TYPES: Readonly<Record<string, string>> = {
  string: 'VARCHAR', int32: 'INTEGER', int64: 'BIGINT', double: 'DOUBLE', decimal: 'DECIMAL(38,10)', boolean: 'BOOLEAN',
  date: 'DATE', timestamp: 'TIMESTAMP', json: 'JSON', binary: 'BLOB',
};

/** The DuckDB type of an ADF type name (`Int64` → BIGINT), or undefined when unknown. */
export function duckTypeOfAdf(type: string): string | undefined {
  const logical = mapAdfType(type);
  return logical ? DUCK_TYPES[logical] : undefined;
}

function columnsStruct(columns: readonly DeclaredColumn[] | undefined): string | undefined {
  if (!columns?.length) return undefined;
  const typed = columns.map((c) => ({ name: c.name, type: c.type ? duckTypeOfAdf(c.type) : undefined }));
  if (typed.some((c) => c.type === undefined)) return undefined;
  return `{${typed.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type as string)}`).join(', ')}}`;
}

function textCompression(settings: FormatSettings, datasetType: string): string {
  const codec = compressionSetting(settings);
  if (codec === 'none' || codec === '') return 'none';
  if (codec === 'gzip' || codec === 'zstd') return codec;
  throw new SluiceError('COMPRESSION_UNSUPPORTED', `Compression '${codec}' is not supported by data flows for ${datasetType} files (supported: none, gzip, zstd).`, { pointer: '/properties/typeProperties/compressionCodec' });
}

/** Reading: no codec in the settings lets DuckDB tell by the file name (`.gz`, `.zst`). */
function readCompression(settings: FormatSettings, datasetType: string): string {
  const codec = textCompression(settings, datasetType);
  if (codec !== 'none') return codec;
  return datasetType === 'Json' ? 'auto_detect' : 'auto';
}

function duckEncoding(encoding: string): string {
  const e = encoding.toLowerCase().replace(/_/g, '-');
  if (e === 'utf-8' || e === 'utf8') return 'utf-8';
  if (e === 'utf-16' || e === 'utf-16le') return 'utf-16';
  if (e === 'iso-8859-1' || e === 'latin1' || e === 'latin-1') return 'latin-1';
  throw new SluiceError('ENCODING_UNSUPPORTED', `Encoding '${encoding}' is not supported by data flows (UTF-8, UTF-16, ISO-8859-1); convert with a Copy activity first.`, { pointer: '/properties/typeProperties/encodingName' });
}

/**
 * A table function call reading `paths` (local files) as a dataset of `datasetType` with its format
 * settings: `read_csv([...], …)`, `read_json([...], …)` or `read_parquet([...], …)`. Several files are
 * read by name (`union_by_name`), so files with extra or missing columns line up.
 *
 * @example
 * readFilesSql(['/tmp/a.csv'], 'DelimitedText', { columnDelimiter: ';', firstRowAsHeader: true })
 * // read_csv(['/tmp/a.csv'], delim = ';', quote = '"', escape = '\', header = true, …)
 */
export function readFilesSql(paths: readonly string[], datasetType: string, settings: FormatSettings, options: ReadFilesOptions = {}): string {
  if (!paths.length) throw new SluiceError('FILE_NOT_FOUND', 'No files to read.');
  const list = `[${paths.map(quoteLiteral).join(', ')}]`;
  const extra: string[] = [];
  if (options.filename) extra.push('filename = true');
  const struct = columnsStruct(options.columns);
  switch (datasetType) {
    case 'DelimitedText': {
      const o = delimitedOptions(settings);
      const args = [
        `delim = ${quoteLiteral(o.delimiter)}`,
        `quote = ${quoteLiteral(o.quote)}`,
        `escape = ${quoteLiteral(o.escape === '\\' && o.quote === '"' ? '"' : o.escape)}`,
        `header = ${o.firstRowAsHeader ? 'true' : 'false'}`,
        `nullstr = ${quoteLiteral(o.nullValue)}`,
        `compression = ${quoteLiteral(readCompression(settings, datasetType))}`,
        `encoding = ${quoteLiteral(duckEncoding(o.encoding))}`,
        'union_by_name = true',
        ...(struct ? [`columns = ${struct}`] : []),
        ...extra,
      ];
      return `read_csv(${list}, ${args.join(', ')})`;
    }
    case 'Json': {
      const o = jsonOptions(settings);
      if (duckEncoding(o.encoding) !== 'utf-8') throw new SluiceError('ENCODING_UNSUPPORTED', 'Data flows read JSON in UTF-8 only.', { pointer: '/properties/typeProperties/encodingName' });
      const args = [
        `format = ${quoteLiteral(o.layout === 'array' ? 'array' : 'auto')}`,
        `compression = ${quoteLiteral(readCompression(settings, datasetType))}`,
        'union_by_name = true',
        ...(struct ? [`columns = ${struct}`] : []),
        ...extra,
      ];
      return `read_json(${list}, ${args.join(', ')})`;
    }
    case 'Parquet':
      return `read_parquet(${list}, union_by_name = true${extra.length ? `, ${extra.join(', ')}` : ''})`;
    default:
      throw new SluiceError('UNSUPPORTED_FORMAT', `Data flows read DelimitedText, Json and Parquet datasets, not ${datasetType}.`);
  }
}

/** Options of {@link copyToSql}. */
export interface CopyToOptions {
  /** Hive-style partition folders (`col=value/`) by these columns; the target is then a folder. */
  readonly partitionBy?: readonly string[];
}

/** The file extension DuckDB's output of a dataset type gets (`.parquet`, `.csv.gz`, `.json`). */
export function outputExtension(datasetType: string, settings: FormatSettings): string {
  const gz = datasetType !== 'Parquet' && textCompression(settings, datasetType) === 'gzip' ? '.gz' : '';
  if (datasetType === 'Parquet') return '.parquet';
  if (datasetType === 'DelimitedText') return `.csv${gz}`;
  if (datasetType === 'Json') return `.json${gz}`;
  throw new SluiceError('UNSUPPORTED_FORMAT', `Data flows write DelimitedText, Json and Parquet datasets, not ${datasetType}.`);
}

/**
 * `COPY (query) TO 'target' (…)` writing a dataset of `datasetType` with its format settings. With
 * `partitionBy`, `target` is a folder that receives `col=value/data_N.ext` files. DuckDB returns the
 * number of rows written.
 *
 * @example copyToSql('SELECT * FROM t', '/tmp/out.parquet', 'Parquet', { compressionCodec: 'snappy' })
 */
export function copyToSql(query: string, target: string, datasetType: string, settings: FormatSettings, options: CopyToOptions = {}): string {
  const args: string[] = [];
  switch (datasetType) {
    case 'Parquet': {
      const codec = compressionSetting(settings);
      const map: Record<string, string> = { none: 'uncompressed', snappy: 'snappy', gzip: 'gzip', zstd: 'zstd', lz4: 'lz4' };
      const c = map[codec];
      if (!c) throw new SluiceError('COMPRESSION_UNSUPPORTED', `Parquet compression '${codec}' is not supported (none, snappy, gzip, zstd, lz4).`, { pointer: '/properties/typeProperties/compressionCodec' });
      args.push('FORMAT parquet', `COMPRESSION ${quoteLiteral(codec === 'none' ? 'snappy' : c)}`);
      break;
    }
    case 'DelimitedText': {
      const o = delimitedOptions(settings);
      args.push('FORMAT csv', `DELIMITER ${quoteLiteral(o.delimiter)}`, `QUOTE ${quoteLiteral(o.quote)}`, `ESCAPE ${quoteLiteral(o.escape === '\\' && o.quote === '"' ? '"' : o.escape)}`,
        `HEADER ${o.firstRowAsHeader ? 'true' : 'false'}`, `NULLSTR ${quoteLiteral(o.nullValue)}`, `COMPRESSION ${quoteLiteral(textCompression(settings, datasetType))}`);
      break;
    }
    case 'Json': {
      const o = jsonOptions(settings);
      args.push('FORMAT json', `ARRAY ${o.writeArray ? 'true' : 'false'}`, `COMPRESSION ${quoteLiteral(textCompression(settings, datasetType))}`);
      break;
    }
    default:
      throw new SluiceError('UNSUPPORTED_FORMAT', `Data flows write DelimitedText, Json and Parquet datasets, not ${datasetType}.`);
  }
  if (options.partitionBy?.length) args.push(`PARTITION_BY (${options.partitionBy.map(quoteIdent).join(', ')})`, 'OVERWRITE_OR_IGNORE true');
  return `COPY (${query}) TO ${quoteLiteral(target)} (${args.join(', ')})`;
}
