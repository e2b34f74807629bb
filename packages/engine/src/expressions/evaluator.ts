import type { ExprNode, MemberNode, Template } from './ast.js';
import type { CallSite, ExpressionContext } from './context.js';
import { expressionError, type ExpressionErrorCode } from './errors.js';
import type { FunctionRegistry } from './functions/registry.js';
import { valueToString } from './stringify.js';
import { isInteger, isPlainObject, typeName, type Value } from './values.js';

/** What evaluation needs besides the tree: the source text (for messages), the context, the functions. */
export interface Evaluation {
  readonly text: string;
  readonly context: ExpressionContext;
  readonly functions: FunctionRegistry;
}

function source(ev: Evaluation, node: ExprNode): string {
  return ev.text.slice(node.start, node.end);
}

function cannot(ev: Evaluation, node: ExprNode, reason: string, code: ExpressionErrorCode, at: ExprNode = node): never {
  throw expressionError(code, `The expression '${source(ev, node)}' cannot be evaluated because ${reason}`, at.start, at.end);
}

function member(ev: Evaluation, node: MemberNode): Value {
  const target = evaluateNode(ev, node.object);
  const key = evaluateNode(ev, node.property);
  if (target === null) {
    if (node.optional) return null;
    const what = typeof key === 'string' ? `property '${key}'` : `index '${valueToString(key)}'`;
    return cannot(ev, node, `${what} cannot be selected. Property selection is not supported on values of type 'Null'.`, 'EXPRESSION_PROPERTY_NOT_FOUND', node.property);
  }
  if (Array.isArray(target)) {
    if (!isInteger(key)) {
      return cannot(ev, node, `property '${valueToString(key)}' cannot be selected. Array elements can only be selected using an integer index.`, 'EXPRESSION_TYPE', node.property);
    }
    const i = Number(key);
    if (i < 0 || i >= target.length) {
      if (node.optional) return null;
      return cannot(ev, node, `array index '${i}' is outside bounds (0, ${target.length - 1}) of array.`, 'EXPRESSION_INDEX_OUT_OF_RANGE', node.property);
    }
    return target[i] as Value;
  }
  if (isPlainObject(target)) {
    if (typeof key !== 'string') {
      return cannot(ev, node, `index '${valueToString(key)}' cannot be selected on an object: use a property name.`, 'EXPRESSION_TYPE', node.property);
    }
    if (Object.prototype.hasOwnProperty.call(target, key)) return target[key] as Value;
    const lower = key.toLowerCase();
    for (const [k, v] of Object.entries(target)) if (k.toLowerCase() === lower) return v;
    if (node.optional) return null;
    const keys = Object.keys(target);
    const hint = keys.length ? `available properties are '${keys.join(', ')}'.` : 'the object has no properties.';
    return cannot(ev, node, `property '${key}' doesn't exist, ${hint}`, 'EXPRESSION_PROPERTY_NOT_FOUND', node.property);
  }
  if (node.optional) return null;
  const what = typeof key === 'string' ? `property '${key}'` : `index '${valueToString(key)}'`;
  return cannot(ev, node, `${what} cannot be selected. Property selection is not supported on values of type '${typeName(target)}'.`, 'EXPRESSION_TYPE', node.property);
}

/** Evaluates one node. Arguments are evaluated before the call (ADF is eager, `if()` included). */
export function evaluateNode(ev: Evaluation, node: ExprNode): Value {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'member':
      return member(ev, node);
    case 'call': {
      const f = ev.functions.get(node.name);
      if (!f) {
        throw expressionError('EXPRESSION_UNKNOWN_FUNCTION', `The template language function '${node.name}' at position ${node.start} is not defined or not valid.`, node.start, node.nameEnd);
      }
      const n = node.args.length;
      if (n < f.minArgs || n > f.maxArgs) {
        throw expressionError('EXPRESSION_ARITY', arityMessage(f.name, f.minArgs, f.maxArgs, n), node.start, node.end);
      }
      const args = node.args.map((a) => evaluateNode(ev, a));
      const call: CallSite = {
        name: f.name,
        position: node.start,
        end: node.end,
        context: ev.context,
        now: () => (ev.context.now ? ev.context.now() : new Date()),
        fail: (message, code = 'EXPRESSION_EVALUATION') => {
          throw expressionError(code, message, node.start, node.end);
        },
      };
      return f.impl(args, call);
    }
  }
}

/** ADF's wording for a call with the wrong number of arguments. */
export function arityMessage(name: string, min: number, max: number, got: number): string {
  const plural = (k: number): string => (k === 1 ? 'parameter' : 'parameters');
  if (min === max) return `The template language function '${name}' expects ${min === 0 ? 'no' : `exactly ${min}`} ${plural(min)}, but ${got} ${got === 1 ? 'was' : 'were'} given.`;
  if (got < min) return `The template language function '${name}' expects at least ${min} ${plural(min)}, but ${got} ${got === 1 ? 'was' : 'were'} given.`;
  return `The template language function '${name}' expects at most ${max} ${plural(max)}, but ${got} were given.`;
}

/** Evaluates a parsed property value: an expression gives any value, an interpolation a string. */
export function evaluateTemplate(ev: Evaluation, template: Template): Value {
  switch (template.kind) {
    case 'literal':
      return template.value;
    case 'expression':
      return evaluateNode(ev, template.node);
    case 'interpolation':
      return template.parts.map((p) => (p.kind === 'text' ? p.text : valueToString(evaluateNode(ev, p.node)))).join('');
  }
}
