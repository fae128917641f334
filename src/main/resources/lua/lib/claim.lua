-- Shared by claim and complete (prepended by Script, after lib/attempts.lua): marks a submitted job in_progress under a
-- lease for one worker and returns what the worker needs to run it. The caller has checked
-- that the job is submitted (reading CLAIM_READ with HMGET: the one read of the job before it is
-- claimed; it also holds what the worker is sent), that the id is in the worker's processing
-- list and that this process holds the worker id. now_ms is the caller's one TIME reading, in ms.
-- The reply is positional, in ClaimReply.java's order: id, type, start, end, params, max_attempts,
-- timeout_ms, created_at, started_at, attempts, then the dataset's version (version_key, see
-- DataVersion.java) so the worker knows whether its copy is current.
local CLAIM_READ = {'status', 'seq', 'started_at', 'attempts', 'run_at',
  'id', 'type', 'start', 'end', 'params', 'max_attempts', 'timeout_ms', 'created_at'}

local function read_for_claim(job_key)
  return redis.call('HMGET', job_key, unpack(CLAIM_READ))
end

local function claim_job(job_key, id, read, now_ms, submitted_key, running_key, leases_key, events_key, worker,
    started_at, token, events_cap, lease_ms, version_key)
  local expires = now_ms + tonumber(lease_ms)
  local attempts = (tonumber(read[4]) or 0) + 1
  -- A retry: the attempt before this one goes to the history (lib/attempts.lua).
  if read[3] then
    archive_attempt(job_key, nil, nil)
  end
  -- The lease token fences the finish: only this process's complete or fail is written.
  redis.call('HSET', job_key, 'status', 'in_progress', 'worker', worker, 'lease', token,
    'started_at', started_at, 'lease_expires', expires, 'attempts', attempts)
  if read[5] then
    redis.call('HDEL', job_key, 'run_at')
  end
  redis.call('ZREM', submitted_key, id)
  redis.call('ZADD', running_key, read[2], id)
  redis.call('ZADD', leases_key, expires, id)
  redis.call('XADD', events_key, 'MAXLEN', '~', events_cap, '*', 'id', id, 'status', 'in_progress')
  return {read[6], read[7], read[8], read[9], read[10], read[11], read[12], read[13], started_at,
    tostring(attempts), redis.call('GET', version_key) or '0'}
end

local function now_ms()
  local now = redis.call('TIME')
  return now[1] * 1000 + math.floor(now[2] / 1000)
end
