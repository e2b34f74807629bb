import { createEngine, startTriggerService, type Engine, type TriggerClock, type TriggerService } from '@sluice/engine/runtime';
import { testActivities } from '../fixtures/activities.mjs';
import { REDIS_URL } from '../helpers/engine.js';

/** A second engine on the same Redis and prefix: what a second trigger process would have. */
export function peerEngine(engine: Engine): Engine {
  return createEngine({ redis: REDIS_URL, prefix: engine.keys.prefix, activities: testActivities });
}

/** Starts a trigger service; collects its error lines so a test can show them. */
export async function service(engine: Engine, options: { clock?: TriggerClock; pollMs?: number; only?: string[]; claimMs?: number } = {}): Promise<{ service: TriggerService; errors: string[] }> {
  const errors: string[] = [];
  const s = await startTriggerService({
    engine, pollMs: options.pollMs ?? 100, reloadMs: 60_000, ...(options.claimMs ? { claimMs: options.claimMs } : {}), ...(options.clock ? { clock: options.clock } : {}), ...(options.only ? { only: options.only } : {}),
    log: (level, message) => { if (level === 'error') errors.push(message); if (process.env.TRIGGER_DEBUG) console.log(level, message); },
  });
  return { service: s, errors };
}

/** A trigger document. */
export function trigger(name: string, type: string, typeProperties: Record<string, unknown>, pipelines: Array<{ name: string; parameters?: Record<string, unknown> }>, extra: Record<string, unknown> = {}): { name: string; properties: Record<string, unknown> } {
  const refs = pipelines.map((p) => ({ pipelineReference: { referenceName: p.name, type: 'PipelineReference' }, ...(p.parameters ? { parameters: p.parameters } : {}) }));
  return {
    name,
    properties: {
      type, typeProperties,
      ...(type === 'TumblingWindowTrigger' ? { pipeline: refs[0] } : { pipelines: refs }),
      ...extra,
    },
  };
}

/**
 * Another trigger process on the same Redis and prefix that can be made to die at one exact point: once `arm`ed,
 * the first fire claim it wins whose key contains `what` (`:fire:blob:`, `:fire:schedule:`) is its last Redis call
 * (its connection is closed for good right after, as if the process were SIGKILLed between claiming and recording).
 */
export function replicaDyingAfterClaim(engine: Engine, what: string): { engine: Engine; arm: () => void } {
  const replica = createEngine({ redis: REDIS_URL, prefix: engine.keys.prefix, activities: testActivities });
  const redis = replica.redis as unknown as { set: (...args: unknown[]) => Promise<unknown> };
  const set = redis.set.bind(redis);
  let armed = false;
  redis.set = async (...args: unknown[]) => {
    const r = await set(...args);
    if (armed && r === 'OK' && String(args[0]).includes(what)) replica.redis.disconnect(); // no reconnect: dead
    return r;
  };
  return { engine: replica, arm: () => (armed = true) };
}
