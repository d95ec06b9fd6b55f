// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clientauthenticator.h"

// client_secret_post: client_id and client_secret in the form body (RFC 6749 §2.3.1).
class ClientSecretPostAuthenticator final : public ClientAuthenticator
{
public:
    QString method() const override;
    Presence detect(const TokenRequest &request) const override;
    QString presentedClientId(const TokenRequest &request) const override;
    Result<AuthenticatedClient> authenticate(
        const TokenRequest &request, const TokenContext &context) const override;
};
