-- Queues a failed or cancelled job again, with a fresh count of attempts (its history stays).
-- KEYS[1] job hash   KEYS[2] result key   KEYS[3] queue list   KEYS[4] status:submitted zset
-- KEYS[5] status:failed zset   KEYS[6] status:cancelled zset   KEYS[7] events stream
-- KEYS[8] retention zset
-- ARGV[1] id  ARGV[2] events stream cap
-- Returns {1, previous status} when queued; {0, status} when the job is not failed or cancelled;
-- false when there is no such job.
local job = redis.call('HMGET', KEYS[1], 'status', 'seq')
local status = job[1]
if not status then
  return false
end
if status ~= 'failed' and status ~= 'cancelled' then
  return {0, status}
end
-- Finished jobs written before prune deleted them carry a TTL: a queued job must not expire.
redis.call('PERSIST', KEYS[1])
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[1], 'status', 'submitted', 'attempts', 0, 'stalls', 0)
archive_attempt(KEYS[1], nil, nil)
redis.call('HDEL', KEYS[1], 'error', 'finished_at', 'lease', 'lease_expires', 'run_at')
redis.call('ZREM', KEYS[5], ARGV[1])
redis.call('ZREM', KEYS[6], ARGV[1])
redis.call('ZREM', KEYS[8], ARGV[1])
redis.call('ZADD', KEYS[4], job[2], ARGV[1])
redis.call('LPUSH', KEYS[3], ARGV[1])
redis.call('XADD', KEYS[7], 'MAXLEN', '~', ARGV[2], '*', 'id', ARGV[1], 'status', 'submitted')
return {1, status}
