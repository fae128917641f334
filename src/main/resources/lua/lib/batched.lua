-- Writes to a queue's shared keys (status indexes, the lease set, the queue list) that a script
-- makes for several jobs, gathered and made once each at its end: one ZADD of 15 members costs
-- a fraction of 15 ZADDs, each redis.call from Lua paying about a microsecond and a half of its
-- own. The scripts that use this never read these keys after writing them, and members of one
-- call are distinct jobs, so where in the script a write lands does not show: the script is atomic.
-- batched('ZADD', key, score, member) adds to the call for that command and key (first use first);
-- flush_batched() makes the calls; every script that batches calls it before it returns.
local batched_calls, batched_order = {}, {}

local function batched(command, key, ...)
  local name = command .. ' ' .. key
  local call = batched_calls[name]
  if not call then
    call = {command, key}
    batched_calls[name] = call
    batched_order[#batched_order + 1] = call
  end
  for i = 1, select('#', ...) do
    call[#call + 1] = select(i, ...)
  end
end

local function flush_batched()
  for _, call in ipairs(batched_order) do
    redis.call(unpack(call))
  end
  batched_calls, batched_order = {}, {}
end
