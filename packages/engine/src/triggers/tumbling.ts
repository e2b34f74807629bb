/**
 * ADF's tumbling-window trigger as pure arithmetic: the window grid, which windows are ready (ended, plus
 * `delay`), which windows of another trigger a dependency needs, and which windows to start now (oldest
 * first, within `maxConcurrency`, retries after `retryPolicy.intervalInSeconds`). The trigger service
 * supplies the clock and the stored window states; nothing here reads a clock or Redis.
 */
import { SluiceError } from '../errors/index.js';
import type { TumblingWindowTriggerTypeProperties } from '../model/trigger-types.js';
import { parseTimespan } from './timespan.js';
import { daysInMonth, parseTriggerTime, UTC_ZONE } from './zoned-time.js';

const POINTER = '/properties/typeProperties';

/** The fixed grid of a tumbling-window trigger (times in epoch ms, UTC). */
export interface WindowGrid {
  readonly start: number;
  /** End of the last window (windows ending after it are never created); Infinity when open-ended. */
  readonly end: number;
  readonly frequency: 'minute' | 'hour' | 'month';
  readonly interval: number;
  readonly delayMs: number;
}

/** One window: `[start, end)`. */
export interface WindowBounds {
  readonly index: number;
  readonly start: number;
  readonly end: number;
}

/** A window's state, mirroring its latest pipeline run (ADF's trigger-run status for the window). */
export type WindowStatus = 'Waiting' | 'Running' | 'Succeeded' | 'Failed' | 'Cancelled';

/** What the service stores per window. */
export interface WindowState {
  status: WindowStatus;
  /** Runs started for this window (the latest last). */
  runIds: string[];
  /** Runs started so far (1 + retries). */
  attempts: number;
  /** When a failed window may be retried (epoch ms). */
  retryAt?: number;
}

/** Builds the grid from typeProperties. Throws TRIGGER_INVALID (frequency, times, delay). */
export function windowGrid(tp: TumblingWindowTriggerTypeProperties): WindowGrid {
  const f = String(tp.frequency).toLowerCase();
  if (f !== 'minute' && f !== 'hour' && f !== 'month') {
    throw new SluiceError('TRIGGER_INVALID', `${POINTER}/frequency: '${tp.frequency}' is not one of Minute, Hour, Month.`, { pointer: `${POINTER}/frequency` });
  }
  if (!Number.isInteger(tp.interval) || tp.interval < 1) throw new SluiceError('TRIGGER_INVALID', `${POINTER}/interval: must be a whole number ≥ 1.`, { pointer: `${POINTER}/interval` });
  const start = parseTriggerTime(tp.startTime, UTC_ZONE, `${POINTER}/startTime`);
  const end = tp.endTime ? parseTriggerTime(tp.endTime, UTC_ZONE, `${POINTER}/endTime`) : Number.POSITIVE_INFINITY;
  const delayMs = tp.delay ? parseTimespan(tp.delay, `${POINTER}/delay`) : 0;
  return { start, end, frequency: f, interval: tp.interval, delayMs };
}

function monthStart(grid: WindowGrid, index: number): number {
  const base = new Date(grid.start);
  const m = base.getUTCFullYear() * 12 + base.getUTCMonth() + index * grid.interval;
  const year = Math.floor(m / 12);
  const month = m - year * 12 + 1;
  // A grid started on the 31st uses each month's last day when the month is shorter (Jan 31, Feb 29, Mar 31 …).
  const day = Math.min(base.getUTCDate(), daysInMonth(year, month));
  return Date.UTC(year, month - 1, day, base.getUTCHours(), base.getUTCMinutes(), base.getUTCSeconds(), base.getUTCMilliseconds());
}

/** Start of window `index` (index 0 starts at startTime; negative indices lie before it). */
export function windowStart(grid: WindowGrid, index: number): number {
  if (grid.frequency === 'month') return monthStart(grid, index);
  return grid.start + index * grid.interval * (grid.frequency === 'minute' ? 60_000 : 3_600_000);
}

/** The bounds of window `index`. */
export function windowBounds(grid: WindowGrid, index: number): WindowBounds {
  return { index, start: windowStart(grid, index), end: windowStart(grid, index + 1) };
}

/** The index of the window containing `time` (negative before startTime). */
export function windowIndexAt(grid: WindowGrid, time: number): number {
  if (grid.frequency !== 'month') return Math.floor((time - grid.start) / (grid.interval * (grid.frequency === 'minute' ? 60_000 : 3_600_000)));
  const base = new Date(grid.start);
  const t = new Date(time);
  let i = Math.floor(((t.getUTCFullYear() - base.getUTCFullYear()) * 12 + t.getUTCMonth() - base.getUTCMonth()) / grid.interval) + 1;
  while (windowStart(grid, i) > time) i--;
  while (windowStart(grid, i + 1) <= time) i++;
  return i;
}

