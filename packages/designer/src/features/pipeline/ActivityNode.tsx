/**
 * An activity on the canvas, drawn as ADF Studio does: a type badge and the name, a status badge while
 * debugging (text and colour, never colour alone), a problem count, and four output handles on the right
 * — one per dependency condition — so dragging from the green handle makes a "Succeeded" dependency.
 * Containers get a button per inner list that opens their canvas.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, type ReactNode } from 'react';
import type { ActivityNode as ActivityNodeType } from '../../model/graph.js';
import { NODE_HEIGHT, NODE_WIDTH } from '../../model/layout.js';
import { CONDITIONS } from '../../model/types.js';
import { useEditorActions } from './editor-actions.js';
import { conditionStyle, statusStyle, typeBadge } from './visuals.js';

function ActivityNodeView({ data, selected, id }: NodeProps<ActivityNodeType>): ReactNode {
  const actions = useEditorActions();
  const status = data.status ? statusStyle(data.status) : undefined;
  const badge = typeBadge(data.activity.type, data.category);
  const errors = data.problems.filter((p) => (p.severity ?? 'error') === 'error').length;
  return (
    <div
      className={`activity-node${selected ? ' selected' : ''}${errors ? ' has-problems' : ''}`}
      style={{ width: NODE_WIDTH, minHeight: NODE_HEIGHT }}
      data-testid={`node-${id}`}
      data-status={data.status ?? ''}
      aria-label={`${data.typeTitle} activity ${data.activity.name}${data.status ? `, status ${data.status}` : ''}${errors ? `, ${errors} problem(s)` : ''}`}
    >
      <Handle type="target" position={Position.Left} aria-label={`Input of ${id}`} />
      <div className="activity-head">
        <span className="type-badge" style={{ background: badge.color }} aria-hidden="true">
          {badge.text}
        </span>
        <span className="activity-type">{data.typeTitle}</span>
        {errors ? (
          <span className="badge badge-error" title={data.problems.map((p) => `${p.code}: ${p.message}`).join('\n')}>
            ⚠ {errors}
          </span>
        ) : null}
      </div>
      <div className="activity-name">{data.activity.name}</div>
      {status ? (
        <div className="status-badge" style={{ background: status.background, color: status.color }} data-testid={`status-${id}`}>
          {status.symbol} {data.status}
        </div>
      ) : null}
      {data.slots.length ? (
        <div className="slots">
          {data.slots.map((s) => (
            <button
              key={s.slot}
              type="button"
              className="slot-button nodrag"
              aria-label={`Open ${s.label === 'Activities' ? 'inner' : s.label} activities of ${id} (${s.count})`}
              onClick={(e) => {
                e.stopPropagation();
                actions.openScope(id, s.slot);
              }}
            >
              {s.label} ({s.count}) ›
            </button>
          ))}
        </div>
      ) : null}
      <div className="source-handles">
        {CONDITIONS.map((c, i) => {
          const style = conditionStyle(c);
          return (
            <Handle
              key={c}
              id={c}
              type="source"
              position={Position.Right}
              className={`handle-${c.toLowerCase()}`}
              style={{ top: 14 + i * 16, background: style.color }}
              title={`Drag to connect: on ${c}`}
              aria-label={`On ${c} output of ${id}`}
            />
          );
        })}
      </div>
    </div>
  );
}

/** The node component registered as `activity`. */
export const ActivityNodeComponent = memo(ActivityNodeView);
