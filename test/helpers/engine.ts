import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createEngine, type Engine, type EngineOptions } from '@sluice/engine/runtime';
import { testActivities } from '../fixtures/activities.mjs';

/** The Redis the tests use (CI starts one when none answers). */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fresh prefix per test, so tests never see each other's keys or queues. */
export function testPrefix(): string {
  return `test-${randomUUID().slice(0, 12)}`;
}

/** Deletes every key of a prefix (tests leave Redis as they found it). */
export async function dropPrefix(engine: Engine): Promise<void> {
  await dropKeysOf(engine.redis, engine.keys.base);
}

async function dropKeysOf(redis: Redis, base: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${base}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

/** An engine on a fresh prefix with the test activities; `cleanup` closes it and drops its keys. */
export function testEngine(options: Partial<EngineOptions> = {}): { engine: Engine; cleanup: () => Promise<void> } {
  const engine = createEngine({ redis: REDIS_URL, prefix: testPrefix(), activities: testActivities, ...options });
  return {
    engine,
    cleanup: async () => {
      // Close first: a worker that stops after the keys are gone would write BullMQ's bookkeeping back.
      const base = engine.keys.base;
      await engine.close();
      const redis = new Redis(REDIS_URL);
      try {
        await dropKeysOf(redis, base);
      } finally {
        redis.disconnect();
      }
    },
  };
}

/** Shorthand for an activity document in a test pipeline. */
export function act(name: string, type: string, typeProperties: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, type, typeProperties, ...extra };
}

/** `dependsOn` entries: `after('A', 'Succeeded')`. */
export function after(activity: string, ...conditions: string[]): { activity: string; dependencyConditions: string[] } {
  return { activity, dependencyConditions: conditions.length ? conditions : ['Succeeded'] };
}

/** A pipeline document. */
export function pipeline(name: string, activities: unknown[], properties: Record<string, unknown> = {}): { name: string; properties: Record<string, unknown> } {
  return { name, properties: { activities, ...properties } };
}

/** Polls `probe` until it returns something other than undefined (for states reached asynchronously). */
export async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
