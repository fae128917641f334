-- Shared by complete-many (prepended by Script, after lib/attempts.lua, lib/text.lua,
-- lib/batched.lua and lib/claim.lua; the caller flushes the batched index writes): stores
-- one job's result and marks it complete, only if this process's lease still holds it (a worker
-- that lost its lease, or whose job was cancelled, cannot overwrite status or result). Then, when
-- asked, claims the worker's next job (claim_job), so under a backlog a job costs the worker one
-- round trip, not a blocking take and a claim.
-- k: job hash, result key, the worker's processing list, the worker's slot key (per job)
-- s: the queue's shared keys: in_progress, complete, events, leases, retention, submitted, queue,
--    the dataset's version counter
-- a: id, lease token, finished_at (ISO-8601, also the next job's started_at), result (JSON),
--    '1' to claim the next job, worker id
-- c: events cap, retention (s), job key prefix, lease length (ms); now: TIME in ms
-- Returns 0 when the lease was no longer this process's (nothing is written); 1 when written;
-- the next job (claim_job's reply, a string) when written and the next job was claimed.
local function complete_job(k, s, a, c, now)
  local job = redis.call('HMGET', k[1], 'status', 'lease', 'seq')
  if job[1] ~= 'in_progress' or job[2] ~= a[2] then
    -- Not ours: leave the processing list alone, it may be another holder's of this worker id now.
    return 0
  end
  redis.call('LREM', k[3], 1, a[1])
  redis.call('SET', k[2], a[4], 'EX', c[2])
  redis.call('HSET', k[1], 'status', 'complete', 'finished_at', a[3], 'ended_at', a[3])
  redis.call('HDEL', k[1], 'lease', 'lease_expires', 'error')
  redis.call('EXPIRE', k[1], c[2])
  batched('ZREM', s[1], a[1])
  batched('ZREM', s[4], a[1])
  batched('ZADD', s[2], job[3], a[1])
  batched('ZADD', s[5], int_text(now + c[2] * 1000), a[1])
  batched_event(s[3], c[1], a[1], 'complete')
  -- The next job, only while this process holds the worker id (else the worker finds out at its
  -- next take). Ids of jobs no longer submitted (cancelled, or duplicates) are dropped, a few at most.
  if a[5] ~= '1' or redis.call('GET', k[4]) ~= a[2] then
    return 1
  end
  for _ = 1, 8 do
    local id = redis.call('LMOVE', s[7], k[3], 'RIGHT', 'LEFT')
    if not id then
      return 1
    end
    local next_key = c[3] .. id
    local read = read_for_claim(next_key)
    if read[1] == 'submitted' then
      return claim_job(next_key, id, read, now, s[6], s[1], s[4], s[3], a[6], a[3], a[2], c[1], c[4], s[8])
    end
    redis.call('LREM', k[3], 1, id)
  end
  return 1
end
