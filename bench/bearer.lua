-- SPDX-License-Identifier: GPL-3.0-or-later
-- wrk script: GET the series' API call with the bearer token in the environment variable TOKEN.
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")

function done(summary, latency, requests)
    io.write(string.format("non-2xx-or-3xx: %d\n", summary.errors.status))
    io.write(string.format("p50_us: %d\np90_us: %d\np99_us: %d\n",
        latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
