// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "accesstoken.h"
#include "oauth/result.h"
#include "oauth/tokenrequest.h"

#include <QString>

// An access token as issued: the string the client receives and what the log shows of it.
struct IssuedToken
{
    QString value;
    QString keyId; // the signing key's kid; empty for a token that is not signed
};

// Turns the claims a grant decided on into an access token of one format (RFC 6749 §1.4 leaves
// the format to the server): a signed JWT, or an opaque reference looked up in the token store.
// Chosen per client by its token format; registered in the ProtocolRegistry.
class TokenGenerator
{
public:
    virtual ~TokenGenerator() = default;
    virtual QString format() const = 0; // a TokenFormat name
    virtual Result<IssuedToken> generate(
        const AccessTokenClaims &claims, const TokenContext &context) const = 0;
};
