// Shared by the benchmarks: what every one of them does the same way.

/** Deletes every key under an engine's prefix (a bench runs on a fresh prefix and leaves nothing behind). */
export async function dropEngineKeys(engine) {
  let cursor = '0';
  do {
    const [next, keys] = await engine.redis.scan(cursor, 'MATCH', `${engine.keys.base}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await engine.redis.del(...keys);
  } while (cursor !== '0');
}
