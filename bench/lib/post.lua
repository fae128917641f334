-- wrk script: POST one job body per request, at full speed or at a fixed total rate.
--
--   wrk -t1 -c64 -d10s -s bench/lib/post.lua URL/jobs -- RATE BODY [IDS_FILE]
--
-- RATE 0: every connection sends its next request as soon as the last answer came (wrk's
-- closed loop: the maximum rate). RATE > 0 (jobs/s over all connections of this wrk thread):
-- each request takes the next slot of a schedule spaced 1/RATE apart, and delay() holds it until
-- then. wrk starts its latency clock when the request is written, after the delay, so latency
-- is the service's time, not the wait for a slot. A schedule that fell behind (all connections
-- busy) restarts from now rather than sending a burst to catch up, so the rate achieved is at
-- most RATE: the script prints it. Use one wrk thread (-t1) with RATE > 0.
-- IDS_FILE: each 2xx answer's "id" is written there, one a line (the job's own created_at,
-- stamped by the service, is the enqueue time the latency scenario uses).
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function clock_ms(id)
  ffi.C.clock_gettime(id, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local rate, req, ids, interval
local next_slot = nil

function init(args)
  rate = tonumber(args[1] or "0")
  local body = args[2] or '{"start":"2000","end":"2010"}'
  if args[3] and args[3] ~= "" then
    ids = assert(io.open(args[3], "w"))
    ids:setvbuf("line") -- wrk may exit without closing it
  end
  req = wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
  if rate > 0 then interval = 1000 / rate end
end

function delay()
  if not interval then return 0 end
  local now = clock_ms(1)
  if not next_slot or next_slot < now - interval then next_slot = now end
  local wait = next_slot - now
  next_slot = next_slot + interval
  return math.floor(wait + 0.5)
end

function request()
  return req
end

function response(status, headers, body)
  if ids and status >= 200 and status < 300 then
    local id = body and string.match(body, '"id"%s*:%s*"([^"]+)"')
    if id then ids:write(id, "\n") end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "POST_DONE requests=%d secs=%.3f rate=%.1f errors=%d status_errors=%d " ..
    "p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
end
