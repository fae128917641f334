-- Stores a job's result and marks it complete, only if this process's lease still holds it (a
-- worker that lost its lease, or whose job was cancelled, cannot overwrite status or result).
-- Then, when asked, claims the worker's next job in the same call (claim_job, lib/claim.lua),
-- so under a backlog a job costs the worker one round trip, not a blocking take and a claim.
-- KEYS[1] job hash   KEYS[2] result key   KEYS[3] the worker's processing list
-- KEYS[4] status:in_progress zset   KEYS[5] status:complete zset   KEYS[6] events stream
-- KEYS[7] leases zset   KEYS[8] retention zset   KEYS[9] status:submitted zset
-- KEYS[10] queue list   KEYS[11] the worker's slot key   KEYS[12] the dataset's version counter
-- ARGV[1] id  ARGV[2] the lease token given at claim  ARGV[3] finished_at (ISO-8601), also the
-- next job's started_at  ARGV[4] result (JSON)  ARGV[5] events stream cap
-- ARGV[6] how long finished jobs are kept (s)  ARGV[7] '1' to claim the next job
-- ARGV[8] worker id  ARGV[9] what job keys start with  ARGV[10] lease length (ms)
-- Returns 0 when the lease was no longer this process's (nothing is written); {1} when written;
-- {1, the next job (claim_job's reply)} when written and the next job was claimed.
local job = redis.call('HMGET', KEYS[1], 'status', 'lease', 'seq')
if job[1] ~= 'in_progress' or job[2] ~= ARGV[2] then
  -- Not ours: leave the processing list alone, it may be another holder's of this worker id now.
  return 0
end
redis.call('LREM', KEYS[3], 1, ARGV[1])
redis.call('SET', KEYS[2], ARGV[4], 'EX', ARGV[6])
redis.call('HSET', KEYS[1], 'status', 'complete', 'finished_at', ARGV[3], 'ended_at', ARGV[3])
redis.call('HDEL', KEYS[1], 'lease', 'lease_expires', 'error')
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('ZREM', KEYS[7], ARGV[1])
redis.call('ZADD', KEYS[5], job[3], ARGV[1])
local now = now_ms()
redis.call('ZADD', KEYS[8], now + ARGV[6] * 1000, ARGV[1])
redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[5], '*', 'id', ARGV[1], 'status', 'complete')
-- The next job, only while this process holds the worker id (else the worker finds out at its
-- next take). Ids of jobs no longer submitted (cancelled, or duplicates) are dropped, a few at most.
if ARGV[7] ~= '1' or redis.call('GET', KEYS[11]) ~= ARGV[2] then
  return {1}
end
for _ = 1, 8 do
  local id = redis.call('LMOVE', KEYS[10], KEYS[3], 'RIGHT', 'LEFT')
  if not id then
    return {1}
  end
  local next_key = ARGV[9] .. id
  local read = read_for_claim(next_key)
  if read[1] == 'submitted' then
    return {1, claim_job(next_key, id, read, now, KEYS[9], KEYS[4], KEYS[7], KEYS[6], ARGV[8], ARGV[3], ARGV[2],
      ARGV[5], ARGV[10], KEYS[12])}
  end
  redis.call('LREM', KEYS[3], 1, id)
end
return {1}
