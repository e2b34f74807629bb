import { expressionError } from './errors.js';
import { ExprFloat } from './values.js';

/** The kinds of token in ADF's expression syntax. */
export type TokenKind = 'ident' | 'number' | 'string' | '(' | ')' | '[' | ']' | ',' | '.' | '?.' | '?[' | '{' | '}' | 'eof';

/** One token, with its source range (offsets into the whole string). */
export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** Identifier text, string contents (unescaped) or the numeric value. */
  readonly value?: string | number | bigint | ExprFloat;
}

const IDENT_START = /[A-Za-z_$]/;
const IDENT_PART = /[A-Za-z0-9_$]/;
const DIGIT = /[0-9]/;

/**
 * Reads tokens on demand from any offset of a string, so that an interpolation `@{…}` can be parsed in
 * place inside a longer text and stop at its closing brace.
 */
export class Lexer {
  #pos: number;
  #peeked: Token | undefined;

  constructor(readonly text: string, start: number) {
    this.#pos = start;
  }

  /** Offset just after the last consumed token. */
  get position(): number {
    return this.#peeked ? this.#peeked.start : this.#pos;
  }

  peek(): Token {
    this.#peeked ??= this.#read();
    return this.#peeked;
  }

  next(): Token {
    const t = this.peek();
    this.#peeked = undefined;
    return t;
  }

  /** Reads a property name after `.`: identifier characters, which may start with a digit (`.1stColumn`). */
  nextPropertyName(): Token {
    if (this.#peeked) {
      // Only happens if someone peeked after a dot; re-lex from the peeked start.
      this.#pos = this.#peeked.start;
      this.#peeked = undefined;
    }
    this.#skipSpace();
    const start = this.#pos;
    while (this.#pos < this.text.length && IDENT_PART.test(this.text[this.#pos] as string)) this.#pos++;
    if (this.#pos === start) {
      const got = start < this.text.length ? `'${this.text[start]}'` : 'the end of the expression';
      throw expressionError('EXPRESSION_SYNTAX', `Expected a property name after '.' at position ${start}, found ${got}.`, start);
    }
    return { kind: 'ident', start, end: this.#pos, value: this.text.slice(start, this.#pos) };
  }

  #skipSpace(): void {
    while (this.#pos < this.text.length && /\s/.test(this.text[this.#pos] as string)) this.#pos++;
  }

  #read(): Token {
    this.#skipSpace();
    const text = this.text;
    const start = this.#pos;
    if (start >= text.length) return { kind: 'eof', start, end: start };
    const c = text[start] as string;
    const c2 = text[start + 1];
    if (c === '?' && (c2 === '.' || c2 === '[')) {
      this.#pos += 2;
      return { kind: c2 === '.' ? '?.' : '?[', start, end: start + 2 };
    }
    if ('()[],.{}'.includes(c)) {
      this.#pos++;
      return { kind: c as TokenKind, start, end: start + 1 };
    }
    if (c === "'") return this.#string(start);
    if (DIGIT.test(c) || (c === '-' && c2 !== undefined && DIGIT.test(c2))) return this.#number(start);
    if (IDENT_START.test(c)) {
      let p = start + 1;
      while (p < text.length && IDENT_PART.test(text[p] as string)) p++;
      this.#pos = p;
      return { kind: 'ident', start, end: p, value: text.slice(start, p) };
    }
    if (c === '"') {
      throw expressionError('EXPRESSION_SYNTAX', `Unexpected '"' at position ${start}: strings in expressions use single quotes ('text').`, start);
    }
    throw expressionError('EXPRESSION_SYNTAX', `Unexpected character '${c}' at position ${start}.`, start);
  }

  #string(start: number): Token {
    const text = this.text;
    let p = start + 1;
    let out = '';
    for (;;) {
      if (p >= text.length) {
        throw expressionError('EXPRESSION_SYNTAX', `The string starting at position ${start} is not closed: add a closing single quote.`, start, text.length);
      }
      const ch = text[p] as string;
      if (ch === "'") {
        if (text[p + 1] === "'") {
          out += "'";
          p += 2;
          continue;
        }
        this.#pos = p + 1;
        return { kind: 'string', start, end: p + 1, value: out };
      }
      out += ch;
      p++;
    }
  }

  #number(start: number): Token {
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(start));
    const raw = (m as RegExpExecArray)[0];
    this.#pos = start + raw.length;
    if (IDENT_START.test(this.text[this.#pos] ?? '')) {
      throw expressionError('EXPRESSION_SYNTAX', `Invalid number '${raw}${this.text[this.#pos]}' at position ${start}.`, start, this.#pos + 1);
    }
    const isFloat = m?.[1] !== undefined || m?.[2] !== undefined;
    if (isFloat) {
      const n = Number(raw);
      return { kind: 'number', start, end: this.#pos, value: Number.isInteger(n) ? new ExprFloat(n) : n };
    }
    const big = BigInt(raw);
    const safe = big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER);
    return { kind: 'number', start, end: this.#pos, value: safe ? Number(big) : big };
  }
}
