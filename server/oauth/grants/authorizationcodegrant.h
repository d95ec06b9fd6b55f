// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oauth/grants/granthandler.h"

// authorization_code (RFC 6749 §4.1.3): redeems a code the authorization endpoint issued, once.
// The code must be live, issued to the authenticating client, presented with the same
// redirect_uri as the authorization request when that named one, and with the PKCE verifier of its
// challenge (RFC 7636 §4.6); a code issued without a challenge refuses a verifier (RFC 9700
// §2.1.1, downgrade). The check and the marking as used are one step of the token store, so two
// concurrent requests cannot both redeem it; a second use is invalid_grant and revokes the tokens
// the first use issued (RFC 6749 §4.1.2).
class AuthorizationCodeGrant final : public GrantHandler
{
public:
    QString grantType() const override;
    Result<GrantOutcome> handle(const TokenRequest &request, const AuthenticatedClient &client,
        const TokenContext &context) const override;
};
