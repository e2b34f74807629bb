/**
 * A streaming splitter of JSON text into top-level documents, without parsing the whole file: it finds
 * where each value starts and ends (tracking strings, escapes and bracket depth) and hands the value's
 * text, with its physical line, to a callback that parses it alone. Three layouts:
 * - `array`: one top-level array, split element by element (ADF's arrayOfObjects);
 * - `lines`: one document per line (JSON Lines / ADF's setOfObjects), a bad line costs one row;
 * - `sequence`: documents one after the other, possibly over many lines (a single pretty-printed object).
 * `auto` picks `array` when the file starts with `[`, `lines` when its first document fits on one line,
 * else `sequence`.
 */
import { NewlineCounter } from '../text/newlines.js';

/** How the documents are laid out in the file. */
export type JsonLayout = 'auto' | 'array' | 'lines' | 'sequence';

/** Receives a document's text (or, with `error`, the text that could not be split). */
export type DocumentHandler = (text: string, line: number, error: string | undefined) => void;

const INCOMPLETE = -1;
const WS_SPACE = 32;
const WS_TAB = 9;
const WS_CR = 13;
const WS_LF = 10;
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;
const COMMA = 44;

/** The longest document (characters) kept waiting for its end before it is reported as malformed. */
export const MAX_DOCUMENT_CHARS = 64 * 1024 * 1024;

function isSpace(c: number): boolean {
  return c === WS_SPACE || c === WS_LF || c === WS_CR || c === WS_TAB || c === 0xfeff;
}

/** Index after the string starting at `start` (a quote), or INCOMPLETE. */
function stringEnd(buf: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const q = buf.indexOf('"', i);
    if (q === -1) return INCOMPLETE;
    let backslashes = 0;
    for (let k = q - 1; k > start && buf.charCodeAt(k) === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    i = q + 1;
  }
}

/** Index after the value starting at `start`, or INCOMPLETE when the text ends first. */
function valueEnd(buf: string, start: number, final: boolean): number {
  const len = buf.length;
  const first = buf.charCodeAt(start);
  if (first === QUOTE) return stringEnd(buf, start);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    for (let i = start; i < len; i++) {
      const c = buf.charCodeAt(i);
      if (c === QUOTE) {
        const end = stringEnd(buf, i);
        if (end === INCOMPLETE) return INCOMPLETE;
        i = end - 1;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return INCOMPLETE;
  }
  // A scalar (number, true, false, null, or garbage): up to a separator.
  for (let i = start; i < len; i++) {
    const c = buf.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || isSpace(c)) return i;
  }
  return final ? len : INCOMPLETE;
}


/**
 * The scan of a document (or line) that is not complete yet, continued chunk by chunk so that a large
 * document arriving in many chunks is scanned once and copied once (not rescanned and re-concatenated
 * with every chunk).
 */
class PendingScan {
  #depth = 0;
  #inString = false;
  #escaped = false;
  #started = false;
  #scalar = false;

  constructor(readonly kind: 'line' | 'value') {}

  /** Index in `text` just after the end of the document, or -1 when it goes on past `text`. */
  feed(text: string, from: number): number {
    if (this.kind === 'line') {
      const nl = text.indexOf('\n', from);
      return nl === -1 ? -1 : nl + 1;
    }
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (!this.#started) {
        this.#started = true;
        this.#scalar = c !== QUOTE && c !== OPEN_BRACE && c !== OPEN_BRACKET;
      }
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (c === BACKSLASH) this.#escaped = true;
        else if (c === QUOTE) {
          this.#inString = false;
          if (this.#depth === 0) return i + 1;
        }
      } else if (c === QUOTE) this.#inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.#depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (this.#scalar) return i;
        this.#depth--;
        if (this.#depth === 0) return i + 1;
      } else if (this.#scalar && (c === COMMA || isSpace(c))) return i;
    }
    return -1;
  }
}

/** Splits one file's text into documents; create one per file. */
export class JsonScanner {
  #layout: JsonLayout;
  #rest = '';
  #pending: { parts: string[]; length: number; scan: PendingScan } | undefined;
  #line = 1;
  /** Array layout: where we are. */
  #arrayState: 'open' | 'element' | 'separator' | 'closed' = 'open';

  constructor(layout: JsonLayout, readonly maxDocumentChars = MAX_DOCUMENT_CHARS) {
    this.#layout = layout;
  }

  /** The layout in use (after `auto` has decided; `auto` until the first document is seen). */
  get layout(): JsonLayout {
    return this.#layout;
  }

