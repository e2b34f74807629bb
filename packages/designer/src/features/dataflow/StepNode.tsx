/**
 * A step on the data-flow canvas: its type and name, the row count of the last preview, a problem
 * count (a symbol and a number, never colour alone), an input handle on the left (none for a source)
 * and output handles on the right — the main one, then one per named output, each labelled.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, type ReactNode } from 'react';
import { MAIN_OUTPUT, STEP_HEIGHT, STEP_WIDTH, type StepNode as StepNodeType } from './step-graph.js';

const CATEGORY_COLORS: Record<string, string> = {
  'Sources and sinks': '#107c10',
  'Multiple inputs/outputs': '#0063b1',
  'Schema modifier': '#5c2d91',
  Formatters: '#8764b8',
  'Row modifier': '#b4009e',
  Custom: '#605e5c',
};

/** Two letters for a step type (`conditionalSplit` → `CS`, `filter` → `FI`). */
export function stepBadge(type: string): string {
  const capitals = type.replace(/[^A-Z]/g, '');
  return (capitals.length ? `${type[0] ?? ''}${capitals[0]}` : type.slice(0, 2)).toUpperCase();
}

function StepNodeView({ data, selected, id }: NodeProps<StepNodeType>): ReactNode {
  const errors = data.problems.filter((p) => (p.severity ?? 'error') === 'error').length;
  return (
    <div
      className={`step-node${selected ? ' selected' : ''}${errors ? ' has-problems' : ''}`}
      style={{ width: STEP_WIDTH, minHeight: STEP_HEIGHT }}
      data-testid={`step-${id}`}
      data-problems={errors}
    >
      {data.takesInputs ? <Handle type="target" position={Position.Left} id="in" aria-label={`Input of ${id}`} title="Drop a connection here: this step reads it" /> : null}
      <div className="step-head">
        <span className="type-badge" style={{ background: CATEGORY_COLORS[data.category] ?? '#605e5c' }} aria-hidden="true">
          {stepBadge(data.step.type)}
        </span>
        <span className="step-type">{data.title}</span>
        {errors ? (
          <span className="badge badge-error" title={data.problems.map((p) => `${p.code}: ${p.message}`).join('\n')}>
            ⚠ {errors}
          </span>
        ) : null}
      </div>
      <div className="step-name">{data.step.name}</div>
      {data.rows !== undefined ? (
        <div className="step-rows" data-testid={`rows-${id}`}>
          {data.rows} row{data.rows === 1 ? '' : 's'}
        </div>
      ) : null}
      {data.hasOutput ? (
        <Handle type="source" position={Position.Right} id={MAIN_OUTPUT} className="step-output" style={{ top: 22 }} aria-label={`Output of ${id}`} title="Drag to a step to make it read this output" />
      ) : null}
      {data.outputs.length ? (
        <ul className="step-outputs" aria-label={`Named outputs of ${id}`}>
          {data.outputs.map((o) => (
            <li key={o}>
              {o}
              <Handle type="source" position={Position.Right} id={o} className="step-output named" aria-label={`Output ${o} of ${id}`} title={`Drag to read ${id}.${o}`} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The node component registered as `step`. */
export const StepNodeComponent = memo(StepNodeView);
