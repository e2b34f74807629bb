import { createEngine, startTriggerService, type Engine, type TriggerClock, type TriggerService } from '@sluice/engine/runtime';
import { testActivities } from '../fixtures/activities.mjs';
import { REDIS_URL } from '../helpers/engine.js';

/** A second engine on the same Redis and prefix: what a second trigger process would have. */
export function peerEngine(engine: Engine): Engine {
  return createEngine({ redis: REDIS_URL, prefix: engine.keys.prefix, activities: testActivities });
}

/** Starts a trigger service; collects its error lines so a test can show them. */
export async function service(engine: Engine, options: { clock?: TriggerClock; pollMs?: number; only?: string[] } = {}): Promise<{ service: TriggerService; errors: string[] }> {
  const errors: string[] = [];
  const s = await startTriggerService({
    engine, pollMs: options.pollMs ?? 100, reloadMs: 60_000, ...(options.clock ? { clock: options.clock } : {}), ...(options.only ? { only: options.only } : {}),
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
