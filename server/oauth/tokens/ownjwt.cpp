// SPDX-License-Identifier: GPL-3.0-or-later
#include "ownjwt.h"

#include "jose/base64url.h"
#include "jose/jws.h"
#include "jose/key.h"

#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace OwnJwt {

std::optional<QJsonObject> verifiedClaims(const QString &value, const TokenContext &context)
{
    if (!context.snapshot)
        return std::nullopt;
    const QByteArray compact = value.toLatin1();
    const QList<QByteArray> parts = compact.split('.');
    if (parts.size() != 3 || value.size() != compact.size())
        return std::nullopt;
    const QJsonObject header
        = QJsonDocument::fromJson(Base64Url::decode(parts.at(0)).value_or(QByteArray())).object();
    if (header.value("alg"_L1).toString() != "RS256"_L1)
        return std::nullopt;
    const std::optional<QByteArray> signature = Base64Url::decode(parts.at(2));
    if (!signature)
        return std::nullopt;
    const QByteArray signingInput = parts.at(0) + '.' + parts.at(1);
    bool verified = false;
    for (const Key &key : context.snapshot->verificationKeys) {
        if (!key.isNull() && Jws::verify(signingInput, *signature, u"RS256"_s, key)) {
            verified = true;
            break;
        }
    }
    if (!verified)
        return std::nullopt;
    const QJsonObject claims
        = QJsonDocument::fromJson(Base64Url::decode(parts.at(1)).value_or(QByteArray())).object();
    if (claims.value("iss"_L1).toString() != context.issuer)
        return std::nullopt;
    return claims;
}

} // namespace OwnJwt
