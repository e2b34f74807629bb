/**
 * The advanced schedule of a schedule trigger (`recurrence.schedule`), drawn by hand because a JSON Schema
 * of integer lists makes a poor form: hours and minutes as toggle grids, week days as check boxes, month
 * days as a grid with "last day", and monthly occurrences ("the last Friday") as rows. Only the parts the
 * frequency uses are shown (Hour: minutes; Day: hours and minutes; Week: + week days; Month: + month days
 * and occurrences), as ADF Studio does. Every toggle is a button with `aria-pressed` and its own name.
 */
import { WEEK_DAYS } from '@sluice/engine';
import { useId, type ReactNode } from 'react';
import type { Problem } from '../../model/types.js';
import { FieldProblems } from '../common/FieldProblems.js';

/** `recurrence.schedule`. */
export interface Schedule {
  hours?: number[];
  minutes?: number[];
  weekDays?: string[];
  monthDays?: number[];
  monthlyOccurrences?: Array<{ day: string; occurrence?: number }>;
  [key: string]: unknown;
}

/** Props of {@link ScheduleGrid}. */
export interface ScheduleGridProps {
  /** The recurrence's frequency (any case). */
  frequency: string;
  value: Schedule | undefined;
  /** The schedule, or undefined when nothing is selected (the start time's hour and minute apply). */
  onChange(value: Schedule | undefined): void;
  /** Problems whose pointer is under `/properties/typeProperties/recurrence/schedule`. */
  problems: Problem[];
}

const OCCURRENCES: ReadonlyArray<[string, number | undefined]> = [['Every', undefined], ['First', 1], ['Second', 2], ['Third', 3], ['Fourth', 4], ['Fifth', 5], ['Last', -1]];

/** A sorted copy of `list` with `n` added or removed. */
export function toggled(list: readonly number[] | undefined, n: number): number[] {
  const set = new Set(list ?? []);
  if (set.has(n)) set.delete(n);
  else set.add(n);
  return [...set].sort((a, b) => (a < 0 ? 100 : a) - (b < 0 ? 100 : b));
}

/** The schedule with `key` replaced; empty lists are dropped, and an empty schedule becomes undefined. */
export function withPart(schedule: Schedule | undefined, key: keyof Schedule & string, list: unknown[]): Schedule | undefined {
  const next: Schedule = { ...(schedule ?? {}) };
  if (list.length) next[key] = list;
  else delete next[key];
  return Object.keys(next).length ? next : undefined;
}

function ToggleGrid({ label, values, selected, name, columns, onToggle }: { label: string; values: number[]; selected: number[] | undefined; name(n: number): string; columns: number; onToggle(n: number): void }): ReactNode {
  const on = new Set(selected ?? []);
  return (
    <div role="group" aria-label={label} className="toggle-grid" style={{ gridTemplateColumns: `repeat(${columns}, minmax(2.4em, auto))` }}>
      {values.map((n) => (
        <button key={n} type="button" className="toggle" aria-pressed={on.has(n)} aria-label={`${label}: ${name(n)}`} onClick={() => onToggle(n)}>
          {n < 0 ? 'Last' : String(n).padStart(2, '0')}
        </button>
      ))}
    </div>
  );
}

