-- Records a failed attempt, only if this process's lease still holds the job. While attempts
-- remain (attempts < max_attempts) and the failure may pass (ARGV[7] >= 0), the job waits in the
-- delayed set until its backoff has passed; otherwise it is failed for good.
-- KEYS[1] job hash   KEYS[2] the worker's processing list   KEYS[3] status:in_progress zset
-- KEYS[4] status:failed zset   KEYS[5] events stream   KEYS[6] leases zset
-- KEYS[7] retention zset   KEYS[8] delayed zset (id -> run at, ms)   KEYS[9] status:delayed zset
-- KEYS[10] result key (a failed job has none)
-- ARGV[1] id  ARGV[2] the lease token given at claim  ARGV[3] finished_at (ISO-8601)
-- ARGV[4] error message  ARGV[5] events stream cap  ARGV[6] how long finished jobs are kept (s)
-- ARGV[7] retry delay (ms), or -1 when retrying cannot help
-- Returns 2 when the job will be retried, 1 when it failed for good, 0 when the lease was no
-- longer this process's (nothing is written).
local job = redis.call('HMGET', KEYS[1], 'status', 'lease', 'seq', 'attempts', 'spec')
if job[1] ~= 'in_progress' or job[2] ~= ARGV[2] then
  return 0
end
local now = redis.call('TIME')
local nowMs = now[1] * 1000 + math.floor(now[2] / 1000)
redis.call('LREM', KEYS[2], '1', ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[6], ARGV[1])
redis.call('HDEL', KEYS[1], 'lease', 'lease_expires')
local delay = tonumber(ARGV[7])
-- The attempt stays in the hash's fields (lib/attempts.lua) until promote queues the job again.
redis.call('HSET', KEYS[1], 'ended_at', ARGV[3], 'attempt_error', ARGV[4])
local max_attempts = tonumber(spec_part(job_spec(KEYS[1], job[5]), 5)) or 1
if delay >= 0 and tonumber(job[4] or '0') < max_attempts then
  local runAt = nowMs + delay
  redis.call('HSET', KEYS[1], 'status', 'delayed', 'error', ARGV[4], 'run_at', runAt)
  redis.call('ZADD', KEYS[8], runAt, ARGV[1])
  redis.call('ZADD', KEYS[9], job[3], ARGV[1])
  redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[5], '*', 'id', ARGV[1], 'status', 'delayed')
  return 2
end
redis.call('HSET', KEYS[1], 'status', 'failed', 'finished_at', ARGV[3], 'error', ARGV[4])
redis.call('DEL', KEYS[10])
redis.call('ZADD', KEYS[4], job[3], ARGV[1])
redis.call('ZADD', KEYS[7], nowMs + ARGV[6] * 1000, ARGV[1])
redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[5], '*', 'id', ARGV[1], 'status', 'failed')
return 1
