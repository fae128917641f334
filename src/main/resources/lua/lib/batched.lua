-- Writes to a queue's shared keys (status indexes, the lease set, the queue list, the events
-- stream) that a script makes for several jobs, gathered and made once each at its end: one ZADD
-- of 15 members costs a fraction of 15 ZADDs, each redis.call from Lua paying about a microsecond
-- and a half of its own. The scripts that use this never read these keys after writing them, and
-- members of one call are distinct jobs, so where in the script a write lands does not show: the
-- script is atomic.
-- batched('ZADD', key, score, member) adds to the call for that command and key (first use first);
-- batched_event(stream, cap, id, status) adds a status change to the events stream's next entry;
-- flush_batched() makes the calls; every script that batches calls it before it returns.
local batched_calls, batched_order = {}, {}

-- The calls of one command, by key. Looked up by command then key: table lookups of two strings
-- Lua already holds, where joining them into one name made a new string each time (half the cost
-- of a batched write).
local function calls_of(command)
  local by_key = batched_calls[command]
  if not by_key then
    by_key = {}
    batched_calls[command] = by_key
  end
  return by_key
end

-- A table holding its arguments (up to six; fewer leave nils) with room for 38 values in all. A
-- Lua table grown one slot at a time is rebuilt at each power of two (some 600 instructions each,
-- about four times per job over a script's calls' tables); the nils make a constructor size its
-- array at once, and '#' still counts only what was set. Unused room costs only memory until the
-- script ends. (Adding a named field later would rebuild the array to fit what it holds.)
local function table_with_room(a, b, c, d, e, f)
  return {a, b, c, d, e, f, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil}
end

-- The call gathering writes of this command to this key, made on first use.
local function batched_call(command, key)
  local by_key = calls_of(command)
  local call = by_key[key]
  if not call then
    call = table_with_room(command, key)
    by_key[key] = call
    batched_order[#batched_order + 1] = call
  end
  return call
end

-- One or two arguments (a member; or a score and a member): fixed, not varargs, as that is all
-- the callers pass and select() over '...' cost more than the write it gathers.
local function batched(command, key, a, b)
  -- Once the call exists it is looked up here: two Lua function calls fewer for each batched
  -- write (nine per job), 2.8 % of Redis's instructions per job under callgrind.
  local by_key = batched_calls[command]
  local call = by_key and by_key[key]
  if not call then
    call = batched_call(command, key)
  end
  local n = #call
  call[n + 1] = a
  if b ~= nil then
    call[n + 2] = b
  end
end

-- A member kept, at score +inf, in the sorted sets that stay small but are written for every job
-- (the running jobs, their leases, the submitted jobs): not a job, longer than 64 bytes, so Redis
-- keeps the set as a skiplist. Redis stores a sorted set of up to 128 members of up to 64 bytes
-- as a listpack, where each ZADD and ZREM scans the whole set: with 100 jobs running that made
-- a drain cost Redis 45 % more instructions per job (docs/benchmarks.md, thirteenth sitting). A
-- skiplist never turns back into a listpack. Readers count and list only finite scores
-- (Keys.java), and no script reads these sets up to +inf.
local KEEPER = '(not a job: keeps this sorted set a skiplist, which a listpack is not; see lib/batched.lua)'

-- batched('ZADD', key, score, id) for those sets: a call's first write adds the keeper too
-- (when it is there already, that is a look-up that changes nothing). Written out, not a call of
-- batched(): one Lua function call fewer for each job.
local function batched_index(key, score, id)
  local by_key = batched_calls.ZADD
  local call = by_key and by_key[key]
  if not call then
    call = batched_call('ZADD', key)
    call[3] = '+inf'
    call[4] = KEEPER
  end
  local n = #call
  call[n + 1] = score
  call[n + 2] = id
end

-- Status changes go to the events stream several to an entry: one XADD per EVENTS_PER_ENTRY
-- changes, not one each (an XADD from Lua cost a script as much as any other write). An entry's
-- fields are id, status, id, status, ... in the order the changes were made; JobEvents.java reads
-- them as separate events, each with an id of its own (the entry's sequence times 1000 plus its
-- place in the entry, so at most 1000 to an entry). MAXLEN still counts entries: the stream keeps
-- at least the cap in events and at most EVENTS_PER_ENTRY times as many.
local EVENTS_PER_ENTRY = 8

-- An entry's XADD call: six arguments before its changes, four values per change.
local EVENTS_ENTRY_FULL = 6 + 4 * EVENTS_PER_ENTRY

local function batched_event(stream, cap, id, status)
  local by_key = batched_calls.XADD or calls_of('XADD')
  local call = by_key[stream]
  local n = call and #call
  if not call or n == EVENTS_ENTRY_FULL then
    -- A full entry stays where it is in the order; the next changes start a new one, with room
    -- for all of its changes.
    call = table_with_room('XADD', stream, 'MAXLEN', '~', cap, '*')
    by_key[stream] = call
    batched_order[#batched_order + 1] = call
    n = 6
  end
  call[n + 1] = 'id'
  call[n + 2] = id
  call[n + 3] = 'status'
  call[n + 4] = status
end

local function flush_batched()
  for _, call in ipairs(batched_order) do
    redis.call(unpack(call))
  end
  batched_calls, batched_order = {}, {}
end
