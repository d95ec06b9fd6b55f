// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tokengenerator.h"

// Token format "reference": an opaque access token, 96 random bytes from the operating system's
// CSPRNG in base64url without padding (128 characters, as the series' Spring server issues).
// It carries nothing; the token store resolves it (introspection, revocation).
class OpaqueTokenGenerator final : public TokenGenerator
{
public:
    static constexpr qsizetype RandomBytes = 96;

    QString format() const override;
    Result<IssuedToken> generate(
        const AccessTokenClaims &claims, const TokenContext &context) const override;
};
