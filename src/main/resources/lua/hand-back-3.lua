-- Hands back one id a worker took but will not run (it is stopping, or lost its worker id): out
-- of the processing list, and back on the queue if the job still waits to run.
-- KEYS[1] the worker's processing list   KEYS[2] job hash   KEYS[3] queue list
-- ARGV[1] id
-- Returns 1 when queued again, 0 when only dropped from the list.
local removed = redis.call('LREM', KEYS[1], 1, ARGV[1])
if removed == 1 and redis.call('HGET', KEYS[2], 'status') == 'submitted' then
  redis.call('RPUSH', KEYS[3], ARGV[1])
  return 1
end
return 0
