import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

const shas = new Map<string, string>();

/**
 * Runs a script by its SHA (EVALSHA), sending the source only the first time a server lacks it: a commit
 * happens on every batch of events, and the script text need not travel each time.
 */
export async function runScript(redis: Redis, script: string, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
  let sha = shas.get(script);
  if (!sha) {
    sha = createHash('sha1').update(script).digest('hex');
    shas.set(script, sha);
  }
  try {
    return await redis.evalsha(sha, keys.length, ...keys, ...args);
  } catch (e) {
    if (!(e instanceof Error) || !e.message.startsWith('NOSCRIPT')) throw e;
    return redis.eval(script, keys.length, ...keys, ...args);
  }
}

/**
 * The Lua scripts the runtime runs atomically. Each opens with its contract (keys, arguments, result),
 * as BullMQ's commands do. All keys of one call share the installation's hash tag, so they are valid on
 * Redis Cluster.
 */

/**
 * Commits one orchestration step: the state's changed pieces, the trimmed event list, the outbox.
 * KEYS: 1 lock, 2 state core, 3 summary, 4 events, 5 outbox, 6 active-runs set, 7 activity records hash, 8 frames hash,
 *       9 version
 * ARGV: 1 lock token, 2 core JSON, 3 summary JSON, 4 number of events applied (trimmed from the list head),
 *       5 outbox JSON ('' when there are no commands), 6 lock TTL ms, 7 '1' when the run is now terminal,
 *       8 run id, 9 the run's status channel, 10 number N of changed activity records, then N (key, JSON) pairs,
 *       then the number M of changed frames, then M (id, JSON) pairs, then the runs channel, then the run-level
 *       message ('' when the run's status did not change; published on both channels), then activity messages
 *       (published on the run's channel)
 * Returns 1 when committed, 0 when the lock is no longer ours (nothing written).
 */
export const COMMIT_STEP = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'KEEPTTL')
redis.call('INCR', KEYS[9])
redis.call('SET', KEYS[3], ARGV[3], 'KEEPTTL')
redis.call('LTRIM', KEYS[4], tonumber(ARGV[4]), -1)
if ARGV[5] ~= '' then redis.call('SET', KEYS[5], ARGV[5]) end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[6]))
if ARGV[7] == '1' then redis.call('SREM', KEYS[6], ARGV[8]) end
local i = 10
local n = tonumber(ARGV[i])
i = i + 1
for _ = 1, n do
  redis.call('HSET', KEYS[7], ARGV[i], ARGV[i + 1])
  i = i + 2
end
n = tonumber(ARGV[i])
i = i + 1
for _ = 1, n do
  redis.call('HSET', KEYS[8], ARGV[i], ARGV[i + 1])
  i = i + 2
end
local runs = ARGV[i]
local runMessage = ARGV[i + 1]
for j = i + 2, #ARGV do redis.call('PUBLISH', ARGV[9], ARGV[j]) end
if runMessage ~= '' then
  redis.call('PUBLISH', ARGV[9], runMessage)
  redis.call('PUBLISH', runs, runMessage)
end
return 1
`;

/**
 * Reads what a run's driver must do next, in one round trip: the outbox, the next events, and the version
 * of the stored state. When there is neither outbox nor event, releases the lock instead (atomically, so an
 * event appended meanwhile is never left behind).
 * KEYS: 1 lock, 2 events, 3 outbox, 4 version
 * ARGV: 1 lock token, 2 batch size, 3 lock TTL ms, 4 '1' to delete the outbox first (it was carried out)
 * Returns {status, outbox or false, version or false, events…}; status 1 = work to do, 0 = released,
 * -1 = the lock is not ours.
 */
export const READ_BATCH = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return {-1} end
if ARGV[4] == '1' then redis.call('DEL', KEYS[3]) end
local outbox = redis.call('GET', KEYS[3])
local events = redis.call('LRANGE', KEYS[2], 0, tonumber(ARGV[2]) - 1)
if (not outbox) and #events == 0 then
  redis.call('DEL', KEYS[1])
  return {0}
end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
local out = {1, outbox, redis.call('GET', KEYS[4])}
for i = 1, #events do out[#out + 1] = events[i] end
return out
`;

/**
 * Appends events to a run, optionally records an attempt, and tries to take the run's driver lock.
 * KEYS: 1 events, 2 lock, 3 attempts hash
 * ARGV: 1 lock token, 2 lock TTL ms, 3 attempt field ('' for none), 4 attempt JSON, 5… events (JSON)
 * Returns 1 when the caller now holds the lock (and must drive the run), 0 otherwise.
 */
export const PUSH_AND_LOCK = `
if ARGV[3] ~= '' then redis.call('HSET', KEYS[3], ARGV[3], ARGV[4]) end
for i = 5, #ARGV do redis.call('RPUSH', KEYS[1], ARGV[i]) end
if redis.call('SET', KEYS[2], ARGV[1], 'PX', tonumber(ARGV[2]), 'NX') then return 1 end
return 0
`;

