-- Shared by complete-many (prepended by Script, after lib/attempts.lua, lib/text.lua,
-- lib/batched.lua and lib/claim.lua; the caller flushes the batched index writes and writes the
-- results with one MSET): stores one job's result and marks it complete, only if this process's
-- lease still holds it (a worker that lost its lease, or whose job was cancelled, cannot
-- overwrite status or result). Then, when asked, claims the worker's next job (claim_job), so
-- under a backlog a job costs the worker one round trip, not a blocking take and a claim.
-- KEYS[k .. k+3]: job hash, result key, the worker's processing list, the worker's slot key
-- ARGV[a .. a+5]: id, lease token, finished_at (ISO-8601, also the next job's started_at), result
--    (JSON), '1' to claim the next job, worker id
-- (read in place: copying them into two tables per job cost more than one of its HDELs)
-- s: the queue's shared keys: in_progress, complete, events, leases, retention, submitted, queue,
--    the dataset's version counter
-- c: events cap, retention (s), job key prefix, lease length (ms), then, as text, the same for
--    every job of the call: when the retention ends and when a lease taken now expires (ms)
-- slot: the worker's slot key's value, read by the caller; results: the caller's MSET arguments,
--    to which the result's key and value are added when the job is written
-- Returns 0 when the lease was no longer this process's (nothing is written); 1 when written;
-- the next job (claim_job's reply, a string) when written and the next job was claimed.
local function complete_job(k, a, s, c, slot, results)
  local job_key, id, token = KEYS[k], ARGV[a], ARGV[a + 1]
  local job = redis.call('HMGET', job_key, 'status', 'lease', 'seq', 'error')
  if job[1] ~= 'in_progress' or job[2] ~= token then
    -- Not ours: leave the processing list alone, it may be another holder's of this worker id now.
    return 0
  end
  local processing, finished_at = KEYS[k + 2], ARGV[a + 2]
  -- '1' as text: a Lua number is printed by Redis with '%.17g' (lib/text.lua), 1.5 % of a drain.
  redis.call('LREM', processing, '1', id)
  results[#results + 1] = KEYS[k + 1]
  results[#results + 1] = ARGV[a + 3]
  -- No 'ended_at' (the attempt's end, lib/attempts.lua): a complete job's last attempt ended when
  -- it finished, and nothing runs it again, so finished_at says it (JobHash.java reads it so).
  redis.call('HSET', job_key, 'status', 'complete', 'finished_at', finished_at)
  -- The lease's fields stay: every reader and fencing check looks at them only while the job is
  -- in_progress, and leaving them spares each completion an HDEL. An error is there when an
  -- earlier attempt failed and the job ran again after its backoff; a complete job shows none.
  if job[4] then
    redis.call('HDEL', job_key, 'error')
  end
  batched('ZREM', s[1], id)
  batched('ZREM', s[4], id)
  batched('ZADD', s[2], job[3], id)
  batched('ZADD', s[5], c[5], id)
  batched_event(s[3], c[1], id, 'complete')
  -- The next job, only while this process holds the worker id (else the worker finds out at its
  -- next take). Ids of jobs no longer submitted (cancelled, or duplicates) are dropped, a few at most.
  if ARGV[a + 4] ~= '1' or slot ~= token then
    return 1
  end
  for _ = 1, 8 do
    local next_id = redis.call('LMOVE', s[7], processing, 'RIGHT', 'LEFT')
    if not next_id then
      return 1
    end
    local next_key = c[3] .. next_id
    local read = read_for_claim(next_key)
    if read[1] == 'submitted' then
      return claim_job(next_key, next_id, read, s[6], s[1], s[4], s[3], ARGV[a + 5], finished_at, token, c[1], c[6],
        s[8])
    end
    redis.call('LREM', processing, '1', next_id)
  end
  return 1
end
