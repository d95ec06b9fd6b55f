// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "granthandler.h"

// client_credentials (RFC 6749 §4.4): scopes checked against the client's registration, then a
// signed JWT access token.
class ClientCredentialsGrant final : public GrantHandler
{
public:
    QString grantType() const override;
    Result<TokenResponse> handle(const TokenRequest &request, const AuthenticatedClient &client,
        const TokenContext &context) const override;
};
