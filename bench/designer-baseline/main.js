// The baseline of bench/designer.bench.mjs: a bare @xyflow/react page with React Flow's default node and
// edge components, drawing the same graph as the designer (fetched from graph.json, laid out in the
// browser with dagre and the designer's own layout settings) in a canvas of the same size. Plain
// createElement, no JSX: the bench builds it with the designer's Vite and no plugin.
import { createElement as h, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Controls, ReactFlow, useEdgesState, useNodesState } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Graph, layout } from '@dagrejs/dagre';

// packages/designer/src/model/layout.ts: the same node size and dagre settings.
const NODE_WIDTH = 200;
const NODE_HEIGHT = 72;
const FIT = { padding: 0.2, maxZoom: 1.2 };

function place(graph) {
  const g = new Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 80, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) g.setNode(n.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const e of graph.edges) g.setEdge(e.source, e.target);
  layout(g);
  const nodes = graph.nodes.map((n) => {
    const p = g.node(n.id);
    return { id: n.id, position: { x: Math.round(p.x - NODE_WIDTH / 2), y: Math.round(p.y - NODE_HEIGHT / 2) }, data: { label: n.label }, style: { width: NODE_WIDTH, height: NODE_HEIGHT } };
  });
  return { nodes, edges: graph.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, label: e.label })) };
}

function Flow({ initial }) {
  const [nodes, , onNodesChange] = useNodesState(initial.nodes);
  const [edges, , onEdgesChange] = useEdgesState(initial.edges);
  return h(ReactFlow, { nodes, edges, onNodesChange, onEdgesChange, fitView: true, fitViewOptions: FIT, minZoom: 0.1, proOptions: { hideAttribution: true } }, h(Controls, { showInteractive: false }));
}

function App() {
  const [initial, setInitial] = useState(null);
  useEffect(() => {
    void fetch('./graph.json').then((r) => r.json()).then((g) => setInitial(place(g)));
  }, []);
  const query = new URLSearchParams(location.search);
  const size = { width: Number(query.get('w') || 1000), height: Number(query.get('h') || 500) };
  return h('div', { style: size, 'data-testid': 'canvas' }, initial ? h(Flow, { initial }) : null);
}

createRoot(document.getElementById('root')).render(h(App));
