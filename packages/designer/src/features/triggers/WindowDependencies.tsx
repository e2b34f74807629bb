/**
 * A tumbling-window trigger's `dependsOn`, drawn by hand: the schema's `if/then` (another trigger needs a
 * `referenceTrigger`, a self-dependency a negative `offset`) does not make a usable form. Each row picks the
 * kind, the trigger (from the factory's triggers), the offset and the size as ADF timespans.
 */
import { useId, type ReactNode } from 'react';
import type { Problem } from '../../model/types.js';
import { FieldProblems } from '../common/FieldProblems.js';

/** One dependency as written in the document. */
export interface WindowDependency {
  type: 'TumblingWindowTriggerDependencyReference' | 'SelfDependencyTumblingWindowTriggerReference' | string;
  referenceTrigger?: { referenceName: string; type: 'TriggerReference' };
  offset?: string;
  size?: string;
  [key: string]: unknown;
}

/** Props of {@link WindowDependencies}. */
export interface WindowDependenciesProps {
  value: WindowDependency[] | undefined;
  onChange(value: WindowDependency[] | undefined): void;
  /** The factory's triggers (the one being edited is left out). */
  triggers: string[];
  problems: Problem[];
}

const OTHER = 'TumblingWindowTriggerDependencyReference';
const SELF = 'SelfDependencyTumblingWindowTriggerReference';

/** The dependencies editor. */
export function WindowDependencies({ value, onChange, triggers, problems }: WindowDependenciesProps): ReactNode {
  const id = useId();
  const list = value ?? [];
  const set = (next: WindowDependency[]): void => onChange(next.length ? next : undefined);
  const patch = (i: number, d: WindowDependency): void => set(list.map((x, j) => (j === i ? d : x)));
  return (
    <fieldset className="nested" aria-describedby={`${id}-help`}>
      <legend>Dependencies</legend>
      <p id={`${id}-help`} className="help">
        A window waits until the windows it depends on have succeeded: those of another tumbling-window trigger overlapping [start + offset, … + size), or this
        trigger&apos;s earlier windows (a negative offset such as -01:00:00).
      </p>
      {list.map((d, i) => {
        const base = `/properties/typeProperties/dependsOn/${i}`;
        const own = problems.filter((p) => p.pointer === base || (p.pointer ?? '').startsWith(`${base}/`));
        return (
          <div key={i} role="group" aria-label={`Dependency ${i + 1}`} className={`dependency-row${own.length ? ' field-invalid' : ''}`}>
            <label>
              Kind
              <select
                value={d.type}
                onChange={(e) => {
                  const { referenceTrigger: _r, ...rest } = d;
                  patch(i, e.target.value === OTHER ? { ...rest, type: OTHER } : { ...rest, type: SELF, offset: d.offset ?? '-01:00:00' });
                }}
              >
                <option value={OTHER}>Another trigger</option>
                <option value={SELF}>This trigger (self)</option>
              </select>
            </label>
            {d.type === OTHER ? (
              <label>
                Trigger
                <select value={d.referenceTrigger?.referenceName ?? ''} onChange={(e) => patch(i, { ...d, referenceTrigger: { referenceName: e.target.value, type: 'TriggerReference' } })}>
                  <option value="">(choose)</option>
                  {[...new Set([...(d.referenceTrigger?.referenceName ? [d.referenceTrigger.referenceName] : []), ...triggers])].map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </select>
              </label>
            ) : null}
            <label>
              Offset
              <input value={d.offset ?? ''} placeholder={d.type === SELF ? '-01:00:00' : '00:00:00'} onChange={(e) => patch(i, withText(d, 'offset', e.target.value))} />
            </label>
            <label>
              Size
              <input value={d.size ?? ''} placeholder="window size" onChange={(e) => patch(i, withText(d, 'size', e.target.value))} />
            </label>
            <button type="button" aria-label={`Remove dependency ${i + 1}`} onClick={() => set(list.filter((_, j) => j !== i))}>
              ✕
            </button>
            <FieldProblems problems={own} />
          </div>
        );
      })}
      <button type="button" onClick={() => set([...list, { type: OTHER }])}>
        + Add dependency
      </button>
    </fieldset>
  );
}

function withText(d: WindowDependency, key: 'offset' | 'size', text: string): WindowDependency {
  const next = { ...d };
  if (text === '') delete next[key];
  else next[key] = text;
  return next;
}
