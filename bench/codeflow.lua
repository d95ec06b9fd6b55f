-- SPDX-License-Identifier: GPL-3.0-or-later
-- wrk script: complete authorization-code flows, as a browser and a client app do them, one flow
-- at a time on each connection (run it with as many threads as connections, -tN -cN, so that
-- each thread's state belongs to one connection):
--   1. GET  {issuer}/oauth2/authorize (web-client, openid profile, PKCE S256), no session: the
--      login page, whose CSRF cookie and hidden fields are kept;
--   2. POST {issuer}/login as user1: the consent is remembered, so the 302 with the code (the
--      first flow of a connection may get the consent page: Allow, remembered, step 2b);
--   3. POST {issuer}/oauth2/token with the code and the verifier (client_secret_basic): access
--      token, refresh token and id_token.
-- ISSUER_PATH (default /ms-auth-server) is read from the environment.
local issuer = os.getenv("ISSUER_PATH") or "/ms-auth-server"
local verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
local challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" -- RFC 7636 Appendix B
local redirect = "http%3A%2F%2F127.0.0.1%3A8080%2Flogin%2Foauth2%2Fcode%2Fweb-client"
local basic = "Basic d2ViLWNsaWVudDp3ZWItY2xpZW50LXNlY3JldA==" -- web-client:web-client-secret
local form = { ["Content-Type"] = "application/x-www-form-urlencoded" }

local step, csrfCookie, session, fields, code = "authorize", nil, nil, nil, nil
flows, failures = 0, 0

local function encode(s)
    return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", c:byte()) end))
end

local function unescape(s)
    return (s:gsub("&quot;", '"'):gsub("&#39;", "'"):gsub("&lt;", "<"):gsub("&gt;", ">")
        :gsub("&amp;", "&"))
end

local function hidden(body, name)
    local value = body:match('name="' .. name .. '" value="([^"]*)"')
    return value and unescape(value)
end

local function cookie(headers, name)
    local value = headers["Set-Cookie"] or headers["set-cookie"]
    return value and value:match("(" .. name .. "=[^;]*)")
end

local function restart(ok)
    if ok then flows = flows + 1 else failures = failures + 1 end
    step, csrfCookie, session, fields, code = "authorize", nil, nil, nil, nil
end

function request()
    if step == "authorize" then
        return wrk.format("GET", issuer .. "/oauth2/authorize?response_type=code"
            .. "&client_id=web-client&redirect_uri=" .. redirect .. "&scope=openid%20profile"
            .. "&state=bench&nonce=n&code_challenge=" .. challenge
            .. "&code_challenge_method=S256")
    elseif step == "login" then
        local headers = { ["Content-Type"] = form["Content-Type"], ["Cookie"] = csrfCookie }
        return wrk.format("POST", issuer .. "/login", headers, "csrf=" .. encode(fields.csrf)
            .. "&request=" .. encode(fields.request) .. "&username=user1&password=password")
    elseif step == "consent" then
        local headers = { ["Content-Type"] = form["Content-Type"],
            ["Cookie"] = csrfCookie .. "; " .. session }
        return wrk.format("POST", issuer .. "/consent", headers, "csrf=" .. encode(fields.csrf)
            .. "&request=" .. encode(fields.request)
            .. "&scope=profile&remember=yes&decision=allow")
    else
        local headers = { ["Content-Type"] = form["Content-Type"], ["Authorization"] = basic }
        return wrk.format("POST", issuer .. "/oauth2/token", headers,
            "grant_type=authorization_code&code=" .. encode(code) .. "&redirect_uri=" .. redirect
            .. "&code_verifier=" .. verifier)
    end
end

function response(status, headers, body)
    if step == "authorize" then
        csrfCookie = cookie(headers, "playground_csrf")
        fields = { csrf = hidden(body, "csrf"), request = hidden(body, "request") }
        if status ~= 200 or not csrfCookie or not fields.csrf then return restart(false) end
        step = "login"
    elseif step == "login" or step == "consent" then
        if status == 200 and step == "login" then
            session = cookie(headers, "playground_session")
            fields = { csrf = hidden(body, "csrf"), request = hidden(body, "request") }
            if not session or not fields.csrf then return restart(false) end
            step = "consent"
            return
        end
        local location = headers["Location"] or headers["location"] or ""
        code = location:match("[?&]code=([^&]*)")
        if status ~= 302 or not code then return restart(false) end
        step = "token"
    else
        restart(status == 200 and body:find('"id_token"', 1, true) ~= nil)
    end
end

local threads = {}
function setup(thread)
    table.insert(threads, thread)
end

function done(summary, latency, requests)
    local total, failed = 0, 0
    for _, thread in ipairs(threads) do
        total = total + thread:get("flows")
        failed = failed + thread:get("failures")
    end
    io.write(string.format("flows: %d\nfailed_flows: %d\nseconds: %.3f\n", total, failed,
        summary.duration / 1e6))
end
