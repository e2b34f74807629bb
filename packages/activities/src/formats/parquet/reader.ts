/**
 * Reading a Parquet file through a local path (random access: the footer first, then row group by row
 * group through a parquetjs cursor), so memory holds one row group. A file that is truncated, corrupt or
 * not Parquet fails with `PARQUET_INVALID` naming it.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import parquet from '@dsnp/parquetjs';
import { SluiceError } from '@sluice/engine';
import type { ByteInput, Column, ReadItem, ReadOptions, Row } from '../../connectors/contract.js';
import { converter, type ValueConverter } from '../types/convert.js';
import { isFlat, readFlatRowGroup, rowGroupCount } from './row-groups.js';
import { fieldReader, type FieldReader, type ParquetFieldInfo } from './schema.js';

type ParquetReaderInstance = Awaited<ReturnType<typeof parquet.ParquetReader.openFile>>;

/** A local path for the input (the caller usually staged it), staging a copy in a temporary folder when the input has none. */
export async function localFile(input: ByteInput, signal: AbortSignal): Promise<{ path: string; cleanup: () => Promise<void> }> {
  if (input.localPath) return { path: await input.localPath(signal), cleanup: async () => undefined };
  const dir = await mkdtemp(join(tmpdir(), 'sluice-parquet-'));
  const path = join(dir, 'input.parquet');
  try {
    await pipeline(await input.open(signal), createWriteStream(path), { signal });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { path, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

function invalid(file: string, error: unknown, row?: number): SluiceError {
  if (error instanceof SluiceError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  const where = row === undefined ? '' : ` near row ${row}`;
  return new SluiceError('PARQUET_INVALID', `File '${file}' is not a readable Parquet file${where}: ${reason}.`, { file, ...(row === undefined ? {} : { row }) });
}

/** Opens a Parquet file, turning every failure into `PARQUET_INVALID`. */
export async function openParquet(path: string, file: string): Promise<ParquetReaderInstance> {
  try {
    const size = (await stat(path)).size;
    if (size < 12) throw new Error(`the file has ${size} bytes, fewer than a Parquet header and footer`);
    return await parquet.ParquetReader.openFile(path);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') throw new SluiceError('FILE_NOT_FOUND', `File '${file}' does not exist.`, { file });
    throw invalid(file, error);
  }
}

/** The top-level fields of an open file, as readers. */
export function fieldReaders(reader: ParquetReaderInstance): FieldReader[] {
  const fields = reader.getSchema().fields as unknown as Record<string, ParquetFieldInfo>;
  return Object.values(fields).map((field) => fieldReader(field));
}

/** Reads one Parquet file in batches. Declared column types differing from the file's convert the values. */
export async function* readParquet(input: ByteInput, options: ReadOptions): AsyncGenerator<readonly ReadItem[]> {
  const { signal } = options;
  signal.throwIfAborted();
  const file = input.name;
  const local = await localFile(input, signal);
  try {
    if (options.stats) options.stats.bytes += (await stat(local.path)).size;
    const reader = await openParquet(local.path, file);
    try {
      const readers = fieldReaders(reader);
      const declared = new Map<string, Column>((options.columns ?? []).map((c) => [c.name.toLowerCase(), c]));
      const plan = readers.map((r): [string, (v: unknown) => unknown, ValueConverter | undefined] => {
        const want = declared.get(r.column.name.toLowerCase());
        const convert = want?.type && want.type !== r.column.type ? converter(want.type, want) : undefined;
        return [r.column.name, r.normalize, convert];
      });
      const needsConversion = plan.some(([, , convert]) => convert !== undefined);
      const batchSize = Math.max(1, options.batchSize ?? 1000);
      let rowNumber = 0;
      let batch: ReadItem[] = [];
      const take = (record: Record<string, unknown>, normalized: boolean): ReadItem => {
        rowNumber++;
        const row: Row = {};
        for (const [name, normalize, convert] of plan) {
          const raw = record[name];
          let value = raw === undefined || raw === null ? null : normalized ? raw : normalize(raw);
          if (value !== null && convert) {
            const result = convert(value);
            if (!result.ok) return { bad: true, file, rowNumber, code: 'VALUE_CONVERSION_FAILED', message: `File '${file}' row ${rowNumber}, column '${name}': ${result.reason}.` };
            value = result.value;
          }
          row[name] = value;
        }
        return { row, file, rowNumber };
      };
      if (isFlat(reader)) {
        // Row group by row group, assembled column-wise (the fast path).
        const columns = readers.map((r) => ({ name: r.column.name, normalize: r.normalize }));
        const groups = rowGroupCount(reader);
        for (let g = 0; g < groups; g++) {
          signal.throwIfAborted();
          let records: Row[];
          try {
            records = await readFlatRowGroup(reader, g, columns);
          } catch (error) {
            throw invalid(file, error, rowNumber + 1);
          }
          for (let i = 0; i < records.length; i++) {
            const record = records[i] as Row;
            batch.push(needsConversion ? take(record, true) : { row: record, file, rowNumber: ++rowNumber });
            if (batch.length >= batchSize) {
              yield batch;
              batch = [];
            }
          }
        }
        if (batch.length > 0) yield batch;
        return;
      }
      const cursor = reader.getCursor();
      for (;;) {
        let record: Record<string, unknown> | null;
        try {
          record = (await cursor.next()) as Record<string, unknown> | null;
        } catch (error) {
          throw invalid(file, error, rowNumber + 1);
        }
        if (record === null || record === undefined) break;
        batch.push(take(record, false));
        if (batch.length >= batchSize) {
          signal.throwIfAborted();
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      await reader.close().catch(() => undefined);
    }
  } finally {
    await local.cleanup();
  }
}
