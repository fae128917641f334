-- Shared by claim and complete (prepended by Script, after lib/attempts.lua): marks a submitted job in_progress under a
-- lease for one worker and returns its hash as a flat field/value array. The caller has checked
-- that the job is submitted, that the id is in the worker's processing list and that this
-- process holds the worker id. The dataset's version (version_key, see DataVersion.java) follows
-- the hash as one more field, data_version, so the worker knows whether its copy is current.
local function claim_job(job_key, id, submitted_key, running_key, leases_key, events_key, worker, started_at,
    token, events_cap, lease_ms, version_key)
  local now = redis.call('TIME')
  local expires = now[1] * 1000 + math.floor(now[2] / 1000) + tonumber(lease_ms)
  local seq = redis.call('HGET', job_key, 'seq')
  -- A retry: the attempt before this one goes to the history (lib/attempts.lua).
  archive_attempt(job_key, nil, nil)
  -- The lease token fences the finish: only this process's complete or fail is written.
  redis.call('HSET', job_key, 'status', 'in_progress', 'worker', worker, 'lease', token,
    'started_at', started_at, 'lease_expires', expires)
  redis.call('HDEL', job_key, 'run_at')
  redis.call('HINCRBY', job_key, 'attempts', 1)
  redis.call('ZREM', submitted_key, id)
  redis.call('ZADD', running_key, seq, id)
  redis.call('ZADD', leases_key, expires, id)
  redis.call('XADD', events_key, 'MAXLEN', '~', events_cap, '*', 'id', id, 'status', 'in_progress')
  local fields = redis.call('HGETALL', job_key)
  table.insert(fields, 'data_version')
  table.insert(fields, redis.call('GET', version_key) or '0')
  return fields
end
