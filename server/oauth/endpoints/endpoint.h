// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oauth/httpmessage.h"
#include "oauth/tokenrequest.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

// What an endpoint answered and what it decided, for the exchange log.
struct EndpointOutcome
{
    HttpResponse response;
    ExchangeDecision decision;
};

// One endpoint of the authorization server (token, JWK set, metadata, introspection, ...): where
// it is, which method it takes and what it answers. Registered in the ProtocolRegistry; the
// route table (http/router.cpp) is built from the registered endpoints, the metadata document
// names them. Handlers are synchronous and take plain values, never an HTTP server type.
class Endpoint
{
public:
    virtual ~Endpoint() = default;

    // The request method it takes ("POST", "GET"); others get 405 with Allow.
    virtual QByteArray method() const = 0;
    // Every method it takes, for an endpoint that takes more than one (the authorization
    // endpoint: GET and POST); {method()} by default. Allow lists them.
    virtual QList<QByteArray> methods() const { return {method()}; }
    // Its path below the issuer ("/oauth2/token").
    virtual QByteArray path() const = 0;
    // Further absolute paths it answers at, for an issuer whose context path is "contextPath"
    // (RFC 8414 §3's well-known location); none by default.
    virtual QList<QByteArray> extraPaths(const QByteArray &contextPath) const;
    // The RFC 8414 metadata member that names its URL ("token_endpoint"); empty for none.
    virtual QString metadataMember() const { return {}; }
    // Further metadata members that describe what it does (the authorization endpoint's response
    // types and PKCE methods); none by default.
    virtual QJsonObject metadata() const { return {}; }
    // What a 200 from it means, for the log ("token issued").
    virtual QString successLabel() const = 0;

    virtual EndpointOutcome handle(
        const HttpRequest &request, const TokenContext &context) const = 0;
};
