// SPDX-License-Identifier: GPL-3.0-or-later
#include "oauth/grants/granthandler.h"

#include "jose/jsonwriter.h"

namespace {

qint64 floorDiv(qint64 value, qint64 divisor)
{
    const qint64 quotient = value / divisor;
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

} // namespace

AccessTokenClaims accessTokenClaims(const ClientRegistration &client, const QString &subject,
    const QStringList &scopes, const TokenContext &context)
{
    // Whole seconds in the token (RFC 7519 NumericDate); expires_in counts down from the precise
    // time, so 14399 for a 4 h token unless the request arrived on a whole second, as Spring
    // Authorization Server computes it.
    const qint64 issuedAt = floorDiv(context.nowMSecs, 1000);
    AccessTokenClaims claims;
    claims.issuer = context.issuer;
    claims.subject = subject;
    claims.audience = client.effectiveAudience();
    claims.extraClaims = client.extraClaims;
    claims.scopes = scopes;
    claims.issuedAt = issuedAt;
    claims.expiresAt = issuedAt + client.accessTokenLifetimeSeconds;
    claims.tokenId = AccessToken::newTokenId();
    return claims;
}

QByteArray TokenResponse::toJson() const
{
    JsonObjectWriter writer;
    writer.add(u"access_token", accessToken);
    if (!refreshToken.isEmpty())
        writer.add(u"refresh_token", refreshToken);
    // RFC 6749 §5.1: scope is OPTIONAL when it equals the request; like Spring Authorization
    // Server it is sent whenever something was granted, and omitted when nothing was.
    if (!scopes.isEmpty())
        writer.add(u"scope", scopes.join(u' '));
    if (!idToken.isEmpty())
        writer.add(u"id_token", idToken);
    writer.add(u"token_type", tokenType);
    writer.add(u"expires_in", expiresIn);
    return writer.toJson();
}
