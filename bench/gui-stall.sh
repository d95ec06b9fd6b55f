#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The window's longest event-loop stall while wrk drives the token endpoint (target < 50 ms):
# starts playground-guistall (the real window and server, a throw-away configuration, port 0),
# runs wrk against the port it prints, and reports the stall next to wrk's requests per second.
# Usage: bench/gui-stall.sh PATH/TO/playground-guistall [DURATION_SECONDS]
# Runs on the current display, else under xvfb-run when installed, else Qt's offscreen platform.
set -euo pipefail

program="${1:?usage: $0 PATH/TO/playground-guistall [DURATION_SECONDS]}"
duration="${2:-10}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

# Measure a little longer than wrk runs, so the whole load falls inside the window.
seconds=$((duration + 2))
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    launcher=()
    where="display ${DISPLAY:-$WAYLAND_DISPLAY}"
elif command -v xvfb-run >/dev/null 2>&1; then
    launcher=(xvfb-run -a -s '-screen 0 1440x900x24')
    where="Xvfb"
else
    export QT_QPA_PLATFORM=offscreen
    launcher=()
    where="offscreen"
fi

"${launcher[@]}" "$program" --seconds "$seconds" >"$work/stall.out" 2>"$work/stall.err" &
pid=$!
for _ in $(seq 600); do
    grep -q '^port:' "$work/stall.out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/stall.err" >&2; exit 1; }
    sleep 0.05
done
port=$(awk '/^port:/ { print $2 }' "$work/stall.out")
[ -n "$port" ] || { echo "gui-stall: the program never printed its port" >&2; exit 1; }

url="http://127.0.0.1:$port/ms-auth-server/oauth2/token"
wrk -t1 -c8 -d"${duration}s" -s "$here/seed.lua" "$url" >"$work/wrk.txt"
wait "$pid"
pid=""

rps=$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk.txt")
bad=$(awk '/^non-2xx-or-3xx:/ { print $2 }' "$work/wrk.txt")
stall=$(awk '/^max_event_loop_stall_ms:/ { print $2 }' "$work/stall.out")
p99=$(awk '/^p99_tick_gap_ms:/ { print $2 }' "$work/stall.out")
delivered=$(awk '/^exchanges_delivered_to_gui:/ { print $2 }' "$work/stall.out")
verdict=$(awk -v s="$stall" 'BEGIN { print (s < 50) ? "ok" : "MISSED" }')

echo "window on                       : $where"
echo "token requests/s (wrk, 8 conns) : $rps"
echo "non-200 responses               : $bad"
echo "exchanges delivered to the GUI  : $delivered"
echo "p99 gap between 1 ms ticks      : $p99 ms"
echo "max event-loop stall            : $stall ms   (target < 50 ms: $verdict)"
