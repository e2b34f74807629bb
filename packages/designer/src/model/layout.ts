/**
 * Automatic layout with dagre, left to right as ADF Studio draws pipelines. Used when a pipeline opens
 * (ADF documents carry no positions) and by the Auto layout button.
 */
import { Graph, layout } from '@dagrejs/dagre';
import type { Point } from './graph.js';
import type { ActivityDoc } from './types.js';

/** Size of an activity node on the canvas; the node component uses the same numbers. */
export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 72;

/**
 * Positions (top-left corners) for every activity of a list, ranked by `dependsOn`. Deterministic:
 * the same list always gives the same positions.
 */
export function autoLayout(activities: readonly ActivityDoc[]): Record<string, Point> {
  const g = new Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 80, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  const names = new Set(activities.map((a) => a.name));
  for (const a of activities) g.setNode(a.name, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const a of activities) {
    for (const d of a.dependsOn ?? []) if (names.has(d.activity)) g.setEdge(d.activity, a.name);
  }
  layout(g);
  const out: Record<string, Point> = {};
  for (const a of activities) {
    const n = g.node(a.name);
    out[a.name] = { x: Math.round(n.x - NODE_WIDTH / 2), y: Math.round(n.y - NODE_HEIGHT / 2) };
  }
  return out;
}
