/**
 * ADF activity list → React Flow nodes and edges. The pipeline document stays the source of truth; the
 * graph is derived from it on every change (positions are kept beside it, by activity name), so the
 * canvas and the JSON view cannot drift apart.
 */
import type { Edge, Node } from '@xyflow/react';
import { containerSlots, type ContainerSlot } from './scopes.js';
import { CONDITIONS, type ActivityDoc, type DependencyCondition, type Problem } from './types.js';

/** Live status of an activity run, as the API and the SSE stream report it. */
export type RunStatus = 'Queued' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped' | 'Cancelled' | string;

/** What an activity node draws. */
export interface ActivityNodeData extends Record<string, unknown> {
  activity: ActivityDoc;
  /** The type's title from the catalog (`Set variable`), or the raw type when unknown. */
  typeTitle: string;
  category?: string;
  status?: RunStatus;
  problems: Problem[];
  slots: ContainerSlot[];
}

/** What a dependency edge draws: one or more conditions between the same two activities. */
export interface ConditionEdgeData extends Record<string, unknown> {
  conditions: DependencyCondition[];
}

/** React Flow node of an activity. */
export type ActivityNode = Node<ActivityNodeData, 'activity'>;
/** React Flow edge of a dependency. */
export type ConditionEdge = Edge<ConditionEdgeData, 'condition'>;

/** A canvas position. */
export interface Point {
  x: number;
  y: number;
}

/** Edge id for a dependency; stable across edits so React Flow keeps selection. */
export function edgeId(from: string, to: string): string {
  return `${from}->${to}`;
}

/** Orders conditions as ADF Studio lists them and drops duplicates and unknown values. */
export function normaliseConditions(conditions: readonly string[]): DependencyCondition[] {
  return CONDITIONS.filter((c) => conditions.some((x) => x.toLowerCase() === c.toLowerCase()));
}

/** Inputs of {@link toFlow} beside the activities. */
export interface FlowOptions {
  positions: Record<string, Point>;
  selected?: ReadonlySet<string>;
  statuses?: Record<string, RunStatus>;
  problems?: Record<string, Problem[]>;
  typeTitles?: Record<string, { title: string; category: string }>;
}

/**
 * Builds the nodes and edges of one activity list. Dependencies on activities outside the list (which
 * the validator reports) draw no edge. Activities without a position are placed in a row below.
 */
export function toFlow(activities: readonly ActivityDoc[], options: FlowOptions): { nodes: ActivityNode[]; edges: ConditionEdge[] } {
  const names = new Set(activities.map((a) => a.name));
  const nodes: ActivityNode[] = activities.map((activity, index) => {
    const info = options.typeTitles?.[activity.type.toLowerCase()];
    const status = options.statuses?.[activity.name];
    const problemCount = options.problems?.[activity.name]?.length ?? 0;
    return {
      id: activity.name,
      type: 'activity',
      ariaLabel: `${info?.title ?? activity.type} ${activity.name}${status ? `, ${status}` : ''}${problemCount ? `, ${problemCount} problem(s)` : ''}`,
      position: options.positions[activity.name] ?? { x: index * 260, y: 0 },
      selected: options.selected?.has(activity.name) ?? false,
      data: {
        activity,
        typeTitle: info?.title ?? activity.type,
        ...(info ? { category: info.category } : {}),
        ...(status ? { status } : {}),
        problems: options.problems?.[activity.name] ?? [],
        slots: containerSlots(activity),
      },
    };
  });
  const edges: ConditionEdge[] = [];
  for (const activity of activities) {
    for (const dep of activity.dependsOn ?? []) {
      if (!names.has(dep.activity)) continue;
      const conditions = normaliseConditions(dep.dependencyConditions ?? []);
      edges.push({
        id: edgeId(dep.activity, activity.name),
        source: dep.activity,
        // Leaves from the handle of its (first) condition, as drawn on the node.
        sourceHandle: conditions[0] ?? 'Succeeded',
        target: activity.name,
        type: 'condition',
        data: { conditions },
      });
    }
  }
  return { nodes, edges };
}

const sameProblems = (a: readonly Problem[], b: readonly Problem[]): boolean =>
  a === b || (a.length === b.length && a.every((p, i) => p === b[i] || (p.code === b[i]!.code && p.pointer === b[i]!.pointer && p.message === b[i]!.message && p.severity === b[i]!.severity)));

/**
 * True when two derivations of a node draw the same thing (same activity object, place, status, problems
 * and type). The canvas keeps React Flow's node object in that case, so a status change or an edit to one
 * activity re-renders one node, not all of them.
 */
export function sameNode(a: ActivityNode, b: ActivityNode): boolean {
  if (a === b) return true;
  return a.id === b.id && a.position.x === b.position.x && a.position.y === b.position.y && a.ariaLabel === b.ariaLabel
    && a.data.activity === b.data.activity && a.data.typeTitle === b.data.typeTitle && a.data.category === b.data.category
    && a.data.status === b.data.status && sameProblems(a.data.problems, b.data.problems);
}

/** True when two derivations of a dependency edge draw the same thing. */
export function sameEdge(a: ConditionEdge, b: ConditionEdge): boolean {
  if (a === b) return true;
  const ca = a.data?.conditions ?? [];
  const cb = b.data?.conditions ?? [];
  return a.id === b.id && a.source === b.source && a.target === b.target && a.sourceHandle === b.sourceHandle
    && ca.length === cb.length && ca.every((c, i) => c === cb[i]);
}
