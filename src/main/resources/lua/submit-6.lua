-- Saves a new job and queues its id, atomically: a job is never visible without being queued.
-- KEYS[1] job hash   KEYS[2] queue list   KEYS[3] index zset   KEYS[4] status:submitted zset
-- KEYS[5] sequence counter   KEYS[6] events stream
-- ARGV[1] id  ARGV[2] type  ARGV[3] start (JSON)  ARGV[4] end (JSON)  ARGV[5] params (JSON)
-- ARGV[6] created_at (ISO-8601)  ARGV[7] events stream cap
-- Returns the job's sequence number (its place in GET /jobs order), or an error if the id exists.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.error_reply('JOB_EXISTS')
end
local seq = redis.call('INCR', KEYS[5])
redis.call('HSET', KEYS[1],
  'id', ARGV[1], 'type', ARGV[2], 'status', 'submitted',
  'start', ARGV[3], 'end', ARGV[4], 'params', ARGV[5],
  'created_at', ARGV[6], 'attempts', 0, 'seq', seq)
redis.call('ZADD', KEYS[3], seq, ARGV[1])
redis.call('ZADD', KEYS[4], seq, ARGV[1])
-- Producers push left, workers take from the right: first in, first out.
redis.call('LPUSH', KEYS[2], ARGV[1])
redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[7], '*', 'id', ARGV[1], 'status', 'submitted')
return seq
