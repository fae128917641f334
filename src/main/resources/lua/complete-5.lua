-- Stores a job's result and marks it complete, only if this worker still holds it.
-- KEYS[1] job hash   KEYS[2] result key   KEYS[3] the worker's processing list
-- KEYS[4] status:in_progress zset   KEYS[5] status:complete zset
-- ARGV[1] id  ARGV[2] worker id  ARGV[3] finished_at (ISO-8601)  ARGV[4] result (JSON)
-- Returns 1 when written, 0 when the job was no longer this worker's (nothing is written).
redis.call('LREM', KEYS[3], 1, ARGV[1])
local job = redis.call('HMGET', KEYS[1], 'status', 'worker', 'seq')
if job[1] ~= 'in_progress' or job[2] ~= ARGV[2] then
  return 0
end
redis.call('SET', KEYS[2], ARGV[4])
redis.call('HSET', KEYS[1], 'status', 'complete', 'finished_at', ARGV[3])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('ZADD', KEYS[5], job[3], ARGV[1])
return 1
