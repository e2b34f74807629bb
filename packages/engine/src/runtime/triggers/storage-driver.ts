/**
 * The storage-event trigger's driver: polls the watched store, compares the listing with the snapshot
 * kept in Redis and starts a run per BlobCreated / BlobDeleted event (`@triggerBody().folderPath`,
 * `fileName`). The first poll only takes the snapshot: files already there do not fire (as ADF, which
 * fires for events after the trigger starts). Each event is claimed once (`SET NX`) before its run starts,
 * and the snapshot is saved after the runs, so a crash fires again rather than never.
 */
import type { JsonValue } from '../../expressions/values.js';
import type { BlobEventsTriggerTypeProperties } from '../../model/trigger-types.js';
import { diffSnapshots } from '../../triggers/storage-events.js';
import { eventFiring } from '../../triggers/trigger-context.js';
import { SluiceError } from '../../errors/index.js';
import type { StoredResource } from '../factory-store.js';
import { loop, type DriverContext, type TriggerDriver } from './driver.js';
import { firePipelines, stableId } from './fire.js';
import type { ObjectLister, ObjectListerFactory } from './object-lister.js';

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
  const done = loop(ctx, doc.name, ctx.pollMs, async () => {
    lister ??= await openLister(doc, ctx, factories);
    const token = `${ctx.owner}:${Math.random()}`;
    if (!(await ctx.store.lease(doc.name, token, Math.max(10_000, ctx.pollMs * 10)))) return;
    try {
      const listing = await lister.list(ctx.signal);
      const previous = await ctx.store.snapshot(doc.name);
      const now = ctx.clock.now();
      if (previous !== undefined) {
        for (const event of diffSnapshots(previous, listing, tp, lister.container)) {
          if (ctx.signal.aborted) return;
          const what = `${event.eventType}:${event.key}:${event.version}`;
          if (!(await ctx.store.claim(doc.name, `blob:${what}`, 86_400_000, ctx.owner))) continue;
          const triggerRunId = stableId(`${ctx.engine.keys.prefix}/${doc.name.toLowerCase()}/${what}`);
          const body: Record<string, JsonValue> = {
            eventType: event.eventType, folderPath: event.folderPath, fileName: event.fileName, url: `${lister.display.replace(/\/$/, '')}/${event.key}`, size: event.size,
          };
          const run = await firePipelines({
            engine: ctx.engine, store: ctx.store, doc, firing: eventFiring(doc.name, 'BlobEventsTrigger', triggerRunId, now, body), triggerRunId, now, properties: body,
          });
          ctx.log('info', `trigger '${doc.name}': ${event.eventType.split('.').pop()} ${event.key}`, { triggerRunId, status: run.status });
        }
      }
      await ctx.store.setSnapshot(doc.name, listing, now);
    } finally {
      await ctx.store.release(doc.name, token);
    }
  });
  return { done: done.finally(() => lister?.close?.()) };
}
