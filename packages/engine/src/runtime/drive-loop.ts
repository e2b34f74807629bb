import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';
import type { Orchestrator } from './orchestrator.js';

/** Options of {@link startDriveLoop}. */
export interface DriveLoopOptions {
  /** Runs driven at once by this process (default 32). */
  concurrency?: number;
  /** Seconds a pop blocks before looking again (default 1). */
  blockSeconds?: number;
  onError?: (error: unknown, runId: string) => void;
}

/** A running drive loop. */
export interface DriveLoop {
  /** Stops popping, waits for the drives under way, and closes the blocking connection. */
  close(): Promise<void>;
}

/**
 * The workers' side of a run start: pops the run ids that `engine.startRun` left on the drive requests and
 * drives each run's first step (RunStarted → the first activities queued). Pops in batches and drives up to
 * `concurrency` runs at once. A run whose id was popped by a worker that then died keeps its RunStarted event
 * on its event list: the reaper drives it.
 *
 * `blocking` is a connection of its own (a blocked pop holds it).
 */
export function startDriveLoop(blocking: Redis, keys: Keys, orchestrator: Orchestrator, options: DriveLoopOptions = {}): DriveLoop {
  const concurrency = Math.max(1, options.concurrency ?? 32);
  const block = options.blockSeconds ?? 1;
  const onError = options.onError ?? ((error: unknown, runId: string) => process.emitWarning(`Sluice: driving run ${runId} failed: ${error instanceof Error ? error.message : String(error)}`));
  const inFlight = new Set<Promise<void>>();
  let closing = false;

  const drive = (runId: string): void => {
    const p: Promise<void> = orchestrator.drive(runId).catch((e: unknown) => onError(e, runId)).finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  const loop = async (): Promise<void> => {
    while (!closing) {
      if (inFlight.size >= concurrency) {
        await Promise.race(inFlight);
        continue;
      }
      let first: [string, string] | null;
      try {
        first = await blocking.blpop(keys.driveRequests(), block);
      } catch {
        if (closing) return;
        // A dropped connection: ioredis reconnects; do not spin while it does.
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      if (!first) continue;
      drive(first[1]);
      const room = concurrency - inFlight.size;
      if (room > 0) {
        const more = await blocking.lpop(keys.driveRequests(), room).catch(() => null);
        for (const runId of more ?? []) drive(runId);
      }
    }
  };
  const running = loop();

  return {
    async close() {
      closing = true;
      blocking.disconnect(); // ends a pending pop at once
      await running;
      await Promise.all([...inFlight]);
    },
  };
}
