/**
 * The shape every trigger driver shares: started for one Started trigger, stopped when the trigger is
 * stopped, changed or the service closes.
 */
import type { Engine } from '../engine.js';
import type { StoredResource } from '../factory-store.js';
import type { TriggerClock } from './clock.js';
import type { TriggerStore } from './trigger-store.js';

/** Where a driver reports what it does (one line per event; never a secret). */
export type TriggerLog = (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;

/** What a driver gets from the service. */
export interface DriverContext {
  readonly engine: Engine;
  readonly store: TriggerStore;
  readonly clock: TriggerClock;
  readonly log: TriggerLog;
  /** Aborted when the driver must stop. */
  readonly signal: AbortSignal;
  /** This process's id (lease tokens). */
  readonly owner: string;
  /** How often polling drivers (windows, storage, outcomes) look again, in real ms. */
  readonly pollMs: number;
  /** How long a fire claim may stay unrecorded before another process takes it over, in real ms (fire-claim.ts). */
  readonly claimMs: number;
}

/** A running driver. */
export interface TriggerDriver {
  /** Resolves when the driver has stopped (after its signal aborted). */
  readonly done: Promise<void>;
  /** Resolves when the driver listens (a queue consumer subscribed); absent when it listens at once. */
  readonly ready?: Promise<void>;
}

/** Starts a driver for a trigger document. */
export type DriverFactory = (doc: StoredResource, ctx: DriverContext) => TriggerDriver;

/** Runs `body` until the signal aborts, logging (not throwing) its errors and pausing `pauseMs` between rounds. */
export async function loop(ctx: DriverContext, name: string, pauseMs: number, body: () => Promise<void>): Promise<void> {
  while (!ctx.signal.aborted) {
    try {
      await body();
    } catch (e) {
      ctx.log('error', `trigger '${name}': ${e instanceof Error ? e.message : String(e)}`);
    }
    if (ctx.signal.aborted) break;
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, pauseMs);
      function done(): void {
        clearTimeout(t);
        ctx.signal.removeEventListener('abort', done);
        resolve();
      }
      ctx.signal.addEventListener('abort', done, { once: true });
    });
  }
}
