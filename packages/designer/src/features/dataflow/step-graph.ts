/**
 * A step list → React Flow nodes and edges, and its automatic layout (dagre, left to right, as ADF
 * draws data flows). The document stays the source of truth: the graph is derived on every change, with
 * positions kept beside it by step name. One edge per input entry, so a join's left and right inputs
 * from the same step are two edges, and deleting an edge removes exactly that input.
 */
import { Graph, layout } from '@dagrejs/dagre';
import type { Edge, Node } from '@xyflow/react';
import type { Problem } from '../../model/types.js';
import { findStep, hasOutput, inputRange, refOutput, refStep, stepOutputs, typeInfo } from './model.js';
import type { StepDoc, StepTypeInfo } from './types.js';

/** Size of a step node; the node component uses the same numbers. */
export const STEP_WIDTH = 190;
export const STEP_HEIGHT = 70;

/** The handle id of a step's main output (named outputs use their own name). */
export const MAIN_OUTPUT = 'out';

/** A canvas position. */
export interface Point {
  x: number;
  y: number;
}

/** What a step node draws. */
export interface StepNodeData extends Record<string, unknown> {
  step: StepDoc;
  title: string;
  category: string;
  /** Whether the step takes inputs (a target handle). */
  takesInputs: boolean;
  /** Whether other steps may read it (a main output handle). */
  hasOutput: boolean;
  /** Named outputs, one handle each. */
  outputs: string[];
  problems: Problem[];
  /** The row count of the last preview, when there is one. */
  rows?: number;
}

/** What an input edge carries: which input of which step it is. */
export interface InputEdgeData extends Record<string, unknown> {
  target: string;
  index: number;
}

/** React Flow node of a step. */
export type StepNode = Node<StepNodeData, 'step'>;
/** React Flow edge of an input. */
export type InputEdge = Edge<InputEdgeData>;

/** Edge id of the `index`-th input of `target`. */
export function inputEdgeId(target: string, index: number): string {
  return `${target}#${index}`;
}

/** Positions for every step, ranked by inputs. Deterministic: the same list gives the same positions. */
export function layoutSteps(steps: readonly StepDoc[]): Record<string, Point> {
  const g = new Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const s of steps) g.setNode(s.name, { width: STEP_WIDTH, height: STEP_HEIGHT });
  for (const s of steps) {
    for (const ref of s.inputs ?? []) {
      const from = findStep(steps, refStep(ref));
      if (from && from.name !== s.name) g.setEdge(from.name, s.name);
    }
  }
  layout(g);
  const out: Record<string, Point> = {};
  for (const s of steps) {
    const n = g.node(s.name);
    out[s.name] = { x: Math.round(n.x - STEP_WIDTH / 2), y: Math.round(n.y - STEP_HEIGHT / 2) };
  }
  return out;
}

/** The first spot at or below `p` where a step does not overlap any of `taken` (so a new step is not hidden). */
export function freeSpot(p: Point, taken: Readonly<Record<string, Point>>): Point {
  const overlaps = (q: Point): boolean => Object.values(taken).some((t) => Math.abs(t.x - q.x) < STEP_WIDTH + 10 && Math.abs(t.y - q.y) < STEP_HEIGHT + 10);
  let spot = p;
  for (let i = 0; i < 100 && overlaps(spot); i += 1) spot = { x: p.x, y: spot.y + STEP_HEIGHT + 30 };
  return spot;
}

/** Inputs of {@link toStepFlow} beside the steps. */
export interface StepFlowOptions {
  positions: Record<string, Point>;
  types: readonly StepTypeInfo[];
  problems?: Record<string, Problem[]>;
  rows?: Record<string, number>;
}

/** How an input is labelled on its edge: the output it reads, and its side for two-input steps. */
function inputLabel(ref: string, index: number, target: StepDoc, info: StepTypeInfo | undefined): string | undefined {
  const { min, max } = inputRange(info);
  const side = min === 2 && max === 2 ? (index === 0 ? 'left' : 'right') : max > 1 ? `${index + 1}` : undefined;
  const output = refOutput(ref);
  const parts = [output, side].filter(Boolean);
  return parts.length ? parts.join(' → ') : target.type === 'sql' ? refStep(ref) : undefined;
}

/** The nodes and edges of a step list. Inputs naming no step draw no edge (the problems list says so). */
export function toStepFlow(steps: readonly StepDoc[], options: StepFlowOptions): { nodes: StepNode[]; edges: InputEdge[] } {
  const nodes: StepNode[] = steps.map((step) => {
    const info = typeInfo(options.types, step.type);
    const rows = options.rows?.[step.name];
    const problems = options.problems?.[step.name] ?? [];
    return {
      id: step.name,
      type: 'step',
      ariaLabel: `${info?.title ?? step.type} step ${step.name}${rows !== undefined ? `, ${rows} rows in the preview` : ''}${problems.length ? `, ${problems.length} problem(s)` : ''}`,
      position: options.positions[step.name] ?? { x: 0, y: 0 },
      data: {
        step,
        title: info?.title ?? step.type,
        category: info?.category ?? '',
        takesInputs: inputRange(info).max > 0,
        hasOutput: hasOutput(step),
        outputs: stepOutputs(step, info),
        problems,
        ...(rows !== undefined ? { rows } : {}),
      },
    };
  });
  const edges: InputEdge[] = [];
  for (const step of steps) {
    const info = typeInfo(options.types, step.type);
    (step.inputs ?? []).forEach((ref, index) => {
      const from = findStep(steps, refStep(ref));
      if (!from) return;
      const label = inputLabel(ref, index, step, info);
      edges.push({
        id: inputEdgeId(step.name, index),
        source: from.name,
        sourceHandle: refOutput(ref) ?? MAIN_OUTPUT,
        target: step.name,
        ariaLabel: `Input ${index + 1} of ${step.name}: ${ref}`,
        data: { target: step.name, index },
        ...(label ? { label, labelBgPadding: [4, 2] as [number, number], labelBgBorderRadius: 3 } : {}),
      });
    });
  }
  return { nodes, edges };
}
