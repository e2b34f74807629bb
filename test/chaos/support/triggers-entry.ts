// The trigger service in its own process, for the chaos suite: what `sluice triggers` runs (the API's
// startTriggers over an engine built by engineFromEnv, the test activities passed as plugins), from source
// (bundled by bundle.ts). The one difference from the command is the clock: SLUICE_CHAOS_CLOCK=`start,factor,origin`
// gives every process the same simulated timeline (scaledClock), so Minute windows and schedules come every few
// real seconds. Prints `ready <owner>` on stdout once its triggers run; log lines go to stderr.
import { scaledClock, systemClock } from '@sluice/engine/runtime';
import { startTriggers } from '../../../packages/api/src/cli/triggers.command.js';
import { engineEnv, engineFromEnv } from '../../../packages/api/src/engine-from-env.js';
import { testActivities } from '../../fixtures/activities.mjs';

const engine = engineFromEnv(engineEnv(), testActivities);
const spec = process.env.SLUICE_CHAOS_CLOCK?.split(',').map(Number);
const clock = spec?.length === 3 ? scaledClock(spec[0] as number, spec[1] as number, spec[2] as number) : systemClock;
const service = await startTriggers({
  engine, clock, pollMs: Number(process.env.POLL_MS ?? 1000),
  log: (level, message) => process.stderr.write(`${new Date().toISOString()} ${level} ${message}\n`),
});
process.stdout.write(`ready ${service.owner}\n`);
const stop = async (): Promise<void> => {
  await service.close();
  await engine.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
