-- Attempts of a job: the last one lives in the job hash's own fields (worker, started_at, and
-- once it ended, ended_at and attempt_error), so the common path (claim, complete) never
-- decodes or encodes JSON. Earlier attempts are kept, at most 9, as a JSON array in 'history'.
-- archive_attempt moves the last attempt into 'history' (closing it with ended_at and err when
-- given) and clears its fields; it does nothing when the job has no attempt yet.
local function archive_attempt(job_key, ended_at, err)
  local f = redis.call('HMGET', job_key, 'started_at', 'worker', 'ended_at', 'attempt_error', 'history')
  if not f[1] then
    return
  end
  local history = {}
  if f[5] and string.sub(f[5], 1, 1) == '[' then
    history = cjson.decode(f[5])
  end
  table.insert(history, {worker = f[2] or nil, started_at = f[1], finished_at = ended_at or f[3] or nil,
    error = err or f[4] or nil})
  while #history > 9 do
    table.remove(history, 1)
  end
  redis.call('HSET', job_key, 'history', cjson.encode(history))
  redis.call('HDEL', job_key, 'worker', 'started_at', 'ended_at', 'attempt_error')
end
