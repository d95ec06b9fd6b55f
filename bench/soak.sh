#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Soak benchmark (not a test): one million seed token requests (client_secret_post, as
# bench/seed.lua) against the headless server over a fixed number of keep-alive connections,
# counted exactly by bench/soak.lua (each wrk thread stops after its share). Reports
#  - errors: non-2xx responses, socket errors (connect, read, write) and timeouts: must be 0;
#  - the server's RSS after the first 100k requests and after 1M, and the growth: under 5 %.
# Exit status 1 when a target is missed.
# Usage: bench/soak.sh PATH/TO/oauth2-playground [TOTAL_REQUESTS [CONNECTIONS]]
#   defaults: 1000000 requests, 8 connections, 1 wrk thread. Needs wrk, curl, python3.
set -euo pipefail

app="${1:?usage: $0 PATH/TO/oauth2-playground [TOTAL_REQUESTS [CONNECTIONS]]}"
total="${2:-1000000}"
connections="${3:-8}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
url="http://127.0.0.1:$port/ms-auth-server/oauth2/token"
body='grant_type=client_credentials&client_id=service-client-jwt&client_secret=service-client-jwt-secret&scope=country.read%20customer.read%20customer.write'

"$app" --headless --port "$port" --config "$work/config.json" >"$work/server.out" 2>"$work/server.err" &
pid=$!
until curl -fsS -o /dev/null -H 'Content-Type: application/x-www-form-urlencoded' --data "$body" "$url" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/server.err" >&2; echo "soak: the server did not start" >&2; exit 1; }
    sleep 0.05
done

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }

# One wrk run of exactly N responses (give or take the requests in flight when it stops).
# wrk runs until SIGINT (its -d is only an upper bound); soak.lua leaves a marker file when its
# thread has its count.
run_wrk() {
    local n=$1 out=$2 wrk_pid
    rm -f "$work"/done.*
    SOAK_REQUESTS="$n" SOAK_THREADS=1 SOAK_DONE_FILE="$work/done" wrk -t1 -c"$connections" \
        -d3600s --timeout 5s -s "$here/soak.lua" "$url" >"$out" &
    wrk_pid=$!
    until ls "$work"/done.* >/dev/null 2>&1; do
        kill -0 "$wrk_pid" 2>/dev/null || break
        sleep 0.2
    done
    kill -INT "$wrk_pid" 2>/dev/null || true
    wait "$wrk_pid"
}
value() { awk -v k="$1:" '$1 == k { print $2 }' "$2"; }

first=100000
[ "$total" -gt "$first" ] || first=$((total / 10))
start=$(date +%s)
run_wrk "$first" "$work/first.txt"
rss_first=$(rss_kib)
run_wrk $((total - first)) "$work/rest.txt"
rss_last=$(rss_kib)
seconds=$(( $(date +%s) - start ))
kill -0 "$pid" 2>/dev/null || { echo "soak: the server died" >&2; exit 1; }

python3 - "$first" "$rss_first" "$rss_last" "$seconds" "$connections" \
    "$(value soak_responses "$work/first.txt")" "$(value soak_responses "$work/rest.txt")" \
    "$(value soak_non2xx "$work/first.txt")" "$(value soak_non2xx "$work/rest.txt")" \
    "$(value soak_socket_errors "$work/first.txt")" "$(value soak_socket_errors "$work/rest.txt")" \
    "$(value soak_timeouts "$work/first.txt")" "$(value soak_timeouts "$work/rest.txt")" \
    "$(value soak_p99_us "$work/rest.txt")" <<'PY'
import sys
(first, rss1, rss2, secs, conns, n1, n2, bad1, bad2, sock1, sock2, to1, to2, p99) = map(int, sys.argv[1:])
n = n1 + n2
bad, sock, to = bad1 + bad2, sock1 + sock2, to1 + to2
growth = (rss2 - rss1) / rss1 * 100
ok = lambda c: "ok" if c else "MISSED"
print(f"requests answered               : {n} in {secs} s ({n / max(secs, 1):.0f}/s, {conns} connections)")
print(f"non-2xx responses               : {bad}")
print(f"socket errors (connect/read/wr) : {sock}")
print(f"timeouts (> 5 s)                : {to}")
print(f"errors in all                   : {bad + sock + to}   (target 0: {ok(bad + sock + to == 0)})")
print(f"p99 latency (after the first {first}) : {p99 / 1000:.2f} ms")
print(f"RSS after {n1} / {n} requests : {rss1} KiB / {rss2} KiB")
print(f"RSS growth                      : {growth:+.2f} %  (target < 5 %: {ok(growth < 5)})")
sys.exit(0 if bad + sock + to == 0 and growth < 5 else 1)
PY
