// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <utility>

struct TokenRequestInput;

// One kind of request the composer builds: which of the protocol registry's endpoints it goes
// to (by the RFC 8414 metadata member that names the endpoint), which parts of the form it uses
// and the parameters it sends before the client's credentials. The composer lists the kinds
// whose endpoint the registry has, in the registry's order; another kind is one more entry in
// composerrequestkind.cpp. The authorization code flow is one entry whose steps send requests of
// the token kind (other grant types) and of two unlisted kinds (userinfo, logout). The registry's
// kinds are form POSTs with client authentication; the resource call (the sample resource server's
// API, RFC 6750) is listed after them: a method and a path below the resource server's base URL, a
// bearer token or none, no client credentials.
struct ComposerRequestKind
{
    QString endpoint; // Endpoint::metadataMember(): "token_endpoint", "introspection_endpoint"
    QString title; // for the Request list: "Token (client credentials)"
    bool usesScopes = false; // the Scopes box
    bool usesToken = false; // the token and token_type_hint fields
    // What goes before the credentials (a grant_type; a token and its hint).
    QList<std::pair<QString, QString>> (*leadingParameters)(const TokenRequestInput &input)
        = nullptr;
    // A 2xx answer in plain words ("the token is active", "revoked"); empty for the default.
    QString (*describeSuccess)(const QByteArray &body) = nullptr;
    // A call to the resource server's API rather than to an authorization server's endpoint.
    bool resourceCall = false;
    // A 4xx or 5xx answer in plain words from the status, the WWW-Authenticate header and the
    // body; nullptr: the RFC 6749 §5.2 error codes of the body's "error" member.
    QString (*describeError)(int status, const QByteArray &wwwAuthenticate, const QByteArray &body)
        = nullptr;
    // The authorization code flow's steps (CodeFlowPanel): the kind listed for the flow; its own
    // request is the GET the browser sends to the authorization endpoint.
    bool codeFlow = false;
    // A GET with an optional bearer token and no client credentials, like the resource call:
    // the URLs the browser opens (authorization, logout) and the userinfo request.
    bool bearerGet = false;
    // In the Request list; the flow's userinfo and logout requests are its steps, not entries.
    bool listed = true;
};

namespace ComposerRequestKinds {

// The resource call's "endpoint" (no RFC 8414 member names a resource server).
inline constexpr QStringView ResourceCall = u"resource_server";

// The kinds whose endpoint the protocol registry lists, in the registry's order, then the
// resource call, then the code flow when the registry has the authorization endpoint.
QList<const ComposerRequestKind *> available();
// The kind for an endpoint's metadata member; the token request's for an empty or unknown one.
const ComposerRequestKind &forEndpoint(QStringView endpoint);
// The endpoint's path below the issuer, from the registry ("/oauth2/introspect"); empty when the
// registry has no such endpoint.
QString pathOf(QStringView endpoint);
// The hints RFC 7009 §2.1 defines (RFC 7662 §2.1 reads the same registry).
QStringList tokenTypeHints();
// A path of each route of the resource server's API, with an example for each placeholder
// ("GET", "/country/code/AUS"), in the API's order.
QList<std::pair<QString, QString>> resourceExamples();

} // namespace ComposerRequestKinds
