// SPDX-License-Identifier: GPL-3.0-or-later
#include "accesstokeninfo.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

namespace {

QString utc(qint64 seconds)
{
    return QDateTime::fromSecsSinceEpoch(seconds, QTimeZone::utc()).toString(Qt::ISODate);
}

QStringList stringOrArray(const QJsonValue &value, bool spaceSeparated)
{
    if (value.isString()) {
        return spaceSeparated ? value.toString().split(u' ', Qt::SkipEmptyParts)
                              : QStringList {value.toString()};
    }
    QStringList out;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array) {
        if (item.isString())
            out.append(item.toString());
    }
    return out;
}

qint64 seconds(const QJsonValue &value)
{
    return value.isDouble() ? qint64(value.toDouble()) : 0;
}

} // namespace

namespace AccessTokenChecks {

AccessTokenInfo fromClaims(const QJsonObject &claims)
{
    AccessTokenInfo info;
    info.subject = claims.value("sub"_L1).toString();
    info.clientId = claims.value("client_id"_L1).toString();
    info.issuer = claims.value("iss"_L1).toString();
    info.tokenId = claims.value("jti"_L1).toString();
    info.audience = stringOrArray(claims.value("aud"_L1), false);
    const QJsonValue scope
        = claims.contains("scope"_L1) ? claims.value("scope"_L1) : claims.value("scp"_L1);
    info.scopes = stringOrArray(scope, true);
    info.expiresAt = seconds(claims.value("exp"_L1));
    info.notBefore = seconds(claims.value("nbf"_L1));
    info.issuedAt = seconds(claims.value("iat"_L1));
    return info;
}

QString audienceProblem(const AccessTokenInfo &info, const QStringList &audience)
{
    if (audience.isEmpty())
        return {};
    for (const QString &name : info.audience) {
        if (audience.contains(name))
            return {};
    }
    return u"the token's audience (%1) is not this resource server (%2)"_s.arg(
        info.audience.isEmpty() ? u"none"_s : info.audience.join(u", "_s), audience.join(u", "_s));
}

QString timeProblem(const AccessTokenInfo &info, qint64 nowSeconds)
{
    // RFC 7519 §4.1.4: not accepted on or after exp; §4.1.5: not before nbf.
    if (info.expiresAt != 0 && nowSeconds >= info.expiresAt) {
        return u"the token expired at %1 (%2 s ago)"_s.arg(utc(info.expiresAt))
            .arg(nowSeconds - info.expiresAt);
    }
    if (info.notBefore != 0 && nowSeconds < info.notBefore) {
        return u"the token is not valid before %1 (in %2 s)"_s.arg(utc(info.notBefore))
            .arg(info.notBefore - nowSeconds);
    }
    return {};
}

} // namespace AccessTokenChecks
