-- wrk script of the serve benchmark: each request takes a random line of
-- the file named by $WRK_PATHS (one URL path a line, already encoded); the
-- summary prints one machine-readable line with the latency percentiles in
-- milliseconds, requests/s, and the non-2xx and socket error counts.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end
if #paths == 0 then error("no paths in " .. os.getenv("WRK_PATHS")) end

local seeded = false
request = function()
  if not seeded then
    -- One sequence per thread: wrk runs this file once per thread.
    math.randomseed(os.time() + math.floor(os.clock() * 1e6))
    seeded = true
  end
  return wrk.format("GET", paths[math.random(#paths)])
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
      "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
      summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(95) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000, errors.status,
      errors.connect + errors.read + errors.write + errors.timeout))
end
