-- Whole numbers as the text redis.call sends. A Lua number given to redis.call is printed by
-- Redis with "%.17g" (a float format, thousands of instructions: a tenth of a completion's cost
-- once it was every lease expiry, score and attempt count); "%d" of a whole number is far cheaper,
-- and a script's timestamps are the same for all its jobs, so each is printed once per call.
local printed = {}

local function int_text(n)
  local text = printed[n]
  if not text then
    text = string.format('%d', n)
    printed[n] = text
  end
  return text
end
