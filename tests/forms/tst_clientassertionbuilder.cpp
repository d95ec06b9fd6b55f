// SPDX-License-Identifier: GPL-3.0-or-later
// The composer's client assertions (client_secret_jwt, private_key_jwt): what they hold, and that
// the request the composer builds from one is accepted by the embedded server's token endpoint,
// or refused for the reason the composer announced.
#include "clientassertionbuilder.h"
#include "tokenrequestbuilder.h"

#include "oauth/clientauth/clientauthservices.h"
#include "oauth/endpoints/tokenendpoint.h"
#include "store/registry.h"
#include "store/replaycache.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

const QString Issuer = u"http://localhost:8085/ms-auth-server"_s;
const QString TokenUrl = Issuer + u"/oauth2/token"_s;
const QString LongSecret = u"jwt-secret-client-secret-with-32-bytes"_s;
const QString ShortSecret = u"client_secret_jwt_password"_s;

} // namespace

class TestClientAssertionBuilder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void headerAndClaims();
    void acceptedByTheServer_data();
    void acceptedByTheServer();
    void shortSecretIsAnnouncedAndRefused();
    void curlCarriesTheAssertion();

private:
    TokenEndpointOutcome send(
        const QString &method, const QString &clientId, const BuiltClientAssertion &assertion);

    Key m_ec;
    std::unique_ptr<Registry> m_registry;
    ReplayCache m_replay;
    ClientAuthServices m_services;
    TokenEndpoint m_endpoint;
    qint64 m_now = 0;
};

void TestClientAssertionBuilder::initTestCase()
{
    m_ec = Key::generateEc(256);
    m_now = QDateTime::currentSecsSinceEpoch();
    Configuration config;
    ClientRegistration base;
    base.grantTypes = {u"client_credentials"_s};
    base.accessTokenLifetimeSeconds = 300;
    ClientRegistration secret = base;
    secret.clientId = u"jwt-secret-client"_s;
    secret.clientSecret = LongSecret;
    secret.authenticationMethods = {u"client_secret_jwt"_s};
    config.clients.append(secret);
    ClientRegistration shortSecret = secret;
    shortSecret.clientId = u"client_secret_jwt_client"_s;
    shortSecret.clientSecret = ShortSecret;
    config.clients.append(shortSecret);
    ClientRegistration key = base;
    key.clientId = u"privatekeyjwt_jwt_client"_s;
    key.authenticationMethods = {u"private_key_jwt"_s};
    QJsonObject jwk = m_ec.publicJwk();
    jwk.insert(u"kid"_s, u"client"_s);
    key.jwks = QJsonObject {{u"keys"_s, QJsonArray {jwk}}};
    config.clients.append(key);
    m_registry = std::make_unique<Registry>(config, Key::generateRsa(2048));
    m_services = ClientAuthServices {&m_replay, nullptr};
}

TokenEndpointOutcome TestClientAssertionBuilder::send(
    const QString &method, const QString &clientId, const BuiltClientAssertion &assertion)
{
    TokenRequestInput input;
    input.tokenUrl = QUrl(TokenUrl);
    input.method = method;
    input.clientId = clientId;
    input.clientAssertion = QString::fromLatin1(assertion.jwt);
    const TokenRequestBuilder builder(input);
    HttpRequest request;
    request.method = "POST"_ba;
    request.path = builder.target();
    request.body = builder.body();
    for (const auto &[name, value] : builder.headers())
        request.headers.append({name, value});
    TokenContext context {m_registry->snapshot(), Issuer, m_now * 1000};
    context.endpointUrl = TokenUrl;
    context.clientAuth = &m_services;
    return m_endpoint.handle(request, context);
}

void TestClientAssertionBuilder::headerAndClaims()
{
    ClientAssertionInput input;
    input.clientId = u"jwt-secret-client"_s;
    input.audience = TokenUrl;
    input.alg = u"HS256"_s;
    input.key = Key::fromSecret(LongSecret.toUtf8());
    input.nowSecs = 1700000000;
    input.jti = u"fixed"_s;
    const BuiltClientAssertion built = ClientAssertionBuilder::build(input);
    QCOMPARE(built.headerJson, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}"_ba);
    QCOMPARE(built.claimsJson,
        "{\"iss\":\"jwt-secret-client\",\"sub\":\"jwt-secret-client\",\"aud\":"
        "\"http://localhost:8085/ms-auth-server/oauth2/token\",\"exp\":1700000300,"
        "\"iat\":1700000000,\"jti\":\"fixed\"}"_ba);
    QVERIFY(built.problem.isEmpty());
    QCOMPARE(built.jwt.count('.'), 2);

    // Random jti: 128 bits, base64url, different each time.
    input.jti.clear();
    const QByteArray a = ClientAssertionBuilder::build(input).claimsJson;
    const QByteArray b = ClientAssertionBuilder::build(input).claimsJson;
    QVERIFY(a != b);
    QCOMPARE(ClientAssertionBuilder::randomJti().size(), 22);

    // Nothing to sign with.
    input.key = Key();
    QVERIFY(ClientAssertionBuilder::build(input).jwt.isEmpty());
    QCOMPARE(
        ClientAssertionBuilder::build(input).problem, u"there is no client secret to sign with"_s);
    input.alg = u"none"_s;
    QCOMPARE(ClientAssertionBuilder::build(input).problem,
        u"none is not an algorithm a client assertion may use"_s);
}

