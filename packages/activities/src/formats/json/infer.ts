/**
 * The columns of a Json file, from the keys and value types of its first documents: numbers become int64
 * or double, booleans boolean, strings string, objects and arrays json.
 */
import type { ByteInput, Column } from '../../connectors/contract.js';
import type { FormatSettings } from '../settings.js';
import { TypeTally } from '../types/infer.js';
import { readJson } from './reader.js';

/** Samples up to `sample` documents. */
export async function inferJsonColumns(input: ByteInput, settings: FormatSettings, signal: AbortSignal = new AbortController().signal, sample = 100): Promise<Column[]> {
  const tally = new TypeTally();
  let seen = 0;
  outer: for await (const batch of readJson(input, settings, { signal, batchSize: sample })) {
    for (const item of batch) {
      if ('bad' in item) continue;
      for (const [key, value] of Object.entries(item.row)) tally.addValue(key, value);
      if (++seen >= sample) break outer;
    }
  }
  return tally.columns();
}
