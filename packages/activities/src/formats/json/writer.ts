/**
 * Writing rows as Json: JSON Lines (one object per line, ADF's setOfObjects, the default) or one array of
 * objects (arrayOfObjects). Dates become ISO strings, bytes base64, int64 beyond 2^53 exact digits. With
 * declared columns exactly those are written, in order (as the other formats do).
 */
import type { Writable } from 'node:stream';
import type { Column, FormatWriter, Row } from '../../connectors/contract.js';
import type { FormatSettings } from '../settings.js';
import { TextOutput } from '../text/output.js';
import { jsonOptions } from './settings.js';

const BIGINT_MARK = '\u0000sluice-bigint:';
const BIGINT_PATTERN = /"\\u0000sluice-bigint:(-?\d+)"/g;

function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return BIGINT_MARK + value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  return value;
}

/** JSON text of one value (bigints as exact digits, bytes as base64, dates as ISO strings); also Parquet JSON columns. */
export function valueJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'undefined':
      return 'null';
    default: {
      if (value === null) return 'null';
      if (value instanceof Date) return JSON.stringify(value);
      const text = JSON.stringify(value, replacer) ?? 'null';
      return text.includes('sluice-bigint:') ? text.replace(BIGINT_PATTERN, '$1') : text;
    }
  }
}

/**
 * The JSON text of one row: the declared columns in order (missing ones as null), or every key of the
 * row when no columns are declared.
 */
export function rowJson(row: Row, names: readonly string[] | undefined, keys?: readonly string[]): string {
  if (!names) return valueJson(row);
  const prefixes = keys ?? names.map((n, i) => `${i === 0 ? '{' : ','}${JSON.stringify(n)}:`);
  let out = '';
  for (let i = 0; i < names.length; i++) out += (prefixes[i] as string) + valueJson(row[names[i] as string]);
  return names.length === 0 ? '{}' : `${out}}`;
}

/** A Json file being written. */
export class JsonWriter implements FormatWriter {
  readonly #out: TextOutput;
  readonly #array: boolean;
  readonly #names: string[] | undefined;
  readonly #prefixes: string[] | undefined;
  #count = 0;

  constructor(output: Writable, columns: readonly Column[], settings: FormatSettings) {
    const options = jsonOptions(settings);
    this.#array = options.writeArray;
    this.#names = columns.length > 0 ? columns.map((c) => c.name) : undefined;
    this.#prefixes = this.#names?.map((n, i) => `${i === 0 ? '{' : ','}${JSON.stringify(n)}:`);
    this.#out = new TextOutput(output, { encoding: options.encoding, codec: options.codec, level: options.compressionLevel });
  }

  async write(rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    const parts: string[] = [];
    for (const row of rows) {
      const text = rowJson(row, this.#names, this.#prefixes);
      if (this.#array) parts.push(this.#count === 0 ? `[\n${text}` : `,\n${text}`);
      else parts.push(`${text}\n`);
      this.#count++;
    }
    await this.#out.write(parts.join(''));
  }

  async end(): Promise<void> {
    if (this.#array) await this.#out.write(this.#count === 0 ? '[]\n' : '\n]\n');
    await this.#out.end();
  }
}
