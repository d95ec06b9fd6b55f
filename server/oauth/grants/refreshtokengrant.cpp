// SPDX-License-Identifier: GPL-3.0-or-later
#include "oauth/grants/refreshtokengrant.h"

#include "oauth/scopes.h"
#include "oauth/tokens/usertokens.h"
#include "store/tokenstore.h"

#include <QJsonArray>

#include <optional>

using namespace Qt::Literals::StringLiterals;

namespace {

OAuthError invalidGrant(const QString &description, const QString &detail = {})
{
    return OAuthError(OAuthError::Code::InvalidGrant, description, detail);
}

QStringList stringList(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(item.toString());
    return list;
}

} // namespace

QString RefreshTokenGrant::grantType() const
{
    return GrantType::RefreshToken.toString();
}

Result<GrantOutcome> RefreshTokenGrant::handle(const TokenRequest &request,
    const AuthenticatedClient &client, const TokenContext &context) const
{
    if (!context.tokens) {
        return OAuthError(OAuthError::Code::ServerError, {},
            u"the server has no token store for refresh tokens"_s);
    }
    const QString token = request.form.value(u"refresh_token");
    if (token.isEmpty()) {
        return OAuthError(OAuthError::Code::InvalidRequest,
            request.form.contains(u"refresh_token") ? u"refresh_token is empty"_s
                                                    : u"refresh_token is missing"_s);
    }
    const ClientRegistration &registration = client.client;
    const bool rotate = registration.rotateRefreshTokens;

    // Checked, and with rotation marked used, in one step: of two requests with the same token,
    // one wins and the other is a reuse.
    std::optional<OAuthError> refused;
    QStringList scopes;
    const std::optional<QJsonObject> record = context.tokens->updateRecord(
        RecordKind::RefreshToken, token, context.nowMSecs / 1000, [&](QJsonObject &data) {
            if (data.value("revoked"_L1).toBool() || data.value("used"_L1).toBool())
                return false;
            const QString issuedTo = data.value("client_id"_L1).toString();
            if (issuedTo != registration.clientId) {
                refused = invalidGrant(u"the refresh token was not issued to this client"_s,
                    u"the refresh token was issued to \"%1\", not \"%2\""_s.arg(
                        issuedTo, registration.clientId));
                return false;
            }
            const QString username = data.value("username"_L1).toString();
            if (!context.snapshot->configuration.findUser(username)) {
                refused = invalidGrant(u"the user of this refresh token no longer exists"_s,
                    u"user \"%1\" was deleted after the refresh token was issued"_s.arg(username));
                return false;
            }
            // RFC 6749 §6: the scope may be narrowed, never widened; omitted, it is the original.
            const QStringList granted = stringList(data.value("scope"_L1));
            if (request.form.contains(u"scope")) {
                Result<QStringList> requested
                    = Scopes::resolve(request.form.value(u"scope"), granted);
                if (!requested) {
                    refused = OAuthError(OAuthError::Code::InvalidScope,
                        requested.error().description(),
                        u"a refresh may only narrow the scope granted (%1): %2"_s.arg(
                            granted.join(u' '), requested.error().detail()));
                    return false;
                }
                scopes = requested.value();
            } else {
                scopes = granted;
            }
            if (!rotate)
                return false;
            data.insert("used"_L1, true);
            return true;
        });
    if (!record) {
        return invalidGrant(u"the refresh token is invalid or has expired"_s,
            u"no live refresh token has this value (unknown, expired, or issued before a restart "
            "that lost it)"_s);
    }
    if (record->value("revoked"_L1).toBool()) {
        return invalidGrant(u"the refresh token has been revoked"_s,
            u"the refresh token was revoked (by the revocation endpoint, or with its family)"_s);
    }
    const QString family = record->value("family"_L1).toString();
    if (record->value("used"_L1).toBool()) {
        const int revoked = UserTokens::revokeFamily(family, context);
        return invalidGrant(u"the refresh token has already been used"_s,
            u"reuse of a rotated refresh token: its family (%1 live refresh token(s)) and their "
            "access tokens are revoked (RFC 9700 §4.14.2)"_s.arg(revoked));
    }
    if (refused)
        return *refused;

    UserGrant user;
    user.username = record->value("username"_L1).toString();
    user.authTime = qint64(record->value("auth_time"_L1).toDouble());
    user.sessionId = record->value("sid"_L1).toString();
    user.refreshFamily = family;
    user.presentedRefreshToken = token;
    user.rotate = rotate;
    return GrantOutcome {accessTokenClaims(registration, user.username, scopes, context), user};
}
