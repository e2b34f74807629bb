import type { CallNode, ExprNode, Template, TemplatePart } from './ast.js';
import { expressionError } from './errors.js';
import { Lexer, type Token, type TokenKind } from './lexer.js';

const KEYWORDS: Record<string, null | boolean> = { true: true, false: false, null: null };

function describe(t: Token, text: string): string {
  return t.kind === 'eof' ? 'the end of the expression' : `'${text.slice(t.start, t.end)}'`;
}

/**
 * The deepest expression tree accepted (nested calls and indexes plus chained properties). Real expressions
 * stay far below; the bound keeps the recursive parser and evaluator from overflowing the stack on hostile
 * input, which would otherwise surface as an uncoded RangeError.
 */
export const MAX_EXPRESSION_DEPTH = 256;

class Parser {
  #depth = 0;

  constructor(readonly lexer: Lexer, readonly text: string) {}

  #tooDeep(at: number): never {
    throw expressionError('EXPRESSION_SYNTAX', `The expression is nested too deeply at position ${at}: more than ${MAX_EXPRESSION_DEPTH} levels of calls, indexes and properties.`, at, at + 1);
  }

  expect(kind: TokenKind, what: string): Token {
    const t = this.lexer.next();
    if (t.kind !== kind) {
      throw expressionError('EXPRESSION_SYNTAX', `Expected ${what} at position ${t.start}, found ${describe(t, this.text)}.`, t.start, Math.max(t.end, t.start + 1));
    }
    return t;
  }

  expression(): ExprNode {
    if (++this.#depth > MAX_EXPRESSION_DEPTH) this.#tooDeep(this.lexer.peek().start);
    try {
      return this.#chain();
    } finally {
      this.#depth--;
    }
  }

  #chain(): ExprNode {
    let node = this.primary();
    let links = 0;
    for (;;) {
      const t = this.lexer.peek();
      if ((t.kind === '.' || t.kind === '?.' || t.kind === '[' || t.kind === '?[') && this.#depth + ++links > MAX_EXPRESSION_DEPTH) this.#tooDeep(t.start);
      if (t.kind === '.' || t.kind === '?.') {
        this.lexer.next();
        const name = this.lexer.nextPropertyName();
        node = {
          kind: 'member', object: node, computed: false, optional: t.kind === '?.',
          property: { kind: 'literal', value: name.value as string, start: name.start, end: name.end },
          start: node.start, end: name.end,
        };
      } else if (t.kind === '[' || t.kind === '?[') {
        this.lexer.next();
        const index = this.expression();
        const close = this.expect(']', "']' to close the index");
        node = { kind: 'member', object: node, property: index, computed: true, optional: t.kind === '?[', start: node.start, end: close.end };
      } else {
        return node;
      }
    }
  }

  primary(): ExprNode {
    const t = this.lexer.next();
    switch (t.kind) {
      case 'string':
        return { kind: 'literal', value: t.value as string, start: t.start, end: t.end };
      case 'number':
        return { kind: 'literal', value: t.value as number, start: t.start, end: t.end };
      case 'ident': {
        const name = t.value as string;
        const lower = name.toLowerCase();
        if (this.lexer.peek().kind !== '(') {
          if (Object.prototype.hasOwnProperty.call(KEYWORDS, lower)) {
            return { kind: 'literal', value: KEYWORDS[lower] as null | boolean, start: t.start, end: t.end };
          }
          throw expressionError('EXPRESSION_SYNTAX', `'${name}' at position ${t.start} is not a function call: write ${name}(…) or quote it as a string ('${name}').`, t.start, t.end);
        }
        return this.call(t);
      }
      default:
        throw expressionError('EXPRESSION_SYNTAX', `Expected a value or a function call at position ${t.start}, found ${describe(t, this.text)}.`, t.start, Math.max(t.end, t.start + 1));
    }
  }

  call(name: Token): CallNode {
    this.lexer.next(); // '('
    const args: ExprNode[] = [];
    if (this.lexer.peek().kind === ')') {
      const close = this.lexer.next();
      return { kind: 'call', name: name.value as string, nameEnd: name.end, args, start: name.start, end: close.end };
    }
    for (;;) {
      args.push(this.expression());
      const t = this.lexer.next();
      if (t.kind === ')') {
        return { kind: 'call', name: name.value as string, nameEnd: name.end, args, start: name.start, end: t.end };
      }
      if (t.kind !== ',') {
        throw expressionError('EXPRESSION_SYNTAX', `Expected ',' or ')' in the call to '${String(name.value)}' at position ${t.start}, found ${describe(t, this.text)}.`, t.start, Math.max(t.end, t.start + 1));
      }
    }
  }
}

