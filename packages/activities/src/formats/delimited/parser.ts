/**
 * A streaming delimited-text parser (RFC 4180 plus ADF's options) tuned for throughput. Text arrives in
 * chunks; complete records leave through a callback with their physical line. Lines without a quote or
 * escape character take a fast path (`indexOf` + `split`); only the others are scanned character by
 * character. A record never held whole in memory beyond {@link MAX_RECORD_CHARS}: a quote left open
 * that long (or until the end of the file) is reported as malformed on its first line, and parsing
 * resumes on the next line, so one stray quote costs one row, not the rest of the file.
 */
import { NewlineCounter } from '../text/newlines.js';

/** How records and fields are delimited. */
export interface CsvDialect {
  /** One or more characters between fields. */
  readonly delimiter: string;
  /** Characters between records; undefined reads `\n` or `\r\n`. */
  readonly rowDelimiter: string | undefined;
  /** One character, or '' for no quoting. */
  readonly quote: string;
  /** One character escaping a quote (or itself) inside a quoted field, or a delimiter outside one; '' for none. */
  readonly escape: string;
}

/**
 * Receives each record: its fields, which fields were quoted (undefined when none was: the fast path),
 * the 1-based physical line where it starts, its raw text, and an error message when it is malformed.
 */
export type RecordHandler = (fields: string[], quoted: boolean[] | undefined, line: number, raw: string, error: string | undefined) => void;

/** The longest record kept waiting for its end (characters); beyond it the record is malformed. */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;

const INCOMPLETE = -1;
const UNTERMINATED = -2;

/** Parses one delimited-text stream; create one per file. */
export class CsvParser {
  readonly #delimiter: string;
  readonly #delimiterCode: number;
  readonly #rowDelimiter: string | undefined;
  readonly #quote: string;
  readonly #quoteCode: number;
  readonly #escape: string;
  readonly #escapeCode: number;
  #rest = '';
  #line = 1;
  /** After an over-long record: text is dropped up to the next row delimiter. */
  #discarding = false;
  // Per-record slow-path output, reused.
  #fields: string[] = [];
  #quoted: boolean[] = [];

  constructor(dialect: CsvDialect, readonly maxRecordChars = MAX_RECORD_CHARS) {
    if (dialect.delimiter === '') throw new Error('The column delimiter must not be empty.');
    this.#delimiter = dialect.delimiter;
    this.#delimiterCode = dialect.delimiter.length === 1 ? dialect.delimiter.charCodeAt(0) : -1;
    this.#rowDelimiter = dialect.rowDelimiter === '' ? undefined : dialect.rowDelimiter;
    this.#quote = dialect.quote;
    this.#quoteCode = dialect.quote === '' ? -1 : dialect.quote.charCodeAt(0);
    this.#escape = dialect.escape === dialect.quote ? '' : dialect.escape;
    this.#escapeCode = this.#escape === '' ? -1 : this.#escape.charCodeAt(0);
  }

