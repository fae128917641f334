-- Takes a worker id for this process, or renews it: a worker id (and so its processing list) is
-- held by one running process at a time. The id is also registered, so that once its holder stops
-- renewing (it died), recover-5.lua finds the processing list it left.
-- KEYS[1] the id's slot key   KEYS[2] the set of registered worker ids
-- ARGV[1] this process's token  ARGV[2] lease length (ms)  ARGV[3] the worker id
-- Returns 1 when the id is this process's (taken, renewed, or retaken after it lapsed), 0 when
-- another process holds it.
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
return 1
