// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oauth/grants/granthandler.h"

// client_credentials (RFC 6749 §4.4): scopes checked against the client's registration, then the
// access token's claims (the client is its own subject).
class ClientCredentialsGrant final : public GrantHandler
{
public:
    QString grantType() const override;
    Result<GrantOutcome> handle(const TokenRequest &request, const AuthenticatedClient &client,
        const TokenContext &context) const override;
};
