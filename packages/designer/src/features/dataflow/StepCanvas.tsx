/**
 * The data-flow canvas: React Flow with the step node, a minimap, zoom controls and a background.
 * Positions (while dragging) and selection live in React Flow's node state, so measurements survive
 * re-renders; the editor owns the document and asks for a selection after its own edits through a
 * request counter (no feedback loop between controlled props and `onSelectionChange`).
 */
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  applyEdgeChanges,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnSelectionChangeParams,
} from '@xyflow/react';
import { useCallback, useEffect, useRef, type DragEvent, type ReactNode } from 'react';
import { useFlowState } from '../common/use-flow-state.js';
import { STEP_MIME } from './StepPalette.js';
import { StepNodeComponent } from './StepNode.js';
import { MAIN_OUTPUT, STEP_HEIGHT, STEP_WIDTH, type InputEdge, type Point, type StepNode } from './step-graph.js';

const nodeTypes = { step: StepNodeComponent };
const DELETE_KEYS = ['Delete', 'Backspace'];
const MULTI_KEYS = ['Shift', 'Meta', 'Control'];
const ARIA_LABELS = { 'node.a11yDescription.default': 'Press Enter or Space to select the step. Press Delete to remove it. Arrow keys move it.' };
const PRO_OPTIONS = { hideAttribution: true };

/** Props of {@link StepCanvas}. */
export interface StepCanvasProps {
  nodes: StepNode[];
  edges: InputEdge[];
  onMove(name: string, position: Point): void;
  onSelect(names: string[], edge: string | null): void;
  /** A drag from an output handle to a step: `fromRef` is `step` or `step.output`. */
  onConnect(fromRef: string, to: string): void;
  onDelete(names: string[], edges: string[]): void;
  onDrop(type: string, position: Point): void;
  /** Incremented to ask for a fit (after auto layout, on open). */
  fitRequest: number;
  /** A selection the editor asks for; applied when `seq` changes. */
  selectRequest: { seq: number; names: string[]; edge: string | null };
  /** A step the editor wants seen (just added): when `seq` changes and it is outside the view, the view fits. */
  revealRequest: { seq: number; name: string | null };
}

/** The canvas. Must be inside a ReactFlowProvider. */
export function StepCanvas(props: StepCanvasProps): ReactNode {
  const { nodes: derived, edges: derivedEdges, onMove, onSelect, onConnect, onDelete, onDrop, fitRequest, selectRequest, revealRequest } = props;
  const flow = useReactFlow();
  const box = useRef<HTMLDivElement>(null);
  const { nodes, edges, setNodes, setEdges } = useFlowState(derived, derivedEdges, selectRequest);

  useEffect(() => {
    const t = setTimeout(() => void flow.fitView({ padding: 0.25, maxZoom: 1.1, duration: 0 }), 50);
    return () => clearTimeout(t);
  }, [fitRequest, flow]);

  useEffect(() => {
    if (revealRequest.seq === 0 || !revealRequest.name) return;
    const name = revealRequest.name;
    const t = setTimeout(() => {
      const n = flow.getNode(name);
      const rect = box.current?.getBoundingClientRect();
      if (!n || !rect) return;
      const { x, y, zoom } = flow.getViewport();
      const left = n.position.x * zoom + x;
      const top = n.position.y * zoom + y;
      const outside = left < 0 || top < 0 || left + STEP_WIDTH * zoom > rect.width || top + STEP_HEIGHT * zoom > rect.height;
      if (outside) void flow.fitView({ padding: 0.25, maxZoom: 1.1, duration: 0 });
    }, 50);
    return () => clearTimeout(t);
  }, [revealRequest, flow]);

  const onNodesChange = useCallback((changes: NodeChange<StepNode>[]) => {
    setNodes((ns) => applyNodeChanges(changes.filter((c) => c.type !== 'remove'), ns));
    for (const c of changes) if (c.type === 'position' && c.position && c.dragging === false) onMove(c.id, c.position);
  }, [onMove]);
  const onEdgesChange = useCallback((changes: EdgeChange<InputEdge>[]) => setEdges((es) => applyEdgeChanges(changes.filter((c) => c.type !== 'remove'), es)), []);
  const onSelectionChange = useCallback(({ nodes: sn, edges: se }: OnSelectionChangeParams) => onSelect(sn.map((n) => n.id), se[0]?.id ?? null), [onSelect]);
  const handleConnect = useCallback((c: Connection) => {
    if (!c.source || !c.target) return;
    onConnect(c.sourceHandle && c.sourceHandle !== MAIN_OUTPUT ? `${c.source}.${c.sourceHandle}` : c.source, c.target);
  }, [onConnect]);
  const handleDelete = useCallback(({ nodes: dn, edges: de }: { nodes: StepNode[]; edges: InputEdge[] }) => onDelete(dn.map((n) => n.id), de.map((e) => e.id)), [onDelete]);

  const handleDrop = (e: DragEvent): void => {
    const type = e.dataTransfer.getData(STEP_MIME);
    if (!type) return;
    e.preventDefault();
    onDrop(type, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
  };

  return (
    <div
      ref={box}
      className="canvas"
      data-testid="dataflow-canvas"
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDrop={handleDrop}
    >
      <ReactFlow<StepNode, InputEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onSelectionChange={onSelectionChange}
        onConnect={handleConnect}
        onDelete={handleDelete}
        deleteKeyCode={DELETE_KEYS}
        multiSelectionKeyCode={MULTI_KEYS}
        selectionKeyCode="Shift"
        minZoom={0.1}
        fitView
        proOptions={PRO_OPTIONS}
        ariaLabelConfig={ARIA_LABELS}
      >
        <Background gap={16} />
        <MiniMap pannable zoomable ariaLabel="Minimap of the data flow" />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
