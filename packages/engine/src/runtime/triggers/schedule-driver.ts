/**
 * The schedule trigger's driver: sleeps until the next fire time, then claims that time (`SET NX PX`, so
 * one process of many fires it) and starts the pipelines with `@trigger().scheduledTime`. Started at time T,
 * it fires the first time after T: times missed while no service ran are not replayed (as ADF).
 *
 * A claim is short (`claimMs`, 30 s by default: fire-claim.ts) until the firing is recorded, then kept as `fired`. A process that
 * loses the claim watches it (so does one whose own firing failed): if the winner dies between claiming and
 * recording (a crash, SIGKILL), its claim expires unmarked and the watcher claims and fires the time, late, under
 * the same run ids (so a run the dead process had already started is found, not started again). A time is lost
 * only when every process that saw it dies.
 */
import type { ScheduleTriggerTypeProperties } from '../../model/trigger-types.js';
import { nextFireTime } from '../../triggers/schedule.js';
import { scheduleFiring } from '../../triggers/trigger-context.js';
import type { StoredResource } from '../factory-store.js';
import type { DriverContext, TriggerDriver } from './driver.js';
import { claimAndFire } from './fire-claim.js';
import { firePipelines, stableId } from './fire.js';

/** How long a fired time stays marked, so that no process fires it again (real ms). */
const FIRED_MS = 7 * 86_400_000;

/** Starts the driver of a ScheduleTrigger document. */
export function scheduleDriver(doc: StoredResource, ctx: DriverContext): TriggerDriver {
  const tp = doc.properties.typeProperties as unknown as ScheduleTriggerTypeProperties;
  const watching = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  const stopWatching = (): void => {
    for (const t of watching) clearTimeout(t);
    watching.clear();
  };
  ctx.signal.addEventListener('abort', stopWatching, { once: true });

  /**
   * Claims `time` and fires it if this process wins; watches it when another process holds the claim unrecorded,
   * and when this firing failed (its own claim then lapses unrecorded and is taken again). `late`: a watcher's turn.
   */
  const attempt = async (time: number, late: boolean): Promise<void> => {
    const scheduledIso = new Date(time).toISOString();
    try {
      const outcome = await claimAndFire(ctx, doc.name, `schedule:${time}`, FIRED_MS, async () => {
        if (late) ctx.log('warn', `trigger '${doc.name}': the process that claimed ${scheduledIso} did not record it; firing it now`);
        const now = ctx.clock.now();
        const triggerRunId = stableId(`${ctx.engine.keys.prefix}/${doc.name.toLowerCase()}/schedule/${time}`);
        const run = await firePipelines({
          engine: ctx.engine, store: ctx.store, doc, firing: scheduleFiring(doc.name, triggerRunId, time, now),
          triggerRunId, now, properties: { scheduledTime: scheduledIso },
        });
        ctx.log(run.status === 'Succeeded' ? 'info' : 'warn', `trigger '${doc.name}' fired for ${scheduledIso}`, { triggerRunId, status: run.status });
      });
      if (outcome === 'held') watch(time);
    } catch (e) {
      ctx.log('error', `trigger '${doc.name}' at ${scheduledIso}: ${(e as Error).message}`);
      watch(time);
    }
  };

  /** Looks at `time` again once a claim taken now could have lapsed. */
  const watch = (time: number): void => {
    if (ctx.signal.aborted) return;
    const timer = setTimeout(() => {
      watching.delete(timer);
      if (ctx.signal.aborted) return;
      const check = attempt(time, true);
      inFlight.add(check);
      void check.finally(() => inFlight.delete(check));
    }, ctx.claimMs + 1000);
    watching.add(timer);
  };

  const main = (async () => {
    let after = ctx.clock.now();
    while (!ctx.signal.aborted) {
      let next: number | undefined;
      try {
        next = nextFireTime(tp.recurrence, after);
      } catch (e) {
        ctx.log('error', `trigger '${doc.name}': ${(e as Error).message}`);
        return;
      }
      if (next === undefined) {
        ctx.log('info', `trigger '${doc.name}': recurrence ended`);
        return;
      }
      // In steps of at most an hour: timers cannot wait longer than 24.8 days, and a long sleep should not drift.
      await ctx.clock.sleep(Math.min(next - ctx.clock.now(), 3_600_000), ctx.signal);
      if (ctx.signal.aborted) return;
      if (ctx.clock.now() < next) continue; // woke early (a coarse timer): sleep the rest
      await attempt(next, false);
      // Never replay: if this process woke late, the times it slept through are skipped.
      after = Math.max(next, ctx.clock.now() - 1);
    }
  })();
  const done = main.finally(async () => {
    stopWatching();
    ctx.signal.removeEventListener('abort', stopWatching);
    await Promise.all([...inFlight]);
  });
  return { done };
}
