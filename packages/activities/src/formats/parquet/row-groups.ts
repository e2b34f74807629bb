/**
 * Reading a flat Parquet file (top-level primitive columns only) row group by row group, building rows
 * straight from the decoded columns. parquetjs's cursor goes through the generic Dremel assembler
 * (`materializeRecords`), several times slower; nested files still use it (see reader.ts).
 */
import type parquet from '@dsnp/parquetjs';
import { getParquetTypeDataObject } from '@dsnp/parquetjs/dist/lib/types.js';
import type { Row } from '../../connectors/contract.js';

type ParquetReaderInstance = Awaited<ReturnType<typeof parquet.ParquetReader.openFile>>;

interface DecodedColumn {
  dlevels: number[];
  values: unknown[];
}

/** A column to assemble: its name in rows, its path in the buffer, and value conversions. */
export interface FlatColumn {
  readonly name: string;
  readonly normalize: (value: unknown) => unknown;
}

/** True when every field of the file is a top-level, non-repeated primitive (the fast path applies). */
export function isFlat(reader: ParquetReaderInstance): boolean {
  return reader.getSchema().fieldList.every((f) => !f.isNested && f.rLevelMax === 0 && f.path.length === 1);
}

/** How many row groups the file has. */
export function rowGroupCount(reader: ParquetReaderInstance): number {
  return reader.metadata?.row_groups.length ?? 0;
}

/**
 * The rows of row group `index`, values normalized (nulls as null). Throws what parquetjs throws when
 * the bytes are corrupt; the caller names the file.
 */
export async function readFlatRowGroup(reader: ParquetReaderInstance, index: number, columns: readonly FlatColumn[]): Promise<Row[]> {
  const envelope = reader.envelopeReader;
  const group = reader.metadata?.row_groups[index];
  if (!envelope || !group) throw new Error(`row group ${index} does not exist`);
  const schema = reader.getSchema();
  const buffer = await envelope.readRowGroup(schema, group, []);
  const count = buffer.rowCount ?? 0;
  const rows: Row[] = new Array<Row>(count);
  for (let i = 0; i < count; i++) rows[i] = {};
  for (const column of columns) {
    const field = schema.findField(column.name);
    const decoded = buffer.columnData?.[field.path.join(',')] as DecodedColumn | undefined;
    if (!decoded) throw new Error(`column '${column.name}' is missing from row group ${index}`);
    const type = (field.originalType ?? field.primitiveType) as Parameters<typeof getParquetTypeDataObject>[0];
    const fromPrimitive = getParquetTypeDataObject(type, field).fromPrimitive ?? ((v: unknown) => v);
    const { dlevels, values } = decoded;
    const max = field.dLevelMax;
    const { name, normalize } = column;
    let next = 0;
    for (let i = 0; i < count; i++) {
      (rows[i] as Row)[name] = dlevels[i] === max ? normalize(fromPrimitive(values[next++])) : null;
    }
  }
  return rows;
}
