import type { ExprFloat } from './values.js';

/**
 * The syntax tree of one expression. Every node knows where it came from: `start` and `end` are 0-based
 * offsets into the whole string the user wrote (the property value, `@` and `@{` included), so an error
 * can point at the exact characters in the designer or on the command line.
 */
export type ExprNode = LiteralNode | CallNode | MemberNode;

interface NodeBase {
  readonly start: number;
  readonly end: number;
}

/** `'text'`, `42`, `4.2`, `true`, `null`. */
export interface LiteralNode extends NodeBase {
  readonly kind: 'literal';
  readonly value: null | boolean | string | number | bigint | ExprFloat;
}

/** `name(arg, …)`. `name` is as written; lookup is case-insensitive. */
export interface CallNode extends NodeBase {
  readonly kind: 'call';
  readonly name: string;
  readonly nameEnd: number;
  readonly args: readonly ExprNode[];
}

/** `object.name`, `object?.name`, `object[index]`, `object?[index]`. */
export interface MemberNode extends NodeBase {
  readonly kind: 'member';
  readonly object: ExprNode;
  /** For `.name` a string literal node holding the name; for `[x]` the index expression. */
  readonly property: ExprNode;
  readonly computed: boolean;
  readonly optional: boolean;
}

/** A piece of an interpolated string: literal text, or an `@{…}` expression. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: 'expr'; readonly node: ExprNode; readonly start: number; readonly end: number };

/**
 * A parsed property value:
 * - `literal`: no expression (`"parameters"`, `"@@x"` which is the text `@x`);
 * - `expression`: the whole value is `@expr`, whose result may be any JSON value;
 * - `interpolation`: text with `@{expr}` parts, whose result is always a string.
 */
export type Template =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'expression'; readonly node: ExprNode; readonly start: number }
  | { readonly kind: 'interpolation'; readonly parts: readonly TemplatePart[] };
