-- Stores a job's result and marks it complete, only if this process's lease still holds it (a
-- worker that lost its lease, or whose job was cancelled, cannot overwrite status or result).
-- KEYS[1] job hash   KEYS[2] result key   KEYS[3] the worker's processing list
-- KEYS[4] status:in_progress zset   KEYS[5] status:complete zset   KEYS[6] events stream
-- KEYS[7] leases zset   KEYS[8] retention zset
-- ARGV[1] id  ARGV[2] the lease token given at claim  ARGV[3] finished_at (ISO-8601)
-- ARGV[4] result (JSON)  ARGV[5] events stream cap  ARGV[6] how long finished jobs are kept (s)
-- Returns 1 when written, 0 when the lease was no longer this process's (nothing is written).
local job = redis.call('HMGET', KEYS[1], 'status', 'lease', 'seq', 'history')
if job[1] ~= 'in_progress' or job[2] ~= ARGV[2] then
  -- Not ours: leave the processing list alone, it may be another holder's of this worker id now.
  return 0
end
local history = cjson.decode(job[4] or '[]')
if #history > 0 then
  history[#history].finished_at = ARGV[3]
end
redis.call('LREM', KEYS[3], 1, ARGV[1])
redis.call('SET', KEYS[2], ARGV[4], 'EX', ARGV[6])
redis.call('HSET', KEYS[1], 'status', 'complete', 'finished_at', ARGV[3], 'history', cjson.encode(history))
redis.call('HDEL', KEYS[1], 'lease', 'lease_expires', 'error')
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('ZREM', KEYS[7], ARGV[1])
redis.call('ZADD', KEYS[5], job[3], ARGV[1])
local now = redis.call('TIME')
redis.call('ZADD', KEYS[8], now[1] * 1000 + math.floor(now[2] / 1000) + ARGV[6] * 1000, ARGV[1])
redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[5], '*', 'id', ARGV[1], 'status', 'complete')
return 1