/** The index of the window that starts exactly at `time`, or undefined (off the grid, before start, after end). */
export function windowIndexStartingAt(grid: WindowGrid, time: number): number | undefined {
  const i = windowIndexAt(grid, time);
  const b = windowBounds(grid, i);
  return i >= 0 && b.start === time && b.end <= grid.end ? i : undefined;
}

/**
 * The last window that may run at `now`: it has ended, `delay` has passed, and it ends by endTime.
 * -1 when none has.
 */
export function lastReadyIndex(grid: WindowGrid, now: number): number {
  let i = windowIndexAt(grid, now - grid.delayMs) - 1;
  while (i >= 0 && windowStart(grid, i + 1) > grid.end) i--;
  return Math.max(-1, i);
}

/** A dependency as numbers: the range `[window start + offset, … + size)`. */
export interface WindowDependency {
  offsetMs: number;
  /** Defaults to the dependent window's own size. */
  sizeMs?: number;
}

/** Reads a `dependsOn` entry's offset and size. Throws TRIGGER_INVALID. */
export function parseDependency(dep: { offset?: string; size?: string }, where: string): WindowDependency {
  return {
    offsetMs: dep.offset ? parseTimespan(dep.offset, `${where}/offset`) : 0,
    ...(dep.size ? { sizeMs: parseTimespan(dep.size, `${where}/size`) } : {}),
  };
}

/**
 * The windows of `target` (another trigger's grid, or the same grid for a self-dependency) that must have
 * succeeded before window `index` of `grid` may run. Windows before the target's startTime or past its
 * endTime do not exist and are not waited for (so a self-dependency does not block the first window).
 */
export function requiredWindows(grid: WindowGrid, index: number, dep: WindowDependency, target: WindowGrid): number[] {
  const own = windowBounds(grid, index);
  const from = own.start + dep.offsetMs;
  const to = from + (dep.sizeMs ?? own.end - own.start);
  if (to <= from) return [];
  const out: number[] = [];
  for (let i = Math.max(0, windowIndexAt(target, from)); ; i++) {
    const b = windowBounds(target, i);
    if (b.start >= to || b.end > target.end) break;
    if (b.end > from) out.push(i);
  }
  return out;
}

/** What {@link planWindows} decides: runs to start now (oldest first) and the new cursor. */
export interface WindowPlan {
  start: Array<{ index: number; attempt: number }>;
  /** The first window that is not final: everything before it is done for good. */
  cursor: number;
}

/** True when nothing more will happen to a window (succeeded, cancelled, or failed with no retry left). */
export function isFinalWindow(state: WindowState | undefined, retryCount: number): boolean {
  if (!state) return false;
  return state.status === 'Succeeded' || state.status === 'Cancelled' || (state.status === 'Failed' && state.attempts > retryCount);
}

/**
 * Decides which windows to start now, oldest first: new windows whose dependencies have succeeded, and
 * failed windows whose retry time has come, while fewer than `maxConcurrency` windows run. Windows from
 * `cursor` through `ready` are considered, at most `scan` of them (backfill of a long past proceeds in order).
 */
export function planWindows(input: {
  cursor: number;
  ready: number;
  windows: ReadonlyMap<number, WindowState>;
  maxConcurrency: number;
  now: number;
  retryCount: number;
  dependenciesMet: (index: number) => boolean;
  scan?: number;
}): WindowPlan {
  let cursor = Math.max(0, input.cursor);
  while (cursor <= input.ready && isFinalWindow(input.windows.get(cursor), input.retryCount)) cursor++;
  const last = Math.min(input.ready, cursor + (input.scan ?? 1000) - 1);
  let running = 0;
  for (let i = cursor; i <= last; i++) if (input.windows.get(i)?.status === 'Running') running++;
  // Windows past the scan range may still be running (a rerun): count them too.
  for (const [i, w] of input.windows) if ((i < cursor || i > last) && w.status === 'Running') running++;
  const start: WindowPlan['start'] = [];
  for (let i = cursor; i <= last && running < input.maxConcurrency; i++) {
    const w = input.windows.get(i);
    const fresh = !w || w.status === 'Waiting';
    const retry = w?.status === 'Failed' && w.attempts <= input.retryCount && (w.retryAt ?? 0) <= input.now;
    if (!fresh && !retry) continue;
    if (!input.dependenciesMet(i)) continue;
    start.push({ index: i, attempt: (w?.attempts ?? 0) + 1 });
    running++;
  }
  return { start, cursor };
}
