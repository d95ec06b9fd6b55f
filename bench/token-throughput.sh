#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Token endpoint benchmark (not a test): starts the headless server and measures, in one run,
#  - time from process start to the first answered token request;
#  - RS256 token requests per second with wrk (seed request, 8 connections, 1 thread) and p99,
#    in slices interleaved with the one-core RSA-2048 sign rate from `openssl speed`, and the
#    ratio of the two (see below for why interleaved);
#  - RSS after 50k and 100k requests, and its growth between them.
# Usage: bench/token-throughput.sh PATH/TO/oauth2-playground [DURATION_SECONDS]
# Needs wrk, openssl and curl (./playground bench installs them).
set -euo pipefail

app="${1:?usage: $0 PATH/TO/oauth2-playground [DURATION_SECONDS]}"
duration="${2:-10}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

# Generate the key before timing the start-up: first-run key generation is not start-up cost.
"$app" --headless --port 0 --config "$work/config.json" >"$work/warm.out" 2>/dev/null &
pid=$!
until grep -q '^Listening on' "$work/warm.out" 2>/dev/null; do sleep 0.05; done
kill "$pid"; wait "$pid" 2>/dev/null || true

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
url="http://127.0.0.1:$port/ms-auth-server/oauth2/token"
body='grant_type=client_credentials&client_id=service-client-jwt&client_secret=service-client-jwt-secret&scope=country.read%20customer.read%20customer.write'

start_ns=$(date +%s%N)
"$app" --headless --port "$port" --config "$work/config.json" >"$work/server.out" 2>/dev/null &
pid=$!
until curl -fsS -o /dev/null -H 'Content-Type: application/x-www-form-urlencoded' --data "$body" "$url" 2>/dev/null; do
    sleep 0.002
done
ready_ns=$(date +%s%N)
startup_ms=$(( (ready_ns - start_ns) / 1000000 ))

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }

# Throughput and latency, interleaved with the one-core RSA-2048 sign rate. This machine's speed
# drifts while it runs (measured with nothing else running: `openssl speed -seconds 1 rsa2048`
# gave 3087 to 3669 signs/s in six runs a second apart), so a sign rate measured once, before or
# after the load, divides by another machine's speed. Each slice runs the endpoint for SLICE
# seconds between two 1 s sign-rate measurements; its ratio divides its requests/s by their
# mean, and the run's ratio is the mean of the slices' ratios. Slices also show a bad slice that
# a single long run would average away (that is how the accept race in
# server/http/httpserveradapter.cpp was found: half the slices served at one core's rate).
slices=5
slice_s=$(( duration / slices > 1 ? duration / slices : 1 ))
sign_rate() { openssl speed -seconds 1 rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ { print $6 }'; }
signs=("$(sign_rate)")
: >"$work/slices.txt"
sent=0
bad=0
for ((i = 0; i < slices; i++)); do
    wrk -t1 -c8 -d"${slice_s}s" --latency -s "$here/seed.lua" "$url" >"$work/wrk.txt"
    signs+=("$(sign_rate)")
    n=$(awk '/requests in/ { print $1 }' "$work/wrk.txt")
    sent=$((sent + n))
    bad=$((bad + $(awk '/^non-2xx-or-3xx:/ { print $2 }' "$work/wrk.txt")))
    printf '%s %s %s %s\n' "$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk.txt")" \
        "$(awk '/^p99_us:/ { print $2 }' "$work/wrk.txt")" "${signs[i]}" "${signs[i + 1]}" >>"$work/slices.txt"
done
rps=$(awk '{ s += $1 } END { printf "%.0f", s / NR }' "$work/slices.txt")

# Memory: keep sending until 50k requests in all, read RSS, then again to 100k. wrk runs for a
# time, not a count, so each round asks for the time the rest should take at the measured rate.
total=$sent
load_until() {
    local target=$1 seconds n
    while [ "$total" -lt "$target" ]; do
        seconds=$(python3 -c "import math; print(max(1, math.ceil(($target - $total) / $rps)))")
        n=$(wrk -t1 -c8 -d"${seconds}s" -s "$here/seed.lua" "$url" | awk '/requests in/ { print $1 }')
        total=$((total + n))
    done
}
load_until 50000
count_50k=$total
rss_50k=$(rss_kib)
load_until 100000
count_100k=$total
rss_100k=$(rss_kib)

python3 - "$work/slices.txt" "$startup_ms" "$rss_50k" "$rss_100k" "$bad" "$count_50k" "$count_100k" <<'PY'
import statistics, sys
slices_file, startup, rss50, rss100, bad, n50, n100 = sys.argv[1:]
slices = [[float(x) for x in line.split()] for line in open(slices_file) if line.strip()]
rss50, rss100 = int(rss50), int(rss100)
ratios = [rps / ((before + after) / 2) for rps, _, before, after in slices]
rps = statistics.mean(s[0] for s in slices)
sign = statistics.mean((s[2] + s[3]) / 2 for s in slices)
ratio = statistics.mean(ratios)
p99_ms = max(s[1] for s in slices) / 1000
growth = (rss100 - rss50) / rss50 * 100
ok = lambda c: "ok" if c else "MISSED"
for i, (s, r) in enumerate(zip(slices, ratios), 1):
    print(f"  slice {i}: {s[0]:6.0f} requests/s, p99 {s[1] / 1000:5.2f} ms, sign/s {s[2]:.0f} -> {s[3]:.0f}, ratio {r:.3f}")
print(f"token requests/s (wrk, 8 conns) : {rps:.0f}")
print(f"non-200 responses               : {bad}")
print(f"p99 latency (worst slice)       : {p99_ms:.2f} ms   (target < 5 ms: {ok(p99_ms < 5)})")
print(f"openssl speed rsa2048 sign/s    : {sign:.0f}  (1 core, mean beside the slices)")
print(f"ratio requests/sign             : {ratio:.3f}  (target >= 1.5: {ok(ratio >= 1.5)}; slices {min(ratios):.3f} to {max(ratios):.3f})")
print(f"start to first token            : {startup} ms")
print(f"RSS after {n50} / {n100} requests : {rss50} KiB / {rss100} KiB")
print(f"RSS growth 50k -> 100k          : {growth:+.2f} %  (target < 5 %: {ok(growth < 5)})")
PY
