-- wrk script for `make bench`: sends the page's session cookie (if any), the header a
-- TLS-terminating proxy would add and, for a conditional-GET run, If-None-Match; prints the
-- latency percentiles as one JSON line.
-- Usage: wrk ... -s bench/wrk.lua URL -- "<cookie header or empty>" ["<ETag for If-None-Match>"]

function init(args)
  if args[1] ~= nil and args[1] ~= "" then
    wrk.headers["Cookie"] = args[1]
  end
  if args[2] ~= nil and args[2] ~= "" then
    wrk.headers["If-None-Match"] = args[2]
  end
  wrk.headers["X-Forwarded-Proto"] = "https"
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "errors": %d, "non_2xx_3xx": %d}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
