#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Resource server benchmark (not a test): starts the headless app (authorization server and
# resource server) and measures, in one run, with wrk (8 connections, 1 thread):
#  - token endpoint requests/s (the seed's RS256 request): the reference;
#  - GET /ms-system/country/code/AUS requests/s with a JWT checked by signature (validation
#    "introspect-opaque", the default: one RSA-2048 verify per request, no network);
#  - the same with an opaque token (one introspection call to the authorization server per
#    request, over HTTP);
#  - the same with the JWT and validation "introspect";
# and each resource-server figure as a ratio to the token endpoint's. The phases alternate in
# rounds (token, JWT, opaque, introspect, then again), and each figure is the mean of its
# rounds, so a machine whose speed drifts during the run skews the ratios less.
# Usage: bench/resource-server.sh PATH/TO/oauth2-playground [DURATION_SECONDS]
# Needs wrk, curl and python3 (./playground bench installs them).
set -euo pipefail

app="${1:?usage: $0 PATH/TO/oauth2-playground [DURATION_SECONDS]}"
duration="${2:-20}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
as_port=$(free_port)
rs_port=$(free_port)
issuer="http://127.0.0.1:$as_port/ms-auth-server"
api="http://127.0.0.1:$rs_port/ms-system/country/code/AUS"

# validation MODE: (re)start the app with that resource server validation mode.
start() {
    [ -n "$pid" ] && { kill "$pid"; wait "$pid" 2>/dev/null || true; }
    python3 - "$work/config.json" "$1" <<'PY'
import json, os, sys
path, mode = sys.argv[1], sys.argv[2]
config = json.load(open(path)) if os.path.exists(path) else None
if config is not None:
    config.setdefault("resourceServer", {})["validation"] = mode
    json.dump(config, open(path, "w"), indent=4)
PY
    "$app" --headless --port "$as_port" --resource-port "$rs_port" --config "$work/config.json" \
        >"$work/server.out" 2>/dev/null &
    pid=$!
    until grep -q '^Resource server:' "$work/server.out" 2>/dev/null; do sleep 0.05; done
}
token() {
    curl -fsS "$issuer/oauth2/token" -d grant_type=client_credentials -d client_id="$1" \
        -d client_secret="$2" -d scope=country.read |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
# run NAME URL SCRIPT [TOKEN]: one wrk slice; appends "NAME requests/s non-2xx" to results.
run() {
    TOKEN="${4:-}" wrk -t1 -c8 -d"${slice_s}s" -s "$3" "$2" >"$work/wrk.txt"
    printf '%s %s %s\n' "$1" "$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk.txt")" \
        "$(awk '/^non-2xx-or-3xx:/ { print $2 }' "$work/wrk.txt")" >>"$work/results.txt"
}

rounds=2
slice_s=$(( duration / (4 * rounds) > 1 ? duration / (4 * rounds) : 1 ))
: >"$work/results.txt"
start introspect-opaque # writes the configuration on first start
for ((i = 0; i < rounds; i++)); do
    start introspect-opaque
    jwt=$(token service-client-jwt service-client-jwt-secret)
    opaque=$(token user-client-opaque user-client-secret)
    run token "$issuer/oauth2/token" "$here/seed.lua"
    run jwt "$api" "$here/bearer.lua" "$jwt"
    run opaque "$api" "$here/bearer.lua" "$opaque"
    start introspect
    jwt=$(token service-client-jwt service-client-jwt-secret)
    run introspect "$api" "$here/bearer.lua" "$jwt"
done

awk '
    { rps[$1] += $2; n[$1]++; bad[$1] += $3 }
    END {
        t = rps["token"] / n["token"]
        printf "token endpoint:                  %8.0f requests/s\n", t
        split("jwt opaque introspect", names, " ")
        label["jwt"] = "resource server, JWT signature:"
        label["opaque"] = "resource server, opaque (introspection):"
        label["introspect"] = "resource server, JWT introspected:"
        for (i = 1; i <= 3; i++) {
            k = names[i]
            printf "%-40s %8.0f requests/s  ratio %.2f\n", label[k], rps[k] / n[k], (rps[k] / n[k]) / t
        }
        for (k in bad) if (bad[k] > 0) printf "WARNING: %d non-2xx answers in %s\n", bad[k], k
    }' "$work/results.txt"
