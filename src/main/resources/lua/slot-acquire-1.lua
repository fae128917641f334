-- Takes a worker slot (a worker id) for this process, or renews it: a worker id is held by one
-- running process at a time, so two processes never share a processing list.
-- KEYS[1] the slot key
-- ARGV[1] this process's token  ARGV[2] lease length (ms)
-- Returns 1 when the slot is this process's (taken, renewed, or retaken after it lapsed), 0 when
-- another process holds it.
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
