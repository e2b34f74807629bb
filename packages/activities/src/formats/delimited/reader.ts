/**
 * Reading a DelimitedText file into batches of rows. Every record keeps its physical line and data row
 * number; malformed records (an unterminated quote, a column count that differs from the header, bytes
 * invalid in the encoding) and values that do not convert to the declared column types become
 * {@link BadRow} items, and reading goes on. Batches are yielded as each chunk of text is parsed, so
 * memory holds one chunk's rows at a time.
 */
import { SluiceError } from '@sluice/engine';
import type { BadRow, ByteInput, Column, LogicalType, ReadItem, ReadOptions, Row, SourceRow, TextCleaner } from '../../connectors/contract.js';
import type { FormatSettings } from '../settings.js';
import { readText } from '../text/input.js';
import { converter, type ValueConverter } from '../types/convert.js';
import { delimitedOptions, type DelimitedOptions } from './dialect.js';
import { CsvParser } from './parser.js';

const RAW_LIMIT = 4096;

/** ADF's names for the columns of a file without a header: Prop_0, Prop_1 … */
export function propName(index: number): string {
  return `Prop_${index}`;
}

/** Header names made usable as keys: empty names become Prop_i, repeated names get a `_2`, `_3` … suffix. */
export function headerNames(fields: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return fields.map((field, i) => {
    const base = field === '' ? propName(i) : field;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}

function truncate(raw: string): string {
  return raw.length > RAW_LIMIT ? raw.slice(0, RAW_LIMIT) : raw;
}

/** The per-file state of a read: column names, converters and counters. */
class RecordSink {
  names: string[] | undefined;
  converters: Array<ValueConverter | undefined> = [];
  /** The declared type of each column (for the text cleaner). */
  types: Array<LogicalType | undefined> = [];
  /** True when the column count is fixed (a header or declared columns): other counts are malformed. */
  strict = false;
  rowNumber = 0;
  /** Non-empty lines still to skip (ADF's skipLineCount). */
  toSkip: number;
  sawInvalidBytes = false;
  items: ReadItem[] = [];
  readonly full: ReadItem[][] = [];

  constructor(
    readonly file: string,
    readonly options: DelimitedOptions,
    readonly declared: readonly Column[] | undefined,
    readonly batchSize: number,
    readonly cleanText?: TextCleaner,
  ) {
    this.toSkip = options.skipLineCount;
    if (!options.firstRowAsHeader && declared && declared.length > 0) this.setNames(declared.map((c) => c.name), true);
  }

  setNames(names: string[], strict: boolean): void {
    this.names = names;
    this.strict = strict;
    const byName = new Map<string, Column>();
    for (const c of this.declared ?? []) byName.set(c.name.toLowerCase(), c);
    this.converters = names.map((name) => {
      const column = byName.get(name.toLowerCase());
      return column?.type && column.type !== 'string' ? converter(column.type, column) : undefined;
    });
    this.types = names.map((name) => byName.get(name.toLowerCase())?.type);
    if (this.declared) {
      // Rows carry the declared spelling of a column name when the header differs only in case.
      this.names = names.map((name) => byName.get(name.toLowerCase())?.name ?? name);
    }
  }

  bad(line: number, raw: string, code: string, message: string): void {
    const item: BadRow = { bad: true, file: this.file, rowNumber: this.rowNumber, line, raw: truncate(raw), code, message };
    this.push(item);
  }

  push(item: ReadItem): void {
    this.items.push(item);
    if (this.items.length >= this.batchSize) {
      this.full.push(this.items);
      this.items = [];
    }
  }

  readonly onRecord = (fields: string[], quoted: boolean[] | undefined, line: number, raw: string, error: string | undefined): void => {
    if (this.toSkip > 0) {
      if (raw !== '') this.toSkip--;
      return;
    }
    if (error !== undefined) {
      if (this.options.firstRowAsHeader && this.names === undefined) {
        throw new SluiceError('CSV_MALFORMED', `File '${this.file}' line ${line}: the header row is malformed: ${error}.`, { file: this.file, row: 0 }, { line });
      }
      this.rowNumber++;
      this.bad(line, raw, 'CSV_MALFORMED', `File '${this.file}' line ${line} (row ${this.rowNumber}): ${error}.`);
      return;
    }
    if (this.options.firstRowAsHeader && this.names === undefined) {
      this.setNames(headerNames(fields), true);
      return;
    }
    if (fields.length === 1 && fields[0] === '' && quoted?.[0] !== true && (this.names === undefined || this.names.length !== 1)) return; // a blank line
    this.rowNumber++;
    if (this.sawInvalidBytes && raw.includes('\uFFFD')) {
      this.bad(line, raw, 'CSV_MALFORMED', `File '${this.file}' line ${line} (row ${this.rowNumber}): the bytes are not valid ${this.options.encoding}.`);
      return;
    }
    let names = this.names;
    if (names === undefined) {
      names = fields.map((_, i) => propName(i));
      this.setNames(names, false);
    } else if (fields.length !== names.length) {
      if (this.strict) {
        const what = this.options.firstRowAsHeader ? 'the header has' : 'the dataset declares';
        this.bad(line, raw, 'CSV_MALFORMED', `File '${this.file}' line ${line} (row ${this.rowNumber}): the row has ${fields.length} columns, ${what} ${names.length}.`);
        return;
      }
      if (fields.length > names.length) {
        for (let i = names.length; i < fields.length; i++) names.push(propName(i));
        this.setNames(names, false);
      }
    }
    const nullValue = this.options.nullValue;
    const converters = this.converters;
    const row: Row = {};
    for (let i = 0; i < names.length; i++) {
      const text = fields[i];
      const name = names[i] as string;
      if (text === undefined || (text === nullValue && (quoted === undefined || quoted[i] !== true))) {
        row[name] = null;
        continue;
      }
      const convert = converters[i];
      // Copy's cleansing goes before the conversion it exists for (a typed column is converted here, not later).
      let value = text;
      if (this.cleanText && convert !== undefined) {
        const cleaned = this.cleanText(text, this.types[i]);
        if (cleaned === null) {
          row[name] = null;
          continue;
        }
        if (typeof cleaned === 'object') {
          this.bad(line, raw, 'ROW_INVALID', `File '${this.file}' line ${line} (row ${this.rowNumber}), column '${name}': ${cleaned.reason}.`);
          return;
        }
        value = cleaned;
      }
      if (convert === undefined) {
        row[name] = value;
        continue;
      }
      const result = convert(value);
      if (!result.ok) {
        this.bad(line, raw, 'VALUE_CONVERSION_FAILED', `File '${this.file}' line ${line} (row ${this.rowNumber}), column '${name}': ${result.reason}.`);
        return;
      }
      row[name] = result.value;
    }
    const item: SourceRow = { row, file: this.file, rowNumber: this.rowNumber, line };
    this.push(item);
  };
}

/**
 * Reads one DelimitedText file. `options.columns` (the dataset's schema) types the values; without it
 * values are strings, and `nullValue` (default empty) reads as null (a quoted empty string stays '').
 */
export async function* readDelimited(input: ByteInput, settings: FormatSettings, options: ReadOptions): AsyncGenerator<readonly ReadItem[]> {
  const parsed = delimitedOptions(settings);
  const sink = new RecordSink(input.name, parsed, options.columns, Math.max(1, options.batchSize ?? 1000), options.cleanText);
  const parser = new CsvParser(parsed);
  for await (const chunk of readText(input, { codec: parsed.codec, encoding: parsed.encoding, signal: options.signal, stats: options.stats, corruptCode: 'CSV_MALFORMED' })) {
    if (chunk.invalid) sink.sawInvalidBytes = true;
    parser.push(chunk.text, false, sink.onRecord);
    if (sink.full.length > 0) {
      for (const batch of sink.full.splice(0)) yield batch;
    }
  }
  parser.push('', true, sink.onRecord);
  for (const batch of sink.full.splice(0)) yield batch;
  if (sink.items.length > 0) yield sink.items;
}

/** The names a file's columns get (its header, or Prop_i over the first record), for type inference. */
export async function* readRecords(input: ByteInput, settings: FormatSettings, signal: AbortSignal): AsyncGenerator<{ names: string[]; fields: Array<string | null> }> {
  const parsed = delimitedOptions(settings);
  const parser = new CsvParser(parsed);
  let names: string[] | undefined;
  let toSkip = parsed.skipLineCount;
  let out: Array<{ names: string[]; fields: Array<string | null> }> = [];
  const onRecord = (fields: string[], quoted: boolean[] | undefined, _line: number, raw: string, error: string | undefined): void => {
    if (toSkip > 0) {
      if (raw !== '') toSkip--;
      return;
    }
    if (error !== undefined) return;
    if (names === undefined && parsed.firstRowAsHeader) {
      names = headerNames(fields);
      out.push({ names, fields: [] });
      return;
    }
    if (fields.length === 1 && fields[0] === '' && quoted?.[0] !== true && names?.length !== 1) return;
    if (names === undefined) names = [];
    if (!parsed.firstRowAsHeader) for (let i = names.length; i < fields.length; i++) names.push(propName(i));
    out.push({ names, fields: fields.map((f, i) => (f === parsed.nullValue && quoted?.[i] !== true ? null : f)) });
  };
  for await (const chunk of readText(input, { codec: parsed.codec, encoding: parsed.encoding, signal, corruptCode: 'CSV_MALFORMED' })) {
    parser.push(chunk.text, false, onRecord);
    if (out.length > 0) {
      const ready = out;
      out = [];
      yield* ready;
    }
  }
  parser.push('', true, onRecord);
  yield* out;
}
