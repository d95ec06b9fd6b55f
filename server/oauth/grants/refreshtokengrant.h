// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oauth/grants/granthandler.h"

// refresh_token (RFC 6749 §6): a new access token for the user a refresh token was issued for,
// with the scope narrowed when the request names a subset, never widened (invalid_scope). With
// rotation (the client's rotateRefreshTokens, on by default for public clients) the presented
// token is replaced by a new one of the same family, and presenting a replaced token again is
// taken as theft: the whole family is revoked (RFC 9700 §4.14.2). Without rotation the same
// refresh token is answered again.
class RefreshTokenGrant final : public GrantHandler
{
public:
    QString grantType() const override;
    Result<GrantOutcome> handle(const TokenRequest &request, const AuthenticatedClient &client,
        const TokenContext &context) const override;
};
