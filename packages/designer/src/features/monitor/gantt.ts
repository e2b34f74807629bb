/**
 * Geometry of the Gantt chart: each activity run becomes a bar placed on a shared time axis. Pure, so the
 * placement (including runs still in progress) is unit-tested.
 */
import type { ActivityRun } from '../../api/client.js';

/** One bar. */
export interface GanttBar {
  run: ActivityRun;
  /** Left edge and width as fractions (0–1) of the axis. */
  left: number;
  width: number;
  label: string;
}

/**
 * Bars in start order over [first start, last end]; runs without a start are left out; a run still in
 * progress ends at `now`.
 */
export function ganttBars(runs: readonly ActivityRun[], now: number): { bars: GanttBar[]; start: number; end: number } {
  const timed = runs
    .filter((r) => r.activityRunStart)
    .map((r) => ({ r, s: Date.parse(r.activityRunStart!), e: r.activityRunEnd ? Date.parse(r.activityRunEnd) : now }))
    .sort((a, b) => a.s - b.s || a.r.activityName.localeCompare(b.r.activityName));
  if (!timed.length) return { bars: [], start: now, end: now };
  const start = Math.min(...timed.map((t) => t.s));
  const end = Math.max(...timed.map((t) => t.e), start + 1);
  const span = end - start;
  return {
    start,
    end,
    bars: timed.map(({ r, s, e }) => ({
      run: r,
      left: (s - start) / span,
      width: Math.max((e - s) / span, 0.005),
      label: `${r.activityName}${typeof r.iteration === 'number' ? ` [${r.iteration}]` : ''}`,
    })),
  };
}
