#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The series' opaque-token flow (../shared/seed/family.md), as SHOOT_SETUP for shoot.sh: the API
# without a token, an opaque token, the API with it (the resource server introspects it), an
# introspection by another client, the revocation, the API again (401 invalid_token).
#
#   SHOOT_PORT=18185 SHOOT_RESOURCE_PORT=18191 SHOOT_SETUP="bash docs/screenshots/series-opaque-flow.sh" \
#   SHOOT_KEYS_8="alt+o Tab End" docs/screenshots/shoot.sh build/app/oauth2-playground /tmp/seq 1440x900 light 10 8
set -eu
I=http://127.0.0.1:${SHOOT_PORT:?}/ms-auth-server
R=http://127.0.0.1:${SHOOT_RESOURCE_PORT:?}/ms-system
curl -s "$R/country/code/AUS"
T=$(curl -s "$I/oauth2/token" -d grant_type=client_credentials -d client_id=user-client-opaque \
    -d client_secret=user-client-secret -d scope=country.read \
    | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
curl -s "$R/country/code/AUS" -H "Authorization: Bearer $T"
curl -s "$I/oauth2/introspect" -u service-client-jwt:service-client-jwt-secret -d "token=$T"
curl -s "$I/oauth2/revoke" -d client_id=user-client-opaque -d client_secret=user-client-secret \
    -d "token=$T"
curl -s "$R/country/code/AUS" -H "Authorization: Bearer $T"
