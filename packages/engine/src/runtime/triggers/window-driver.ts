/**
 * The tumbling-window trigger's driver. Every poll, the process holding the trigger's lease: mirrors the
 * status of running windows from their pipeline runs (scheduling retries of failed ones), computes the
 * windows that are ready (ended plus `delay`, catching up after downtime), checks dependencies on other
 * tumbling-window triggers and on itself, and starts what `maxConcurrency` allows, oldest first.
 */
import { isTerminalRunStatus } from '../../scheduler/types.js';
import type { TumblingWindowTriggerTypeProperties } from '../../model/trigger-types.js';
import { windowFiring } from '../../triggers/trigger-context.js';
import {
  lastReadyIndex, parseDependency, planWindows, requiredWindows, windowBounds, windowGrid, type WindowDependency, type WindowGrid, type WindowState,
} from '../../triggers/tumbling.js';
import { SluiceError } from '../../errors/index.js';
import type { StoredResource } from '../factory-store.js';
import { loop, type DriverContext, type TriggerDriver } from './driver.js';
import { firePipelines, stableId } from './fire.js';

/** Windows considered per planning round (a long backfill proceeds SCAN windows at a time, oldest first). */
const SCAN = 1000;

interface ResolvedDependency {
  triggerName: string;
  grid: WindowGrid;
  dep: WindowDependency;
}

async function dependenciesOf(doc: StoredResource, grid: WindowGrid, ctx: DriverContext): Promise<ResolvedDependency[]> {
  const tp = doc.properties.typeProperties as unknown as TumblingWindowTriggerTypeProperties;
  const out: ResolvedDependency[] = [];
  for (const [i, d] of (tp.dependsOn ?? []).entries()) {
    const where = `/properties/typeProperties/dependsOn/${i}`;
    if (d.type === 'SelfDependencyTumblingWindowTriggerReference') {
      out.push({ triggerName: doc.name, grid, dep: parseDependency(d, where) });
      continue;
    }
    const target = await ctx.engine.factory.get('trigger', d.referenceTrigger.referenceName);
    if (String(target.properties.type) !== 'TumblingWindowTrigger') {
      throw new SluiceError('TRIGGER_INVALID', `${where}/referenceTrigger: '${target.name}' is not a tumbling-window trigger.`, { pointer: `${where}/referenceTrigger` });
    }
    out.push({ triggerName: target.name, grid: windowGrid(target.properties.typeProperties as unknown as TumblingWindowTriggerTypeProperties), dep: parseDependency(d, where) });
  }
  return out;
}

