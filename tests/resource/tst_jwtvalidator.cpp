// SPDX-License-Identifier: GPL-3.0-or-later
// A JWT access token checked the way a resource server does (RFC 9068 §4): signature with the
// authorization server's key chosen by kid, then iss, exp, nbf, aud. Real keys, real signatures.
#include "resource/jwtvalidator.h"

#include "jose/jws.h"
#include "jose/key.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr qint64 Now = 1800000000;
const QString Issuer = u"http://localhost:8085/ms-auth-server"_s;

QJsonObject claims()
{
    return QJsonObject {{u"sub"_s, u"service-client-jwt"_s}, {u"aud"_s, u"service-client-jwt"_s},
        {u"nbf"_s, Now - 10}, {u"scope"_s, QJsonArray {u"country.read"_s, u"customer.read"_s}},
        {u"iss"_s, Issuer}, {u"exp"_s, Now + 3600}, {u"iat"_s, Now - 10}, {u"jti"_s, u"j1"_s}};
}

QByteArray sign(
    const QJsonObject &payload, const Key &key, const QString &kid, const QString &alg = u"RS256"_s)
{
    QJsonObject header {{u"alg"_s, alg}};
    if (!kid.isEmpty())
        header.insert(u"kid"_s, kid);
    return Jws::compact(QJsonDocument(header).toJson(QJsonDocument::Compact),
        QJsonDocument(payload).toJson(QJsonDocument::Compact), alg, key);
}

} // namespace

class TestJwtValidator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void valid();
    void refusals_data();
    void refusals();
    void unknownKid();
    void noKidTriesEveryKey();
    void scopeAsStringOrArray();
    void looksLikeJwt();

private:
    JwtValidation check(const QByteArray &token, const QStringList &audience = {}) const
    {
        return JwtAccessToken::validate(token, m_set, JwtExpectations {Issuer, audience, Now});
    }

    Key m_key = Key::generateRsa(2048);
    Key m_other = Key::generateRsa(2048);
    ClientJwkSet m_set;
};

void TestJwtValidator::initTestCase()
{
    m_set.keys.append(ClientKey {m_key, m_key.thumbprint(), u"RS256"_s, u"sig"_s});
}

void TestJwtValidator::valid()
{
    const JwtValidation out = check(sign(claims(), m_key, m_key.thumbprint()));
    QCOMPARE(out.status, JwtValidation::Status::Valid);
    QCOMPARE(out.info.subject, u"service-client-jwt"_s);
    QCOMPARE(out.info.scopes, (QStringList {u"country.read"_s, u"customer.read"_s}));
    QCOMPARE(out.info.audience, QStringList {u"service-client-jwt"_s});
    QCOMPARE(out.info.expiresAt, Now + 3600);
    QCOMPARE(out.kid, m_key.thumbprint());
    QVERIFY(out.info.hasScope(u"country.read"));
    QVERIFY(!out.info.hasScope(u"customer.write"));
    QVERIFY(out.info.hasScope(u"")); // a route without a scope
    // With an audience it names.
    QCOMPARE(
        check(sign(claims(), m_key, m_key.thumbprint()), {u"x"_s, u"service-client-jwt"_s}).status,
        JwtValidation::Status::Valid);
}

