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

/** Layouts of the last few graphs, by {@link layoutKey}: dagre takes a tenth of a second or more on 200 activities. */
const recent = new Map<string, Readonly<Record<string, Point>>>();
const RECENT_MAX = 8;

/** What the layout depends on: the names, their order and the dependencies between them — not settings or statuses. */
function layoutKey(activities: readonly ActivityDoc[]): string {
  return JSON.stringify(activities.map((a) => [a.name, (a.dependsOn ?? []).map((d) => d.activity)]));
}

/**
 * Positions (top-left corners) for every activity of a list, ranked by `dependsOn`. Deterministic:
 * the same list always gives the same positions. The graph is laid out once per shape: editing an
 * activity's settings (a new document, the same names and dependencies) returns the remembered layout
 * instead of running dagre again on every keystroke.
 */
export function autoLayout(activities: readonly ActivityDoc[]): Record<string, Point> {
  const key = layoutKey(activities);
  const known = recent.get(key);
  if (known) {
    recent.delete(key);
    recent.set(key, known);
    return { ...known };
  }
  const out = runDagre(activities);
  recent.set(key, out);
  if (recent.size > RECENT_MAX) {
    const oldest = recent.keys().next();
    if (!oldest.done) recent.delete(oldest.value);
  }
  return { ...out };
}

function runDagre(activities: readonly ActivityDoc[]): Record<string, Point> {
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
