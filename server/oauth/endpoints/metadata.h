// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "endpoint.h"
#include "store/configuration.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>

class Key;
class ProtocolRegistry;

// Documents the server publishes about itself.
namespace Metadata {

// RFC 8414 authorization server metadata: only what the server really supports, as the protocol
// registry lists it (its endpoints, methods and grants) and the configuration's scopes.
QJsonObject authorizationServer(
    const QString &issuer, const Configuration &configuration, const ProtocolRegistry &registry);

// RFC 7517 JWK set: {"keys":[{kty, e, kid, use: "sig", alg: "RS256", n}, ...]}.
QJsonObject jwkSet(const QList<Key> &keys);

} // namespace Metadata

// GET {issuer}/oauth2/jwks: the JWK set of the snapshot's verification keys.
class JwksEndpoint final : public Endpoint
{
public:
    QByteArray method() const override { return QByteArrayLiteral("GET"); }
    QByteArray path() const override { return QByteArrayLiteral("/oauth2/jwks"); }
    QString metadataMember() const override { return QStringLiteral("jwks_uri"); }
    QString successLabel() const override { return QStringLiteral("JWK set"); }
    EndpointOutcome handle(const HttpRequest &request, const TokenContext &context) const override;
};

// GET {issuer}/.well-known/oauth-authorization-server, and at RFC 8414 §3's location (the
// well-known segment before the issuer's path).
class MetadataEndpoint final : public Endpoint
{
public:
    explicit MetadataEndpoint(const ProtocolRegistry &registry) : m_registry(registry) { }
    QByteArray method() const override { return QByteArrayLiteral("GET"); }
    QByteArray path() const override
    {
        return QByteArrayLiteral("/.well-known/oauth-authorization-server");
    }
    QList<QByteArray> extraPaths(const QByteArray &contextPath) const override;
    QString successLabel() const override { return QStringLiteral("metadata"); }
    EndpointOutcome handle(const HttpRequest &request, const TokenContext &context) const override;

private:
    const ProtocolRegistry &m_registry;
};
