-- Puts back on the queue the jobs that a worker took but did not finish. Two uses:
--  * own (ARGV[2] = a worker id): a worker hands back what its processing list holds, as it
--    starts or stops, and on each lease renewal everything but the job it is running (ARGV[5]),
--    which catches ids a stalled process moved into the list under this id;
--  * orphans (ARGV[2] empty): the lists of every registered worker id whose lease lapsed (its
--    process died) are drained the same way. At most once per ARGV[4] ms across all processes
--    (KEYS[5] is the rate limit). An id is forgotten only when its last renewal is older than
--    ARGV[6] ms, long after any blocking take it had pending has returned.
-- A job found in_progress under that worker id is reset to submitted (its attempt stays counted);
-- a submitted one is queued again; anything else (finished, gone) is dropped.
-- KEYS[1] registered worker ids (zset: id -> last renewal, ms)   KEYS[2] queue list
-- KEYS[3] status:in_progress zset   KEYS[4] status:submitted zset   KEYS[5] rate-limit key
-- KEYS[6] events stream
-- ARGV[1] key tag, e.g. "{jobs}:" (processing, slot and job keys are built from it; they share
--         the hash tag, so in a cluster they live in the same slot)
-- ARGV[2] the worker id (own), or "" (orphans)   ARGV[3] this process's token
-- ARGV[4] pass interval (ms)   ARGV[5] (own) the id to keep, or ""   ARGV[6] forget after (ms)
-- ARGV[7] events stream cap
-- Returns the number of jobs put back; -1 when (own) another process holds the worker id.
local tag = ARGV[1]

local function drain(worker, keep)
  local list = tag .. 'processing:' .. worker
  local moved = 0
  local kept = false
  while true do
    -- Newest first, each pushed to the take end: the oldest ends up next in line.
    local id = redis.call('LPOP', list)
    if not id then break end
    if id == keep then
      kept = true
    else
      local job = tag .. 'job:' .. id
      local state = redis.call('HMGET', job, 'status', 'worker', 'seq')
      if state[1] == 'in_progress' and state[2] == worker then
        redis.call('HSET', job, 'status', 'submitted')
        redis.call('HDEL', job, 'worker', 'lease', 'started_at')
        redis.call('ZREM', KEYS[3], id)
        redis.call('ZADD', KEYS[4], state[3], id)
        redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[7], '*', 'id', id, 'status', 'submitted')
        state[1] = 'submitted'
      end
      if state[1] == 'submitted' then
        redis.call('RPUSH', KEYS[2], id)
        moved = moved + 1
      end
    end
  end
  if kept then
    redis.call('RPUSH', list, keep)
  end
  return moved
end

if ARGV[2] ~= '' then
  local holder = redis.call('GET', tag .. 'worker:' .. ARGV[2])
  if holder and holder ~= ARGV[3] then
    return -1
  end
  return drain(ARGV[2], ARGV[5])
end

if not redis.call('SET', KEYS[5], ARGV[3], 'NX', 'PX', ARGV[4]) then
  return 0
end
local now = redis.call('TIME')
local nowMs = now[1] * 1000 + math.floor(now[2] / 1000)
local moved = 0
local workers = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
for i = 1, #workers, 2 do
  local worker = workers[i]
  if redis.call('EXISTS', tag .. 'worker:' .. worker) == 0 then
    moved = moved + drain(worker, '')
    if nowMs - tonumber(workers[i + 1]) > tonumber(ARGV[6]) then
      redis.call('ZREM', KEYS[1], worker)
    end
  end
end
return moved
