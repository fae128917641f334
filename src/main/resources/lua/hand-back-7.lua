-- Hands back one id a worker took but will not run or finish (it is stopping, or lost its worker
-- id): out of the processing list, and back at the head of the queue if the job still waits to
-- run. A job this process is running (its lease token matches) is reset to submitted without
-- counting as a stall: a clean stop is not the job's fault.
-- KEYS[1] the worker's processing list   KEYS[2] job hash   KEYS[3] queue list
-- KEYS[4] status:in_progress zset   KEYS[5] status:submitted zset   KEYS[6] leases zset
-- KEYS[7] events stream
-- ARGV[1] id  ARGV[2] this process's token  ARGV[3] events stream cap  ARGV[4] now (ISO-8601)
-- Returns 1 when queued again, 0 when only dropped from the list.
local removed = redis.call('LREM', KEYS[1], '1', ARGV[1])
local job = redis.call('HMGET', KEYS[2], 'status', 'lease', 'seq')
if job[1] == 'in_progress' and job[2] == ARGV[2] then
  archive_attempt(KEYS[2], ARGV[4], 'handed back: its worker stopped')
  redis.call('HSET', KEYS[2], 'status', 'submitted')
  redis.call('HDEL', KEYS[2], 'lease', 'lease_expires')
  -- The attempt did not run to its end: it does not count against max_attempts.
  redis.call('HINCRBY', KEYS[2], 'attempts', -1)
  redis.call('ZREM', KEYS[4], ARGV[1])
  redis.call('ZREM', KEYS[6], ARGV[1])
  redis.call('ZADD', KEYS[5], job[3], ARGV[1])
  redis.call('RPUSH', KEYS[3], ARGV[1])
  redis.call('XADD', KEYS[7], 'MAXLEN', '~', ARGV[3], '*', 'id', ARGV[1], 'status', 'submitted')
  return 1
end
if removed == 1 and job[1] == 'submitted' then
  redis.call('RPUSH', KEYS[3], ARGV[1])
  return 1
end
return 0
