-- Puts back on the queue the jobs that a worker took but did not finish. Two uses:
--  * own: a worker, as it starts or stops, hands back what its processing list still holds;
--  * orphans (ARGV[2] empty): the processing lists of every registered worker id whose holder
--    has stopped renewing it (a process that died) are drained the same way. At most once per
--    ARGV[4] ms across all processes (KEYS[5] is the rate limit).
-- A job it finds in_progress under that worker id is reset to submitted (its attempt stays
-- counted); a submitted one is queued again; anything else (finished, gone) is dropped.
-- KEYS[1] registered worker ids (set)   KEYS[2] queue list   KEYS[3] status:in_progress zset
-- KEYS[4] status:submitted zset   KEYS[5] rate-limit key for the orphan pass
-- ARGV[1] key tag, e.g. "{jobs}:" (processing, slot and job keys are built from it: they share
--         the hash tag, so in a cluster they live in the same slot)
-- ARGV[2] the worker id (own), or "" (orphans)  ARGV[3] this process's token  ARGV[4] pass interval (ms)
-- Returns the number of jobs put back, -1 when (own) the worker id is held by another process.
local tag = ARGV[1]

local function drain(worker)
  local list = tag .. 'processing:' .. worker
  local moved = 0
  while true do
    local id = redis.call('RPOP', list)
    if not id then break end
    local job = tag .. 'job:' .. id
    local state = redis.call('HMGET', job, 'status', 'worker', 'seq')
    if state[1] == 'in_progress' and state[2] == worker then
      redis.call('HSET', job, 'status', 'submitted')
      redis.call('HDEL', job, 'worker', 'lease', 'started_at')
      redis.call('ZREM', KEYS[3], id)
      redis.call('ZADD', KEYS[4], state[3], id)
      state[1] = 'submitted'
    end
    if state[1] == 'submitted' then
      -- RPUSH puts it where workers take from next.
      redis.call('RPUSH', KEYS[2], id)
      moved = moved + 1
    end
  end
  return moved
end

if ARGV[2] ~= '' then
  local holder = redis.call('GET', tag .. 'worker:' .. ARGV[2])
  if holder and holder ~= ARGV[3] then
    return -1
  end
  return drain(ARGV[2])
end

if not redis.call('SET', KEYS[5], ARGV[3], 'NX', 'PX', ARGV[4]) then
  return 0
end
local moved = 0
for _, worker in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', tag .. 'worker:' .. worker) == 0 then
    moved = moved + drain(worker)
    redis.call('SREM', KEYS[1], worker)
  end
end
return moved
