/** The columns of a Parquet file: its own schema (top-level fields), mapped to logical types. */
import type { ByteInput, Column } from '../../connectors/contract.js';
import { fieldReaders, localFile, openParquet } from './reader.js';

/** Reads the footer of the file (through its local path) and returns its columns. */
export async function inferParquetColumns(input: ByteInput, signal: AbortSignal = new AbortController().signal): Promise<Column[]> {
  const local = await localFile(input, signal);
  try {
    const reader = await openParquet(local.path, input.name);
    try {
      return fieldReaders(reader).map((r) => r.column);
    } finally {
      await reader.close().catch(() => undefined);
    }
  } finally {
    await local.cleanup();
  }
}
