-- SPDX-License-Identifier: GPL-3.0-or-later
-- wrk script: the seed's client_secret_post token request, byte for byte as curl sends it.
-- With STOP_AFTER set, each wrk thread stops after that many responses (for the RSS checkpoints).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=client_credentials&client_id=service-client-jwt"
        .. "&client_secret=service-client-jwt-secret"
        .. "&scope=country.read%20customer.read%20customer.write"

local stop_after = tonumber(os.getenv("STOP_AFTER") or "0")
local responses = 0
local failures = 0

function response(status, headers, body)
    responses = responses + 1
    if status ~= 200 then
        failures = failures + 1
    end
    if stop_after > 0 and responses >= stop_after then
        wrk.thread:stop()
    end
end

function done(summary, latency, requests)
    io.write(string.format("non-2xx-or-3xx: %d\n", summary.errors.status))
    io.write(string.format("p50_us: %d\np90_us: %d\np99_us: %d\n",
        latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
