// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "jose/key.h"

#include <QByteArray>
#include <QString>

// What a client assertion (RFC 7523 §2.2, §3) is built from in the composer.
struct ClientAssertionInput
{
    QString clientId; // iss and sub
    QString audience; // aud: the token endpoint URL
    QString alg; // HS256/384/512 with the secret; RS, PS, ES or EdDSA with a private key
    Key key; // Key::fromSecret(secret) for client_secret_jwt, a private key for private_key_jwt
    QString kid; // header kid, left out when empty
    qint64 nowSecs = 0; // iat; exp is nowSecs + lifetimeSecs
    qint64 lifetimeSecs = 300;
    QString jti; // empty: 128 random bits, base64url
};

// The assertion as built: its header and claims (for display), the signed JWT, and what the
// embedded server would say about the key (the same rule: ClientAssertion::keyMismatch).
struct BuiltClientAssertion
{
    QByteArray headerJson; // compact, members in the order written
    QByteArray claimsJson;
    QByteArray jwt; // empty when it cannot be signed
    QString problem; // why it cannot be signed, or why the server would refuse the key
};

// Builds and signs client assertions for client_secret_jwt and private_key_jwt; no widgets, so
// the composer's assertion can be tested byte for byte.
namespace ClientAssertionBuilder {

BuiltClientAssertion build(const ClientAssertionInput &input);
QString randomJti();

} // namespace ClientAssertionBuilder
