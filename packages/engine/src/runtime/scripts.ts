/**
 * The Lua scripts the runtime runs atomically. Each opens with its contract (keys, arguments, result),
 * as BullMQ's commands do. All keys of one call share the installation's hash tag, so they are valid on
 * Redis Cluster.
 */

/**
 * Commits one orchestration step.
 * KEYS: 1 lock, 2 state, 3 summary, 4 events, 5 outbox, 6 active-runs set
 * ARGV: 1 lock token, 2 state JSON, 3 summary JSON, 4 number of events applied (trimmed from the list head),
 *       5 outbox JSON ('' when there are no commands), 6 lock TTL ms, 7 '1' when the run is now terminal,
 *       8 run id, 9 status channel, 10… messages to publish on the channel
 * Returns 1 when committed, 0 when the lock is no longer ours (nothing written).
 */
export const COMMIT_STEP = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'KEEPTTL')
redis.call('SET', KEYS[3], ARGV[3], 'KEEPTTL')
redis.call('LTRIM', KEYS[4], tonumber(ARGV[4]), -1)
if ARGV[5] ~= '' then redis.call('SET', KEYS[5], ARGV[5]) end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[6]))
if ARGV[7] == '1' then redis.call('SREM', KEYS[6], ARGV[8]) end
for i = 10, #ARGV do redis.call('PUBLISH', ARGV[9], ARGV[i]) end
return 1
`;

/**
 * Releases a run's orchestrator lock, but only when no event is waiting (otherwise the holder goes on).
 * KEYS: 1 lock, 2 events
 * ARGV: 1 lock token
 * Returns 1 released, 0 events are waiting (lock kept), -1 the lock is not ours.
 */
export const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
if redis.call('LLEN', KEYS[2]) > 0 then return 0 end
redis.call('DEL', KEYS[1])
return 1
`;

/**
 * Extends a lock we hold, or deletes a key guarded by it.
 * KEYS: 1 lock, 2 key to delete ('' none)  ARGV: 1 token, 2 TTL ms
 * Returns 1 when the lock is ours, 0 otherwise.
 */
export const EXTEND_LOCK = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
if KEYS[2] ~= '' then redis.call('DEL', KEYS[2]) end
return 1
`;

/**
 * Takes a concurrency slot for a new run of a pipeline, or queues it.
 * KEYS: 1 running set, 2 queued list   ARGV: 1 run id, 2 limit (0 = unlimited)
 * Returns 1 when the run may start now, 0 when it was queued.
 */
export const ACQUIRE_SLOT = `
local limit = tonumber(ARGV[2])
if limit > 0 and redis.call('SCARD', KEYS[1]) >= limit then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  return 0
end
redis.call('SADD', KEYS[1], ARGV[1])
return 1
`;

/**
 * Frees a finished run's slot and hands it to the oldest queued run.
 * KEYS: 1 running set, 2 queued list   ARGV: 1 run id
 * Returns the run id that may start now, or false.
 */
export const RELEASE_SLOT = `
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('LREM', KEYS[2], 0, ARGV[1])
local nxt = redis.call('LPOP', KEYS[2])
if nxt then
  redis.call('SADD', KEYS[1], nxt)
  return nxt
end
return false
`;
