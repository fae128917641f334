-- Saves a new job and queues its id, atomically: a job is never visible without being queued.
-- With an idempotency key, a repeat of the same request returns the job the first one made.
-- KEYS[1] job hash   KEYS[2] queue list   KEYS[3] index zset   KEYS[4] status:submitted zset
-- KEYS[5] sequence counter   KEYS[6] events stream   KEYS[7] idempotency key (unused without one)
-- KEYS[8] job key prefix, for reading the job an idempotency key points to (same hash tag)
-- ARGV[1] id  ARGV[2] type  ARGV[3] start (JSON)  ARGV[4] end (JSON)  ARGV[5] params (JSON)
-- ARGV[6] created_at (ISO-8601)  ARGV[7] events stream cap  ARGV[8] max_attempts
-- ARGV[9] timeout_ms  ARGV[10] queue cap (0: none)  ARGV[11] request fingerprint ("" without a key)
-- ARGV[12] how long the idempotency key is kept (s)
-- Returns {0, seq} for a new job; {1, id} when the idempotency key already made job id.
-- Errors: IDEMPOTENCY_MISMATCH (the key was used for a different request), QUEUE_FULL <length>,
-- JOB_EXISTS.
if ARGV[11] ~= '' then
  local seen = redis.call('GET', KEYS[7])
  if seen then
    local sep = string.find(seen, ' ', 1, true)
    local id, fingerprint = string.sub(seen, 1, sep - 1), string.sub(seen, sep + 1)
    if fingerprint ~= ARGV[11] then
      return redis.error_reply('IDEMPOTENCY_MISMATCH')
    end
    if redis.call('EXISTS', KEYS[8] .. id) == 1 then
      return {1, id}
    end
  end
end
if tonumber(ARGV[10]) > 0 then
  local length = redis.call('LLEN', KEYS[2])
  if length >= tonumber(ARGV[10]) then
    return redis.error_reply('QUEUE_FULL ' .. length)
  end
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.error_reply('JOB_EXISTS')
end
local seq = redis.call('INCR', KEYS[5])
redis.call('HSET', KEYS[1],
  'id', ARGV[1], 'type', ARGV[2], 'status', 'submitted',
  'start', ARGV[3], 'end', ARGV[4], 'params', ARGV[5],
  'created_at', ARGV[6], 'attempts', 0, 'seq', seq,
  'max_attempts', ARGV[8], 'timeout_ms', ARGV[9])
redis.call('ZADD', KEYS[3], seq, ARGV[1])
redis.call('ZADD', KEYS[4], seq, ARGV[1])
-- Producers push left, workers take from the right: first in, first out.
redis.call('LPUSH', KEYS[2], ARGV[1])
redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[7], '*', 'id', ARGV[1], 'status', 'submitted')
if ARGV[11] ~= '' then
  redis.call('SET', KEYS[7], ARGV[1] .. ' ' .. ARGV[11], 'EX', ARGV[12])
end
return {0, seq}
