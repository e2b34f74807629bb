/**
 * The DelimitedText format (CSV, TSV …) in ADF's settings: streaming reader with line and row numbers,
 * writer with minimal quoting, type inference.
 */
import type { FileFormat } from '../../connectors/contract.js';
import { inferDelimitedColumns } from './infer.js';
import { readDelimited } from './reader.js';
import { DelimitedWriter } from './writer.js';

/** The DelimitedText {@link FileFormat}. */
export const delimitedTextFormat: FileFormat = {
  datasetType: 'DelimitedText',
  read: (input, settings, options) => readDelimited(input, settings, options),
  writer: (output, columns, settings) => new DelimitedWriter(output, columns, settings),
  inferColumns: (input, settings, signal) => inferDelimitedColumns(input, settings, signal),
};

export { CsvParser, type CsvDialect, type RecordHandler } from './parser.js';