  /** Scans `text` after what is left of earlier chunks; `final` flushes the end of the file. */
  push(text: string, final: boolean, onDocument: DocumentHandler): void {
    const pending = this.#pending;
    if (pending) {
      // Continue the unfinished document in the new text only; join the pieces once it ends.
      const end = pending.scan.feed(text, 0);
      if (end === -1 && !final && pending.length + text.length <= this.maxDocumentChars) {
        pending.parts.push(text);
        pending.length += text.length;
        return;
      }
      this.#pending = undefined;
      pending.parts.push(text);
      text = pending.parts.join('');
    }
    const buf = this.#rest.length > 0 ? this.#rest + text : text;
    let waiting: 'line' | 'value' | undefined;
    let pos = 0;
    const len = buf.length;
    const newlines = new NewlineCounter(buf);
    const advance = (to: number): void => {
      this.#line += newlines.count(pos, to);
      pos = to;
    };
    const skipSpace = (): void => {
      let i = pos;
      while (i < len && isSpace(buf.charCodeAt(i))) i++;
      advance(i);
    };
    while (pos < len) {
      if (this.#layout === 'lines') {
        const nl = buf.indexOf('\n', pos);
        if (nl === -1 && !final) {
          waiting = 'line';
          break;
        }
        const end = nl === -1 ? len : nl;
        const lineText = buf.slice(pos, end);
        if (lineText.trim() !== '') onDocument(lineText, this.#line, undefined);
        this.#line += 1;
        pos = nl === -1 ? len : nl + 1;
        continue;
      }
      skipSpace();
      if (pos >= len) break;
      const c = buf.charCodeAt(pos);
      if (this.#layout === 'auto') {
        if (c === OPEN_BRACKET) this.#layout = 'array';
        else {
          const end = valueEnd(buf, pos, final);
          if (end === INCOMPLETE && !final && len - pos <= this.maxDocumentChars) {
            waiting = 'value';
            break;
          }
          // One document on its first line: the file is JSON Lines (a bad line then costs one row).
          this.#layout = end !== INCOMPLETE && !buf.slice(pos, end).includes('\n') ? 'lines' : 'sequence';
          continue;
        }
      }
      if (this.#layout === 'array') {
        if (this.#arrayState === 'open') {
          if (c !== OPEN_BRACKET) {
            onDocument(buf.slice(pos, Math.min(len, pos + 200)), this.#line, 'the file is not a JSON array (it does not start with [)');
            this.#arrayState = 'closed';
            pos = len;
            break;
          }
          advance(pos + 1);
          this.#arrayState = 'element';
          continue;
        }
        if (this.#arrayState === 'separator') {
          if (c === COMMA) {
            advance(pos + 1);
            this.#arrayState = 'element';
            continue;
          }
          if (c === CLOSE_BRACKET) {
            advance(pos + 1);
            this.#arrayState = 'closed';
            continue;
          }
          onDocument(buf.slice(pos, Math.min(len, pos + 200)), this.#line, "expected ',' or ']' between array elements");
          this.#arrayState = 'element';
          continue;
        }
        if (this.#arrayState === 'closed') {
          onDocument(buf.slice(pos, Math.min(len, pos + 200)), this.#line, 'text after the end of the top-level array');
          pos = len;
          break;
        }
        if (c === CLOSE_BRACKET) {
          advance(pos + 1);
          this.#arrayState = 'closed';
          continue;
        }
      }
      const end = valueEnd(buf, pos, final);
      if (end === INCOMPLETE) {
        if (!final && len - pos <= this.maxDocumentChars) {
          waiting = 'value';
          break;
        }
        const why = final ? 'the document is not complete at the end of the file' : `a document is longer than ${this.maxDocumentChars} characters`;
        onDocument(buf.slice(pos, pos + 4096), this.#line, why);
        pos = len;
        this.#arrayState = 'closed';
        break;
      }
      const docLine = this.#line;
      const docText = buf.slice(pos, end);
      advance(end);
      onDocument(docText, docLine, undefined);
      if (this.#layout === 'array') this.#arrayState = 'separator';
    }
    if (final && this.#layout === 'array' && this.#arrayState !== 'closed' && this.#arrayState !== 'open') {
      onDocument('', this.#line, 'the top-level array is not closed at the end of the file');
    }
    this.#rest = '';
    if (pos < len && waiting) {
      const scan = new PendingScan(waiting);
      scan.feed(buf, pos);
      this.#pending = { parts: [buf.slice(pos)], length: len - pos, scan };
    } else if (pos < len) this.#rest = buf.slice(pos);
  }
}
