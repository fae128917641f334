-- Takes a worker id for this process: a worker id (and so its processing list) is held by one
-- running process at a time. The id is also registered with the time, so that once its holder
-- stops renewing (it died), recover-5.lua finds the processing list it left.
-- KEYS[1] the id's slot key   KEYS[2] registered worker ids (zset: id -> last renewal, ms)
-- ARGV[1] this process's token  ARGV[2] lease length (ms)  ARGV[3] the worker id
-- Returns 1 when the id is now this process's, 0 when another process holds it.
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
local now = redis.call('TIME')
redis.call('ZADD', KEYS[2], now[1] * 1000 + math.floor(now[2] / 1000), ARGV[3])
return 1
