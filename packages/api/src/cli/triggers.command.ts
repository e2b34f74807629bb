import { openFileStore } from '@sluice/activities';
import { localListerFactory, startTriggerService, TriggerAdmin, type Engine, type ObjectLister, type ObjectListerFactory, type TriggerService, type TriggerServiceOptions } from '@sluice/engine/runtime';
import type { CommandIO } from './output.js';

/**
 * Storage-event listers for S3 (AmazonS3, AmazonS3Compatible), through the activities' file stores: the
 * engine watches local folders itself and has no S3 client, so the API — the one place that wires engine and
 * activities — adds this one. The bucket is the container an ADF path filter names (`/bucket/blobs/in/`).
 */
export const s3ListerFactory: ObjectListerFactory = async (ls, options) => {
  if (ls.type !== 'AmazonS3' && ls.type !== 'AmazonS3Compatible') return undefined;
  const bucket = options.container ?? (typeof ls.typeProperties.bucketName === 'string' ? ls.typeProperties.bucketName : undefined);
  if (!bucket) return undefined;
  const store = openFileStore(ls, { bucket });
  const lister: ObjectLister = {
    container: bucket,
    display: `s3://${bucket}`,
    async list(signal) {
      const out: Record<string, { size: number; version: string }> = {};
      for await (const e of store.list('', { recursive: true, signal })) {
        if (e.type === 'file') out[e.path] = { size: e.size, version: String(e.lastModified?.getTime() ?? 0) };
      }
      return out;
    },
    close: () => store.close(),
  };
  return lister;
};

/**
 * Starts the trigger service with every lister this installation has (local folders and S3). `sluice triggers`
 * runs it alone; `sluice start` can call it beside its worker.
 */
export function startTriggers(options: TriggerServiceOptions): Promise<TriggerService> {
  return startTriggerService({ listers: [localListerFactory, s3ListerFactory], ...options });
}

/**
 * `sluice triggers`: runs the trigger service for every started trigger of the factory until SIGINT/SIGTERM.
 * With `--list`, prints each trigger and its state; `--start NAME` / `--stop NAME` change a trigger's state.
 */
export async function triggersCommand(options: { list?: boolean; start?: string; stop?: string; pollMs?: number }, engine: Engine, io: CommandIO, describe: string): Promise<number> {
  const admin = new TriggerAdmin(engine);
  if (options.start || options.stop) {
    const s = options.start ? await admin.start(options.start) : await admin.stop(options.stop!);
    io.out(`${s.name}\t${s.type}\t${s.runtimeState}\n`);
    return 0;
  }
  if (options.list) {
    for (const s of await admin.list()) io.out(`${s.name}\t${s.type}\t${s.runtimeState}\n`);
    return 0;
  }
  const service = await startTriggers({
    engine, ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    log: (level, message) => io.err(`${new Date().toISOString()} ${level} ${message}\n`),
  });
  io.err(`Sluice triggers ready: ${service.running.length} started trigger(s), ${describe}.\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      io.err('Stopping triggers…\n');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await service.close();
  return 0;
}