/**
 * Parses one expression starting at `start` in `text` and returns it with the offset where it ended.
 * It stops at the first token that cannot continue the expression, so callers decide what may follow
 * (the end of the string, or `}` for an interpolation).
 */
export function parseExpressionAt(text: string, start: number): { node: ExprNode; end: number; next: Token } {
  const lexer = new Lexer(text, start);
  const parser = new Parser(lexer, text);
  const node = parser.expression();
  return { node, end: node.end, next: lexer.peek() };
}

/**
 * Parses a bare expression (no leading `@`), as `sluice expr` and the designer's expression editor
 * receive it. The whole string must be one expression.
 */
export function parseExpression(text: string): ExprNode {
  const { node, next } = parseExpressionAt(text, 0);
  if (next.kind !== 'eof') {
    throw expressionError('EXPRESSION_SYNTAX', `Unexpected ${describe(next, text)} at position ${next.start}: the expression already ended at position ${node.end}.`, next.start, next.end);
  }
  return node;
}

/**
 * Parses an ADF property value.
 * - `"@expr"` → the expression's value (any JSON); whitespace after `@` is allowed.
 * - `"text @{expr} text"` → a string with interpolations; `"@{expr}"` alone is a string too.
 * - `"@@…"` at the start is a literal `@`; `"@@{"` anywhere is a literal `@{`; any other `@` is literal.
 * Errors carry the offset inside `text`.
 */
export function parseTemplate(text: string): Template {
  if (text.startsWith('@') && !text.startsWith('@@') && !text.startsWith('@{')) {
    const { node, next } = parseExpressionAt(text, 1);
    if (next.kind !== 'eof') {
      throw expressionError(
        'EXPRESSION_SYNTAX',
        `Unexpected ${describe(next, text)} at position ${next.start}: the expression ended at position ${node.end}. To mix text and expressions, use '@{…}' interpolation.`,
        next.start, next.end,
      );
    }
    return { kind: 'expression', node, start: 0 };
  }
  const parts: TemplatePart[] = [];
  let buffer = '';
  let bufferStart = 0;
  let i = 0;
  const flush = (end: number): void => {
    if (buffer) parts.push({ kind: 'text', text: buffer, start: bufferStart, end });
    buffer = '';
  };
  if (text.startsWith('@@')) {
    buffer = '@';
    i = 2;
  }
  while (i < text.length) {
    if (text.startsWith('@@{', i)) {
      buffer += '@{';
      i += 3;
      continue;
    }
    if (text.startsWith('@{', i)) {
      flush(i);
      const { node, next } = parseExpressionAt(text, i + 2);
      if (next.kind !== '}') {
        throw expressionError('EXPRESSION_SYNTAX', `Expected '}' to close the interpolation opened at position ${i}, found ${describe(next, text)} at position ${next.start}.`, next.start, Math.max(next.end, next.start + 1));
      }
      parts.push({ kind: 'expr', node, start: i, end: next.end });
      i = next.end;
      bufferStart = i;
      continue;
    }
    if (!buffer) bufferStart = i;
    buffer += text[i];
    i++;
  }
  flush(text.length);
  if (parts.length === 0) return { kind: 'literal', value: '' };
  if (parts.length === 1 && parts[0]?.kind === 'text') return { kind: 'literal', value: parts[0].text };
  return { kind: 'interpolation', parts };
}

/** True when a string value holds an expression or an interpolation (and so needs evaluating). */
export function isExpressionString(text: string): boolean {
  if (text.startsWith('@@')) return text.includes('@{', 2) && hasUnescapedInterpolation(text);
  if (text.startsWith('@')) return true;
  return hasUnescapedInterpolation(text);
}

function hasUnescapedInterpolation(text: string): boolean {
  for (let i = text.indexOf('@{'); i !== -1; i = text.indexOf('@{', i + 1)) {
    if (i === 0 || text[i - 1] !== '@') return true;
  }
  return false;
}
