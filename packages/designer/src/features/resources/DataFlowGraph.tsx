/**
 * The step graph of a Sluice data flow (`typeProperties.steps`, each with `inputs`), laid out left to right
 * with the same dagre layout as pipelines. Read-only: steps are edited in the JSON beside it. ADF mapping
 * data flows (a script) have no step list and show a note instead.
 */
import { Background, Controls, ReactFlow, ReactFlowProvider, type Edge, type Node } from '@xyflow/react';
import { useMemo, type ReactNode } from 'react';
import { autoLayout, NODE_WIDTH } from '../../model/layout.js';

/** A data flow step as the graph reads it. */
interface Step {
  name: string;
  type: string;
  inputs?: string[];
}

/** The nodes and edges of a step list (inputs that name no step draw no edge). */
export function stepGraph(steps: readonly Step[]): { nodes: Node[]; edges: Edge[] } {
  const names = new Set(steps.map((s) => s.name));
  const positions = autoLayout(steps.map((s) => ({ name: s.name, type: s.type, dependsOn: (s.inputs ?? []).map((i) => ({ activity: i, dependencyConditions: [] })) })));
  return {
    nodes: steps.map((s) => ({
      id: s.name,
      position: positions[s.name] ?? { x: 0, y: 0 },
      data: { label: `${s.name} (${s.type})` },
      style: { width: NODE_WIDTH },
      ariaLabel: `Step ${s.name}, ${s.type}`,
      connectable: false,
    })),
    edges: steps.flatMap((s) => (s.inputs ?? []).filter((i) => names.has(i)).map((i) => ({ id: `${i}->${s.name}`, source: i, target: s.name }))),
  };
}

/** The graph panel. */
export function DataFlowGraph({ typeProperties }: { typeProperties: Record<string, unknown> | undefined }): ReactNode {
  const steps = useMemo(
    () => (Array.isArray(typeProperties?.steps) ? (typeProperties.steps as unknown[]).filter((s): s is Step => !!s && typeof (s as Step).name === 'string' && typeof (s as Step).type === 'string') : []),
    [typeProperties],
  );
  const graph = useMemo(() => stepGraph(steps), [steps]);
  if (!steps.length) return <p className="muted">No steps to draw: a Sluice data flow lists its steps in <code>typeProperties.steps</code>.</p>;
  return (
    <section className="dataflow-graph" aria-label="Data flow steps">
      <ReactFlowProvider>
        <ReactFlow nodes={graph.nodes} edges={graph.edges} fitView nodesDraggable={false} nodesConnectable={false} proOptions={{ hideAttribution: true }}>
          <Background gap={16} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </ReactFlowProvider>
    </section>
  );
}
