-- One wrk script for every scenario, driven by environment variables (set by WrkRunner):
--   BENCH_FILE    lines of space-separated values; $1, $2 in the path and body are a random line's values
--   BENCH_METHOD  GET or POST;  BENCH_PATH  e.g. /v1/accounts/bench/licenses/$1;  BENCH_BODY  optional body
--   BENCH_AUTH    optional bearer token (may be $2: a token per line);  BENCH_NONCE  unique per wrk run;  BENCH_DELAY_MS  mean think time, 0 = none
-- $fp in the body is a fresh fingerprint per request. done() prints one "BENCH_RESULT {json}" line.

local env = os.getenv
local delay_ms = tonumber(env("BENCH_DELAY_MS") or "0")
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local lines = {}
local prepared = nil
local counter = 0

local function fill(template, values)
  return (template:gsub("%$(%d)", function(i) return values[tonumber(i)] end))
end

-- The path, headers and body of a request for one line's values.
local function build(values)
  local headers = {
    ["Content-Type"] = "application/vnd.api+json",
    ["Accept"] = "application/vnd.api+json",
  }
  local auth = env("BENCH_AUTH") or ""
  if auth ~= "" then
    headers["Authorization"] = "Bearer " .. fill(auth, values)
  end
  local body = env("BENCH_BODY") or ""
  if body ~= "" then
    body = fill(body, values)
  else
    body = nil
  end
  return fill(env("BENCH_PATH"), values), headers, body
end

function init(args)
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
  for line in io.lines(env("BENCH_FILE")) do
    local values = {}
    for value in line:gmatch("%S+") do values[#values + 1] = value end
    lines[#lines + 1] = values
  end
  -- Requests without a fresh fingerprint are formatted once, up front.
  if not (env("BENCH_BODY") or ""):find("$fp", 1, true) then
    prepared = {}
    for i, values in ipairs(lines) do
      local path, headers, body = build(values)
      prepared[i] = wrk.format(env("BENCH_METHOD"), path, headers, body)
    end
  end
end

function request()
  if prepared then
    return prepared[math.random(#prepared)]
  end
  counter = counter + 1
  local path, headers, body = build(lines[math.random(#lines)])
  local fp = string.format("bench-%s-%d-%d-%d", env("BENCH_NONCE"), tid or 0, counter, math.random(1000000000))
  body = body:gsub("%$fp", fp)
  return wrk.format(env("BENCH_METHOD"), path, headers, body)
end

if delay_ms > 0 then
  -- Uniform think time around the mean, so connections do not march in step.
  function delay()
    return math.random(0, 2 * delay_ms)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d,' ..
    '"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d,"meanUs":%.1f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
