// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "accesstokeninfo.h"
#include "resourceapi.h"

#include "oauth/httpmessage.h"
#include "store/resourceserversettings.h"

#include <QString>

class IntrospectionCache;
class JwksCache;

// What one request to the resource server may use besides itself.
struct ResourceContext
{
    ResourceServerSettings settings;
    QString issuer; // the authorization server's, for iss and its endpoints
    QString baseUrl; // this resource server's, http://localhost:8091/ms-system
    JwksCache *keys = nullptr; // the authorization server's JWK set at {issuer}/oauth2/jwks
    IntrospectionCache *introspection = nullptr;
    qint64 nowMSecs = 0;
};

// One request's answer and what the traffic log says about it.
struct ResourceOutcome
{
    HttpResponse response; // retryWhen set when the request waits (a JWK set, an introspection)
    QString outcome; // "GET /country/code/{code}", "invalid_token", "no token", ...
    QString reason; // how the token was checked, or why it was refused
    QString clientId; // the token's client, when known
};

// The resource server's decisions for one request, in order (RFC 6750; docs/protocol.md,
// "Resource server"): the path below the context path, the bearer token (one method; header,
// and form body or query when switched on), the token (a JWT by signature against the
// authorization server's JWK set, iss, exp, nbf, aud; or by introspection, per the settings'
// validation mode), the route (404, 405), the route's scope (403), then the API's answer.
class ProtectedResource
{
public:
    ResourceOutcome handle(const HttpRequest &request, const ResourceContext &context);

    ResourceApi &api() { return m_api; }

private:
    ResourceApi m_api;
};
