-- Puts back every id a worker's processing list still holds, as that worker starts again: jobs
-- it had taken but not finished when it stopped go back to the front of the queue.
-- KEYS[1] the worker's processing list   KEYS[2] queue list
-- KEYS[3] status:in_progress zset   KEYS[4] status:submitted zset
-- ARGV[1] worker id  ARGV[2] job key prefix (every job hash is ARGV[2] .. id; it shares the
-- hash tag of KEYS, so in a cluster it lives in the same slot)
-- Returns the number of ids put back.
local moved = 0
while true do
  local id = redis.call('RPOP', KEYS[1])
  if not id then break end
  local job = ARGV[2] .. id
  local state = redis.call('HMGET', job, 'status', 'worker', 'seq')
  if state[1] == 'in_progress' and state[2] == ARGV[1] then
    redis.call('HSET', job, 'status', 'submitted')
    redis.call('HDEL', job, 'worker', 'started_at')
    redis.call('ZREM', KEYS[3], id)
    redis.call('ZADD', KEYS[4], state[3], id)
  end
  if state[1] == 'submitted' or (state[1] == 'in_progress' and state[2] == ARGV[1]) then
    -- RPUSH puts it where workers take from next.
    redis.call('RPUSH', KEYS[2], id)
    moved = moved + 1
  end
end
return moved