/** One planning round for a tumbling-window trigger (exported for the service's rerun and for tests). */
export async function planRound(doc: StoredResource, ctx: DriverContext): Promise<void> {
  const tp = doc.properties.typeProperties as unknown as TumblingWindowTriggerTypeProperties;
  const grid = windowGrid(tp);
  const retryCount = tp.retryPolicy?.count ?? 0;
  const retryMs = (tp.retryPolicy?.intervalInSeconds ?? 30) * 1000;
  const now = ctx.clock.now();
  const ready = lastReadyIndex(grid, now);
  const cursor = await ctx.store.cursor(doc.name);
  // Only the windows from the cursor (the first not final) on are loaded, at most SCAN of them.
  const last = Math.min(ready, cursor + SCAN - 1);
  const range = Array.from({ length: Math.max(0, last - cursor + 1) }, (_, i) => cursor + i);
  const windows = await ctx.store.windowsAt(doc.name, range);

  // Mirror the runs of running windows.
  for (const [index, w] of windows) {
    if (w.status !== 'Running') continue;
    const runId = w.runIds[w.runIds.length - 1];
    const summary = runId ? await ctx.engine.queries.summary(runId) : undefined;
    if (summary && !isTerminalRunStatus(summary.status)) continue;
    const status = summary?.status;
    const next: WindowState = status === 'Succeeded'
      ? { ...w, status: 'Succeeded' }
      : status === 'Cancelled' ? { ...w, status: 'Cancelled' } : { ...w, status: 'Failed', retryAt: now + retryMs };
    windows.set(index, next);
    await ctx.store.setWindow(doc.name, index, next);
  }

  // The windows the candidates depend on (this trigger's earlier ones, other triggers' ones).
  const deps = await dependenciesOf(doc, grid, ctx);
  const needed = new Map<string, Set<number>>();
  for (const d of deps) {
    const set = needed.get(d.triggerName) ?? new Set<number>();
    for (const i of range) for (const r of requiredWindows(grid, i, d.dep, d.grid)) set.add(r);
    needed.set(d.triggerName, set);
  }
  const states = new Map<string, Map<number, WindowState>>();
  for (const [name, set] of needed) {
    if (name === doc.name) {
      const missing = [...set].filter((i) => !windows.has(i));
      states.set(name, new Map([...windows, ...(await ctx.store.windowsAt(name, missing))]));
    } else states.set(name, await ctx.store.windowsAt(name, set));
  }
  if (states.has(doc.name)) states.set(doc.name, new Map([...states.get(doc.name)!, ...windows])); // with the statuses just mirrored
  const dependenciesMet = (index: number): boolean => deps.every((d) => {
    const known = states.get(d.triggerName)!;
    return requiredWindows(grid, index, d.dep, d.grid).every((i) => known.get(i)?.status === 'Succeeded');
  });

  const plan = planWindows({ cursor, ready, windows, maxConcurrency: tp.maxConcurrency, now, retryCount, dependenciesMet, scan: SCAN });
  if (plan.cursor !== cursor) await ctx.store.setCursor(doc.name, plan.cursor);
  await ctx.store.redis.hset(ctx.store.keys.trigger(doc.name, 'meta'), 'plannedAt', new Date(now).toISOString(), 'ready', String(ready));

  for (const { index, attempt } of plan.start) {
    if (ctx.signal.aborted) return;
    const b = windowBounds(grid, index);
    const previous = windows.get(index);
    const generation = previous?.runIds.length ?? 0;
    // The run id is derived from (window, generation): if two processes planned the same window (a lease
    // that expired mid-round), the second start finds the first run instead of starting another.
    const triggerRunId = stableId(`${ctx.engine.keys.prefix}/${doc.name.toLowerCase()}/window/${index}/${generation}`);
    const firing = windowFiring(doc.name, triggerRunId, b.start, b.end, now);
    const run = await firePipelines({
      engine: ctx.engine, store: ctx.store, doc, firing, triggerRunId, now,
      properties: { windowStartTime: new Date(b.start).toISOString(), windowEndTime: new Date(b.end).toISOString(), attempt },
    });
    const runId = Object.values(run.triggeredPipelines)[0];
    const state: WindowState = runId
      ? { status: 'Running', runIds: [...(previous?.runIds ?? []), runId], attempts: attempt }
      : { status: 'Failed', runIds: previous?.runIds ?? [], attempts: attempt, retryAt: now + retryMs };
    await ctx.store.setWindow(doc.name, index, state);
    windows.set(index, state);
    ctx.log(runId ? 'info' : 'warn', `trigger '${doc.name}' window ${new Date(b.start).toISOString()} attempt ${attempt}`, { triggerRunId, ...(run.message ? { message: run.message } : {}) });
  }
}

/** Starts the driver of a TumblingWindowTrigger document. */
export function windowDriver(doc: StoredResource, ctx: DriverContext): TriggerDriver {
  const done = loop(ctx, doc.name, ctx.pollMs, async () => {
    const token = `${ctx.owner}:${Math.random()}`;
    if (!(await ctx.store.lease(doc.name, token, Math.max(10_000, ctx.pollMs * 10)))) return;
    try {
      await planRound(doc, ctx);
    } finally {
      await ctx.store.release(doc.name, token);
    }
  });
  return { done };
}