/** The schedule editor. */
export function ScheduleGrid({ frequency, value, onChange, problems }: ScheduleGridProps): ReactNode {
  const id = useId();
  const f = frequency.toLowerCase();
  if (f === 'minute') return <p className="muted">A recurrence in minutes has no advanced schedule: it fires every interval from the start time.</p>;
  const set = (key: keyof Schedule & string, list: unknown[]): void => onChange(withPart(value, key, list));
  const occurrences = value?.monthlyOccurrences ?? [];
  const summary = describeSchedule(frequency, value);
  return (
    <fieldset className={`schedule-grid${problems.length ? ' field-invalid' : ''}`} aria-describedby={`${id}-summary`}>
      <legend>Advanced schedule</legend>
      <p id={`${id}-summary`} className="help">{summary}</p>
      {f !== 'hour' ? (
        <ToggleGrid label="Hours" values={Array.from({ length: 24 }, (_, i) => i)} selected={value?.hours} columns={12} name={(n) => `${n}:00`} onToggle={(n) => set('hours', toggled(value?.hours, n))} />
      ) : null}
      <ToggleGrid label="Minutes" values={Array.from({ length: 60 }, (_, i) => i)} selected={value?.minutes} columns={15} name={(n) => `minute ${n}`} onToggle={(n) => set('minutes', toggled(value?.minutes, n))} />
      {f === 'week' ? (
        <div role="group" aria-label="Week days" className="week-days">
          {WEEK_DAYS.map((d) => {
            const checked = (value?.weekDays ?? []).some((w) => w.toLowerCase() === d.toLowerCase());
            return (
              <label key={d} className="field-inline">
                <input
                  type="checkbox"
                  checked={checked}
                  onChange={() => set('weekDays', WEEK_DAYS.filter((w) => (w === d ? !checked : (value?.weekDays ?? []).some((x) => x.toLowerCase() === w.toLowerCase()))))}
                />
                {d}
              </label>
            );
          })}
        </div>
      ) : null}
      {f === 'month' ? (
        <>
          <ToggleGrid label="Month days" values={[...Array.from({ length: 31 }, (_, i) => i + 1), -1]} selected={value?.monthDays} columns={8} name={(n) => (n < 0 ? 'last day' : `day ${n}`)} onToggle={(n) => set('monthDays', toggled(value?.monthDays, n))} />
          <div role="group" aria-label="Monthly occurrences" className="occurrences">
            {occurrences.map((o, i) => (
              <div key={i} className="array-row">
                <select aria-label={`Occurrence ${i + 1}`} value={String(o.occurrence ?? '')} onChange={(e) => set('monthlyOccurrences', occurrences.map((x, j) => (j === i ? withOccurrence(x, e.target.value) : x)))}>
                  {OCCURRENCES.map(([label, n]) => (
                    <option key={label} value={n === undefined ? '' : String(n)}>
                      {label}
                    </option>
                  ))}
                </select>
                <select aria-label={`Occurrence ${i + 1} day`} value={o.day} onChange={(e) => set('monthlyOccurrences', occurrences.map((x, j) => (j === i ? { ...x, day: e.target.value } : x)))}>
                  {WEEK_DAYS.map((d) => (
                    <option key={d}>{d}</option>
                  ))}
                </select>
                <button type="button" aria-label={`Remove occurrence ${i + 1}`} onClick={() => set('monthlyOccurrences', occurrences.filter((_, j) => j !== i))}>
                  ✕
                </button>
              </div>
            ))}
            <button type="button" onClick={() => set('monthlyOccurrences', [...occurrences, { day: 'Monday', occurrence: 1 }])}>
              + Add occurrence (e.g. the last Friday)
            </button>
          </div>
        </>
      ) : null}
      {value ? (
        <button type="button" className="link" onClick={() => onChange(undefined)}>
          Clear the advanced schedule
        </button>
      ) : null}
      <FieldProblems problems={problems} />
    </fieldset>
  );
}

function withOccurrence(o: { day: string; occurrence?: number }, text: string): { day: string; occurrence?: number } {
  const { occurrence: _o, ...rest } = o;
  return text === '' ? rest : { ...rest, occurrence: Number(text) };
}

/** A sentence saying what the schedule selects ("at 08:30 and 17:30 on Monday, Friday"). */
export function describeSchedule(frequency: string, s: Schedule | undefined): string {
  const f = frequency.toLowerCase();
  if (!s || Object.keys(s).length === 0) return f === 'hour' ? 'Every interval from the start time.' : "At the start time's hour and minute.";
  const minutes = s.minutes?.length ? s.minutes : [0];
  const parts: string[] = [];
  if (f === 'hour') parts.push(`At minute ${minutes.join(', ')} of the hour`);
  else if (s.hours?.length) parts.push(`At ${s.hours.flatMap((h) => minutes.map((m) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`)).join(', ')}`);
  else parts.push(`At minute ${minutes.join(', ')} of the start time's hour`);
  if (f === 'week' && s.weekDays?.length) parts.push(`on ${s.weekDays.join(', ')}`);
  if (f === 'month' && s.monthDays?.length) parts.push(`on day ${s.monthDays.map((d) => (d < 0 ? 'last' : String(d))).join(', ')}`);
  if (f === 'month' && s.monthlyOccurrences?.length) {
    const occ = s.monthlyOccurrences.map((o) => `${OCCURRENCES.find(([, n]) => n === o.occurrence)?.[0].toLowerCase() ?? 'every'} ${o.day}`);
    parts.push(`${s.monthDays?.length ? 'and' : 'on'} the ${occ.join(', ')}`);
  }
  return `${parts.join(' ')}.`;
}
