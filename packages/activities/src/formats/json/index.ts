/**
 * The Json format in ADF's settings: JSON Lines, arrays of objects and single documents, streamed.
 */
import type { FileFormat } from '../../connectors/contract.js';
import { inferJsonColumns } from './infer.js';
import { readJson } from './reader.js';
import { JsonWriter } from './writer.js';

/** The Json {@link FileFormat}. */
export const jsonFormat: FileFormat = {
  datasetType: 'Json',
  read: (input, settings, options) => readJson(input, settings, options),
  writer: (output, columns, settings) => new JsonWriter(output, columns, settings),
  inferColumns: (input, settings, signal) => inferJsonColumns(input, settings, signal),
};

export { JsonScanner, type JsonLayout } from './scanner.js';
