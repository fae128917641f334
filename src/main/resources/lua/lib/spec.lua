-- A job's spec: what it was submitted with, NUL-joined parts (type, start, end, params,
-- max_attempts, timeout_ms, created_at; JobHash.java makes it), in the hash field 'spec'. A spec
-- longer than SPEC_PIECE bytes is cut: its first SPEC_PIECE bytes in 'spec', the next in 'spec_2',
-- the rest in 'spec_3'. Why: Redis keeps a hash compact (a listpack) only while every value fits
-- hash-max-listpack-value, 64 bytes by default; one longer value turns the whole hash into a
-- hashtable of twice the memory, and a spec with day dates, or any params, is longer. The cut is
-- by bytes (readers join the pieces' bytes before decoding them as text). Only a 'spec' of
-- exactly SPEC_PIECE bytes can have more: a shorter one costs no extra read, a cut one costs one.
-- Hashes written before the spec existed hold its parts as fields of their own: job_spec builds
-- the same string from them.
local SPEC_PIECE = 64
local SPEC_FIELDS = {'type', 'start', 'end', 'params', 'max_attempts', 'timeout_ms', 'created_at'}

-- HSET's field-value arguments for a spec longer than SPEC_PIECE bytes (see above).
local function spec_pieces(spec)
  local first, second = string.sub(spec, 1, SPEC_PIECE), string.sub(spec, SPEC_PIECE + 1, 2 * SPEC_PIECE)
  local rest = string.sub(spec, 2 * SPEC_PIECE + 1)
  if rest == '' then
    return 'spec', first, 'spec_2', second
  end
  return 'spec', first, 'spec_2', second, 'spec_3', rest
end

-- The whole spec from HMGET's reply for 'spec' (false when absent).
local function job_spec(job_key, spec)
  if spec then
    if #spec == SPEC_PIECE then
      local more = redis.call('HMGET', job_key, 'spec_2', 'spec_3')
      if more[1] then
        spec = spec .. more[1] .. (more[2] or '')
      end
    end
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
