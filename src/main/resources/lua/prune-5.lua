-- Drops finished jobs whose retention has passed from the list and status indexes (their hash
-- and result keys expire by TTL on their own), up to ARGV[2] at a time.
-- KEYS[1] retention zset (id -> when its retention ends, ms)   KEYS[2] index zset
-- KEYS[3] status:complete zset   KEYS[4] status:failed zset   KEYS[5] status:cancelled zset
-- ARGV[1] key tag, e.g. "{jobs}:" (job keys share the hash tag)   ARGV[2] most ids to drop
-- Returns how many ids were looked at (ARGV[2] means: call again, more may be due).
local now = redis.call('TIME')
local nowMs = now[1] * 1000 + math.floor(now[2] / 1000)
local due = redis.call('ZRANGE', KEYS[1], '-inf', nowMs, 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[1], id)
  -- A job retried since it finished has left the retention set; this guards a race with it.
  if redis.call('EXISTS', ARGV[1] .. 'job:' .. id) == 0 then
    redis.call('ZREM', KEYS[2], id)
    redis.call('ZREM', KEYS[3], id)
    redis.call('ZREM', KEYS[4], id)
    redis.call('ZREM', KEYS[5], id)
  end
end
return #due
