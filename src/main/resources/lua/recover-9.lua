-- Puts back on the queue the jobs that workers took but did not finish. Two uses:
--  * own (ARGV[2] = a worker id): a worker hands back what its processing list holds, as it
--    starts or stops, and on each heartbeat everything but the job it is running (ARGV[5]),
--    which catches ids a stalled process moved into the list under this id. On a heartbeat
--    (ARGV[12] = "1") a job this process claimed is spared whatever ARGV[5] says: the heartbeat
--    may have been sent before a take and claim that Redis ran first;
--  * the reaper (ARGV[2] empty), at most once per ARGV[4] ms across all processes (KEYS[5] is
--    the lock): running jobs whose lease expired; the processing lists of registered worker ids
--    whose holder stopped renewing them (an id is forgotten once its last renewal is older than
--    ARGV[6] ms, long after any blocking take it had pending has returned).
-- A running job put back counts as a stall (ARGV[11] = "0" for a clean stop, which does not);
-- after ARGV[8] stalls it is failed rather than run again: a job that kills its worker must not
-- loop forever. A submitted job is queued again; anything else (finished, gone) is dropped.
-- KEYS[1] registered worker ids (zset: id -> last renewal, ms)   KEYS[2] queue list
-- KEYS[3] status:in_progress zset   KEYS[4] status:submitted zset   KEYS[5] reaper lock
-- KEYS[6] events stream   KEYS[7] leases zset   KEYS[8] status:failed zset
-- KEYS[9] retention zset
-- ARGV[1] key tag, e.g. "{jobs}:" (processing, slot and job keys are built from it; they share
--         the hash tag, so in a cluster they live in the same slot)
-- ARGV[2] the worker id (own), or "" (reaper)   ARGV[3] this process's token
-- ARGV[4] reaper interval (ms)   ARGV[5] (own) the id to keep, or ""   ARGV[6] forget after (ms)
-- ARGV[7] events stream cap   ARGV[8] stalls before a job is failed
-- ARGV[9] how long finished jobs are kept (s)   ARGV[10] now (ISO-8601)
-- ARGV[11] (own) "1" if running jobs put back count as stalls, else "0"
-- ARGV[12] (own) "1" to spare the jobs this process (token ARGV[3]) claimed, else "0"
-- Returns the number of running jobs put back or failed plus ids queued again; -1 when (own)
-- another process holds the worker id.
local tag = ARGV[1]
local now = redis.call('TIME')
local nowMs = now[1] * 1000 + math.floor(now[2] / 1000)

local function event(id, status)
  redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[7], '*', 'id', id, 'status', status)
end

-- Takes a running job off its worker; returns its new status, submitted or failed.
local function stop_running(id, job, seq, stall)
  local stalls = tonumber(redis.call('HGET', job, 'stalls') or '0')
  local reason = stall and 'its lease expired (its worker stopped or stalled)' or 'handed back: its worker stopped'
  archive_attempt(job, ARGV[10], reason)
  redis.call('HDEL', job, 'lease', 'lease_expires')
  redis.call('ZREM', KEYS[3], id)
  redis.call('ZREM', KEYS[7], id)
  if not stall then
    redis.call('HINCRBY', job, 'attempts', -1)
    redis.call('HSET', job, 'status', 'submitted')
    redis.call('ZADD', KEYS[4], seq, id)
    event(id, 'submitted')
    return 'submitted'
  end
  stalls = stalls + 1
  if stalls >= tonumber(ARGV[8]) then
    redis.call('HSET', job, 'status', 'failed', 'stalls', stalls, 'finished_at', ARGV[10],
      'error', 'its lease expired ' .. stalls .. ' times (its worker died or stalled each time); not run again')
    redis.call('ZADD', KEYS[8], seq, id)
    redis.call('ZADD', KEYS[9], nowMs + ARGV[9] * 1000, id)
    event(id, 'failed')
    return 'failed'
  end
  redis.call('HSET', job, 'status', 'submitted', 'stalls', stalls)
  redis.call('ZADD', KEYS[4], seq, id)
  event(id, 'submitted')
  return 'submitted'
end

local function drain(worker, keep, stall, spareOwn)
  local list = tag .. 'processing:' .. worker
  local moved = 0
  local kept = {}
  while true do
    -- Newest first, each pushed to the take end: the oldest ends up next in line.
    local id = redis.call('LPOP', list)
    if not id then break end
    local job = tag .. 'job:' .. id
    local state = redis.call('HMGET', job, 'status', 'worker', 'seq', 'lease')
    if id == keep or (spareOwn and state[1] == 'in_progress' and state[4] == ARGV[3]) then
      table.insert(kept, id)
    else
      if state[1] == 'in_progress' and state[2] == worker then
        state[1] = stop_running(id, job, state[3], stall)
        if state[1] == 'failed' then
          moved = moved + 1
        end
      end
      if state[1] == 'submitted' then
        redis.call('RPUSH', KEYS[2], id)
        moved = moved + 1
      end
    end
  end
  for _, id in ipairs(kept) do
    redis.call('RPUSH', list, id)
  end
  return moved
end

if ARGV[2] ~= '' then
  local holder = redis.call('GET', tag .. 'worker:' .. ARGV[2])
  if holder and holder ~= ARGV[3] then
    return -1
  end
  return drain(ARGV[2], ARGV[5], ARGV[11] == '1', ARGV[12] == '1')
end

if not redis.call('SET', KEYS[5], ARGV[3], 'NX', 'PX', ARGV[4]) then
  return 0
end
local moved = 0

-- Running jobs whose lease expired: their worker died or stalled, whether or not its worker id
-- is still held.
for _, id in ipairs(redis.call('ZRANGE', KEYS[7], '-inf', nowMs, 'BYSCORE', 'LIMIT', 0, 100)) do
  local job = tag .. 'job:' .. id
  local state = redis.call('HMGET', job, 'status', 'worker', 'seq', 'lease_expires')
  if state[1] ~= 'in_progress' then
    redis.call('ZREM', KEYS[7], id)
  elseif tonumber(state[4] or '0') > nowMs then
    redis.call('ZADD', KEYS[7], state[4], id)
  else
    redis.call('LREM', tag .. 'processing:' .. state[2], 0, id)
    if stop_running(id, job, state[3], true) == 'submitted' then
      redis.call('RPUSH', KEYS[2], id)
    end
    moved = moved + 1
  end
end

-- Processing lists of dead workers: ids taken but not claimed yet, and running jobs.
local workers = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
for i = 1, #workers, 2 do
  local worker = workers[i]
  if redis.call('EXISTS', tag .. 'worker:' .. worker) == 0 then
    moved = moved + drain(worker, '', true, false)
    if nowMs - tonumber(workers[i + 1]) > tonumber(ARGV[6]) then
      redis.call('ZREM', KEYS[1], worker)
    end
  end
end

return moved