void TestClientAssertionBuilder::acceptedByTheServer_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("alg");
    QTest::newRow("client_secret_jwt HS256")
        << u"client_secret_jwt"_s << u"jwt-secret-client"_s << u"HS256"_s;
    QTest::newRow("private_key_jwt ES256")
        << u"private_key_jwt"_s << u"privatekeyjwt_jwt_client"_s << u"ES256"_s;
}

void TestClientAssertionBuilder::acceptedByTheServer()
{
    QFETCH(QString, method);
    QFETCH(QString, clientId);
    QFETCH(QString, alg);
    ClientAssertionInput input;
    input.clientId = clientId;
    input.audience = TokenUrl;
    input.alg = alg;
    input.key = alg.startsWith(u"HS") ? Key::fromSecret(LongSecret.toUtf8()) : m_ec;
    input.kid = alg.startsWith(u"HS") ? QString() : u"client"_s;
    input.nowSecs = m_now;
    const BuiltClientAssertion built = ClientAssertionBuilder::build(input);
    QVERIFY2(built.problem.isEmpty(), qPrintable(built.problem));
    const TokenEndpointOutcome outcome = send(method, clientId, built);
    QCOMPARE(outcome.response.status, 200);
    QCOMPARE(outcome.decision.authenticationMethod, method);
}

void TestClientAssertionBuilder::shortSecretIsAnnouncedAndRefused()
{
    ClientAssertionInput input;
    input.clientId = u"client_secret_jwt_client"_s;
    input.audience = TokenUrl;
    input.alg = u"HS256"_s;
    input.key = Key::fromSecret(ShortSecret.toUtf8());
    input.nowSecs = m_now;
    const BuiltClientAssertion built = ClientAssertionBuilder::build(input);
    const QString reason = u"the client secret is 26 bytes, too short for HS256, which needs a key "
                           "of at least 32 bytes (RFC 7518 section 3.2)"_s;
    QCOMPARE(built.problem, reason);
    QVERIFY(!built.jwt.isEmpty()); // still signed, so the refusal can be seen
    const TokenEndpointOutcome outcome = send(u"client_secret_jwt"_s, input.clientId, built);
    QCOMPARE(outcome.response.status, 401);
    QCOMPARE(QJsonDocument::fromJson(outcome.response.body)
                 .object()
                 .value("error_description"_L1)
                 .toString(),
        reason);
}

void TestClientAssertionBuilder::curlCarriesTheAssertion()
{
    TokenRequestInput input;
    input.tokenUrl = QUrl(TokenUrl);
    input.method = u"private_key_jwt"_s;
    input.clientId = u"privatekeyjwt_jwt_client"_s;
    input.clientAssertion = u"eyJ.eyJ.sig"_s;
    input.scopes = {u"country.read"_s};
    const TokenRequestBuilder builder(input);
    QVERIFY(builder.isAssertion());
    QVERIFY(!builder.isBasic());
    QCOMPARE(builder.body(),
        "grant_type=client_credentials&client_id=privatekeyjwt_jwt_client"
        "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
        "&client_assertion=eyJ.eyJ.sig&scope=country.read"_ba);
    const QString curl = builder.curlCommand();
    QVERIFY2(curl.contains(u"--data-urlencode 'client_assertion_type=urn:ietf:params:oauth:"
                           "client-assertion-type:jwt-bearer'"_s),
        qPrintable(curl));
    QVERIFY2(curl.contains(u"--data-urlencode 'client_assertion=eyJ.eyJ.sig'"_s), qPrintable(curl));
    QVERIFY(!curl.contains(u"client_secret"_s));
    QVERIFY(!curl.contains(u"Authorization"_s));
}

QTEST_GUILESS_MAIN(TestClientAssertionBuilder)
#include "tst_clientassertionbuilder.moc"
