/**
 * The fire claim that makes a schedule time or a storage event fire once across trigger processes, without
 * losing it when the process that claimed it dies. A claim (`SET …:fire:<what> <owner> NX PX`) is short
 * ({@link CLAIM_MS}) until the firing is recorded, then kept as `fired` (`TriggerStore.settle`): a claim
 * that lapses unmarked was lost with its process, and the next process to claim it fires it again. Firings are
 * recorded under run ids derived from `what`, so a second firing of something the dead process had already
 * started finds its runs instead of starting new ones.
 *
 * Each driver decides how it looks again at something another process holds: the schedule driver sets a timer
 * for when the claim can have lapsed; the storage driver keeps the event in its snapshot's diff, so every poll
 * looks again.
 */
import type { DriverContext } from './driver.js';

/** How long a claimed firing may stay unrecorded before another process takes it over (real ms), by default. */
export const CLAIM_MS = 30_000;

/**
 * What {@link claimAndFire} found: `fired` by this call; `done`, recorded by some process before; `held` by
 * another process (or a dead one) that has not recorded it yet: look again once the claim can have lapsed.
 */
export type ClaimOutcome = 'fired' | 'done' | 'held';

/**
 * Claims `what` of trigger `name` and, when this process wins, runs `fire` (which must record the firing) and
 * marks the claim `fired` for `firedMs`. A `fire` that throws leaves the claim to lapse unrecorded (the error
 * propagates), so that it can be fired again after `ctx.claimMs` ({@link CLAIM_MS} by default).
 *
 * @example const outcome = await claimAndFire(ctx, doc.name, `schedule:${time}`, FIRED_MS, () => fireTime(time));
 */
export async function claimAndFire(ctx: Pick<DriverContext, 'store' | 'owner' | 'claimMs'>, name: string, what: string, firedMs: number, fire: () => Promise<void>): Promise<ClaimOutcome> {
  if (await ctx.store.claim(name, what, ctx.claimMs, ctx.owner)) {
    await fire();
    await ctx.store.settle(name, what, firedMs);
    return 'fired';
  }
  return (await ctx.store.settled(name, what)) ? 'done' : 'held';
}
