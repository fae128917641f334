-- Extends this process's lease on its worker id, and only that: an id whose lease lapsed (this
-- process stalled, or Redis was unreachable for longer than the lease) is not quietly re-taken,
-- since the jobs it held may have been handed to others meanwhile.
-- KEYS[1] the id's slot key   KEYS[2] registered worker ids (zset: id -> last renewal, ms)
-- ARGV[1] this process's token  ARGV[2] lease length (ms)  ARGV[3] the worker id
-- Returns 1 when renewed, 0 when the id is no longer this process's (lapsed or taken).
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
local now = redis.call('TIME')
redis.call('ZADD', KEYS[2], now[1] * 1000 + math.floor(now[2] / 1000), ARGV[3])
return 1
