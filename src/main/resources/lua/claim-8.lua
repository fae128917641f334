-- Marks a job in_progress for one worker, only if it is still submitted (a duplicate id in the
-- queue, or a job already taken or cancelled, is not run) and only if this process still holds
-- the worker id (a process that stalled past its lease must not run jobs under an id it lost).
-- The job gets a lease (token and expiry) that the worker's heartbeat renews while it runs.
-- KEYS[1] job hash   KEYS[2] status:submitted zset   KEYS[3] status:in_progress zset
-- KEYS[4] the worker's processing list   KEYS[5] the worker's slot key   KEYS[6] queue list
-- KEYS[7] events stream   KEYS[8] leases zset
-- ARGV[1] id  ARGV[2] worker id  ARGV[3] started_at (ISO-8601)  ARGV[4] this process's token
-- ARGV[5] events stream cap  ARGV[6] lease length (ms)
-- Returns the job hash as a flat field/value array; false (and drops the id from the processing
-- list) when the job is not claimable, or when the id is no longer in the processing list (a
-- recovery pass handed it back while this process stalled); the error LOST_SLOT (and puts a
-- submitted job back on the queue) when the worker id is no longer this process's.
local status = redis.call('HGET', KEYS[1], 'status')
if redis.call('GET', KEYS[5]) ~= ARGV[4] then
  redis.call('LREM', KEYS[4], 1, ARGV[1])
  if status == 'submitted' then
    redis.call('RPUSH', KEYS[6], ARGV[1])
  end
  return redis.error_reply('LOST_SLOT worker id ' .. ARGV[2] .. ' is held by another process')
end
if status ~= 'submitted' then
  redis.call('LREM', KEYS[4], 1, ARGV[1])
  return false
end
if not redis.call('LPOS', KEYS[4], ARGV[1]) then
  return false
end
local now = redis.call('TIME')
local expires = now[1] * 1000 + math.floor(now[2] / 1000) + tonumber(ARGV[6])
local seq = redis.call('HGET', KEYS[1], 'seq')
local history = cjson.decode(redis.call('HGET', KEYS[1], 'history') or '[]')
table.insert(history, {worker = ARGV[2], started_at = ARGV[3]})
while #history > 10 do
  table.remove(history, 1)
end
-- The lease token fences the finish: only this process's complete or fail is written.
redis.call('HSET', KEYS[1], 'status', 'in_progress', 'worker', ARGV[2], 'lease', ARGV[4],
  'started_at', ARGV[3], 'lease_expires', expires, 'history', cjson.encode(history))
redis.call('HDEL', KEYS[1], 'run_at')
redis.call('HINCRBY', KEYS[1], 'attempts', 1)
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], seq, ARGV[1])
redis.call('ZADD', KEYS[8], expires, ARGV[1])
redis.call('XADD', KEYS[7], 'MAXLEN', '~', ARGV[5], '*', 'id', ARGV[1], 'status', 'in_progress')
return redis.call('HGETALL', KEYS[1])
