-- Finishes several jobs in one call (the workers' group commit), each exactly as a call of its
-- own would (complete_job, lib/complete.lua): its own lease check, result, indexes, event and,
-- when asked, the claim of that worker's next job. The writes to the shared indexes are made
-- once for all of them, at the end (lib/batched.lua).
-- KEYS[1] status:in_progress zset   KEYS[2] status:complete zset   KEYS[3] events stream
-- KEYS[4] leases zset   KEYS[5] retention zset   KEYS[6] status:submitted zset   KEYS[7] queue list
-- KEYS[8] the dataset's version counter
-- then per job j (from 0): KEYS[9+4j] job hash   KEYS[10+4j] result key
-- KEYS[11+4j] the worker's processing list   KEYS[12+4j] the worker's slot key
-- ARGV[1] events stream cap  ARGV[2] how long finished jobs are kept (s)  ARGV[3] what job keys
-- start with  ARGV[4] lease length (ms)
-- then per job j, from a = 4+6j: ARGV[a+1] id  ARGV[a+2] the lease token given at claim
-- ARGV[a+3] finished_at (ISO-8601), also the next job's started_at  ARGV[a+4] result (JSON)
-- ARGV[a+5] '1' to claim the next job  ARGV[a+6] worker id
-- Returns one entry per job, in order: complete_job's reply.
local shared = {KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]}
local now = now_ms()
local common = {ARGV[1], ARGV[2], ARGV[3], ARGV[4], int_text(now + tonumber(ARGV[2]) * 1000),
  int_text(now + tonumber(ARGV[4]))}
local jobs = (#KEYS - 8) / 4
-- Every job's worker slot in one MGET, and every result in one MSET at the end: the glue of a
-- redis.call (2,000-4,000 instructions) is more than a GET's or a SET's own work. Nothing here
-- writes a slot or reads a result, so where in the (atomic) script that happens does not show.
-- The tables filled per job are made with room for 19 jobs (table_with_room, lib/batched.lua).
local slot_keys = table_with_room()
for j = 0, jobs - 1 do
  slot_keys[j + 1] = KEYS[12 + 4 * j]
end
local slots = redis.call('MGET', unpack(slot_keys))
local results = table_with_room()
local out = table_with_room()
for j = 0, jobs - 1 do
  out[j + 1] = complete_job(9 + 4 * j, 5 + 6 * j, shared, common, slots[j + 1], results)
end
if #results > 0 then
  redis.call('MSET', unpack(results))
end
flush_batched()
return out
