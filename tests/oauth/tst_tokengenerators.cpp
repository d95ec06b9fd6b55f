// SPDX-License-Identifier: GPL-3.0-or-later
#include "jose/base64url.h"
#include "jose/jws.h"
#include "oauth/protocolregistry.h"
#include "oauth/tokens/jwtgenerator.h"
#include "oauth/tokens/opaquegenerator.h"
#include "store/registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestTokenGenerators : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void registryHasBothFormats();
    void opaqueLengthAndAlphabet();
    void opaqueTokensAreUnique();
    void jwtCarriesAudienceAndExtraClaims();
    void jwtWithoutKeyIsServerError();

private:
    static AccessTokenClaims claims()
    {
        AccessTokenClaims c;
        c.issuer = u"http://localhost:8085/ms-auth-server"_s;
        c.subject = u"service-client-jwt"_s;
        c.audience = {u"service-client-jwt"_s};
        c.scopes = {u"country.read"_s};
        c.issuedAt = 1750000000;
        c.expiresAt = c.issuedAt + 14400;
        c.tokenId = AccessToken::newTokenId();
        return c;
    }
};

void TestTokenGenerators::registryHasBothFormats()
{
    QCOMPARE(ProtocolRegistry::instance().tokenFormats(), (QStringList {u"jwt"_s, u"reference"_s}));
    QVERIFY(dynamic_cast<const OpaqueTokenGenerator *>(
        ProtocolRegistry::instance().tokenGenerator(u"reference")));
}

void TestTokenGenerators::opaqueLengthAndAlphabet()
{
    const OpaqueTokenGenerator generator;
    const Result<IssuedToken> token = generator.generate(claims(), TokenContext {});
    QVERIFY(token);
    // 96 bytes in base64url without padding: 128 characters, as the series' Spring tokens.
    QCOMPARE(token->value.size(), 128);
    QVERIFY2(QRegularExpression(u"^[A-Za-z0-9_-]{128}$"_s).match(token->value).hasMatch(),
        qPrintable(token->value));
    QCOMPARE(Base64Url::decode(token->value.toLatin1()).value_or(QByteArray()).size(), 96);
    QVERIFY(token->keyId.isEmpty());
    QVERIFY(!token->value.contains(u'.')); // never mistaken for a JWT
}

void TestTokenGenerators::opaqueTokensAreUnique()
{
    const OpaqueTokenGenerator generator;
    QSet<QString> seen;
    for (int i = 0; i < 1000; ++i)
        seen.insert(generator.generate(claims(), TokenContext {})->value);
    QCOMPARE(seen.size(), 1000);
}

void TestTokenGenerators::jwtCarriesAudienceAndExtraClaims()
{
    const Key key = Key::generateRsa(2048);
    Registry registry(Configuration::defaults(), key);
    AccessTokenClaims c = claims();
    c.audience = {u"api"_s, u"service-client-jwt"_s};
    c.extraClaims = QJsonObject {{u"roles"_s, QJsonArray {u"admin"_s}}, {u"tenant"_s, u"t1"_s}};
    TokenContext context;
    context.snapshot = registry.snapshot();
    const Result<IssuedToken> token = JwtTokenGenerator().generate(c, context);
    QVERIFY(token);
    QCOMPARE(token->keyId, key.thumbprint());
    const QList<QByteArray> parts = token->value.toLatin1().split('.');
    QCOMPARE(parts.size(), 3);
    const QJsonObject payload
        = QJsonDocument::fromJson(Base64Url::decode(parts.at(1)).value_or(QByteArray())).object();
    QCOMPARE(payload.value("aud"_L1).toArray(), (QJsonArray {u"api"_s, u"service-client-jwt"_s}));
    QCOMPARE(payload.value("tenant"_L1).toString(), u"t1"_s);
    QCOMPARE(payload.value("roles"_L1).toArray(), QJsonArray {u"admin"_s});
    QCOMPARE(payload.value("sub"_L1).toString(), u"service-client-jwt"_s);

    // One audience stays a string, as the seed's sample token has it.
    c.audience = {u"service-client-jwt"_s};
    const Result<IssuedToken> single = JwtTokenGenerator().generate(c, context);
    const QJsonObject singlePayload = QJsonDocument::fromJson(
        Base64Url::decode(single->value.toLatin1().split('.').at(1)).value_or(QByteArray()))
                                          .object();
    QCOMPARE(singlePayload.value("aud"_L1).toString(), u"service-client-jwt"_s);
}

void TestTokenGenerators::jwtWithoutKeyIsServerError()
{
    Registry registry(Configuration::defaults(), Key());
    TokenContext context;
    context.snapshot = registry.snapshot();
    const Result<IssuedToken> token = JwtTokenGenerator().generate(claims(), context);
    QVERIFY(!token);
    QCOMPARE(token.error().code(), OAuthError::Code::ServerError);
}

QTEST_GUILESS_MAIN(TestTokenGenerators)
#include "tst_tokengenerators.moc"
