#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Hostile and careless clients (a benchmark, not a test): the four probes of issue 8 against the
# headless server with its default limits, one figure each.
#  1. 1,100 idle TCP connections while the server runs under `ulimit -n 1024`: is a normal token
#     request still answered, and how fast;
#  2. 200 slowloris connections (headers never finished, one line a second): when are they closed,
#     with what answer, and how fast is a normal request meanwhile;
#  3. 3,000 idle keep-alive connections (one request answered each): how many are closed after
#     the 60 s idle timeout, and when;
#  4. a 64 MiB request body sent without waiting for 100-continue: the answer and the server's RSS
#     before and after.
# Usage: bench/hostile.sh PATH/TO/oauth2-playground
# Needs python3 and curl. Takes about two minutes (probe 3 waits for the idle timeout).
set -euo pipefail

app="${1:?usage: $0 PATH/TO/oauth2-playground}"
work="$(mktemp -d)"
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Starts the server on a free port, with `ulimit -n LIMIT` (soft and hard) when one is given;
# sets pid and port.
start_server() {
    local limit=${1:+ulimit -n $1;}
    port=$(free_port)
    bash -c "$limit exec \"\$0\" --headless --port $port --config \"\$1\"" \
        "$app" "$work/config.json" >"$work/server.out" 2>"$work/server.err" &
    pid=$!
    until grep -q '^Listening on' "$work/server.out" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || { cat "$work/server.err" >&2; exit 1; }
        sleep 0.05
    done
}

stop_server() {
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=
}

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }

# The probes' clients; python3 raises its own open-file limit for the thousands of sockets.
cat >"$work/probe.py" <<'EOF'
import os, resource, socket, sys, time

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
probe, port, server_pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
BODY = (b"grant_type=client_credentials&client_id=service-client-jwt"
        b"&client_secret=service-client-jwt-secret"
        b"&scope=country.read%20customer.read%20customer.write")
TOKEN = (b"POST /ms-auth-server/oauth2/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
         b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
         + str(len(BODY)).encode() + b"\r\n\r\n" + BODY)
JWKS = b"GET /ms-auth-server/oauth2/jwks HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

def connect():
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s

def read_response(s):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    while len(rest) < length:
        chunk = s.recv(65536)
        if not chunk:
            break
        rest += chunk
    return head + b"\r\n\r\n" + rest

def status(response):
    return int(response[9:12]) if response.startswith(b"HTTP/1.1 ") else 0

def token_request():
    """One normal client: status and milliseconds."""
    start = time.monotonic()
    try:
        s = connect()
        s.sendall(TOKEN)
        code = status(read_response(s))
        s.close()
    except OSError:
        code = 0
    return code, (time.monotonic() - start) * 1000

def server_fds():
    return len(os.listdir(f"/proc/{server_pid}/fd"))

def closed_by_server(s):
    s.setblocking(False)
    try:
        return s.recv(65536) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        s.setblocking(True)

if probe == "idle-tcp":
    conns = [connect() for _ in range(1100)]
    time.sleep(1)
    code, ms = token_request()
    closed = sum(closed_by_server(s) for s in conns)
    print(f"connections opened: 1100; closed by the server (longest idle first): {closed}; "
          f"server descriptors in use: {server_fds()}; normal token request: {code} in {ms:.1f} ms")

elif probe == "slowloris":
    conns, began = [], []
    for _ in range(200):
        s = connect()
        s.sendall(b"POST /ms-auth-server/oauth2/token HTTP/1.1\r\n")
        began.append(time.monotonic())  # the request's first byte
        conns.append(s)
    start = time.monotonic()
    closed_at, answers, during = {}, {}, []
    line, next_line = 0, start + 1
    while len(closed_at) < len(conns) and time.monotonic() - start < 60:
        send = time.monotonic() >= next_line  # one header line a second
        for i, s in enumerate(conns):
            if i in closed_at:
                continue
            s.setblocking(False)
            try:
                data = s.recv(65536)
                if data:
                    answers[i] = status(data)
                    data = s.recv(65536)
                if not data:
                    closed_at[i] = time.monotonic() - began[i]
                    continue
            except BlockingIOError:
                pass
            except OSError:
                closed_at[i] = time.monotonic() - began[i]
                continue
            if send:
                try:
                    s.sendall(b"X-Slow-%d: 1\r\n" % line)
                except OSError:
                    closed_at[i] = time.monotonic() - began[i]
        if send:
            line += 1
            next_line += 1
            during.append(token_request())
        time.sleep(0.1)
    times = sorted(closed_at.values())
    codes = sorted(set(answers.values()))
    ok = sum(1 for code, _ in during if code == 200)
    worst = max(ms for _, ms in during)
    print(f"slowloris connections: 200; closed: {len(times)}, "
          f"{times[0]:.1f} to {times[-1]:.1f} s after their first byte; answers: {codes}; normal requests meanwhile: "
          f"{ok}/{len(during)} answered 200, slowest {worst:.1f} ms")

elif probe == "idle-keepalive":
    conns, answered = [], []
    for _ in range(3000):
        s = connect()
        s.sendall(JWKS)
        if status(read_response(s)) != 200:
            print("a keep-alive request failed"); sys.exit(1)
        answered.append(time.monotonic())  # idle from here
        conns.append(s)
    fds = server_fds()
    start = time.monotonic()
    closed_at = {}
    while len(closed_at) < len(conns) and time.monotonic() - start < 90:
        for i, s in enumerate(conns):
            if i not in closed_at and closed_by_server(s):
                closed_at[i] = time.monotonic() - answered[i]
        time.sleep(0.25)
    times = sorted(closed_at.values())
    span = f", after {times[0]:.1f} to {times[-1]:.1f} s idle" if times else ""
    code, ms = token_request()
    print(f"keep-alive connections: 3000 (server descriptors in use: {fds}); "
          f"closed by the server: {len(times)}{span}; "
          f"normal token request afterwards: {code} in {ms:.1f} ms")

elif probe == "big-body":
    size = 64 * 1024 * 1024
    s = connect()
    s.sendall(b"POST /ms-auth-server/oauth2/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              b"Content-Type: application/x-www-form-urlencoded\r\n"
              b"Content-Length: " + str(size).encode() + b"\r\n\r\n")
    sent = 0
    block = b"a" * (1024 * 1024)
    start = time.monotonic()
    try:
        while sent < size:  # the whole body, as a careless client would
            s.sendall(block)
            sent += len(block)
    except OSError:
        pass
    try:
        response = read_response(s)
    except OSError:
        response = b""
    print(f"64 MiB body: sent {sent // (1024 * 1024)} MiB before the server stopped reading; "
          f"answer {status(response)} after {(time.monotonic() - start) * 1000:.0f} ms")
EOF

echo "# bench/hostile.sh $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores"

start_server 1024
echo "1. 1,100 idle TCP connections under ulimit -n 1024 (server's limit: $(awk '/Max open files/ { print $4 }' /proc/$pid/limits))"
python3 "$work/probe.py" idle-tcp "$port" "$pid"
stop_server

start_server
echo "2. 200 slowloris connections, one header line a second"
python3 "$work/probe.py" slowloris "$port" "$pid"

echo "3. 3,000 idle keep-alive connections"
python3 "$work/probe.py" idle-keepalive "$port" "$pid"

echo "4. 64 MiB request body"
before=$(rss_kib)
python3 "$work/probe.py" big-body "$port" "$pid"
sleep 0.5
after=$(rss_kib)
echo "   server RSS before: ${before} KiB, after: ${after} KiB, growth: $((after - before)) KiB"
stop_server
