-- wrk script of bench/run.sh: cycles through the request paths listed in a file (one per line),
-- so a load test asks many different queries rather than one URL over and over, and prints the
-- figures as one JSON line at the end.
--
--   wrk -t2 -c64 -d10s -s bench/wrk.lua http://127.0.0.1:PORT -- PATHS_FILE

local paths = {}
local counter = 0
local made = 0

-- Runs in the main Lua state once per thread: gives each thread its own starting point.
function setup(thread)
  thread:set("offset", made * 13)
  made = made + 1
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  counter = offset or 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},'
      .. '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean))
end
