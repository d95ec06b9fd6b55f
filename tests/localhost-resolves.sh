#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ctest fixture: a few tests drive the app's own HTTP clients (the Request Composer, the JWK set
# fetcher), which follow the server's issuer URL, http://localhost:PORT/... by design. They need
# "localhost" to resolve to a loopback address, as it does wherever an installer wrote /etc/hosts.
# Checked once here, quickly and with a clear message, instead of each test failing slowly.
set -euo pipefail
addresses="$(timeout 10 getent ahosts localhost | awk '{ print $1 }' | sort -u | tr '\n' ' ' || true)"
case " $addresses" in
*" 127."* | *" ::1 "*) printf 'localhost resolves to %s\n' "$addresses" ;;
*)
    printf 'FAIL: "localhost" does not resolve to a loopback address here (getent ahosts localhost: %s).\n' "${addresses:-nothing}"
    printf 'The tests that follow the issuer URL (http://localhost:...) need it: add the line\n'
    printf '  127.0.0.1 localhost\n'
    printf 'to /etc/hosts (every Debian installer writes it), then run the tests again.\n'
    exit 1
    ;;
esac
