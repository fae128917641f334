-- Marks a job in_progress for one worker, only if it is still submitted: a duplicate id in the
-- queue, or a job already taken, is not run again.
-- KEYS[1] job hash   KEYS[2] status:submitted zset   KEYS[3] status:in_progress zset
-- KEYS[4] the worker's processing list
-- ARGV[1] id  ARGV[2] worker id  ARGV[3] started_at (ISO-8601)
-- Returns the job hash as a flat field/value array, or false (and drops the id from the
-- worker's processing list) when the job is not claimable.
if redis.call('HGET', KEYS[1], 'status') ~= 'submitted' then
  redis.call('LREM', KEYS[4], 1, ARGV[1])
  return false
end
local seq = redis.call('HGET', KEYS[1], 'seq')
redis.call('HSET', KEYS[1], 'status', 'in_progress', 'worker', ARGV[2], 'started_at', ARGV[3])
redis.call('HINCRBY', KEYS[1], 'attempts', 1)
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], seq, ARGV[1])
return redis.call('HGETALL', KEYS[1])