  /** Parses `text` (appended to what is left of earlier chunks); `final` flushes the last record. */
  push(text: string, final: boolean, onRecord: RecordHandler): void {
    const auto = this.#rowDelimiter === undefined;
    const rowDelim = this.#rowDelimiter ?? '\n';
    const rowDelimLen = rowDelim.length;
    if (this.#discarding) {
      const joined = this.#rest + text;
      const at = joined.indexOf(rowDelim);
      if (at === -1) {
        // Keep only what could be the start of a delimiter split across chunks.
        this.#line += new NewlineCounter(joined).count(0, joined.length - (rowDelimLen - 1));
        this.#rest = joined.slice(joined.length - (rowDelimLen - 1));
        return;
      }
      this.#line += new NewlineCounter(joined).count(0, at + rowDelimLen);
      this.#discarding = false;
      this.#rest = '';
      text = joined.slice(at + rowDelimLen);
    }
    const buf = this.#rest.length > 0 ? this.#rest + text : text;
    const len = buf.length;
    const delimiter = this.#delimiter;
    let nextQuote = this.#quote === '' ? Infinity : -Infinity;
    let nextEscape = this.#escape === '' ? Infinity : -Infinity;
    const newlines = new NewlineCounter(buf);
    let pos = 0;
    while (pos < len) {
      const nl = buf.indexOf(rowDelim, pos);
      if (nl === -1 && !final) {
        if (len - pos > this.maxRecordChars) {
          // No row delimiter for this long (a wrong rowDelimiter setting?): report and skip to the next one.
          onRecord([], undefined, this.#line, buf.slice(pos, pos + 4096), `no row delimiter within ${this.maxRecordChars} characters`);
          this.#line += newlines.count(pos, len - (rowDelimLen - 1));
          this.#discarding = true;
          this.#rest = buf.slice(len - (rowDelimLen - 1));
          return;
        }
        break;
      }
      const end = nl === -1 ? len : nl;
      let lineEnd = end;
      if (auto && lineEnd > pos && buf.charCodeAt(lineEnd - 1) === 13) lineEnd--;
      if (nextQuote < pos) {
        const q = buf.indexOf(this.#quote, pos);
        nextQuote = q === -1 ? Infinity : q;
      }
      if (nextEscape < pos) {
        const e = buf.indexOf(this.#escape, pos);
        nextEscape = e === -1 ? Infinity : e;
      }
      if (nextQuote >= lineEnd && nextEscape >= lineEnd) {
        const raw = buf.slice(pos, lineEnd);
        onRecord(raw.split(delimiter), undefined, this.#line, raw, undefined);
        const next = nl === -1 ? len : nl + rowDelimLen;
        this.#line += auto ? 1 : newlines.count(pos, next);
        pos = next;
        continue;
      }
      const stop = this.#slow(buf, pos, final);
      if (stop === INCOMPLETE) {
        if (len - pos <= this.maxRecordChars) break;
      }
      if (stop === INCOMPLETE || stop === UNTERMINATED) {
        // Malformed: report the record's first physical line and resume after it.
        const firstNl = buf.indexOf('\n', pos);
        const next = firstNl === -1 ? len : firstNl + 1;
        const raw = buf.slice(pos, firstNl === -1 ? len : firstNl).replace(/\r$/, '');
        const why = stop === UNTERMINATED ? 'a quoted field is not closed before the end of the file' : `a quoted field is not closed within ${this.maxRecordChars} characters`;
        onRecord([], undefined, this.#line, raw, why);
        this.#line += 1;
        pos = next;
        nextQuote = this.#quote === '' ? Infinity : -Infinity;
        nextEscape = this.#escape === '' ? Infinity : -Infinity;
        continue;
      }
      const raw = buf.slice(pos, stop).replace(/\r?\n$/, '');
      onRecord(this.#fields, this.#quoted, this.#line, raw, undefined);
      this.#fields = [];
      this.#quoted = [];
      this.#line += newlines.count(pos, stop);
      pos = stop;
    }
    this.#rest = pos < len ? buf.slice(pos) : '';
  }

  /**
   * Scans one record from `start` character by character into #fields/#quoted. Returns the index after
   * its row delimiter, or INCOMPLETE (needs more text), or UNTERMINATED (a quote open at the end).
   */
  #slow(buf: string, start: number, final: boolean): number {
    const len = buf.length;
    const auto = this.#rowDelimiter === undefined;
    const rowDelim = this.#rowDelimiter ?? '\n';
    const quote = this.#quote;
    const quoteCode = this.#quoteCode;
    const escapeCode = this.#escapeCode;
    const delimiter = this.#delimiter;
    const dCode = this.#delimiterCode;
    const fields: string[] = (this.#fields = []);
    const quotedFlags: boolean[] = (this.#quoted = []);
    let i = start;
    for (;;) {
      let value = '';
      let quoted = false;
      if (i < len && buf.charCodeAt(i) === quoteCode) {
        quoted = true;
        i++;
        let from = i;
        for (;;) {
          let j = buf.indexOf(quote, i);
          if (escapeCode !== -1) {
            const e = buf.indexOf(this.#escape, i);
            if (e !== -1 && (j === -1 || e < j)) j = e;
          }
          if (j === -1) return final ? UNTERMINATED : INCOMPLETE;
          const c = buf.charCodeAt(j);
          if (j + 1 >= len && !final) return INCOMPLETE;
          if (c === escapeCode) {
            const n = buf.charCodeAt(j + 1);
            if (j + 1 >= len) return UNTERMINATED;
            if (n === quoteCode || n === escapeCode) {
              value += buf.slice(from, j) + buf[j + 1];
              i = from = j + 2;
            } else i = j + 1;
            continue;
          }
          if (buf.charCodeAt(j + 1) === quoteCode) {
            value += buf.slice(from, j) + quote;
            i = from = j + 2;
            continue;
          }
          value += buf.slice(from, j);
          i = j + 1;
          break;
        }
      }
      // Unquoted text (or what follows a closing quote, kept literally): up to a delimiter or a row end.
      let from = i;
      for (;;) {
        if (i >= len) {
          if (!final) return INCOMPLETE;
          value += buf.slice(from, i);
          fields.push(value);
          quotedFlags.push(quoted);
          return len;
        }
        const c = buf.charCodeAt(i);
        if (c === escapeCode && !quoted && i + 1 < len) {
          value += buf.slice(from, i);
          const n = buf.charCodeAt(i + 1);
          if (n === 13 && buf.charCodeAt(i + 2) === 10) {
            value += '\r\n';
            i += 3;
          } else if (buf.startsWith(delimiter, i + 1) || n === quoteCode || n === escapeCode || n === 10 || n === 13 || (!auto && buf.startsWith(rowDelim, i + 1))) {
            value += buf[i + 1];
            i += 2;
          } else {
            value += buf[i];
            i += 1;
          }
          from = i;
          continue;
        }
        if (dCode !== -1 ? c === dCode : buf.startsWith(delimiter, i)) {
          value += buf.slice(from, i);
          fields.push(value);
          quotedFlags.push(quoted);
          i += delimiter.length;
          break;
        }
        if (auto ? c === 10 : c === rowDelim.charCodeAt(0) && buf.startsWith(rowDelim, i)) {
          if (!auto && i + rowDelim.length > len && !final) return INCOMPLETE;
          let tail = buf.slice(from, i);
          if (auto && tail.endsWith('\r')) tail = tail.slice(0, -1);
          fields.push(value + tail);
          quotedFlags.push(quoted);
          return i + rowDelim.length;
        }
        i++;
      }
    }
  }
}

