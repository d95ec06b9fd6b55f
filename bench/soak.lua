-- SPDX-License-Identifier: GPL-3.0-or-later
-- wrk script for bench/soak.sh: the seed's client_secret_post request (as seed.lua), and each
-- thread stops once it has received its share of SOAK_REQUESTS responses. Prints counts that
-- soak.sh reads: responses, non-2xx, and wrk's socket errors and timeouts.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=client_credentials&client_id=service-client-jwt"
        .. "&client_secret=service-client-jwt-secret"
        .. "&scope=country.read%20customer.read%20customer.write"

local threads = {}

local counter = 0
function setup(thread)
    counter = counter + 1
    thread:set("id", counter)
    table.insert(threads, thread)
end

function init(args)
    local total = tonumber(os.getenv("SOAK_REQUESTS") or "100000")
    local nthreads = tonumber(os.getenv("SOAK_THREADS") or "1")
    quota = math.ceil(total / nthreads)
    received = 0
    non2xx = 0
end

function response(status, headers, body)
    received = received + 1
    if status < 200 or status > 299 then
        non2xx = non2xx + 1
    end
    if received == quota then
        -- wrk's main thread sleeps for the whole -d duration even when every thread has
        -- stopped: tell soak.sh, which interrupts it (SIGINT) to get the summary.
        local marker = os.getenv("SOAK_DONE_FILE")
        if marker then
            local f = io.open(marker .. "." .. tostring(id), "w")
            if f then f:close() end
        end
        wrk.thread:stop()
    end
end

function done(summary, latency, requests)
    local got, bad = 0, 0
    for _, thread in ipairs(threads) do
        got = got + thread:get("received")
        bad = bad + thread:get("non2xx")
    end
    local e = summary.errors
    io.write(string.format("soak_responses: %d\n", got))
    io.write(string.format("soak_non2xx: %d\n", bad))
    io.write(string.format("soak_socket_errors: %d\n", e.connect + e.read + e.write))
    io.write(string.format("soak_timeouts: %d\n", e.timeout))
    io.write(string.format("soak_p99_us: %d\n", latency:percentile(99)))
end
