/**
 * Reading a Json file into batches of rows: each top-level document (or array element) that is an object
 * is a row; a document that is not valid JSON, or not an object, is a {@link BadRow} (`JSON_INVALID`)
 * with its line, and reading goes on. Declared column types convert the values (a string holding a
 * timestamp becomes a Date). Batches are yielded as each chunk of text is scanned.
 */
import type { BadRow, ByteInput, Column, ReadItem, ReadOptions, Row, SourceRow } from '../../connectors/contract.js';
import type { FormatSettings } from '../settings.js';
import { readText } from '../text/input.js';
import { converter, type ValueConverter } from '../types/convert.js';
import { JsonScanner } from './scanner.js';
import { jsonOptions } from './settings.js';

const RAW_LIMIT = 4096;

function isObject(value: unknown): value is Row {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Per-file state: converters, counters, batches. */
class DocumentSink {
  rowNumber = 0;
  sawInvalidBytes = false;
  items: ReadItem[] = [];
  readonly full: ReadItem[][] = [];
  readonly #converters: Array<[string, ValueConverter]>;

  constructor(
    readonly file: string,
    readonly encoding: string,
    declared: readonly Column[] | undefined,
    readonly batchSize: number,
  ) {
    this.#converters = (declared ?? []).filter((c) => c.type !== undefined && c.type !== 'json').map((c) => [c.name, converter(c.type, c)]);
  }

  push(item: ReadItem): void {
    this.items.push(item);
    if (this.items.length >= this.batchSize) {
      this.full.push(this.items);
      this.items = [];
    }
  }

  bad(line: number, raw: string, code: string, message: string): void {
    const item: BadRow = { bad: true, file: this.file, rowNumber: this.rowNumber, line, raw: raw.length > RAW_LIMIT ? raw.slice(0, RAW_LIMIT) : raw, code, message };
    this.push(item);
  }

  readonly onDocument = (text: string, line: number, error: string | undefined): void => {
    this.rowNumber++;
    const where = `File '${this.file}' line ${line} (row ${this.rowNumber})`;
    if (error !== undefined) {
      this.bad(line, text, 'JSON_INVALID', `${where}: ${error}.`);
      return;
    }
    if (this.sawInvalidBytes && text.includes('\uFFFD')) {
      this.bad(line, text, 'JSON_INVALID', `${where}: the bytes are not valid ${this.encoding}.`);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      this.bad(line, text, 'JSON_INVALID', `${where}: not valid JSON (${(e as Error).message}).`);
      return;
    }
    if (!isObject(value)) {
      this.bad(line, text, 'JSON_INVALID', `${where}: the document is ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}, not an object.`);
      return;
    }
    for (const [name, convert] of this.#converters) {
      const v = value[name];
      if (v === null || v === undefined) continue;
      const result = convert(v);
      if (!result.ok) {
        this.bad(line, text, 'VALUE_CONVERSION_FAILED', `${where}, column '${name}': ${result.reason}.`);
        return;
      }
      value[name] = result.value;
    }
    const item: SourceRow = { row: value, file: this.file, rowNumber: this.rowNumber, line };
    this.push(item);
  };
}

/** Reads one Json file (JSON Lines, an array of objects, or single documents). */
export async function* readJson(input: ByteInput, settings: FormatSettings, options: ReadOptions): AsyncGenerator<readonly ReadItem[]> {
  const parsed = jsonOptions(settings);
  const sink = new DocumentSink(input.name, parsed.encoding, options.columns, Math.max(1, options.batchSize ?? 1000));
  const scanner = new JsonScanner(parsed.layout);
  for await (const chunk of readText(input, { codec: parsed.codec, encoding: parsed.encoding, signal: options.signal, stats: options.stats, corruptCode: 'JSON_INVALID' })) {
    if (chunk.invalid) sink.sawInvalidBytes = true;
    scanner.push(chunk.text, false, sink.onDocument);
    for (const batch of sink.full.splice(0)) yield batch;
  }
  scanner.push('', true, sink.onDocument);
  for (const batch of sink.full.splice(0)) yield batch;
  if (sink.items.length > 0) yield sink.items;
}
