/**
 * The Parquet format (@dsnp/parquetjs): row-group-at-a-time reading through a local path, bounded
 * row groups when writing, Parquet types mapped to logical types.
 */
import type { FileFormat } from '../../connectors/contract.js';
import { inferParquetColumns } from './infer.js';
import { readParquet } from './reader.js';
import { ParquetFormatWriter } from './writer.js';

/** The Parquet {@link FileFormat}. */
export const parquetFormat: FileFormat = {
  datasetType: 'Parquet',
  read: (input, _settings, options) => readParquet(input, options),
  writer: (output, columns, settings) => new ParquetFormatWriter(output, columns, settings),
  inferColumns: (input, _settings, signal) => inferParquetColumns(input, signal),
};
