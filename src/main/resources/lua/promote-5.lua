-- Moves the delayed jobs whose backoff has passed back onto the queue (behind the jobs waiting
-- there), up to ARGV[3] at a time.
-- KEYS[1] delayed zset (id -> run at, ms)   KEYS[2] status:delayed zset
-- KEYS[3] status:submitted zset   KEYS[4] queue list   KEYS[5] events stream
-- ARGV[1] key tag, e.g. "{jobs}:" (job keys share the hash tag)   ARGV[2] events stream cap
-- ARGV[3] most jobs to move
-- Returns how many were moved.
local now = redis.call('TIME')
local nowMs = now[1] * 1000 + math.floor(now[2] / 1000)
local due = redis.call('ZRANGE', KEYS[1], '-inf', nowMs, 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[3]))
local moved = 0
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
  local job = ARGV[1] .. 'job:' .. id
  local state = redis.call('HMGET', job, 'status', 'seq')
  -- A job cancelled meanwhile is no longer delayed: nothing to move.
  if state[1] == 'delayed' then
    redis.call('HSET', job, 'status', 'submitted')
    archive_attempt(job, nil, nil)
    redis.call('HDEL', job, 'run_at')
    redis.call('ZADD', KEYS[3], state[2], id)
    redis.call('LPUSH', KEYS[4], id)
    redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[2], '*', 'id', id, 'status', 'submitted')
    moved = moved + 1
  end
end
return moved
