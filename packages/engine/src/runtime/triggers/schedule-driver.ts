/**
 * The schedule trigger's driver: sleeps until the next fire time, then claims that time (`SET NX PX`, so
 * one process of many fires it) and starts the pipelines with `@trigger().scheduledTime`. Started at time T,
 * it fires the first time after T: times missed while no service ran are not replayed (as ADF).
 */
import type { ScheduleTriggerTypeProperties } from '../../model/trigger-types.js';
import { nextFireTime } from '../../triggers/schedule.js';
import { scheduleFiring } from '../../triggers/trigger-context.js';
import type { StoredResource } from '../factory-store.js';
import type { DriverContext, TriggerDriver } from './driver.js';
import { firePipelines, stableId } from './fire.js';

/** Starts the driver of a ScheduleTrigger document. */
export function scheduleDriver(doc: StoredResource, ctx: DriverContext): TriggerDriver {
  const tp = doc.properties.typeProperties as unknown as ScheduleTriggerTypeProperties;
  const done = (async () => {
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
      const scheduledIso = new Date(next).toISOString();
      try {
        if (await ctx.store.claim(doc.name, `schedule:${next}`, 7 * 86_400_000, ctx.owner)) {
          const now = ctx.clock.now();
          const triggerRunId = stableId(`${ctx.engine.keys.prefix}/${doc.name.toLowerCase()}/schedule/${next}`);
          const run = await firePipelines({
            engine: ctx.engine, store: ctx.store, doc, firing: scheduleFiring(doc.name, triggerRunId, next, now),
            triggerRunId, now, properties: { scheduledTime: scheduledIso },
          });
          ctx.log(run.status === 'Succeeded' ? 'info' : 'warn', `trigger '${doc.name}' fired for ${scheduledIso}`, { triggerRunId, status: run.status });
        }
      } catch (e) {
        ctx.log('error', `trigger '${doc.name}' at ${scheduledIso}: ${(e as Error).message}`);
      }
      // Never replay: if this process woke late, the times it slept through are skipped.
      after = Math.max(next, ctx.clock.now() - 1);
    }
  })();
  return { done };
}
