// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clientassertion.h"

// client_secret_jwt (RFC 7523 §2.2, OpenID Connect Core §9): a client assertion signed with HMAC
// (HS256, HS384, HS512) keyed with the client secret's UTF-8 bytes. A secret shorter than the
// hash (32, 48, 64 bytes) is refused with that reason (RFC 7518 §3.2), as Spring's JOSE library
// does.
class ClientSecretJwtAuthenticator final : public ClientAssertionAuthenticator
{
public:
    QString method() const override;
    QStringList signingAlgorithms() const override;

protected:
    Result<QList<Key>> verificationKeys(const ClientAssertionToken &token,
        const ClientRegistration &client, const TokenContext &context) const override;
    bool claimsAlgorithm(const QString &alg) const override;
};
