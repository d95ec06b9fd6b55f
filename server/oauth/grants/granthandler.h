// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oauth/clientauth/clientauthenticator.h"
#include "oauth/result.h"
#include "oauth/tokenrequest.h"
#include "oauth/tokens/accesstoken.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

// A successful token response (RFC 6749 §5.1), ready to serialise.
struct TokenResponse
{
    QString accessToken;
    QString tokenType = QStringLiteral("Bearer");
    qint64 expiresIn = 0;
    QStringList scopes; // omitted from the JSON when empty
    QString keyId;
    QString tokenId;

    // {"access_token":..,"scope":..,"token_type":..,"expires_in":..} in the seed's order.
    QByteArray toJson() const;
};

// One grant type, as Spring Authorization Server's authentication provider per grant. Runs after
// the client is authenticated and the grant is known to be registered for it, and decides what
// the access token says; the token endpoint then has the client's token generator issue it.
class GrantHandler
{
public:
    virtual ~GrantHandler() = default;
    virtual QString grantType() const = 0;
    virtual Result<AccessTokenClaims> handle(const TokenRequest &request,
        const AuthenticatedClient &client, const TokenContext &context) const = 0;
};
