/**
 * React Flow's node and edge state for a canvas whose nodes and edges are derived from a document (the pipeline
 * and data-flow canvases). A new derivation is adopted keeping what React Flow owns — each node's measurements
 * and the selection of the nodes and edges still there — and, given `same`, a node or edge whose derivation did
 * not change keeps its object, so React Flow does not re-render it. One implementation, so both canvases keep
 * measurements and selection the same way. A selection the editor asks for (`selectRequest`) is applied when its
 * `seq` changes.
 */
import { useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import type { Edge, Node } from '@xyflow/react';

/** Compares two derivations of the same node or edge: true when they draw the same thing. */
export interface SameDerivation<N, E> {
  node(a: N, b: N): boolean;
  edge(a: E, b: E): boolean;
}

/** A selection an editor asks for, applied when `seq` changes (0: none yet). */
export interface SelectRequest {
  seq: number;
  names: string[];
  edge: string | null;
}

/** What {@link useFlowState} gives the canvas. */
export interface FlowState<N extends Node, E extends Edge> {
  nodes: N[];
  edges: E[];
  setNodes: Dispatch<SetStateAction<N[]>>;
  setEdges: Dispatch<SetStateAction<E[]>>;
}

/** Adopts each derivation into `prev` (see the module comment); `before` is the previous derivation. */
function adopt<T extends { id: string; selected?: boolean }>(prev: readonly T[], derived: readonly T[], before: readonly T[], same: ((a: T, b: T) => boolean) | undefined, keep: (next: T, previous: T) => T): T[] {
  const byId = new Map(prev.map((x) => [x.id, x]));
  const earlier = new Map(before.map((x) => [x.id, x]));
  return derived.map((x) => {
    const p = byId.get(x.id);
    if (!p) return x;
    const b = earlier.get(x.id);
    if (same && b && same(b, x)) return p;
    return keep(x, p);
  });
}

/** The node and edge state of a derived canvas (see the module comment). */
export function useFlowState<N extends Node, E extends Edge>(derived: N[], derivedEdges: E[], selectRequest: SelectRequest, same?: SameDerivation<N, E>): FlowState<N, E> {
  const [nodes, setNodes] = useState<N[]>(derived);
  const [edges, setEdges] = useState<E[]>(derivedEdges);
  // The first derivation is the initial state already.
  const lastNodes = useRef(derived);
  useEffect(() => {
    if (lastNodes.current === derived) return;
    const before = lastNodes.current;
    lastNodes.current = derived;
    setNodes((prev) => adopt(prev, derived, before, same?.node, (n, p) => ({ ...n, selected: p.selected ?? false, ...(p.measured ? { measured: p.measured } : {}) })));
  }, [derived, same]);
  const lastEdges = useRef(derivedEdges);
  useEffect(() => {
    if (lastEdges.current === derivedEdges) return;
    const before = lastEdges.current;
    lastEdges.current = derivedEdges;
    setEdges((prev) => adopt(prev, derivedEdges, before, same?.edge, (e, p) => (p.selected ? { ...e, selected: true } : e)));
  }, [derivedEdges, same]);
  useEffect(() => {
    if (selectRequest.seq === 0) return;
    setNodes((ns) => ns.map((n) => ({ ...n, selected: selectRequest.names.includes(n.id) })));
    setEdges((es) => es.map((e) => ({ ...e, selected: e.id === selectRequest.edge })));
  }, [selectRequest]);
  return { nodes, edges, setNodes, setEdges };
}
