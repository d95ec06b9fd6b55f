// SPDX-License-Identifier: GPL-3.0-or-later
#include "usertokens.h"

#include "oauth/authorize/authorizationflow.h"
#include "oauth/tokens/idtoken.h"
#include "oauth/tokens/jwtgenerator.h"
#include "store/tokenstore.h"

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace UserTokens {

namespace {

QString newRefreshToken(const ClientRegistration &client, const GrantOutcome &outcome,
    const QString &family, const QString &accessToken, const TokenContext &context)
{
    const UserGrant &user = *outcome.user;
    const qint64 now = context.nowMSecs / 1000;
    const QString token = AuthorizationFlow::randomToken();
    context.tokens->putRecord(RecordKind::RefreshToken, token,
        QJsonObject {{"client_id"_L1, client.clientId}, {"username"_L1, user.username},
            {"scope"_L1, QJsonArray::fromStringList(outcome.claims.scopes)},
            {"auth_time"_L1, double(user.authTime)}, {"sid"_L1, user.sessionId},
            {"family"_L1, family}, {"issued_at"_L1, double(now)},
            {"expires_at"_L1, double(now + client.refreshTokenLifetimeSeconds)}, {"used"_L1, false},
            {"revoked"_L1, false}, {"access_token"_L1, accessToken}},
        now + client.refreshTokenLifetimeSeconds);
    return token;
}

void setMember(TokenStore *tokens, RecordKind kind, const QString &id, qint64 now,
    const QString &member, const QString &value)
{
    tokens->updateRecord(kind, id, now, [&](QJsonObject &data) {
        data.insert(member, value);
        return true;
    });
}

} // namespace

Status<OAuthError> complete(const ClientRegistration &client, const GrantOutcome &outcome,
    const TokenContext &context, TokenResponse *response)
{
    if (!outcome.user || !context.tokens)
        return Success {};
    const UserGrant &user = *outcome.user;
    const qint64 now = context.nowMSecs / 1000;

    // The refresh token: a new family for a code, the next of the family on rotation, the same
    // token otherwise.
    QString family = user.refreshFamily;
    if (client.allowsGrantType(GrantType::RefreshToken)) {
        if (!user.presentedRefreshToken.isEmpty() && !user.rotate) {
            response->refreshToken = user.presentedRefreshToken;
            setMember(context.tokens, RecordKind::RefreshToken, user.presentedRefreshToken, now,
                u"access_token"_s, response->accessToken);
        } else {
            if (family.isEmpty())
                family = AuthorizationFlow::randomToken();
            response->refreshToken
                = newRefreshToken(client, outcome, family, response->accessToken, context);
        }
    }
    if (!user.code.isEmpty()) {
        context.tokens->updateRecord(
            RecordKind::AuthorizationCode, user.code, now, [&](QJsonObject &data) {
                data.insert("access_token"_L1, response->accessToken);
                if (!family.isEmpty())
                    data.insert("refresh_family"_L1, family);
                return true;
            });
    }

    // The id_token (OpenID Connect Core §3.1.3.3; on a refresh, §12.2).
    if (!outcome.claims.scopes.contains(u"openid"))
        return Success {};
    const TestUser *account = context.snapshot->configuration.findUser(user.username);
    const Key &key = context.snapshot->signingKey;
    if (!account || key.isNull() || !key.isPrivate()) {
        return OAuthError(OAuthError::Code::ServerError, u"the server cannot sign tokens"_s,
            account ? u"the registry has no private signing key"_s
                    : u"user \"%1\" no longer exists"_s.arg(user.username));
    }
    IdTokenClaims claims;
    claims.issuer = context.issuer;
    claims.subject = user.username;
    claims.audience = client.clientId;
    claims.issuedAt = outcome.claims.issuedAt;
    claims.expiresAt = outcome.claims.issuedAt + IdToken::LifetimeSeconds;
    claims.authTime = user.authTime;
    claims.nonce = user.nonce;
    claims.sessionId = user.sessionId;
    claims.accessTokenHash = IdToken::accessTokenHash(response->accessToken);
    claims.userClaims = UserClaims::forScopes(*account, outcome.claims.scopes);
    const QByteArray idToken = IdToken::sign(claims, key, JwtTokenGenerator::keyIdFor(key));
    if (idToken.isEmpty()) {
        return OAuthError(OAuthError::Code::ServerError, u"the server cannot sign tokens"_s,
            u"signing the id_token failed"_s);
    }
    response->idToken = QString::fromLatin1(idToken);
    return Success {};
}

std::optional<QJsonObject> refreshToken(const QString &value, const TokenContext &context)
{
    if (!context.tokens || value.isEmpty())
        return std::nullopt;
    return context.tokens->record(RecordKind::RefreshToken, value, context.nowMSecs / 1000);
}

bool isRedeemable(const QJsonObject &refreshRecord)
{
    return !refreshRecord.value("revoked"_L1).toBool() && !refreshRecord.value("used"_L1).toBool();
}

int revokeFamily(const QString &family, const TokenContext &context)
{
    if (family.isEmpty() || !context.tokens)
        return 0;
    const qint64 now = context.nowMSecs / 1000;
    QStringList accessTokens;
    const int revoked = context.tokens->updateRecords(
        RecordKind::RefreshToken, u"family", family, now, [&](QJsonObject &data) {
            accessTokens.append(data.value("access_token"_L1).toString());
            if (data.value("revoked"_L1).toBool())
                return false;
            data.insert("revoked"_L1, true);
            return true;
        });
    for (const QString &accessToken : std::as_const(accessTokens)) {
        if (!accessToken.isEmpty())
            context.tokens->revoke(accessToken, now);
    }
    return revoked;
}

void revokeIssuedFromCode(const QJsonObject &codeRecord, const TokenContext &context)
{
    if (!context.tokens)
        return;
    const QString accessToken = codeRecord.value("access_token"_L1).toString();
    if (!accessToken.isEmpty())
        context.tokens->revoke(accessToken, context.nowMSecs / 1000);
    revokeFamily(codeRecord.value("refresh_family"_L1).toString(), context);
}

} // namespace UserTokens
