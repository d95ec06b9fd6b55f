// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/configuration.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>

class Key;

// Documents the server publishes about itself.
namespace Metadata {

// RFC 8414 authorization server metadata: only what the server really supports.
// authSigningAlgs: token_endpoint_auth_signing_alg_values_supported, left out when empty.
QJsonObject authorizationServer(const QString &issuer, const Configuration &configuration,
    const QStringList &authMethods, const QStringList &grantTypes,
    const QStringList &authSigningAlgs = {});

// RFC 7517 JWK set: {"keys":[{kty, e, kid, use: "sig", alg: "RS256", n}, ...]}.
QJsonObject jwkSet(const QList<Key> &keys);

} // namespace Metadata
