/**
 * The canvas of one activity list: React Flow with the activity node and condition edge, a minimap,
 * zoom controls and a background. Node positions and selection live in React Flow's node state (so
 * measurements survive re-renders); the editor owns everything that is part of the document.
 *
 * Kept smooth on large pipelines (bench/designer.bench.mjs, 200 activities): a node or edge whose
 * derivation did not change keeps its React Flow object, so an edit or a live status re-renders only
 * what changed; and zoomed out (under {@link FAR_ZOOM}), where a node is under 80 px wide, the canvas
 * drops the dot grid and draws nodes, handles and labels plainly (styles.css, `.canvas.zoomed-out`),
 * which the browser repaints on every frame of a pan.
 */
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  applyEdgeChanges,
  applyNodeChanges,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnSelectionChangeParams,
  type ReactFlowState,
} from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useRef, type DragEvent, type ReactNode, type RefObject } from 'react';
import { sameEdge, sameNode, type ActivityNode, type ConditionEdge, type Point } from '../../model/graph.js';
import { useFlowState } from '../common/use-flow-state.js';
import type { DependencyCondition } from '../../model/types.js';
import { ActivityNodeComponent } from './ActivityNode.js';
import { ConditionEdgeComponent } from './ConditionEdge.js';
import { PALETTE_MIME } from './Palette.js';

const nodeTypes = { activity: ActivityNodeComponent };
const DELETE_KEYS = ['Delete', 'Backspace'];
const MULTI_KEYS = ['Shift', 'Meta', 'Control'];
const ARIA_LABELS = { 'node.a11yDescription.default': 'Press Enter or Space to select the activity. Press Delete to remove it. Arrow keys move it.' };
const PRO_OPTIONS = { hideAttribution: true };
const edgeTypes = { condition: ConditionEdgeComponent };
const SAME = { node: sameNode, edge: sameEdge };

/** Below this zoom an activity node is under 80 px wide and the grid's dots under a fifth of a pixel. */
export const FAR_ZOOM = 0.4;
const isFar = (s: ReactFlowState): boolean => s.transform[2] < FAR_ZOOM;

/**
 * Level of detail: marks the canvas `zoomed-out` under {@link FAR_ZOOM} and leaves the dot grid out there.
 * Re-renders only when the zoom crosses the threshold, never on a pan.
 */
function LevelOfDetail({ canvas }: { canvas: RefObject<HTMLDivElement | null> }): ReactNode {
  const far = useStore(isFar);
  useLayoutEffect(() => {
    canvas.current?.classList.toggle('zoomed-out', far);
  }, [far, canvas]);
  return far ? null : <Background gap={16} />;
}

/** Props of {@link Canvas}. */
export interface CanvasProps {
  nodes: ActivityNode[];
  edges: ConditionEdge[];
  /** Changes whenever the scope changes: the view fits again. */
  scopeKey: string;
  onMove(name: string, position: Point): void;
  onSelect(names: string[], edge: string | null): void;
  onConnect(from: string, to: string, condition: DependencyCondition): void;
  onDelete(names: string[], edges: string[]): void;
  onDrop(type: string, position: Point): void;
  onOpen(name: string): void;
  /** Incremented to ask for a fit (after auto layout). */
  fitRequest: number;
  /** A selection the editor asks for (after add, paste, rename, undo); applied when `seq` changes. */
  selectRequest: { seq: number; names: string[]; edge: string | null };
}

/** The React Flow canvas. Must be inside a ReactFlowProvider. */
export function Canvas(props: CanvasProps): ReactNode {
  const { nodes: derived, edges: derivedEdges, scopeKey, onMove, onSelect, onConnect, onDelete, onDrop, onOpen, fitRequest, selectRequest } = props;
  const flow = useReactFlow();
  const canvas = useRef<HTMLDivElement>(null);
  // Nodes and edges whose derivation did not change keep their objects: React Flow re-renders only what changed.
  const { nodes, edges, setNodes, setEdges } = useFlowState(derived, derivedEdges, selectRequest, SAME);

  useEffect(() => {
    const t = setTimeout(() => void flow.fitView({ padding: 0.2, maxZoom: 1.2, duration: 0 }), 50);
    return () => clearTimeout(t);
  }, [scopeKey, fitRequest, flow]);

  const onNodesChange = useCallback(
    (changes: NodeChange<ActivityNode>[]) => {
      setNodes((ns) => applyNodeChanges(changes.filter((c) => c.type !== 'remove'), ns));
      for (const c of changes) {
        if (c.type === 'position' && c.position && c.dragging === false) onMove(c.id, c.position);
      }
    },
    [onMove],
  );

  const onEdgesChange = useCallback((changes: EdgeChange<ConditionEdge>[]) => setEdges((es) => applyEdgeChanges(changes.filter((c) => c.type !== 'remove'), es)), []);

  const onSelectionChange = useCallback(
    ({ nodes: sn, edges: se }: OnSelectionChangeParams) => onSelect(sn.map((n) => n.id), se[0]?.id ?? null),
    [onSelect],
  );

  const handleConnect = useCallback(
    (c: Connection) => {
      if (c.source && c.target) onConnect(c.source, c.target, (c.sourceHandle ?? 'Succeeded') as DependencyCondition);
    },
    [onConnect],
  );

  const handleDelete = useCallback(
    ({ nodes: dn, edges: de }: { nodes: ActivityNode[]; edges: ConditionEdge[] }) => onDelete(dn.map((n) => n.id), de.map((e) => e.id)),
    [onDelete],
  );
  const handleDoubleClick = useCallback((_e: unknown, n: ActivityNode) => onOpen(n.id), [onOpen]);

  const handleDrop = (e: DragEvent): void => {
    const type = e.dataTransfer.getData(PALETTE_MIME) || e.dataTransfer.getData('text/plain');
    if (!type) return;
    e.preventDefault();
    onDrop(type, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
  };

  return (
    <div className="canvas" ref={canvas} onDragOver={(e) => {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }} onDrop={handleDrop} data-testid="canvas">
      <ReactFlow<ActivityNode, ConditionEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onSelectionChange={onSelectionChange}
        onConnect={handleConnect}
        onDelete={handleDelete}
        onNodeDoubleClick={handleDoubleClick}
        deleteKeyCode={DELETE_KEYS}
        multiSelectionKeyCode={MULTI_KEYS}
        selectionKeyCode="Shift"
        minZoom={0.1}
        fitView
        proOptions={PRO_OPTIONS}
        ariaLabelConfig={ARIA_LABELS}
      >
        <LevelOfDetail canvas={canvas} />
        <MiniMap pannable zoomable ariaLabel="Minimap of the pipeline" />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
