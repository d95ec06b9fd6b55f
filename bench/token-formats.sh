#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Token formats and introspection benchmark (not a test): in one run of the headless server,
# requests/s of
#  - JWT token requests (the seed's: service-client-jwt, client_secret_post, RS256),
#  - opaque token requests (user-client-opaque, client_secret_post, reference format),
#  - introspection requests (service-client-jwt introspecting an opaque token, and a JWT),
# each as a ratio to the JWT figure of the same run. The kinds take turns in ROUNDS rounds of
# SLICE seconds each, so a drift of the machine's speed hits all of them alike.
# Usage: bench/token-formats.sh PATH/TO/oauth2-playground [SLICE_SECONDS] [ROUNDS]
# Needs wrk and curl (./playground bench installs them).
set -euo pipefail

app="${1:?usage: $0 PATH/TO/oauth2-playground [SLICE_SECONDS] [ROUNDS]}"
slice_s="${2:-3}"
rounds="${3:-3}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

"$app" --headless --port 0 --config "$work/config.json" >"$work/server.out" 2>/dev/null &
pid=$!
until grep -q '^Listening on' "$work/server.out" 2>/dev/null; do sleep 0.05; done
issuer=$(sed -nE 's/^Listening on //p' "$work/server.out" | head -1)
issuer="${issuer/localhost/127.0.0.1}"

scope='scope=country.read%20customer.read%20customer.write'
jwt_body="grant_type=client_credentials&client_id=service-client-jwt&client_secret=service-client-jwt-secret&$scope"
opaque_body="grant_type=client_credentials&client_id=user-client-opaque&client_secret=user-client-secret&$scope"
token_of() {
    curl -fsS -H 'Content-Type: application/x-www-form-urlencoded' --data "$1" "$issuer/oauth2/token" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}
opaque=$(token_of "$opaque_body")
jwt=$(token_of "$jwt_body")
introspect_opaque_body="token=$opaque&client_id=service-client-jwt&client_secret=service-client-jwt-secret"
introspect_jwt_body="token=$jwt&client_id=service-client-jwt&client_secret=service-client-jwt-secret"

kinds=(jwt opaque introspect-opaque introspect-jwt)
declare -A body=([jwt]="$jwt_body" [opaque]="$opaque_body"
    [introspect-opaque]="$introspect_opaque_body" [introspect-jwt]="$introspect_jwt_body")
declare -A path=([jwt]=/oauth2/token [opaque]=/oauth2/token
    [introspect-opaque]=/oauth2/introspect [introspect-jwt]=/oauth2/introspect)

: >"$work/results.txt"
for ((r = 1; r <= rounds; r++)); do
    for kind in "${kinds[@]}"; do
        BENCH_BODY="${body[$kind]}" wrk -t1 -c8 -d"${slice_s}s" --latency -s "$here/form.lua" \
            "$issuer${path[$kind]}" >"$work/wrk.txt"
        printf '%s %s %s %s\n' "$kind" "$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk.txt")" \
            "$(awk '/^p99_us:/ { print $2 }' "$work/wrk.txt")" \
            "$(awk '/^non-2xx-or-3xx:/ { print $2 }' "$work/wrk.txt")" >>"$work/results.txt"
    done
done
# The introspected tokens must still be active: a benchmark of {"active":false} measures nothing.
for t in "$opaque" "$jwt"; do
    curl -fsS -H 'Content-Type: application/x-www-form-urlencoded' \
        --data "token=$t&client_id=service-client-jwt&client_secret=service-client-jwt-secret" \
        "$issuer/oauth2/introspect" | grep -q '"active":true' || { echo "introspection says inactive" >&2; exit 1; }
done

python3 - "$work/results.txt" "$rounds" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
kinds = []
for r in rows:
    if r[0] not in kinds:
        kinds.append(r[0])
rps = {k: [float(r[1]) for r in rows if r[0] == k] for k in kinds}
p99 = {k: max(float(r[2]) for r in rows if r[0] == k) / 1000 for k in kinds}
bad = {k: sum(int(r[3]) for r in rows if r[0] == k) for k in kinds}
base = statistics.mean(rps["jwt"])
print(f"{'kind':18} {'requests/s':>10} {'(rounds)':>24} {'ratio to jwt':>12} {'worst p99':>10} {'non-2xx':>8}")
for k in kinds:
    m = statistics.mean(rps[k])
    rounds = " ".join(f"{x:.0f}" for x in rps[k])
    print(f"{k:18} {m:10.0f} {rounds:>24} {m / base:12.2f} {p99[k]:8.2f} ms {bad[k]:8d}")
PY
