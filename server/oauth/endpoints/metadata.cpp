// SPDX-License-Identifier: GPL-3.0-or-later
#include "metadata.h"

#include "jose/key.h"
#include "oauth/protocolregistry.h"

#include <QJsonDocument>

#include <QJsonArray>
#include <QSet>

using namespace Qt::Literals::StringLiterals;

namespace Metadata {

QJsonObject authorizationServer(
    const QString &issuer, const Configuration &configuration, const ProtocolRegistry &registry)
{
    QStringList scopeNames;
    for (const ScopeDefinition &scope : configuration.scopes)
        scopeNames.append(scope.name);

    QJsonObject metadata;
    metadata.insert(u"issuer"_s, issuer);
    // RFC 8414 §2 makes response_types_supported REQUIRED: empty unless an endpoint (the
    // authorization endpoint) says what it answers.
    metadata.insert(u"response_types_supported"_s, QJsonArray());
    for (const auto &endpoint : registry.endpoints()) {
        if (!endpoint->metadataMember().isEmpty()) {
            metadata.insert(endpoint->metadataMember(),
                QString(issuer + QString::fromLatin1(endpoint->path())));
        }
        const QJsonObject members = endpoint->metadata();
        for (auto it = members.constBegin(); it != members.constEnd(); ++it)
            metadata.insert(it.key(), it.value());
    }
    metadata.insert(u"token_endpoint_auth_methods_supported"_s,
        QJsonArray::fromStringList(registry.authenticationMethods()));
    // RFC 8414 §2: REQUIRED when client_secret_jwt or private_key_jwt is listed; never "none".
    if (const QStringList algs = registry.authenticationSigningAlgorithms(); !algs.isEmpty()) {
        metadata.insert(u"token_endpoint_auth_signing_alg_values_supported"_s,
            QJsonArray::fromStringList(algs));
    }
    // Introspection and revocation authenticate clients with the same step as the token endpoint,
    // for confidential clients only.
    metadata.insert(u"introspection_endpoint_auth_methods_supported"_s,
        QJsonArray::fromStringList(registry.confidentialAuthenticationMethods()));
    metadata.insert(u"revocation_endpoint_auth_methods_supported"_s,
        QJsonArray::fromStringList(registry.confidentialAuthenticationMethods()));
    metadata.insert(u"grant_types_supported"_s, QJsonArray::fromStringList(registry.grantTypes()));
    metadata.insert(u"scopes_supported"_s, QJsonArray::fromStringList(scopeNames));
    return metadata;
}

QJsonObject jwkSet(const QList<Key> &keys)
{
    QJsonArray jwks;
    QSet<QString> published;
    for (const Key &key : keys) {
        if (key.isNull())
            continue;
        const QString kid = key.thumbprint();
        // The signing key is usually also among the verification keys: publish each key once.
        if (published.contains(kid))
            continue;
        published.insert(kid);
        QJsonObject jwk = key.publicJwk();
        jwk.insert(u"kid"_s, kid);
        jwk.insert(u"use"_s, u"sig"_s);
        jwk.insert(u"alg"_s, u"RS256"_s);
        jwks.append(jwk);
    }
    return QJsonObject {{u"keys"_s, jwks}};
}

} // namespace Metadata

namespace {

EndpointOutcome jsonOutcome(const QJsonObject &object)
{
    EndpointOutcome outcome;
    outcome.response.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return outcome;
}

} // namespace

EndpointOutcome JwksEndpoint::handle(const HttpRequest &, const TokenContext &context) const
{
    return jsonOutcome(Metadata::jwkSet(context.snapshot->verificationKeys));
}

QList<QByteArray> MetadataEndpoint::extraPaths(const QByteArray &contextPath) const
{
    // RFC 8414 §3 inserts the well-known segment before the issuer's path; Spring serves it below
    // the context path. Both answer (one path when the issuer has no path).
    if (contextPath.isEmpty())
        return {};
    return {path() + contextPath};
}

EndpointOutcome MetadataEndpoint::handle(const HttpRequest &, const TokenContext &context) const
{
    return jsonOutcome(
        Metadata::authorizationServer(context.issuer, context.snapshot->configuration, m_registry));
}
