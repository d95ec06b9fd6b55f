// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oauth/grants/granthandler.h"
#include "oauth/result.h"
#include "oauth/tokenrequest.h"

#include <QJsonObject>
#include <QString>

#include <optional>

// The tokens a user grant issues beside the access token, and their life in the token store:
// refresh tokens (RecordKind::RefreshToken, opaque, each of a family that rotation keeps
// together) and the OpenID Connect id_token. Records name the access token last issued with
// them, so revoking a family or a reused code also revokes those access tokens.
//
// A refresh token record: client_id, username, scope, auth_time, sid, family, issued_at,
// expires_at, used (replaced by rotation), revoked, access_token.
namespace UserTokens {

// The refresh token, id_token and record notes of a user grant's response, once its access token
// ("response.accessToken") is issued: a refresh token when the client has the refresh_token
// grant (new, or the presented one when not rotated), an id_token when "openid" was granted, and
// the access token noted on the redeemed code and on the refresh token.
Status<OAuthError> complete(const ClientRegistration &client, const GrantOutcome &outcome,
    const TokenContext &context, TokenResponse *response);

// The record of a refresh token this server issued (live or not: used, revoked), for
// introspection and revocation; nullopt when unknown or expired.
std::optional<QJsonObject> refreshToken(const QString &value, const TokenContext &context);
// A refresh token that can still be redeemed: not revoked, not replaced by rotation.
bool isRedeemable(const QJsonObject &refreshRecord);

// Revokes every refresh token of the family and the access tokens noted on them; how many refresh
// tokens were live.
int revokeFamily(const QString &family, const TokenContext &context);

// Revokes what a code's record notes it issued (its access token and refresh token family).
void revokeIssuedFromCode(const QJsonObject &codeRecord, const TokenContext &context);

} // namespace UserTokens
