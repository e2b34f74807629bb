import type { Engine } from '@sluice/engine/runtime';
import type { CommandIO } from './output.js';

/**
 * `sluice worker [--concurrency N]`: runs work activities until SIGINT or SIGTERM, then stops taking jobs,
 * lets running ones finish, and exits 0.
 */
export async function workerCommand(options: { concurrency?: number }, engine: Engine, io: CommandIO, describe: string): Promise<number> {
  const worker = await engine.startWorker({ concurrency: options.concurrency ?? 4 });
  io.err(`Sluice worker ${worker.id} ready: concurrency ${options.concurrency ?? 4}, ${describe}.\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      io.err('Stopping: waiting for running activities…\n');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await worker.close();
  return 0;
}
