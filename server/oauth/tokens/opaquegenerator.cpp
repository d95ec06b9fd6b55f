// SPDX-License-Identifier: GPL-3.0-or-later
#include "opaquegenerator.h"

#include "jose/base64url.h"

#include <QRandomGenerator>

#include <array>

QString OpaqueTokenGenerator::format() const
{
    return TokenFormat::Reference.toString();
}

Result<IssuedToken> OpaqueTokenGenerator::generate(
    const AccessTokenClaims &, const TokenContext &) const
{
    std::array<quint32, RandomBytes / sizeof(quint32)> words;
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), RandomBytes);
    return IssuedToken {QString::fromLatin1(Base64Url::encode(bytes)), QString()};
}
