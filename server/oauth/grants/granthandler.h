// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oauth/clientauth/clientauthenticator.h"
#include "oauth/result.h"
#include "oauth/tokenrequest.h"
#include "oauth/tokens/accesstoken.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

// A successful token response (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3), ready to serialise.
struct TokenResponse
{
    QString accessToken;
    QString refreshToken; // omitted when empty
    QString idToken; // omitted when empty
    QString tokenType = QStringLiteral("Bearer");
    qint64 expiresIn = 0;
    QStringList scopes; // omitted from the JSON when empty
    QString keyId;
    QString tokenId;

    // {"access_token":..,"refresh_token":..,"scope":..,"id_token":..,"token_type":..,
    // "expires_in":..} in Spring Authorization Server's order (the seed's, for client_credentials).
    QByteArray toJson() const;
};

// What a grant that acts for a signed-in user (authorization_code, refresh_token) tells the token
// endpoint besides the access token's claims: who signed in and when, for the id_token, and
// which refresh token family the tokens belong to.
struct UserGrant
{
    QString username; // the "sub"
    qint64 authTime = 0; // when the user signed in (OpenID Connect Core §2, auth_time)
    QString sessionId; // the browser session ("sid", OpenID Connect Front-Channel Logout §3)
    QString nonce; // the authorization request's; empty on a refresh
    // The code redeemed (authorization_code): the tokens issued are noted on it, so that a second
    // use revokes them (RFC 6749 §4.1.2).
    QString code;
    // The refresh token family (RFC 9700 §4.14.2): the one the redeemed refresh token belongs
    // to; empty for a new one.
    QString refreshFamily;
    // The refresh token presented (refresh_token), answered again when it is not rotated.
    QString presentedRefreshToken;
    bool rotate = false; // the presented refresh token was replaced: a new one is issued
};

// What a grant decided.
struct GrantOutcome
{
    AccessTokenClaims claims;
    std::optional<UserGrant> user; // empty: the client acts for itself (client_credentials)
};

// The access token's claims for "subject" with "scopes", from the client's registration (audience,
// extra claims, lifetime) at the context's time: what every grant issues.
AccessTokenClaims accessTokenClaims(const ClientRegistration &client, const QString &subject,
    const QStringList &scopes, const TokenContext &context);

// One grant type, as Spring Authorization Server's authentication provider per grant. Runs after
// the client is authenticated and the grant is known to be registered for it, and decides what
// the access token says; the token endpoint then has the client's token generator issue it, and
// for a user grant the refresh token and id_token (oauth/tokens/usertokens.h).
class GrantHandler
{
public:
    virtual ~GrantHandler() = default;
    virtual QString grantType() const = 0;
    virtual Result<GrantOutcome> handle(const TokenRequest &request,
        const AuthenticatedClient &client, const TokenContext &context) const = 0;
};
