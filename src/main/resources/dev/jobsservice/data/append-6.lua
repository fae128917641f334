-- Merges a slice of a staged upload into the dataset: records whose id is new go at the end of
-- the load order; a record whose id is already there replaces that record and keeps its place.
-- KEYS[1]  staged order (sorted set of ids)   KEYS[4]  order (sorted set: id by load sequence)
-- KEYS[2]  staged records (hash)              KEYS[5]  records (hash: id -> JSON)
-- KEYS[3]  staged text (hash)                 KEYS[6]  text (hash: id -> search text)
-- ARGV[1]  first position in the staged order; ARGV[2] how many to merge
-- Returns the number of ids that were new to the dataset.
local first = tonumber(ARGV[1])
local ids = redis.call('ZRANGE', KEYS[1], first, first + tonumber(ARGV[2]) - 1)
if #ids == 0 then
  return 0
end
local records = redis.call('HMGET', KEYS[2], unpack(ids))
local texts = redis.call('HMGET', KEYS[3], unpack(ids))
local last = redis.call('ZRANGE', KEYS[4], -1, -1, 'WITHSCORES')
local seq = 0
if #last > 0 then
  seq = tonumber(last[2]) + 1
end
local added = 0
for i, id in ipairs(ids) do
  if redis.call('ZADD', KEYS[4], 'NX', seq, id) == 1 then
    seq = seq + 1
    added = added + 1
  end
  redis.call('HSET', KEYS[5], id, records[i])
  redis.call('HSET', KEYS[6], id, texts[i])
end
return added
