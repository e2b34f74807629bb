import type { Redis } from 'ioredis';

/** The p-th percentile (0–100) of numbers, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** Redis's `INFO memory` figures the load report quotes, in MB. */
export async function redisMemory(redis: Redis): Promise<{ usedMb: number; peakMb: number; rssMb: number }> {
  const info = await redis.info('memory');
  const field = (name: string): number => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? Number.NaN);
  const mb = (n: number): number => Math.round((n / 1024 / 1024) * 10) / 10;
  return { usedMb: mb(field('used_memory')), peakMb: mb(field('used_memory_peak')), rssMb: mb(field('used_memory_rss')) };
}

/** Starts a batch of runs with at most `parallel` starts in flight. */
export async function startMany(count: number, parallel: number, start: (i: number) => Promise<string>): Promise<string[]> {
  const ids: string[] = new Array<string>(count);
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < count) {
      const i = next++;
      ids[i] = await start(i);
    }
  }));
  return ids;
}
