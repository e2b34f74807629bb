/**
 * The atomic scripts of the factory store: a save or delete checks its precondition, bumps the resource's
 * version counter, writes the document and its ETag and records the version, all in one step, so two
 * concurrent saves with the same `If-Match` can never both win.
 */

/**
 * SAVE_RESOURCE — creates or replaces a resource and records a version.
 *
 * KEYS: 1 documents (hash name → JSON), 2 etags (hash name → etag), 3 counters (hash name → last version),
 *       4 this resource's versions (hash `m:<n>` → meta JSON, `d:<n>` → document JSON)
 * ARGV: 1 lower-cased name, 2 document JSON, 3 If-Match ('' none, '*' any existing, else an etag),
 *       4 If-None-Match ('*' = create only, '' none), 5 content hash, 6 meta JSON (at, by, operation …),
 *       7 versions kept
 * Result: {version, etag, created (1|0)}; {-1, current etag} exists (If-None-Match); {-2, ''} missing
 *         (If-Match); {-3, current etag} etag mismatch.
 */
export const SAVE_RESOURCE = `
local cur = redis.call('HGET', KEYS[2], ARGV[1])
if not cur and redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then cur = '0' end
if ARGV[4] == '*' and cur then return {-1, cur} end
if ARGV[3] ~= '' then
  if not cur then return {-2, ''} end
  if ARGV[3] ~= '*' and ARGV[3] ~= cur then return {-3, cur} end
end
local v = redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
local etag = v .. '-' .. ARGV[5]
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], etag)
local meta = cjson.decode(ARGV[6])
meta['version'] = v
meta['etag'] = etag
redis.call('HSET', KEYS[4], 'm:' .. v, cjson.encode(meta), 'd:' .. v, ARGV[2])
local keep = tonumber(ARGV[7])
if v > keep then redis.call('HDEL', KEYS[4], 'm:' .. (v - keep), 'd:' .. (v - keep)) end
if cur then return {v, etag, 0} end
return {v, etag, 1}
`;

/**
 * DELETE_RESOURCE — removes a resource and records the deletion as a version (its history stays).
 *
 * KEYS: as SAVE_RESOURCE
 * ARGV: 1 lower-cased name, 2 If-Match ('' none, else an etag), 3 meta JSON, 4 versions kept
 * Result: {version}; {-2} missing; {-3, current etag} etag mismatch.
 */
export const DELETE_RESOURCE = `
local cur = redis.call('HGET', KEYS[2], ARGV[1])
if not cur and redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then cur = '0' end
if not cur then return {-2, ''} end
if ARGV[2] ~= '' and ARGV[2] ~= '*' and ARGV[2] ~= cur then return {-3, cur} end
local v = redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
local meta = cjson.decode(ARGV[3])
meta['version'] = v
meta['etag'] = cjson.null
redis.call('HSET', KEYS[4], 'm:' .. v, cjson.encode(meta))
local keep = tonumber(ARGV[4])
if v > keep then redis.call('HDEL', KEYS[4], 'm:' .. (v - keep), 'd:' .. (v - keep)) end
return {v, ''}
`;

/**
 * SAVE_GLOBALS — replaces the factory's global parameters.
 * KEYS: 1 document (JSON), 2 ETag (a counter)   ARGV: 1 document JSON, 2 If-Match ('' none)
 * Result: {1, new etag}; {-3, current etag} on an If-Match mismatch. The ETag of "none saved yet" is '0'.
 */
export const SAVE_GLOBALS = `
local cur = redis.call('GET', KEYS[2]) or '0'
if ARGV[2] ~= '' and ARGV[2] ~= '*' and ARGV[2] ~= cur then return {-3, cur} end
redis.call('SET', KEYS[1], ARGV[1])
return {1, tostring(redis.call('INCR', KEYS[2]))}
`;
