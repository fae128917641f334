-- Marks a job failed with its error message, only if this process's claim still holds it.
-- KEYS[1] job hash   KEYS[2] the worker's processing list
-- KEYS[3] status:in_progress zset   KEYS[4] status:failed zset   KEYS[5] events stream
-- ARGV[1] id  ARGV[2] the lease token given at claim  ARGV[3] finished_at (ISO-8601)  ARGV[4] error message
-- ARGV[5] events stream cap
-- Returns 1 when written, 0 when the claim was no longer this process's (nothing is written).
local job = redis.call('HMGET', KEYS[1], 'status', 'lease', 'seq')
if job[1] ~= 'in_progress' or job[2] ~= ARGV[2] then
  -- Not ours: leave the processing list alone, it may be another holder's of this worker id now.
  return 0
end
redis.call('LREM', KEYS[2], 1, ARGV[1])
redis.call('HSET', KEYS[1], 'status', 'failed', 'finished_at', ARGV[3], 'error', ARGV[4])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[4], job[3], ARGV[1])
redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[5], '*', 'id', ARGV[1], 'status', 'failed')
return 1
