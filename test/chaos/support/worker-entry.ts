// A Sluice worker in its own process, for the chaos suite: the engine and every built-in activity, from source
// (bundled by bundle.ts, so no `pnpm build` is needed). Configured by environment variables; prints
// `ready <workerId>` on stdout once it takes jobs.
import { builtinActivities } from '@sluice/activities';
import { createEngine } from '@sluice/engine/runtime';
import { testActivities } from '../../fixtures/activities.mjs';

const engine = createEngine({
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  prefix: process.env.SLUICE_PREFIX ?? 'sluice',
  activities: [...testActivities, ...builtinActivities],
});
const worker = await engine.startWorker({
  concurrency: Number(process.env.CONCURRENCY ?? 4),
  lockDurationMs: Number(process.env.LOCK_MS ?? 2000),
  stalledIntervalMs: Number(process.env.STALLED_MS ?? 1000),
  reaperIntervalMs: Number(process.env.REAPER_MS ?? 1000),
  lostAfterMs: Number(process.env.LOST_MS ?? 5000),
});
process.stdout.write(`ready ${worker.id}\n`);
const stop = async (): Promise<void> => {
  await worker.close();
  await engine.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
