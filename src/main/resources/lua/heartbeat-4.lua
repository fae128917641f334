-- A worker's heartbeat: extends its lease on its worker id and, while it runs a job, the job's
-- lease. An id whose lease lapsed (this process stalled, or Redis was unreachable for longer than
-- the lease) is not quietly re-taken, since the jobs it held may have been handed to others.
-- KEYS[1] the id's slot key   KEYS[2] registered worker ids (zset: id -> last renewal, ms)
-- KEYS[3] the running job's hash (any key when none runs)   KEYS[4] leases zset
-- ARGV[1] this process's token  ARGV[2] lease length (ms)  ARGV[3] the worker id
-- ARGV[4] the running job's id, or ""
-- Returns 0 when the worker id is no longer this process's; 1 when renewed; 2 when renewed but
-- the running job is no longer this process's (cancelled, or its lease was reaped): stop it.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
local now = redis.call('TIME')
local nowMs = now[1] * 1000 + math.floor(now[2] / 1000)
redis.call('ZADD', KEYS[2], nowMs, ARGV[3])
if ARGV[4] == '' then
  return 1
end
local job = redis.call('HMGET', KEYS[3], 'status', 'lease')
if job[1] ~= 'in_progress' or job[2] ~= ARGV[1] then
  return 2
end
local expires = nowMs + tonumber(ARGV[2])
redis.call('HSET', KEYS[3], 'lease_expires', expires)
redis.call('ZADD', KEYS[4], 'XX', expires, ARGV[4])
return 1
