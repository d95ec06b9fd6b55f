-- SPDX-License-Identifier: GPL-3.0-or-later
-- wrk script: POSTs the form body in the environment variable BENCH_BODY (bench/token-formats.sh
-- sets it per request kind), and reports non-2xx answers and latency percentiles.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = os.getenv("BENCH_BODY")

function done(summary, latency, requests)
    io.write(string.format("non-2xx-or-3xx: %d\n", summary.errors.status))
    io.write(string.format("p50_us: %d\np90_us: %d\np99_us: %d\n",
        latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
