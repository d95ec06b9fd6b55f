// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tokengenerator.h"

// Token format "jwt": the claims signed with the snapshot's signing key (RS256), the key's RFC 7638
// thumbprint as kid.
class JwtTokenGenerator final : public TokenGenerator
{
public:
    QString format() const override;
    Result<IssuedToken> generate(
        const AccessTokenClaims &claims, const TokenContext &context) const override;

    // The kid of tokens signed with "key" (its RFC 7638 thumbprint, remembered for the current
    // signing key): access tokens and id_tokens name the key the same way.
    static QString keyIdFor(const Key &key);
};
