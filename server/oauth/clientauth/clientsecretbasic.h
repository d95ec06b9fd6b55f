// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clientauthenticator.h"

// client_secret_basic: HTTP Basic in the Authorization header (RFC 6749 §2.3.1). Failures carry
// a Basic challenge so the 401 has WWW-Authenticate (RFC 6749 §5.2).
class ClientSecretBasicAuthenticator final : public ClientAuthenticator
{
public:
    QString method() const override;
    Presence detect(const TokenRequest &request) const override;
    QString presentedClientId(const TokenRequest &request) const override;
    Result<AuthenticatedClient> authenticate(
        const TokenRequest &request, const TokenContext &context) const override;
};
