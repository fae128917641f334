-- Shared by claim and complete (prepended by Script, after lib/attempts.lua, lib/text.lua,
-- lib/batched.lua and lib/spec.lua; the caller flushes the batched index writes): marks a
-- submitted job in_progress under a lease for one worker and returns what the worker needs to
-- run it. The caller has checked that the job is submitted (reading read_for_claim's fields with
-- HMGET: for a job that never ran, the one read of it before it is claimed; it also holds what
-- the worker is sent), that the id is in the worker's processing list and that this process
-- holds the worker id. expires is when the lease ends (ms, as text),
-- worked out once by the caller from its one TIME reading: the same for every job it claims.
-- The reply is one string, its parts joined by NUL in ClaimReply.java's order: id, the job's spec
-- (lib/spec.lua: seven parts), started_at, attempts, then the dataset's version (version_key, see
-- DataVersion.java) so the worker knows whether its copy is current. One string, not an array of
-- 11: Redis turns a script's reply into the protocol value by value, and that cost a twentieth of
-- a completion. No part holds a NUL: ids and types are checked on submit, times are ISO-8601,
-- JSON escapes control characters.
local function read_for_claim(job_key)
  -- The fields as constants, not unpack() of a table: one C call fewer per job. Four, not six: a
  -- job that never ran has no 'attempts', and then none of the fields a past attempt leaves
  -- (claim_job reads those only for a job that ran before). Each value handed to Lua costs
  -- Redis more than a thousand instructions.
  return redis.call('HMGET', job_key, 'status', 'seq', 'attempts', 'spec')
end

-- The dataset's version, read once per script: nothing changes it while a script runs.
local dataset_versions = {}
local function dataset_version(version_key)
  local version = dataset_versions[version_key]
  if not version then
    version = redis.call('GET', version_key) or '0'
    dataset_versions[version_key] = version
  end
  return version
end

local function claim_job(job_key, id, read, submitted_key, running_key, leases_key, events_key, worker,
    started_at, token, events_cap, expires, version_key)
  -- A first attempt (no 'attempts' yet) is the common case: '1', and nothing of an earlier
  -- attempt to clear (claim writes 'started_at' with 'attempts'; fail writes 'run_at' to a job
  -- that has run).
  local attempts = '1'
  if read[3] then
    attempts = int_text((tonumber(read[3]) or 0) + 1)
    -- The attempt before this one goes to the history (lib/attempts.lua) if what put the job back
    -- has not done so already, and a past backoff's run_at goes.
    archive_attempt(job_key, nil, nil)
    redis.call('HDEL', job_key, 'run_at')
  end
  -- The lease token fences the finish: only this process's complete or fail is written.
  redis.call('HSET', job_key, 'status', 'in_progress', 'worker', worker, 'lease', token,
    'started_at', started_at, 'lease_expires', expires, 'attempts', attempts)
  batched('ZREM', submitted_key, id)
  batched_index(running_key, read[2], id)
  batched_index(leases_key, expires, id)
  batched_event(events_key, events_cap, id, 'in_progress')
  -- One concatenation of nine values makes one string; table.concat first built a table. The
  -- version is read once per script: once known, it needs no call of dataset_version.
  return id .. '\0' .. job_spec(job_key, read[4]) .. '\0' .. started_at .. '\0' .. attempts .. '\0'
    .. (dataset_versions[version_key] or dataset_version(version_key))
end

local function now_ms()
  local now = redis.call('TIME')
  return now[1] * 1000 + math.floor(now[2] / 1000)
end
