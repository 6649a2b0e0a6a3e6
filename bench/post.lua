-- wrk script: POSTs CDS Hooks request bodies with a fresh hookInstance on every request, and prints one
-- machine-readable RESULT line at the end. Used by bench/run.sh for both order-sign and the floor.
--   BENCH_BODY=<file>      every request is that body (the "ire" workload)
--   BENCH_BODIES=<folder>  the bodies <folder>/01.json, 02.json... in turn, each thread starting at its own place
--                          in the list, so that every stretch of N requests carries each of the N bodies once
--                          (the "typical" workload: bench/requests/typical/)
local function split(path)
  local file = assert(io.open(path, "rb"))
  local template = file:read("*a")
  file:close()
  local before, after = template:match('^(.-"hookInstance"%s*:%s*")[^"]*(".*)$')
  assert(before, path .. ": the request body must have a hookInstance")
  return { before = before, after = after }
end

local bodies = {}
local folder = os.getenv("BENCH_BODIES")
if folder and folder ~= "" then
  for n = 1, 999 do
    local path = string.format("%s/%02d.json", folder, n)
    local probe = io.open(path, "rb")
    if not probe then break end
    probe:close()
    bodies[#bodies + 1] = split(path)
  end
  assert(#bodies > 0, folder .. ": no request bodies 01.json, 02.json...")
else
  bodies[1] = split(os.getenv("BENCH_BODY") or "bench/requests/order-sign-two-orders.json")
end

local counter = 0
thread_id = 0   -- global: setup() numbers the threads through thread:set

function setup(thread)
  thread_id = thread_id + 1
  thread:set("thread_id", thread_id)
end

function init(args)
  math.randomseed(os.time() * 1000 + thread_id)
  counter = (thread_id - 1) * 7   -- spread the threads over the list
end

function request()
  counter = counter + 1
  local body = bodies[(counter - 1) % #bodies + 1]
  local hook_instance = string.format("%08x-%04x-4%03x-8%03x-%012x", math.random(0, 0x7fffffff),
      thread_id, math.random(0, 0xfff), math.random(0, 0xfff), counter)
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body.before .. hook_instance .. body.after)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
      "RESULT requests=%d duration_us=%d errors=%d non2xx=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f\n",
      summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
