/**
 * The storage-event trigger's driver: polls the watched store, compares the listing with the snapshot
 * kept in Redis and starts a run per BlobCreated / BlobDeleted event (`@triggerBody().folderPath`,
 * `fileName`). The first poll only takes the snapshot: files already there do not fire (as ADF, which
 * fires for events after the trigger starts). One process at a time polls (a lease).
 *
 * Each event is claimed (fire-claim.ts: short until its firing is recorded, then kept as `fired`) before its
 * run starts, and the snapshot is saved after the runs. An event this poll could not fire — its claim held
 * unrecorded by another process, or its firing failed — keeps its previous snapshot entry, so the next poll
 * sees the event again; once a dead process's claim lapses, that poll claims and fires it, under the same run
 * ids (a run the dead process had already started is found, not started again). An event is lost only when the
 * object changes again before it fires (the next poll sees the newer event) or no process polls any more.
 */
import type { JsonValue } from '../../expressions/values.js';
import type { BlobEventsTriggerTypeProperties } from '../../model/trigger-types.js';
import { diffSnapshots, type ObjectSnapshot, type StorageEvent } from '../../triggers/storage-events.js';
import { eventFiring } from '../../triggers/trigger-context.js';
import { SluiceError } from '../../errors/index.js';
import type { StoredResource } from '../factory-store.js';
import { loop, type DriverContext, type TriggerDriver } from './driver.js';
import { claimAndFire, type ClaimOutcome } from './fire-claim.js';
import { firePipelines, stableId } from './fire.js';
import type { ObjectLister, ObjectListerFactory } from './object-lister.js';

/** How long a fired event stays marked, so that a poller still seeing it (an older snapshot) skips it (real ms). */
const FIRED_MS = 86_400_000;

/** What identifies an event in its claim key and run ids: the same event always gets the same ids. */
function eventId(event: StorageEvent): string {
  return `${event.eventType}:${event.key}:${event.version}`;
}

/** Opens the lister named by the trigger's `linkedServiceName`. Throws TRIGGER_INVALID when none fits. */
export async function openLister(doc: StoredResource, ctx: DriverContext, factories: ObjectListerFactory[]): Promise<ObjectLister> {
  const tp = doc.properties.typeProperties as unknown as BlobEventsTriggerTypeProperties;
  if (!tp.linkedServiceName) {
    throw new SluiceError('TRIGGER_INVALID', `Trigger '${doc.name}': /properties/typeProperties/linkedServiceName must name the linked service whose store is watched.`, { pointer: '/properties/typeProperties/linkedServiceName' });
  }
  const ls = await ctx.engine.factory.resolveLinkedService(tp.linkedServiceName as { referenceName: string });
  const container = /^\/?([^/]+)\/blobs\//.exec(tp.blobPathBeginsWith ?? '')?.[1];
  for (const f of factories) {
    const lister = await f(ls, container ? { container } : {});
    if (lister) return lister;
  }
  throw new SluiceError('TRIGGER_INVALID', `Trigger '${doc.name}': the linked service '${ls.name}' (${ls.type}) cannot be watched by this process.`, { pointer: '/properties/typeProperties/linkedServiceName' });
}

/** Starts the driver of a BlobEventsTrigger document. */
export function storageDriver(doc: StoredResource, ctx: DriverContext, factories: ObjectListerFactory[]): TriggerDriver {
  const tp = doc.properties.typeProperties as unknown as BlobEventsTriggerTypeProperties;
  let lister: ObjectLister | undefined;

  /** Starts the event's runs and records its trigger run, under ids derived from the event. */
  const fire = async (event: StorageEvent, from: ObjectLister, now: number): Promise<void> => {
    const triggerRunId = stableId(`${ctx.engine.keys.prefix}/${doc.name.toLowerCase()}/${eventId(event)}`);
    const body: Record<string, JsonValue> = {
      eventType: event.eventType, folderPath: event.folderPath, fileName: event.fileName, url: `${from.display.replace(/\/$/, '')}/${event.key}`, size: event.size,
    };
    const run = await firePipelines({
      engine: ctx.engine, store: ctx.store, doc, firing: eventFiring(doc.name, 'BlobEventsTrigger', triggerRunId, now, body), triggerRunId, now, properties: body,
    });
    ctx.log('info', `trigger '${doc.name}': ${event.eventType.split('.').pop()} ${event.key}`, { triggerRunId, status: run.status });
  };

  const done = loop(ctx, doc.name, ctx.pollMs, async () => {
    const from = (lister ??= await openLister(doc, ctx, factories));
    const token = `${ctx.owner}:${Math.random()}`;
    if (!(await ctx.store.lease(doc.name, token, Math.max(10_000, ctx.pollMs * 10)))) return;
    try {
      const listing = await from.list(ctx.signal);
      const previous = await ctx.store.snapshot(doc.name);
      const now = ctx.clock.now();
      const next: ObjectSnapshot = { ...listing };
      if (previous !== undefined) {
        for (const event of diffSnapshots(previous, listing, tp, from.container)) {
          if (ctx.signal.aborted) return;
          let outcome: ClaimOutcome | 'failed';
          try {
            outcome = await claimAndFire(ctx, doc.name, `blob:${eventId(event)}`, FIRED_MS, () => fire(event, from, now));
          } catch (e) {
            ctx.log('error', `trigger '${doc.name}': ${event.eventType.split('.').pop()} ${event.key}: ${(e as Error).message}`);
            outcome = 'failed';
          }
          // Not fired yet: the next poll must see this event again (and fires it once the claim lapses unrecorded).
          if (outcome === 'held' || outcome === 'failed') {
            if (previous[event.key]) next[event.key] = previous[event.key]!;
            else delete next[event.key];
          }
        }
      }
      await ctx.store.setSnapshot(doc.name, next, now);
    } finally {
      await ctx.store.release(doc.name, token);
    }
  });
  return { done: done.finally(() => lister?.close?.()) };
}
