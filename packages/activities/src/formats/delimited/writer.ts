/**
 * Writing rows as DelimitedText: an optional header, values quoted only when they must be (a delimiter,
 * quote, escape or line break inside, or a value that would read back as null), escapes, the null value,
 * the encoding and gzip/deflate. One string is built per batch, then written with back-pressure.
 */
import type { Writable } from 'node:stream';
import type { Column, FormatWriter, Row } from '../../connectors/contract.js';
import type { FormatSettings } from '../settings.js';
import { TextOutput } from '../text/output.js';
import { delimitedOptions, writeRowDelimiter, type DelimitedOptions } from './dialect.js';

/** Text of a non-null value as a CSV field, before quoting. */
function plainText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value);
    default:
      if (value instanceof Date) return value.toISOString();
      if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
      return JSON.stringify(value) ?? '';
  }
}

/** A DelimitedText file being written. */
export class DelimitedWriter implements FormatWriter {
  readonly #out: TextOutput;
  readonly #options: DelimitedOptions;
  readonly #rowDelimiter: string;
  readonly #names: string[];
  #headerPending: boolean;
  readonly #specials: string[];

  constructor(output: Writable, columns: readonly Column[], settings: FormatSettings) {
    this.#options = delimitedOptions(settings);
    this.#rowDelimiter = writeRowDelimiter(settings);
    this.#names = columns.map((c) => c.name);
    this.#headerPending = this.#options.firstRowAsHeader;
    const { delimiter, quote, escape } = this.#options;
    this.#specials = [delimiter, '\n', '\r', quote, escape].filter((s) => s !== '');
    if (this.#rowDelimiter !== '\n' && this.#rowDelimiter !== '\r\n') this.#specials.push(this.#rowDelimiter);
    this.#out = new TextOutput(output, { encoding: this.#options.encoding, codec: this.#options.codec, level: this.#options.compressionLevel });
  }

  /** One field: quoted (with escapes) when needed, so the reader gives back the same string. */
  #field(text: string, forceQuote: boolean): string {
    const { quote, escape, nullValue, delimiter } = this.#options;
    let needs = forceQuote || text === nullValue;
    if (!needs) {
      for (const s of this.#specials) {
        if (text.includes(s)) {
          needs = true;
          break;
        }
      }
    }
    if (!needs) return text;
    if (quote === '') {
      // No quoting: escape what would break the record (lossless only with an escape character).
      if (escape === '') return text;
      let out = '';
      for (let i = 0; i < text.length; i++) {
        const c = text[i] as string;
        if (c === escape || c === '\n' || c === '\r' || text.startsWith(delimiter, i)) out += escape;
        out += c;
      }
      return out;
    }
    let body = text;
    if (escape !== '' && escape !== quote) body = body.split(escape).join(escape + escape).split(quote).join(escape + quote);
    else body = body.split(quote).join(quote + quote);
    return quote + body + quote;
  }

  #headerText(): string {
    return this.#names.map((n) => this.#field(n, false)).join(this.#options.delimiter) + this.#rowDelimiter;
  }

  async write(rows: readonly Row[]): Promise<void> {
    const parts: string[] = [];
    if (this.#headerPending) {
      this.#headerPending = false;
      parts.push(this.#headerText());
    }
    const { delimiter, nullValue, quoteAllText } = this.#options;
    const names = this.#names;
    const rowDelimiter = this.#rowDelimiter;
    for (const row of rows) {
      let line = '';
      for (let i = 0; i < names.length; i++) {
        if (i > 0) line += delimiter;
        const value = row[names[i] as string];
        if (value === null || value === undefined) {
          line += nullValue;
          continue;
        }
        line += this.#field(plainText(value), quoteAllText && typeof value === 'string');
      }
      parts.push(line + rowDelimiter);
    }
    await this.#out.write(parts.join(''));
  }

  async end(): Promise<void> {
    if (this.#headerPending) {
      this.#headerPending = false;
      await this.#out.write(this.#headerText());
    }
    await this.#out.end();
  }
}
