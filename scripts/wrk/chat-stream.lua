-- wrk script: POST a streaming chat completion (stream: true with include_usage). wrk times each
-- request to the end of the event stream (the mock's default: 16 content events, no pacing).
--   wrk -t1 -c64 -d10s -s scripts/wrk/chat-stream.lua http://127.0.0.1:8080/v1/chat/completions
-- Prints one JSON line at the end (latencies in microseconds), which `bench suite wrk` reads.

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "text/event-stream"
wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello."}],"max_tokens":64,'
  .. '"stream":true,"stream_options":{"include_usage":true}}'

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"wrk":1,"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,'
      .. '"errors":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect + e.read + e.write + e.status + e.timeout,
    e.connect, e.read, e.write, e.status, e.timeout))
end
