import { makeFloat, makeInteger, type Value } from '../values.js';

/**
 * The JSON reader behind `json()`. `JSON.parse` is not enough: ADF (Newtonsoft.Json underneath) keeps
 * `1.0` a float and `1` an integer, reads 64-bit integers exactly, and is lenient about single-quoted
 * strings, unquoted property names and comments. This reader does the same and yields expression
 * values directly.
 */

/** Thrown for malformed JSON text; the message names the problem and its position. */
export class JsonTextError extends Error {}

/** Parses JSON text into an expression value. Throws {@link JsonTextError} when it is not valid. */
export function parseJsonText(text: string): Value {
  const reader = new Reader(text);
  reader.skipSpace();
  if (reader.atEnd()) throw new JsonTextError('Unexpected end of text while parsing value, at position 0.');
  const value = reader.value(0);
  reader.skipSpace();
  if (!reader.atEnd()) reader.fail(`Additional text found after the JSON value`);
  return value;
}

const MAX_DEPTH = 256;

class Reader {
  #i = 0;
  constructor(readonly text: string) {}

  atEnd(): boolean {
    return this.#i >= this.text.length;
  }

  fail(what: string): never {
    throw new JsonTextError(`${what}, at position ${this.#i}.`);
  }

  skipSpace(): void {
    const t = this.text;
    for (;;) {
      const c = t[this.#i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\uFEFF' || c === '\u00A0') {
        this.#i++;
      } else if (c === '/' && t[this.#i + 1] === '/') {
        while (this.#i < t.length && t[this.#i] !== '\n') this.#i++;
      } else if (c === '/' && t[this.#i + 1] === '*') {
        const end = t.indexOf('*/', this.#i + 2);
        if (end < 0) this.fail('Unterminated comment');
        this.#i = end + 2;
      } else {
        return;
      }
    }
  }

  value(depth: number): Value {
    if (depth > MAX_DEPTH) this.fail('JSON nested too deeply');
    const c = this.text[this.#i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"' || c === "'") return this.string();
    if (c === '-' || c === '.' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    const word = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.#i))?.[0];
    if (word === 'true' || word === 'false' || word === 'null') {
      this.#i += word.length;
      return word === 'null' ? null : word === 'true';
    }
    if (c === undefined) this.fail('Unexpected end of text while parsing value');
    return this.fail(`Unexpected character encountered while parsing value: ${c}`);
  }

  object(depth: number): Value {
    this.#i++; // {
    const out: { [key: string]: Value } = {};
    this.skipSpace();
    if (this.text[this.#i] === '}') {
      this.#i++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      const key = this.propertyName();
      this.skipSpace();
      if (this.text[this.#i] !== ':') this.fail(`Invalid character after parsing property name. Expected ':'`);
      this.#i++;
      this.skipSpace();
      // Later duplicates replace earlier ones, as Newtonsoft's default does.
      Object.defineProperty(out, key, { value: this.value(depth + 1), enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      const c = this.text[this.#i];
      if (c === ',') {
        this.#i++;
        this.skipSpace();
        if (this.text[this.#i] === '}') {
          this.#i++;
          return out;
        }
        continue;
      }
      if (c === '}') {
        this.#i++;
        return out;
      }
      this.fail(c === undefined ? 'Unexpected end of text while parsing object' : `Unexpected character encountered while parsing object: ${c}`);
    }
  }

  propertyName(): string {
    const c = this.text[this.#i];
    if (c === '"' || c === "'") return this.string();
    const m = /^[A-Za-z_$][\w$-]*/.exec(this.text.slice(this.#i));
    if (!m) this.fail(c === undefined ? 'Unexpected end of text while parsing property name' : `Invalid property identifier character: ${c}`);
    this.#i += m[0].length;
    return m[0];
  }

  array(depth: number): Value {
    this.#i++; // [
    const out: Value[] = [];
    this.skipSpace();
    if (this.text[this.#i] === ']') {
      this.#i++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      out.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.text[this.#i];
      if (c === ',') {
        this.#i++;
        this.skipSpace();
        if (this.text[this.#i] === ']') {
          this.#i++;
          return out;
        }
        continue;
      }
      if (c === ']') {
        this.#i++;
        return out;
      }
      this.fail(c === undefined ? 'Unexpected end of text while parsing array' : `Unexpected character encountered while parsing array: ${c}`);
    }
  }

  string(): string {
    const quote = this.text[this.#i];
    this.#i++;
    let out = '';
    for (;;) {
      const c = this.text[this.#i];
      if (c === undefined) this.fail('Unterminated string');
      this.#i++;
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.#i];
      this.#i++;
      switch (e) {
        case '"':
        case "'":
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = this.text.slice(this.#i, this.#i + 4);
          if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.fail('Invalid Unicode escape sequence');
          out += String.fromCharCode(parseInt(hex, 16));
          this.#i += 4;
          break;
        }
        default:
          this.fail(`Bad JSON escape sequence: \\${e ?? ''}`);
      }
    }
  }

  number(): Value {
    const m = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(this.text.slice(this.#i));
    if (!m) this.fail('Input string is not a valid number');
    const raw = m[0];
    this.#i += raw.length;
    const next = this.text[this.#i];
    if (next !== undefined && /[\w.]/.test(next)) this.fail(`Unexpected character encountered while parsing number: ${next}`);
    if (/[.eE]/.test(raw)) {
      const n = Number(raw);
      if (!Number.isFinite(n)) this.fail('JSON number is out of range');
      return makeFloat(n);
    }
    // Integers stay exact: a bigint beyond 2^53 (and beyond 64 bits, where Newtonsoft reads a BigInteger).
    return makeInteger(BigInt(raw));
  }
}
