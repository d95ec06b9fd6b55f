// SPDX-License-Identifier: GPL-3.0-or-later
// CodeFlow: the RFC 7636 Appendix B challenge, code_verifier length and alphabet (§4.1), fresh
// values each time, the authorization URL's parameters, at_hash (OpenID Connect Core §3.1.3.6)
// and the nonce and at_hash checks on a decoded ID token.
#include "rfcvectors.h"

#include "client/codeflow.h"
#include "jose/base64url.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::Literals::StringLiterals;

namespace {

QString unsignedJwt(const QJsonObject &header, const QJsonObject &claims)
{
    return QString::fromLatin1(
        Base64Url::encode(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + Base64Url::encode(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + ".c2ln");
}

} // namespace

class TestCodeFlow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void challengeIsRfc7636AppendixB();
    void verifierIsValidAndFresh();
    void verifierValidity_data();
    void verifierValidity();
    void authorizationUrlCarriesEveryParameter();
    void nonceOnlyWithOpenId();
    void atHashIsLeftHalfOfSha256();
    void checksPassAndFail();
};

void TestCodeFlow::challengeIsRfc7636AppendixB()
{
    QCOMPARE(CodeFlow::s256Challenge(RfcVectors::rfc7636Verifier), RfcVectors::rfc7636Challenge);
}

void TestCodeFlow::verifierIsValidAndFresh()
{
    const QString first = CodeFlow::newCodeVerifier();
    QCOMPARE(first.size(), 43);
    QVERIFY(CodeFlow::isValidCodeVerifier(first));
    QVERIFY(first != CodeFlow::newCodeVerifier());
    QVERIFY(CodeFlow::newState() != CodeFlow::newState());
    QCOMPARE(CodeFlow::newNonce().size(), 22); // 16 bytes
}

void TestCodeFlow::verifierValidity_data()
{
    QTest::addColumn<QString>("verifier");
    QTest::addColumn<bool>("valid");
    QTest::newRow("rfc7636") << RfcVectors::rfc7636Verifier << true;
    QTest::newRow("42 chars") << QString(42, u'a') << false;
    QTest::newRow("43 chars") << QString(43, u'a') << true;
    QTest::newRow("128 chars") << QString(128, u'~') << true;
    QTest::newRow("129 chars") << QString(129, u'a') << false;
    QTest::newRow("plus") << (QString(42, u'a') + u'+') << false;
    QTest::newRow("space") << (QString(42, u'a') + u' ') << false;
}

void TestCodeFlow::verifierValidity()
{
    QFETCH(QString, verifier);
    QFETCH(bool, valid);
    QCOMPARE(CodeFlow::isValidCodeVerifier(verifier), valid);
}

void TestCodeFlow::authorizationUrlCarriesEveryParameter()
{
    CodeFlow::AuthorizationRequest request;
    request.authorizationEndpoint
        = QUrl(u"http://localhost:8085/ms-auth-server/oauth2/authorize"_s);
    request.clientId = u"public-client"_s;
    request.redirectUri = u"http://127.0.0.1:5000/callback"_s;
    request.scopes = {u"openid"_s, u"profile"_s};
    request.state = u"st+a/te"_s;
    request.nonce = u"n-1"_s;
    request.codeChallenge = RfcVectors::rfc7636Challenge;
    const QUrl url = CodeFlow::authorizationUrl(request);
    QCOMPARE(url.path(), u"/ms-auth-server/oauth2/authorize"_s);
    const QString query = url.query(QUrl::FullyEncoded);
    QVERIFY(query.startsWith(u"response_type=code&client_id=public-client&redirect_uri="
                             u"http%3A%2F%2F127.0.0.1%3A5000%2Fcallback&scope=openid%20profile"_s));
    QVERIFY(query.contains(u"&state=st%2Ba%2Fte&"_s)); // '+' would read as a space
    QVERIFY(query.contains(u"&nonce=n-1&"_s));
    QVERIFY(query.endsWith(u"code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                           u"&code_challenge_method=S256"_s));
}

void TestCodeFlow::nonceOnlyWithOpenId()
{
    CodeFlow::AuthorizationRequest request;
    request.authorizationEndpoint = QUrl(u"http://127.0.0.1/authorize"_s);
    request.scopes = {u"country.read"_s};
    request.nonce = u"n-1"_s;
    QVERIFY(!CodeFlow::authorizationUrl(request).query().contains(u"nonce"_s));
}

void TestCodeFlow::atHashIsLeftHalfOfSha256()
{
    const QString token = u"an-access-token"_s;
    const QByteArray digest
        = QCryptographicHash::hash(token.toLatin1(), QCryptographicHash::Sha256);
    const QString expected = QString::fromLatin1(Base64Url::encode(digest.left(16)));
    QCOMPARE(CodeFlow::accessTokenHash(token, u"RS256"), expected);
    QCOMPARE(CodeFlow::accessTokenHash(token, u"ES384").size(), 32); // 24 bytes
    QVERIFY(CodeFlow::accessTokenHash(token, u"none").isEmpty());
}

void TestCodeFlow::checksPassAndFail()
{
    const QString access = u"an-access-token"_s;
    const QJsonObject header {{u"alg"_s, u"RS256"_s}};
    const QString good = unsignedJwt(header,
        {{u"nonce"_s, u"n-1"_s}, {u"at_hash"_s, CodeFlow::accessTokenHash(access, u"RS256")}});
    QList<CodeFlow::Check> checks = CodeFlow::checkIdToken(good, u"n-1"_s, access);
    QCOMPARE(checks.size(), 2);
    QCOMPARE(checks.at(0).name, u"nonce"_s);
    QVERIFY(checks.at(0).passed);
    QCOMPARE(checks.at(1).name, u"at_hash"_s);
    QVERIFY2(checks.at(1).passed, qPrintable(checks.at(1).detail));

    checks = CodeFlow::checkIdToken(good, u"n-2"_s, u"another-token"_s);
    QVERIFY(!checks.at(0).passed);
    QVERIFY(checks.at(0).detail.contains(u"n-2"_s));
    QVERIFY(!checks.at(1).passed);

    checks = CodeFlow::checkIdToken(u"not.a-jwt"_s, u"n-1"_s, access);
    QVERIFY(!checks.at(0).passed);
    QVERIFY(!checks.at(1).passed);
    // No access token with it: only the nonce is checked.
    QCOMPARE(CodeFlow::checkIdToken(good, u"n-1"_s, QString()).size(), 1);
}

QTEST_GUILESS_MAIN(TestCodeFlow)
#include "tst_codeflow.moc"
