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
// composerrequestkind.cpp. Every kind so far is a form POST with client authentication; one of
// another shape (a resource call with a bearer token) adds the members it needs here, defaulted
// so the entries above keep their meaning.
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
};

namespace ComposerRequestKinds {

// The kinds whose endpoint the protocol registry lists, in the registry's order.
QList<const ComposerRequestKind *> available();
// The kind for an endpoint's metadata member; the token request's for an empty or unknown one.
const ComposerRequestKind &forEndpoint(QStringView endpoint);
// The endpoint's path below the issuer, from the registry ("/oauth2/introspect"); empty when the
// registry has no such endpoint.
QString pathOf(QStringView endpoint);
// The hints RFC 7009 §2.1 defines (RFC 7662 §2.1 reads the same registry).
QStringList tokenTypeHints();

} // namespace ComposerRequestKinds