/**
 * Starts an attempt of a work activity: counts it, reads the run's status, and — when the run is still going
 * and attempts remain — records the attempt as InProgress and announces it.
 * KEYS: 1 attempt counters hash, 2 run summary, 3 attempts hash
 * ARGV: 1 activity run id, 2 most attempts allowed, 3 attempt record JSON with the attempt number as "#N#",
 *       4 status channel, 5 status message JSON
 * Returns {attempt number, run status or ''}. Nothing is recorded when the status is not running or the
 * attempt number is over the limit. Returns {-i, ''}, counting nothing, when attempt i of this activity run
 * already ended Succeeded or Cancelled (a stalled job whose worker died after delivering the end).
 */
export const ATTEMPT_START = `
local previous = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
for i = 1, previous do
  local earlier = redis.call('HGET', KEYS[3], ARGV[1] .. '#' .. i)
  if earlier and (string.find(earlier, '"status":"Succeeded"', 1, true) or string.find(earlier, '"status":"Cancelled"', 1, true)) then
    return {-i, ''}
  end
end
local n = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
local summary = redis.call('GET', KEYS[2])
local status = ''
if summary then status = string.match(summary, '"status":"(%a+)"') or '' end
if (status == 'InProgress' or status == 'Queued') and n <= tonumber(ARGV[2]) then
  local record = string.gsub(ARGV[3], '"#N#"', tostring(n))
  redis.call('HSET', KEYS[3], ARGV[1] .. '#' .. n, record)
  redis.call('PUBLISH', ARGV[4], ARGV[5])
end
return {n, status}
`;

/**
 * Records a new run in one round trip and hands its first step to the workers: the state's pieces, summary and
 * indexes, a concurrency slot (or a place in the pipeline's queue), the Queued announcements, and — when admitted —
 * the RunStarted event on the run's event list and the run id on the drive requests, which workers pop.
 * KEYS: 1 state core, 2 pipeline document, 3 summary, 4 runs by time, 5 runs of the pipeline, 6 active runs,
 *       7 group latest, 8 pipeline's running set, 9 pipeline's queued list, 10 run's events, 11 drive requests,
 *       12 frames hash, 13 activity records hash, 14 the pipelines' ETags hash, 15 the global parameters' ETag
 * ARGV: 1 core JSON, 2 pipeline JSON, 3 summary JSON, 4 start score, 5 run id, 6 concurrency limit (0 = none),
 *       7 runs channel, 8 run channel, 9 Queued message JSON, 10 RunStarted event JSON,
 *       11 the pipeline's lower-cased name ('' = no check), 12 the ETag of the document the run was built from,
 *       13 the ETag of the global parameters the run was built with ('0' = none saved, '' = no check),
 *       14 number of frame fields F, then F field/value pairs, then the activity field/value pairs
 * Returns -1 when the stored pipeline's ETag is not ARGV[12] or the global parameters' is not ARGV[13] (a cached
 * copy went stale: nothing written), 0 when the run id exists already (nothing written), 1 when the run waits for
 * a slot, 2 when admitted.
 */
export const START_RUN = `
if ARGV[11] ~= '' and redis.call('HGET', KEYS[14], ARGV[11]) ~= ARGV[12] then return -1 end
if ARGV[13] ~= '' and (redis.call('GET', KEYS[15]) or '0') ~= ARGV[13] then return -1 end
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
local nframes = tonumber(ARGV[14])
local i = 15
while i < 15 + nframes * 2 do
  redis.call('HSET', KEYS[12], ARGV[i], ARGV[i + 1])
  i = i + 2
end
while i < #ARGV do
  redis.call('HSET', KEYS[13], ARGV[i], ARGV[i + 1])
  i = i + 2
end
redis.call('SET', KEYS[3], ARGV[3])
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[5])
redis.call('ZADD', KEYS[5], ARGV[4], ARGV[5])
redis.call('SADD', KEYS[6], ARGV[5])
redis.call('SET', KEYS[7], ARGV[5])
local limit = tonumber(ARGV[6])
local admitted = 1
if limit > 0 and redis.call('SCARD', KEYS[8]) >= limit then
  redis.call('RPUSH', KEYS[9], ARGV[5])
  admitted = 0
else
  redis.call('SADD', KEYS[8], ARGV[5])
end
redis.call('PUBLISH', ARGV[7], ARGV[9])
redis.call('PUBLISH', ARGV[8], ARGV[9])
if admitted == 0 then return 1 end
redis.call('RPUSH', KEYS[10], ARGV[10])
redis.call('RPUSH', KEYS[11], ARGV[5])
return 2
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