void TestJwtValidator::refusals_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QStringList>("audience");
    QTest::addColumn<QString>("problem");

    const QString kid = m_key.thumbprint();
    QJsonObject expired = claims();
    expired.insert(u"exp"_s, Now);
    QJsonObject early = claims();
    early.insert(u"nbf"_s, Now + 60);
    QJsonObject otherIssuer = claims();
    otherIssuer.insert(u"iss"_s, u"http://evil.example"_s);
    QJsonObject noExp = claims();
    noExp.remove(u"exp"_s);

    QTest::newRow("expired at exp") << sign(expired, m_key, kid) << QStringList() << u"expired"_s;
    QTest::newRow("not yet valid")
        << sign(early, m_key, kid) << QStringList() << u"not valid before"_s;
    QTest::newRow("issuer") << sign(otherIssuer, m_key, kid) << QStringList()
                            << u"issuer http://evil.example"_s;
    QTest::newRow("no exp") << sign(noExp, m_key, kid) << QStringList() << u"no exp"_s;
    QTest::newRow("audience") << sign(claims(), m_key, kid) << QStringList {u"ms-system"_s}
                              << u"audience"_s;
    QTest::newRow("signature") << sign(claims(), m_other, kid) << QStringList()
                               << u"signature does not verify"_s;
    QTest::newRow("HS256") << sign(claims(), Key::fromSecret(QByteArray(32, 'k')), kid, u"HS256"_s)
                           << QStringList() << u"does not accept"_s;
    QTest::newRow("none") << QByteArray("eyJhbGciOiJub25lIn0.e30.") << QStringList()
                          << u"does not accept"_s;
    QTest::newRow("two segments") << "abc.def"_ba << QStringList() << u"segments"_s;
    QTest::newRow("header not JSON") << "bm90IGpzb24.e30.c2ln"_ba << QStringList() << u"header"_s;
}

void TestJwtValidator::refusals()
{
    QFETCH(QByteArray, token);
    QFETCH(QStringList, audience);
    QFETCH(QString, problem);
    const JwtValidation out = check(token, audience);
    QCOMPARE(out.status, JwtValidation::Status::Invalid);
    QVERIFY2(out.problem.contains(problem), qPrintable(out.problem));
}

void TestJwtValidator::unknownKid()
{
    const JwtValidation out = check(sign(claims(), m_other, u"rotated"_s));
    QCOMPARE(out.status, JwtValidation::Status::UnknownKey);
    QCOMPARE(out.kid, u"rotated"_s);
    QVERIFY(out.problem.contains(u"kid rotated"_s));
}

void TestJwtValidator::noKidTriesEveryKey()
{
    ClientJwkSet both;
    both.keys.append(ClientKey {m_other, u"a"_s, {}, {}});
    both.keys.append(ClientKey {m_key, u"b"_s, {}, {}});
    const JwtValidation out = JwtAccessToken::validate(
        sign(claims(), m_key, {}), both, JwtExpectations {Issuer, {}, Now});
    QCOMPARE(out.status, JwtValidation::Status::Valid);
    // A key whose JWK says another alg is not used.
    ClientJwkSet es;
    es.keys.append(ClientKey {m_key, u"b"_s, u"ES256"_s, {}});
    QCOMPARE(
        JwtAccessToken::validate(sign(claims(), m_key, {}), es, JwtExpectations {Issuer, {}, Now})
            .status,
        JwtValidation::Status::Invalid);
}

void TestJwtValidator::scopeAsStringOrArray()
{
    QJsonObject spaced = claims();
    spaced.insert(u"scope"_s, u"country.read  customer.write"_s);
    QCOMPARE(check(sign(spaced, m_key, m_key.thumbprint())).info.scopes,
        (QStringList {u"country.read"_s, u"customer.write"_s}));
    QJsonObject scp = claims();
    scp.remove(u"scope"_s);
    scp.insert(u"scp"_s, QJsonArray {u"country.read"_s});
    QCOMPARE(
        check(sign(scp, m_key, m_key.thumbprint())).info.scopes, QStringList {u"country.read"_s});
}

void TestJwtValidator::looksLikeJwt()
{
    QVERIFY(JwtAccessToken::looksLikeJwt(sign(claims(), m_key, m_key.thumbprint())));
    QVERIFY(!JwtAccessToken::looksLikeJwt("j53P_5JCitAmidCtdS1B"));
    QVERIFY(!JwtAccessToken::looksLikeJwt("a.b.c"));
    QVERIFY(!JwtAccessToken::looksLikeJwt(""));
}

QTEST_GUILESS_MAIN(TestJwtValidator)
#include "tst_jwtvalidator.moc"
