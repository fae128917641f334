-- A job's spec: what it was submitted with, one hash field of NUL-joined parts (type, start, end,
-- params, max_attempts, timeout_ms, created_at; JobHash.java writes it). Hashes written before the
-- spec existed hold these as fields of their own: job_spec builds the same string from them.
local SPEC_FIELDS = {'type', 'start', 'end', 'params', 'max_attempts', 'timeout_ms', 'created_at'}

local function job_spec(job_key, spec)
  if spec then
    return spec
  end
  local parts = redis.call('HMGET', job_key, unpack(SPEC_FIELDS))
  for i = 1, #SPEC_FIELDS do
    parts[i] = parts[i] or ''
  end
  return table.concat(parts, '\0')
end

-- The n-th part of a spec ('' when empty).
local function spec_part(spec, n)
  local from = 1
  for _ = 1, n - 1 do
    from = string.find(spec, '\0', from, true) + 1
  end
  local to = string.find(spec, '\0', from, true)
  return string.sub(spec, from, to and to - 1 or -1)
end
