-- Gives a worker slot back at a clean stop, so a restart takes the same worker id at once.
-- KEYS[1] the slot key
-- ARGV[1] this process's token
-- Returns 1 when released, 0 when the slot was not this process's.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
