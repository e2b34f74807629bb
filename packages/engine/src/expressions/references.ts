import type { CallNode, ExprNode, Template } from './ast.js';

/**
 * Something an expression reads or calls, found statically (without evaluating). The validator uses
 * these to report `@pipeline().parameters.nope`, `@activity('Nope')`, unknown functions and bad arity
 * before a run starts; the designer uses them to draw data lineage between activities.
 */
export type ExpressionReference =
  | { kind: 'function'; name: string; argCount: number; start: number; end: number }
  | { kind: 'parameter'; name: string; start: number; end: number }
  | { kind: 'globalParameter'; name: string; start: number; end: number }
  | { kind: 'variable'; name: string; start: number; end: number }
  | { kind: 'activity'; name: string; start: number; end: number }
  | { kind: 'item'; start: number; end: number }
  | { kind: 'dataset'; name: string | null; start: number; end: number }
  | { kind: 'linkedService'; name: string | null; start: number; end: number };

function literalString(node: ExprNode | undefined): string | undefined {
  return node?.kind === 'literal' && typeof node.value === 'string' ? node.value : undefined;
}

function isCall(node: ExprNode, name: string): node is CallNode {
  return node.kind === 'call' && node.name.toLowerCase() === name;
}

function visit(node: ExprNode, out: ExpressionReference[]): void {
  if (node.kind === 'literal') return;
  if (node.kind === 'call') {
    out.push({ kind: 'function', name: node.name, argCount: node.args.length, start: node.start, end: node.end });
    const lower = node.name.toLowerCase();
    const first = literalString(node.args[0]);
    if (first !== undefined && (lower === 'variables' || lower === 'activity')) {
      out.push({ kind: lower === 'variables' ? 'variable' : 'activity', name: first, start: node.start, end: node.end });
    }
    if (lower === 'item' && node.args.length === 0) out.push({ kind: 'item', start: node.start, end: node.end });
    node.args.forEach((a) => visit(a, out));
    return;
  }
  // member: pipeline().parameters.X, pipeline().globalParameters.X, dataset().X, linkedService().X
  const key = literalString(node.property);
  const obj = node.object;
  if (key !== undefined && obj.kind === 'member' && isCall(obj.object, 'pipeline')) {
    const scope = literalString(obj.property)?.toLowerCase();
    if (scope === 'parameters') out.push({ kind: 'parameter', name: key, start: node.start, end: node.end });
    if (scope === 'globalparameters') out.push({ kind: 'globalParameter', name: key, start: node.start, end: node.end });
  }
  if (isCall(obj, 'dataset') || isCall(obj, 'linkedservice')) {
    const kind = isCall(obj, 'dataset') ? 'dataset' : 'linkedService';
    out.push({ kind, name: key ?? null, start: node.start, end: node.end });
  }
  visit(node.object, out);
  if (node.computed) visit(node.property, out);
}

/** Every reference in a parsed property value, in source order of their outermost node. */
export function collectReferences(template: Template): ExpressionReference[] {
  const out: ExpressionReference[] = [];
  if (template.kind === 'expression') visit(template.node, out);
  if (template.kind === 'interpolation') for (const p of template.parts) if (p.kind === 'expr') visit(p.node, out);
  return out;
}
