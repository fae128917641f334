-- Marks a job in_progress for one worker, only if it is still submitted (a duplicate id in the
-- queue, or a job already taken or cancelled, is not run) and only if this process still holds
-- the worker id (a process that stalled past its lease must not run jobs under an id it lost).
-- The job gets a lease (token and expiry) that the worker's heartbeat renews while it runs
-- (claim_job, from lib/claim.lua).
-- KEYS[1] job hash   KEYS[2] status:submitted zset   KEYS[3] status:in_progress zset
-- KEYS[4] the worker's processing list   KEYS[5] the worker's slot key   KEYS[6] queue list
-- KEYS[7] events stream   KEYS[8] leases zset   KEYS[9] the dataset's version counter
-- ARGV[1] id  ARGV[2] worker id  ARGV[3] started_at (ISO-8601)  ARGV[4] this process's token
-- ARGV[5] events stream cap  ARGV[6] lease length (ms)
-- Returns the claimed job (claim_job's reply, one string); false (and drops the id from the
-- processing list) when the job is not claimable, or when the id is no longer in the processing
-- list (a recovery pass handed it back while this process stalled); the error LOST_SLOT (and puts a
-- submitted job back on the queue) when the worker id is no longer this process's.
local read = read_for_claim(KEYS[1])
local status = read[1]
if redis.call('GET', KEYS[5]) ~= ARGV[4] then
  redis.call('LREM', KEYS[4], '1', ARGV[1])
  if status == 'submitted' then
    redis.call('RPUSH', KEYS[6], ARGV[1])
  end
  return redis.error_reply('LOST_SLOT worker id ' .. ARGV[2] .. ' is held by another process')
end
if status ~= 'submitted' then
  redis.call('LREM', KEYS[4], '1', ARGV[1])
  return false
end
if not redis.call('LPOS', KEYS[4], ARGV[1]) then
  return false
end
local claimed = claim_job(KEYS[1], ARGV[1], read, KEYS[2], KEYS[3], KEYS[8], KEYS[7], ARGV[2], ARGV[3],
  ARGV[4], ARGV[5], int_text(now_ms() + tonumber(ARGV[6])), KEYS[9])
flush_batched()
return claimed
