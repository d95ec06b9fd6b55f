-- SPDX-License-Identifier: GPL-3.0-or-later
-- wrk script: the seed's client_secret_post token request, byte for byte as curl sends it.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=client_credentials&client_id=service-client-jwt"
        .. "&client_secret=service-client-jwt-secret"
        .. "&scope=country.read%20customer.read%20customer.write"

function done(summary, latency, requests)
    io.write(string.format("non-2xx-or-3xx: %d\n", summary.errors.status))
    io.write(string.format("p50_us: %d\np90_us: %d\np99_us: %d\n",
        latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
