-- Saves new jobs and queues their ids, each job atomically as submit-8 did one: a job is never
-- visible without being queued. Several jobs share one call (the API's group commit) and are
-- handled in order, each with its own outcome, exactly as one call each would have been; their
-- index, queue and event writes are made once for all, at the end (lib/batched.lua).
-- With an idempotency key, a repeat of the same request returns the job the first one made.
-- KEYS[1] queue list   KEYS[2] index zset   KEYS[3] status:submitted zset   KEYS[4] sequence counter
-- KEYS[5] events stream   KEYS[6] job key prefix, for reading the job an idempotency key points to
-- then per job j (from 0): KEYS[7+2j] job hash   KEYS[8+2j] idempotency key (unused without one)
-- ARGV[1] events stream cap  ARGV[2] queue cap (0: none)  ARGV[3] how long idempotency keys are kept (s)
-- then per job j, from a = 3+3j: ARGV[a+1] id  ARGV[a+2] spec (what it was submitted with: type,
-- start, end, params, max_attempts, timeout_ms, created_at; see JobHash.java and lib/spec.lua)
-- ARGV[a+3] request fingerprint ("" without a key)
-- Returns two entries per job, in order: 0, seq for a new job; 1, id when the idempotency key
-- already made job id; 2, the error (IDEMPOTENCY_MISMATCH: the key was used for a different
-- request; QUEUE_FULL <length>; JOB_EXISTS).
local cap = tonumber(ARGV[2])
-- Nothing else runs during a script: the queue's length is read once and counted on from there.
local length = cap > 0 and redis.call('LLEN', KEYS[1]) or 0
-- Made with room for 19 jobs (table_with_room, lib/batched.lua).
local out = table_with_room()
-- The sequence: the first new job INCRs it, the others count on from there, and one INCRBY at
-- the end stores the last number given (a lone submit stays one call).
local last_seq, counted = nil, 0
-- Whether any new job's key is taken, asked once for the call: ids are random UUIDs, so one is
-- next to never taken, and an EXISTS each cost a redis.call per job. Only when one is, each job
-- is asked; otherwise a key can be taken only by a job this call saved (made).
local jobs = (#KEYS - 6) / 2
local job_keys = table_with_room()
for j = 0, jobs - 1 do
  job_keys[j + 1] = KEYS[7 + 2 * j]
end
local any_taken = redis.call('EXISTS', unpack(job_keys)) > 0
local made = {}

local function next_seq()
  if not last_seq then
    last_seq = redis.call('INCR', KEYS[4])
  else
    last_seq = last_seq + 1
    counted = counted + 1
  end
  return last_seq
end

local function submit(job, idem, a)
  local id, fingerprint = ARGV[a + 1], ARGV[a + 3]
  if fingerprint ~= '' then
    local seen = redis.call('GET', idem)
    if seen then
      local sep = string.find(seen, ' ', 1, true)
      local earlier, was = string.sub(seen, 1, sep - 1), string.sub(seen, sep + 1)
      if was ~= fingerprint then
        return 2, 'IDEMPOTENCY_MISMATCH'
      end
      if redis.call('EXISTS', KEYS[6] .. earlier) == 1 then
        return 1, earlier
      end
    end
  end
  if cap > 0 and length >= cap then
    return 2, 'QUEUE_FULL ' .. length
  end
  if made[job] or (any_taken and redis.call('EXISTS', job) == 1) then
    return 2, 'JOB_EXISTS'
  end
  made[job] = true
  local number = next_seq()
  -- As text once for its three uses ('%d': Redis would print a Lua number with '%.17g' each time).
  local seq = string.format('%d', number)
  -- Three fields, or four or five for a long spec (lib/spec.lua): each one more is a listpack
  -- insert and a realloc (no 'attempts' yet: none is 0).
  local spec = ARGV[a + 2]
  if #spec <= SPEC_PIECE then
    redis.call('HSET', job, 'spec', spec, 'status', 'submitted', 'seq', seq)
  else
    redis.call('HSET', job, 'status', 'submitted', 'seq', seq, spec_pieces(spec))
  end
  batched('ZADD', KEYS[2], seq, id)
  batched_index(KEYS[3], seq, id)
  -- Producers push left, workers take from the right: first in, first out (one LPUSH of many
  -- ids pushes them in order, as one LPUSH each would).
  batched('LPUSH', KEYS[1], id)
  length = length + 1
  batched_event(KEYS[5], ARGV[1], id, 'submitted')
  if fingerprint ~= '' then
    redis.call('SET', idem, id .. ' ' .. fingerprint, 'EX', ARGV[3])
  end
  return 0, number
end

for j = 0, jobs - 1 do
  local code, value = submit(KEYS[7 + 2 * j], KEYS[8 + 2 * j], 3 + 3 * j)
  out[#out + 1] = code
  out[#out + 1] = value
end
if counted > 0 then
  redis.call('INCRBY', KEYS[4], counted)
end
flush_batched()
return out
