-- wrk script: POSTs one file as the body and prints a line like the Java load generator's.
-- Usage: BODY_FILE=x.png CONTENT_TYPE=image/png wrk -t1 -cN -dS --latency -s bench/post-file.lua URL
local file = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE") or "application/octet-stream"
if os.getenv("CONVNET_API_KEY") then
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("CONVNET_API_KEY")
end
file:close()

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
      + summary.errors.timeout
  io.write(string.format("load c=%s: %.0f req/s p50=%.2f ms p99=%.2f ms ok=%d errors=%d\n", os.getenv("CONNECTIONS") or "?",
      summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      summary.requests - errors, errors))
end
