// SPDX-License-Identifier: GPL-3.0-or-later
#include "pkce.h"

#include "jose/base64url.h"
#include "oauth/clientauth/clientauthenticator.h"

#include <QCryptographicHash>

namespace {

bool isUnreserved(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9')
        || u == u'-' || u == u'.' || u == u'_' || u == u'~';
}

bool hasVerifierSyntax(QStringView value)
{
    if (value.size() < 43 || value.size() > 128)
        return false;
    return std::all_of(value.begin(), value.end(), isUnreserved);
}

} // namespace

namespace Pkce {

bool isValidVerifier(QStringView verifier)
{
    return hasVerifierSyntax(verifier);
}

bool isValidChallenge(QStringView challenge)
{
    return hasVerifierSyntax(challenge);
}

QString s256Challenge(QStringView verifier)
{
    // The verifier is ASCII by its syntax; toLatin1 is its ASCII form.
    const QByteArray digest
        = QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256);
    return QString::fromLatin1(Base64Url::encode(digest));
}

bool verify(QStringView verifier, QStringView challenge, QStringView method)
{
    if (!isValidVerifier(verifier))
        return false;
    if (method == S256)
        return secretsEqual(s256Challenge(verifier), challenge);
    if (method == Plain)
        return secretsEqual(verifier, challenge);
    return false;
}

} // namespace Pkce
