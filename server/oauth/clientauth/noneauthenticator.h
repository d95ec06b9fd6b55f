// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clientauthenticator.h"

// none: a public client (RFC 6749 §2.1, a browser or native app that cannot keep a secret)
// identifies itself with client_id alone (RFC 8414 §2, "none"; OpenID Connect Core §9). Only a
// client registered for "none" passes; for any other a bare client_id is a secret-based attempt
// that left its secret out. PKCE is what proves such a client (the authorization endpoint requires
// it of public clients); introspection and revocation do not accept it (isPublic()).
class NoneAuthenticator final : public ClientAuthenticator
{
public:
    QString method() const override;
    Presence detect(const TokenRequest &request) const override;
    QString presentedClientId(const TokenRequest &request) const override;
    Result<AuthenticatedClient> authenticate(
        const TokenRequest &request, const TokenContext &context) const override;
    bool isPublic() const override { return true; }
};
