-- Deletes the finished jobs whose retention has passed, up to ARGV[2] at a time: their hash and
-- result, and their entries in the listing and status indexes. Finished jobs carry no TTL: this is
-- what removes them, each write made once for all of them (one EXPIRE per finished job, and six
-- calls per job here, cost more than a whole completion's other writes).
-- Every id in the retention set is a finished job: retry, the one way back out of a finished
-- status, takes it out of the set.
-- KEYS[1] retention zset (id -> when its retention ends, ms)   KEYS[2] index zset
-- KEYS[3] status:complete zset   KEYS[4] status:failed zset   KEYS[5] status:cancelled zset
-- ARGV[1] key tag, e.g. "{jobs}:" (job keys share the hash tag)   ARGV[2] most ids to drop
-- (at most a few thousand: they are passed to one call each)
-- Returns how many jobs were deleted (ARGV[2] means: call again, more may be due).
local now = redis.call('TIME')
local nowMs = now[1] * 1000 + math.floor(now[2] / 1000)
local due = redis.call('ZRANGE', KEYS[1], '-inf', nowMs, 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[2]))
if #due == 0 then
  return 0
end
local keys = {}
for i, id in ipairs(due) do
  keys[2 * i - 1] = ARGV[1] .. 'job:' .. id
  keys[2 * i] = ARGV[1] .. 'result:' .. id
end
redis.call('DEL', unpack(keys))
for k = 1, 5 do
  redis.call('ZREM', KEYS[k], unpack(due))
end
return #due
