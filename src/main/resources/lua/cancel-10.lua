-- Cancels a job that has not finished. A queued or delayed job leaves its queue; a running one is
-- marked cancelled at once, which fences its worker: the worker's heartbeat sees it and stops the
-- job, and its late result is refused by complete-8.lua.
-- KEYS[1] job hash   KEYS[2] queue list   KEYS[3] delayed zset   KEYS[4] leases zset
-- KEYS[5] events stream   KEYS[6] retention zset   KEYS[7] status:cancelled zset
-- KEYS[8] status:submitted zset   KEYS[9] status:delayed zset   KEYS[10] status:in_progress zset
-- ARGV[1] id  ARGV[2] finished_at (ISO-8601)  ARGV[3] events stream cap
-- ARGV[4] how long finished jobs are kept (s)
-- Returns {1, previous status} when cancelled; {0, status} when the job had already finished;
-- false when there is no such job.
local job = redis.call('HMGET', KEYS[1], 'status', 'seq')
local status = job[1]
if not status then
  return false
end
if status ~= 'submitted' and status ~= 'delayed' and status ~= 'in_progress' then
  return {0, status}
end
if status == 'submitted' then
  redis.call('LREM', KEYS[2], 0, ARGV[1])
  redis.call('ZREM', KEYS[8], ARGV[1])
elseif status == 'delayed' then
  redis.call('ZREM', KEYS[3], ARGV[1])
  redis.call('ZREM', KEYS[9], ARGV[1])
else
  redis.call('ZREM', KEYS[4], ARGV[1])
  redis.call('ZREM', KEYS[10], ARGV[1])
end
redis.call('HSET', KEYS[1], 'status', 'cancelled', 'finished_at', ARGV[2])
redis.call('HDEL', KEYS[1], 'lease', 'lease_expires', 'run_at')
redis.call('ZADD', KEYS[7], job[2], ARGV[1])
local now = redis.call('TIME')
redis.call('ZADD', KEYS[6], now[1] * 1000 + math.floor(now[2] / 1000) + ARGV[4] * 1000, ARGV[1])
redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[3], '*', 'id', ARGV[1], 'status', 'cancelled')
return {1, status}
