// SPDX-License-Identifier: GPL-3.0-or-later
#include "codeflow.h"

#include "jose/base64url.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

using namespace Qt::Literals::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CodeFlow", text);
}

QString randomBase64Url(int bytes)
{
    // QRandomGenerator::system() reads the operating system's CSPRNG (getrandom, BCryptGenRandom).
    QByteArray data(bytes, Qt::Uninitialized);
    for (char &byte : data)
        byte = char(QRandomGenerator::system()->bounded(256));
    return QString::fromLatin1(Base64Url::encode(data));
}

QJsonObject jwtPart(const QString &jwt, int part)
{
    const QList<QString> parts = jwt.split(u'.');
    if (parts.size() != 3)
        return {};
    const std::optional<QByteArray> decoded = Base64Url::decode(parts.at(part).toLatin1());
    return decoded ? QJsonDocument::fromJson(*decoded).object() : QJsonObject();
}

} // namespace

namespace CodeFlow {

QString newCodeVerifier()
{
    return randomBase64Url(32);
}

bool isValidCodeVerifier(QStringView verifier)
{
    if (verifier.size() < 43 || verifier.size() > 128)
        return false;
    for (const QChar c : verifier) {
        const char16_t u = c.unicode();
        const bool unreserved = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z')
            || (u >= u'0' && u <= u'9') || u == u'-' || u == u'.' || u == u'_' || u == u'~';
        if (!unreserved)
            return false;
    }
    return true;
}

QString s256Challenge(QStringView verifier)
{
    return QString::fromLatin1(Base64Url::encode(
        QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)));
}

QString newState()
{
    return randomBase64Url(16);
}

QString newNonce()
{
    return randomBase64Url(16);
}

QUrl authorizationUrl(const AuthorizationRequest &request)
{
    // Percent-encoded by hand: QUrlQuery leaves '+' and some delimiters as they are, which a
    // server decoding the query as a form would read differently.
    QList<std::pair<QString, QString>> pairs = {
        {u"response_type"_s, u"code"_s},
        {u"client_id"_s, request.clientId},
        {u"redirect_uri"_s, request.redirectUri},
    };
    if (!request.scopes.isEmpty())
        pairs.append({u"scope"_s, request.scopes.join(u' ')});
    pairs.append({u"state"_s, request.state});
    if (request.scopes.contains(u"openid"_s) && !request.nonce.isEmpty())
        pairs.append({u"nonce"_s, request.nonce});
    pairs.append({u"code_challenge"_s, request.codeChallenge});
    pairs.append({u"code_challenge_method"_s, u"S256"_s});
    QByteArrayList encoded;
    for (const auto &[name, value] : pairs)
        encoded.append(QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value));
    QUrl url = request.authorizationEndpoint;
    url.setQuery(QString::fromLatin1(encoded.join('&')), QUrl::StrictMode);
    return url;
}

QString accessTokenHash(QStringView accessToken, QStringView alg)
{
    QCryptographicHash::Algorithm hash;
    if (alg.endsWith(u"256"))
        hash = QCryptographicHash::Sha256;
    else if (alg.endsWith(u"384"))
        hash = QCryptographicHash::Sha384;
    else if (alg.endsWith(u"512"))
        hash = QCryptographicHash::Sha512;
    else if (alg == u"EdDSA")
        hash = QCryptographicHash::Sha512; // Ed25519's hash, as OpenID's errata says
    else
        return {};
    const QByteArray digest = QCryptographicHash::hash(accessToken.toLatin1(), hash);
    return QString::fromLatin1(Base64Url::encode(digest.left(digest.size() / 2)));
}

QList<Check> checkIdToken(
    const QString &idToken, const QString &sentNonce, const QString &accessToken)
{
    const QJsonObject header = jwtPart(idToken, 0);
    const QJsonObject claims = jwtPart(idToken, 1);
    QList<Check> checks;
    Check nonce;
    nonce.name = u"nonce"_s;
    if (claims.isEmpty()) {
        nonce.detail = tr("the id_token cannot be decoded");
    } else if (!claims.contains("nonce"_L1)) {
        nonce.detail = tr("the id_token has no nonce; %1 was sent").arg(sentNonce);
    } else {
        const QString got = claims.value("nonce"_L1).toString();
        nonce.passed = !sentNonce.isEmpty() && got == sentNonce;
        nonce.detail = nonce.passed ? tr("%1 is the one sent").arg(got)
                                    : tr("%1, but %2 was sent").arg(got, sentNonce);
    }
    checks.append(nonce);
    if (accessToken.isEmpty())
        return checks;
    Check atHash;
    atHash.name = u"at_hash"_s;
    const QString alg = header.value("alg"_L1).toString();
    const QString expected = accessTokenHash(accessToken, alg);
    if (claims.isEmpty()) {
        atHash.detail = tr("the id_token cannot be decoded");
    } else if (!claims.contains("at_hash"_L1)) {
        atHash.detail = tr("the id_token has no at_hash");
    } else if (expected.isEmpty()) {
        atHash.detail = tr("no hash is defined for alg %1").arg(alg);
    } else {
        const QString got = claims.value("at_hash"_L1).toString();
        atHash.passed = got == expected;
        atHash.detail = atHash.passed
            ? tr("%1 is the left half of the access token's SHA-%2 hash, base64url")
                  .arg(got, alg == u"EdDSA"_s ? u"512"_s : alg.right(3))
            : tr("%1, but the access token's hash gives %2").arg(got, expected);
    }
    checks.append(atHash);
    return checks;
}

} // namespace CodeFlow
