#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Authorization-code benchmark (not a test): starts the headless server on a fresh configuration
# and measures, in alternating wrk slices of one run with the same settings (4 threads, one
# connection each): client_credentials token requests per second (the seed's request, the
# reference) and complete authorization-code flows per second (bench/codeflow.lua: authorize,
# login, consent remembered, token with PKCE for openid profile), and the ratio of the two.
# Usage: bench/code-flow.sh PATH/TO/oauth2-playground [DURATION_SECONDS]
# Needs wrk (./playground bench installs it).
set -euo pipefail

app="${1:?usage: $0 PATH/TO/oauth2-playground [DURATION_SECONDS]}"
duration="${2:-20}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

"$app" --headless --port 0 --config "$work/config.json" >"$work/server.out" 2>"$work/server.err" &
pid=$!
until grep -q '^Listening on' "$work/server.out" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/server.err" >&2; exit 1; }
    sleep 0.05
done
port=$(sed -n 's/^Listening on .*:\([0-9][0-9]*\).*/\1/p' "$work/server.out" | head -1)
base="http://127.0.0.1:$port/ms-auth-server"

slices=4
slice_s=$(( duration / (2 * slices) > 1 ? duration / (2 * slices) : 1 ))
cc_requests=0 cc_seconds=0 flows=0 flow_seconds=0 failed=0
for ((i = 0; i < slices; i++)); do
    wrk -t4 -c4 -d"${slice_s}s" -s "$here/seed.lua" "$base/oauth2/token" >"$work/cc.txt"
    cc_requests=$((cc_requests + $(awk '/requests in/ { print $1 }' "$work/cc.txt")))
    cc_seconds=$(awk -v a="$cc_seconds" -v s="$slice_s" 'BEGIN { print a + s }')
    failed=$((failed + $(awk '/^non-2xx-or-3xx:/ { print $2 }' "$work/cc.txt")))
    wrk -t4 -c4 -d"${slice_s}s" -s "$here/codeflow.lua" "$base/oauth2/authorize" >"$work/flow.txt"
    flows=$((flows + $(awk '/^flows:/ { print $2 }' "$work/flow.txt")))
    flow_seconds=$(awk -v a="$flow_seconds" '/^seconds:/ { print a + $2 }' "$work/flow.txt")
    failed=$((failed + $(awk '/^failed_flows:/ { print $2 }' "$work/flow.txt")))
    printf 'slice %d: client_credentials %s requests/s, authorization_code %s flows/s\n' "$((i + 1))" \
        "$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$work/cc.txt")" \
        "$(awk '/^flows:/ { f = $2 } /^seconds:/ { printf "%.1f", f / $2 }' "$work/flow.txt")"
done
awk -v r="$cc_requests" -v rs="$cc_seconds" -v f="$flows" -v fs="$flow_seconds" -v bad="$failed" 'BEGIN {
    cc = r / rs; fl = f / fs
    printf "client_credentials: %.0f token requests/s\n", cc
    printf "authorization_code: %.1f complete flows/s (%.0f HTTP requests/s)\n", fl, 3 * fl
    printf "ratio flows/s : client_credentials requests/s = %.3f\n", fl / cc
    printf "failed requests or flows: %d\n", bad
    exit bad > 0
}'
