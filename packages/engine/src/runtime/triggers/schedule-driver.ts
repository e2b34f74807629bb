/**
 * The schedule trigger's driver: sleeps until the next fire time, then claims that time (`SET NX PX`, so
 * one process of many fires it) and starts the pipelines with `@trigger().scheduledTime`. Started at time T,
 * it fires the first time after T: times missed while no service ran are not replayed (as ADF).
 *
 * A claim is short (CLAIM_MS) until the firing is recorded, then kept as `fired`. A process that loses the
 * claim watches it: if the winner dies between claiming and recording (a crash, SIGKILL), its claim expires
 * unmarked and the watcher claims and fires the time, late, under the same run ids (so a run the dead process
 * had already started is found, not started again). A time is lost only when every process that saw it dies.
 */
import type { ScheduleTriggerTypeProperties } from '../../model/trigger-types.js';
import { nextFireTime } from '../../triggers/schedule.js';
import { scheduleFiring } from '../../triggers/trigger-context.js';
import type { StoredResource } from '../factory-store.js';
import type { DriverContext, TriggerDriver } from './driver.js';
import { firePipelines, stableId } from './fire.js';

/** How long a claimed time may stay unrecorded before another process takes it over (real ms). */
const CLAIM_MS = 30_000;
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

  /** Fires a claimed time and marks it fired (errors are logged: the claim then expires and a watcher retries). */
  const fire = async (time: number): Promise<void> => {
    const scheduledIso = new Date(time).toISOString();
    try {
      const now = ctx.clock.now();
      const triggerRunId = stableId(`${ctx.engine.keys.prefix}/${doc.name.toLowerCase()}/schedule/${time}`);
      const run = await firePipelines({
        engine: ctx.engine, store: ctx.store, doc, firing: scheduleFiring(doc.name, triggerRunId, time, now),
        triggerRunId, now, properties: { scheduledTime: scheduledIso },
      });
      await ctx.store.settle(doc.name, `schedule:${time}`, FIRED_MS);
      ctx.log(run.status === 'Succeeded' ? 'info' : 'warn', `trigger '${doc.name}' fired for ${scheduledIso}`, { triggerRunId, status: run.status });
    } catch (e) {
      ctx.log('error', `trigger '${doc.name}' at ${scheduledIso}: ${(e as Error).message}`);
    }
  };

  /** Another process claimed `time`: once its claim could have expired, take the time over unless it was fired. */
  const watch = (time: number): void => {
    const timer = setTimeout(() => {
      watching.delete(timer);
      if (ctx.signal.aborted) return;
      const check = (async () => {
        try {
          if (await ctx.store.claim(doc.name, `schedule:${time}`, CLAIM_MS, ctx.owner)) {
            ctx.log('warn', `trigger '${doc.name}': the process that claimed ${new Date(time).toISOString()} did not record it; firing it now`);
            await fire(time);
          } else if (!(await ctx.store.settled(doc.name, `schedule:${time}`))) watch(time);
        } catch (e) {
          ctx.log('error', `trigger '${doc.name}' at ${new Date(time).toISOString()}: ${(e as Error).message}`);
          watch(time);
        }
      })();
      inFlight.add(check);
      void check.finally(() => inFlight.delete(check));
    }, CLAIM_MS + 1000);
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
      try {
        if (await ctx.store.claim(doc.name, `schedule:${next}`, CLAIM_MS, ctx.owner)) await fire(next);
        else if (!(await ctx.store.settled(doc.name, `schedule:${next}`))) watch(next);
      } catch (e) {
        ctx.log('error', `trigger '${doc.name}' at ${new Date(next).toISOString()}: ${(e as Error).message}`);
      }
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
