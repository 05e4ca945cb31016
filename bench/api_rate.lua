-- wrk script for bench/api_rate.py: the recorder enters one person's attendance per request.
--
-- Usage: wrk -t1 ... -s bench/api_rate.lua <url> -- <plan file>
-- The plan file has one activity id per line, then a line "--", then one member id per line (every member
-- is expected at every activity). Request i names activity i mod A and member (i div A) mod M, with the
-- state of round i div (A*M): consecutive rounds differ, so every request changes someone's state (the
-- service skips an entry equal to the current state) and records exactly one event. One thread, so one
-- counter for all connections.

-- Globals, so done() can read them from the thread (thread:get reads globals only).
activities = {}
members = {}
counter = 0
non_2xx = 0
statuses = {}
sample = ""

local STATES = {
  '"state":"present"',
  '"state":"late"',
  '"state":"excused","reason":"事假"',
  '"state":"absent"',
}

wrk.headers["Content-Type"] = "application/json"

function init(args)
  local target = activities
  for line in io.lines(args[1]) do
    if line == "--" then
      target = members
    elseif line ~= "" then
      target[#target + 1] = line
    end
  end
  if #activities == 0 or #members == 0 then
    error("plan file " .. args[1] .. " names no activities or no members")
  end
end

function request()
  local a = #activities
  local m = #members
  local activity = activities[counter % a + 1]
  local member = members[math.floor(counter / a) % m + 1]
  local state = STATES[math.floor(counter / (a * m)) % #STATES + 1]
  counter = counter + 1
  local body = '{"entries":[{"member_id":"' .. member .. '",' .. state .. '}]}'
  return wrk.format("PUT", "/activities/" .. activity .. "/attendance", nil, body)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
    statuses[status] = (statuses[status] or 0) + 1
    if sample == "" then
      sample = string.sub(body or "", 1, 300)
    end
  end
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

-- One parseable line per figure, read by bench/api_rate.py.
function done(summary, latency, requests)
  local bad = 0
  local sent = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non_2xx")
    sent = sent + thread:get("counter")
    local codes = thread:get("statuses")
    for code, count in pairs(codes) do
      io.write(string.format("RESULT status_%d %d\n", code, count))
    end
    local text = thread:get("sample")
    if text ~= "" then
      io.write("RESULT sample " .. string.gsub(text, "\n", " ") .. "\n")
    end
  end
  io.write(string.format("RESULT requests %d\n", summary.requests))
  io.write(string.format("RESULT sent %d\n", sent))
  io.write(string.format("RESULT duration_us %d\n", summary.duration))
  io.write(string.format("RESULT non_2xx %d\n", bad))
  io.write(string.format("RESULT socket_errors %d\n",
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("RESULT timeouts %d\n", summary.errors.timeout))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("RESULT latency_p%s_us %d\n", tostring(p), latency:percentile(p)))
  end
  io.write(string.format("RESULT latency_max_us %d\n", latency.max))
  io.write(string.format("RESULT latency_mean_us %d\n", latency.mean))
end
