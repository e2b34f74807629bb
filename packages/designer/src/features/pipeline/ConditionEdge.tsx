/**
 * A dependency edge, coloured by condition as ADF draws them (Succeeded green, Failed red, Completed blue,
 * Skipped grey) and labelled with the condition names, so colour is never the only signal. Several
 * conditions on one dependency are drawn as one edge with a dash pattern and every label.
 */
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import type { ReactNode } from 'react';
import type { ConditionEdge as ConditionEdgeType } from '../../model/graph.js';
import { useEditorActions } from './editor-actions.js';
import { conditionStyle } from './visuals.js';

/** The edge component registered as `condition`. */
export function ConditionEdgeComponent(props: EdgeProps<ConditionEdgeType>): ReactNode {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd } = props;
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const actions = useEditorActions();
  const conditions = data?.conditions ?? [];
  const first = conditions[0] ?? 'Succeeded';
  const color = conditionStyle(first).color;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        style={{ stroke: color, strokeWidth: selected ? 3.5 : 2, strokeDasharray: conditions.length > 1 ? '8 3' : undefined }}
      />
      <EdgeLabelRenderer>
        {/* Placed by left/top and centred by flexbox, not by a transform: a transform per label is one more
            layer of work for the browser on every frame of a pan (see styles.css, .edge-label-anchor). */}
        <div className="edge-label-anchor" style={{ left: labelX, top: labelY }}>
          <button
            type="button"
            className={`edge-label nodrag nopan${selected ? ' selected' : ''}`}
            aria-label={`Dependency ${props.source} to ${props.target}: ${conditions.join(', ')}`}
            onClick={() => actions.selectEdge(id)}
            data-testid={`edge-${id}`}
          >
            {conditions.map((c) => {
              const style = conditionStyle(c);
              return (
                <span key={c} className="edge-condition" style={{ borderColor: style.color, color: style.text }}>
                  {style.symbol} {c}
                </span>
              );
            })}
          </button>
        </div>
      </EdgeLabelRenderer>
    </>
  );
}
