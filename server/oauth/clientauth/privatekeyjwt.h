// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clientassertion.h"

// private_key_jwt (RFC 7523 §2.2, OpenID Connect Core §9): a client assertion signed with the
// client's private key (RS, PS, ES 256/384/512 or EdDSA), verified with a public key from the
// client's registration: its inline JWK set, or the set at its jwksUri as the JwksCache holds it.
// A kid the set lacks makes the cache fetch the set again (at most once per cooldown), and the
// request waits for that fetch when the server can hold it (TokenContext::deferral).
class PrivateKeyJwtAuthenticator final : public ClientAssertionAuthenticator
{
public:
    QString method() const override;
    QStringList signingAlgorithms() const override;

protected:
    Result<QList<Key>> verificationKeys(const ClientAssertionToken &token,
        const ClientRegistration &client, const TokenContext &context) const override;
    bool claimsAlgorithm(const QString &alg) const override;
};
