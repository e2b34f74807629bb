/**
 * The columns of a DelimitedText file, guessed from its header (or Prop_i names) and the types its first
 * rows suggest (int64, double, boolean, date, timestamp, else string): GetMetadata's `structure`.
 */
import type { ByteInput, Column } from '../../connectors/contract.js';
import type { FormatSettings } from '../settings.js';
import { TypeTally } from '../types/infer.js';
import { readRecords } from './reader.js';

/** How many data rows inference samples. */
export const INFER_SAMPLE_ROWS = 100;

/** Samples up to `sample` rows of the file and returns its columns with guessed types. */
export async function inferDelimitedColumns(input: ByteInput, settings: FormatSettings, signal: AbortSignal = new AbortController().signal, sample = INFER_SAMPLE_ROWS): Promise<Column[]> {
  const tally = new TypeTally();
  let seen = 0;
  for await (const record of readRecords(input, settings, signal)) {
    for (const name of record.names) tally.declare(name);
    if (record.fields.length === 0) continue;
    record.fields.forEach((field, i) => {
      const name = record.names[i];
      if (name !== undefined) tally.addText(name, field);
    });
    if (++seen >= sample) break;
  }
  return tally.columns();
}
