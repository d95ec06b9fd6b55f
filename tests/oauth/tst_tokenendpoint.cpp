// SPDX-License-Identifier: GPL-3.0-or-later
#include "jose/base64url.h"
#include "jose/jws.h"
#include "oauth/clientauth/basiccredentials.h"
#include "oauth/endpoints/tokenendpoint.h"
#include "oauth/protocolregistry.h"
#include "store/clock.h"
#include "store/registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace {

// The seed sample's iat, plus 123 ms so that expires_in shows Spring's floor (14399).
constexpr qint64 Now = 1682883909123;
constexpr qint64 FourHours = 4 * 60 * 60;

const QByteArray Form = "application/x-www-form-urlencoded"_ba;
const QString Issuer = u"http://localhost:8085/ms-auth-server"_s;
const QString Generic = u"Client authentication failed"_s;
const QByteArray Challenge = "Basic realm=\"OAuth2 Playground\""_ba;

// What curl --data-urlencode sends for the seed's sample request, byte for byte.
const QByteArray SeedBody = "grant_type=client_credentials&client_id=service-client-jwt"
                            "&client_secret=service-client-jwt-secret"
                            "&scope=country.read%20customer.read%20customer.write"_ba;

const QString SpecialSecret = u"s3cr:et+plus"_s;

QByteArray basic(QStringView id, QStringView secret)
{
    return BasicCredentials::headerValue(id, secret);
}

// Basic credentials as a client that forgets RFC 6749 §2.3.1's form encoding builds them.
QByteArray rawBasic(const QByteArray &userPass)
{
    return "Basic "_ba + userPass.toBase64();
}

ClientRegistration client(const QString &id, const QStringList &methods, const QStringList &grants,
    const QStringList &scopes)
{
    ClientRegistration registration;
    registration.clientId = id;
    registration.clientSecret = id + u"-secret"_s;
    registration.displayName = id;
    registration.authenticationMethods = methods;
    registration.grantTypes = grants;
    registration.scopes = scopes;
    registration.accessTokenLifetimeSeconds = FourHours;
    return registration;
}

std::optional<QJsonObject> decodeSegment(const QByteArray &segment)
{
    const std::optional<QByteArray> json = Base64Url::decode(segment);
    if (!json)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

QStringList strings(const QJsonValue &value)
{
    QStringList result;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array)
        result.append(item.toString());
    return result;
}

} // namespace

class TestTokenEndpoint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void registeredNames();
    void issuesToken_data();
    void issuesToken();
    void compatibilityProfile();
    void rejects_data();
    void rejects();
    void invalidClientDoesNotLeak();
    void repeatedAuthorizationHeader();
    void expiresInOnWholeSecond();
    void tokenTimesFollowTheClock();
    void tokenIdsAreUnique();
    void configurationEditsApplyToNextRequest();
    void missingSigningKeyIsServerError();

private:
    TokenContext context() const
    {
        return TokenContext {
            m_registry->snapshot(), Issuer, m_clock.currentMSecsSinceEpoch(), {}, &m_clock};
    }
    static HttpRequest request(const QByteArray &body, const QByteArray &authorization = {},
        const QByteArray &contentType = Form, const QByteArray &query = {});

    Key m_key;
    Configuration m_configuration;
    std::unique_ptr<Registry> m_registry;
    ManualClock m_clock {Now};
    TokenEndpoint m_endpoint;
};

HttpRequest TestTokenEndpoint::request(const QByteArray &body, const QByteArray &authorization,
    const QByteArray &contentType, const QByteArray &query)
{
    HttpRequest request;
    request.method = "POST"_ba;
    request.path = "/ms-auth-server/oauth2/token"_ba;
    request.query = query;
    request.body = body;
    request.peer = u"127.0.0.1:50000"_s;
    request.headers.append({"Host"_ba, "localhost:8085"_ba});
    if (!contentType.isEmpty())
        request.headers.append({"Content-Type"_ba, contentType});
    if (!authorization.isEmpty())
        request.headers.append({"Authorization"_ba, authorization});
    return request;
}

void TestTokenEndpoint::initTestCase()
{
    m_key = Key::generateRsa();
    QVERIFY(!m_key.isNull());
    QVERIFY(m_key.isPrivate());

    const QString cc = GrantType::ClientCredentials.toString();
    const QString post = AuthMethod::ClientSecretPost.toString();
    const QString basicMethod = AuthMethod::ClientSecretBasic.toString();

    m_configuration = Configuration::defaults();
    m_configuration.clients.append(
        client(u"basic-only"_s, {basicMethod}, {cc}, {u"customer.read"_s}));
    m_configuration.clients.append(client(
        u"no-grant"_s, {post, basicMethod}, {u"authorization_code"_s}, {u"customer.read"_s}));
    ClientRegistration expired
        = client(u"expired"_s, {post, basicMethod}, {cc}, {u"customer.read"_s});
    expired.clientSecretExpiresAt = QDateTime::fromMSecsSinceEpoch(Now - 1000, QTimeZone::utc());
    m_configuration.clients.append(expired);
    ClientRegistration special
        = client(u"special-client"_s, {post, basicMethod}, {cc}, {u"customer.read"_s});
    special.clientSecret = SpecialSecret;
    m_configuration.clients.append(special);
    // A scope still on the client but deleted from the server's list.
    m_configuration.clients.append(client(
        u"stale-scope"_s, {post, basicMethod}, {cc}, {u"customer.read"_s, u"legacy.read"_s}));
    ClientRegistration noMethod = client(u"no-method"_s, {}, {cc}, {u"customer.read"_s});
    m_configuration.clients.append(noMethod);
}

void TestTokenEndpoint::init()
{
    // A fresh registry and clock per test: some tests edit them.
    m_registry = std::make_unique<Registry>(m_configuration, m_key);
    m_clock.setMSecsSinceEpoch(Now);
}

void TestTokenEndpoint::registeredNames()
{
    QCOMPARE(ProtocolRegistry::instance().authenticationMethods(),
        (QStringList {u"client_secret_basic"_s, u"client_secret_post"_s, u"client_secret_jwt"_s,
            u"private_key_jwt"_s, u"none"_s}));
    QCOMPARE(ProtocolRegistry::instance().confidentialAuthenticationMethods(),
        (QStringList {u"client_secret_basic"_s, u"client_secret_post"_s, u"client_secret_jwt"_s,
            u"private_key_jwt"_s}));
    QCOMPARE(ProtocolRegistry::instance().grantTypes(),
        (QStringList {u"authorization_code"_s, u"client_credentials"_s, u"refresh_token"_s}));
}

void TestTokenEndpoint::issuesToken_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QStringList>("scopes");

    const QStringList seedScopes {u"country.read"_s, u"customer.read"_s, u"customer.write"_s};
    const QString seedClient = u"service-client-jwt"_s;
    const QString post = u"client_secret_post"_s;
    const QString basicMethod = u"client_secret_basic"_s;

    QTest::newRow("client_secret_post, the seed's request")
        << Form << QByteArray() << QByteArray() << SeedBody << seedClient << post << seedScopes;
    QTest::newRow("client_secret_basic")
        << Form << QByteArray() << basic(seedClient, u"service-client-jwt-secret")
        << "grant_type=client_credentials&scope=country.read+customer.read+customer.write"_ba
        << seedClient << basicMethod << seedScopes;
    QTest::newRow("basic with matching client_id in the body")
        << Form << QByteArray() << basic(seedClient, u"service-client-jwt-secret")
        << "grant_type=client_credentials&client_id=service-client-jwt&scope=customer.read"_ba
        << seedClient << basicMethod << QStringList {u"customer.read"_s};
    QTest::newRow("basic, secret with ':' and '+' form-encoded")
        << Form << QByteArray() << basic(u"special-client", SpecialSecret)
        << "grant_type=client_credentials&scope=customer.read"_ba << u"special-client"_s
        << basicMethod << QStringList {u"customer.read"_s};
    QTest::newRow("basic, raw ':' in the secret (split on the first colon)")
        << Form << QByteArray() << rawBasic("special-client:s3cr:et%2Bplus")
        << "grant_type=client_credentials"_ba << u"special-client"_s << basicMethod
        << QStringList();
    QTest::newRow("post, secret with ':' and '+' form-encoded")
        << Form << QByteArray() << QByteArray()
        << "grant_type=client_credentials&client_id=special-client"
           "&client_secret=s3cr%3Aet%2Bplus"_ba
        << u"special-client"_s << post << QStringList();
    QTest::newRow("media type in another case, with charset")
        << "Application/X-WWW-Form-URLEncoded ; charset=UTF-8"_ba << QByteArray() << QByteArray()
        << SeedBody << seedClient << post << seedScopes;
    QTest::newRow("unknown parameters ignored")
        << Form << QByteArray() << QByteArray() << SeedBody + "&foo=bar&audience=x&foo=baz"_ba
        << seedClient << post << seedScopes;
    QTest::newRow("no scope grants none")
        << Form << QByteArray() << QByteArray()
        << "grant_type=client_credentials&client_id=service-client-jwt"
           "&client_secret=service-client-jwt-secret"_ba
        << seedClient << post << QStringList();
    QTest::newRow("empty scope grants none")
        << Form << QByteArray() << QByteArray()
        << "grant_type=client_credentials&client_id=service-client-jwt"
           "&client_secret=service-client-jwt-secret&scope="_ba
        << seedClient << post << QStringList();
    QTest::newRow("duplicate scopes collapse")
        << Form << QByteArray() << QByteArray()
        << "grant_type=client_credentials&client_id=service-client-jwt"
           "&client_secret=service-client-jwt-secret&scope=customer.write++customer.write"_ba
        << seedClient << post << QStringList {u"customer.write"_s};
    // The spring profile (the default) reads "foo" from the query, as the body lacks it; body
    // values win over the query's (compatibilityProfile below).
    QTest::newRow("query parameters the body has are ignored")
        << Form << "foo=bar&grant_type=password&scope=admin.all"_ba << QByteArray() << SeedBody
        << seedClient << post << seedScopes;
}

void TestTokenEndpoint::issuesToken()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, query);
    QFETCH(QByteArray, authorization);
    QFETCH(QByteArray, body);
    QFETCH(QString, clientId);
    QFETCH(QString, method);
    QFETCH(QStringList, scopes);

    const TokenEndpointOutcome outcome
        = m_endpoint.handle(request(body, authorization, contentType, query), context());
    const HttpResponse &response = outcome.response;
    QVERIFY2(response.status == 200, response.body.constData());
    QCOMPARE(response.contentType, "application/json;charset=UTF-8"_ba);
    QCOMPARE(response.header("WWW-Authenticate"), QByteArray());

    // The response: the seed's members and order.
    const QJsonObject json = QJsonDocument::fromJson(response.body).object();
    QCOMPARE(json.value("token_type"_L1).toString(), u"Bearer"_s);
    QVERIFY(json.value("expires_in"_L1).isDouble());
    QCOMPARE(json.value("expires_in"_L1).toInteger(), 14399);
    if (scopes.isEmpty()) {
        QVERIFY(!json.contains("scope"_L1));
        QCOMPARE(json.size(), 3);
    } else {
        QCOMPARE(json.value("scope"_L1).toString(), scopes.join(u' '));
        QCOMPARE(json.size(), 4);
        QVERIFY(response.body.indexOf("\"access_token\"") < response.body.indexOf("\"scope\""));
        QVERIFY(response.body.indexOf("\"scope\"") < response.body.indexOf("\"token_type\""));
    }
    QVERIFY(response.body.startsWith("{\"access_token\":\""));
    QVERIFY(response.body.indexOf("\"token_type\"") < response.body.indexOf("\"expires_in\""));

    // The token: an RS256 JWS by the registry's key.
    const QByteArray token = json.value("access_token"_L1).toString().toLatin1();
    const QList<QByteArray> parts = token.split('.');
    QCOMPARE(parts.size(), 3);
    const std::optional<QByteArray> signature = Base64Url::decode(parts.at(2));
    QVERIFY(signature.has_value());
    QVERIFY(Jws::verify(parts.at(0) + '.' + parts.at(1), *signature, u"RS256"_s, m_key));
    QVERIFY(!Jws::verify(parts.at(0) + '.' + parts.at(1) + 'x', *signature, u"RS256"_s, m_key));

    const std::optional<QJsonObject> header = decodeSegment(parts.at(0));
    QVERIFY(header.has_value());
    QCOMPARE(header->value("alg"_L1).toString(), u"RS256"_s);
    QCOMPARE(header->value("kid"_L1).toString(), m_key.thumbprint());
    QCOMPARE(header->size(), 2);

    const std::optional<QJsonObject> claims = decodeSegment(parts.at(1));
    QVERIFY(claims.has_value());
    const qint64 iat = Now / 1000;
    QCOMPARE(claims->value("iss"_L1).toString(), Issuer);
    QCOMPARE(claims->value("sub"_L1).toString(), clientId);
    QVERIFY(claims->value("aud"_L1).isString());
    QCOMPARE(claims->value("aud"_L1).toString(), clientId);
    QCOMPARE(claims->value("iat"_L1).toInteger(), iat);
    QCOMPARE(claims->value("nbf"_L1).toInteger(), iat);
    QCOMPARE(claims->value("exp"_L1).toInteger(), iat + FourHours);
    QCOMPARE(claims->value("exp"_L1).toInteger() - claims->value("iat"_L1).toInteger(), FourHours);
    const QString jti = claims->value("jti"_L1).toString();
    QVERIFY(jti.size() >= 22); // 128 bits in base64url
    QVERIFY(Base64Url::decode(jti.toLatin1()).has_value());
    QCOMPARE(Base64Url::decode(jti.toLatin1())->size(), 16);
    if (scopes.isEmpty()) {
        QVERIFY(!claims->contains("scope"_L1));
    } else {
        QVERIFY(claims->value("scope"_L1).isArray());
        QCOMPARE(strings(claims->value("scope"_L1)), scopes);
    }
    // The seed's claim order.
    const QByteArray claimsJson = *Base64Url::decode(parts.at(1));
    QVERIFY(claimsJson.startsWith("{\"sub\":"));
    QVERIFY(claimsJson.indexOf("\"iss\"") < claimsJson.indexOf("\"exp\""));
    QVERIFY(claimsJson.indexOf("\"iat\"") < claimsJson.indexOf("\"jti\""));

    // The decision, for the exchange log.
    const ExchangeDecision &decision = outcome.decision;
    QCOMPARE(decision.authenticationMethod, method);
    QCOMPARE(decision.clientId, clientId);
    QCOMPARE(decision.grantType, u"client_credentials"_s);
    QCOMPARE(decision.grantedScopes, scopes);
    QCOMPARE(decision.keyId, m_key.thumbprint());
    QCOMPARE(decision.tokenId, jti);
    QVERIFY2(decision.reason.startsWith(u"issued a token for "_s), qPrintable(decision.reason));
    QVERIFY2(decision.reason.contains(u", valid 4 h"_s), qPrintable(decision.reason));
    const QString scopeCount = scopes.isEmpty() ? u"no scope"_s
        : scopes.size() == 1                    ? u"1 scope"_s
                                                : u"%1 scopes"_s.arg(scopes.size());
    QVERIFY2(decision.reason.contains(scopeCount), qPrintable(decision.reason));
    QVERIFY(!decision.reason.contains(u"secret"_s));
}

void TestTokenEndpoint::compatibilityProfile()
{
    // The series' client_secret_basic request: grant_type and scope in the URL query only.
    const QByteArray basic
        = "Basic " + "service-client-jwt:service-client-jwt-secret"_ba.toBase64();
    const QByteArray query = "grant_type=client_credentials&scope=country.read";

    const TokenEndpointOutcome spring
        = m_endpoint.handle(request(QByteArray(), basic, Form, query), context());
    QCOMPARE(spring.response.status, 200);
    QCOMPARE(spring.decision.grantType, u"client_credentials"_s);
    QCOMPARE(spring.decision.grantedScopes, QStringList {u"country.read"_s});
    QCOMPARE(spring.decision.compatibilityNotes.size(), 1);
    const QString note = spring.decision.compatibilityNotes.first();
    QVERIFY2(note.contains(u"grant_type, scope read from the URL query"_s), qPrintable(note));
    QVERIFY2(note.contains(u"RFC 6749 §3.2"_s), qPrintable(note));
    QVERIFY2(spring.decision.reason.endsWith(note), qPrintable(spring.decision.reason));

    Configuration strict = m_configuration;
    strict.server.profile = ServerSettings::Profile::Strict;
    m_registry->setConfiguration(strict);
    const TokenEndpointOutcome refused
        = m_endpoint.handle(request(QByteArray(), basic, Form, query), context());
    QCOMPARE(refused.response.status, 400);
    QCOMPARE(refused.response.body,
        R"({"error":"invalid_request","error_description":"grant_type is missing"})"_ba);
    QVERIFY(refused.decision.compatibilityNotes.isEmpty());

    // A request that follows the RFC gets no note in either profile.
    const TokenEndpointOutcome plain = m_endpoint.handle(request(SeedBody), context());
    QCOMPARE(plain.response.status, 200);
    QVERIFY(plain.decision.compatibilityNotes.isEmpty());
}

void TestTokenEndpoint::rejects_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("error");
    QTest::addColumn<QString>("description"); // exact; empty means only "present"
    QTest::addColumn<bool>("challenge");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("reason"); // a substring of decision.reason

    const QByteArray none;
    const QString post = u"client_secret_post"_s;
    const QString basicMethod = u"client_secret_basic"_s;
    const QString seedClient = u"service-client-jwt"_s;
    const QByteArray cc = "grant_type=client_credentials"_ba;
    const QByteArray seedCredentials
        = "&client_id=service-client-jwt&client_secret=service-client-jwt-secret"_ba;
    const QByteArray seedBasic = basic(seedClient, u"service-client-jwt-secret");
    const QString badRequest = u"invalid_request"_s;

    // Client authentication (RFC 6749 §2.3, §5.2).
    QTest::newRow("no client credentials")
        << Form << none << none << cc + "&scope=customer.read"_ba << 401 << "invalid_client"_ba
        << Generic << false << QString() << QString()
        << u"the request carries no client credentials"_s;
    QTest::newRow("no client credentials, another Authorization scheme")
        << Form << none << "Bearer abc"_ba << cc << 401 << "invalid_client"_ba << Generic << false
        << QString() << QString() << u"the request carries no client credentials"_s;
    QTest::newRow("unknown client, post")
        << Form << none << none << cc + "&client_id=nobody&client_secret=x"_ba << 401
        << "invalid_client"_ba << Generic << false << post << u"nobody"_s
        << u"no client is registered with id \"nobody\""_s;
    QTest::newRow("unknown client, basic")
        << Form << none << basic(u"nobody", u"x") << cc << 401 << "invalid_client"_ba << Generic
        << true << basicMethod << u"nobody"_s << u"no client is registered with id \"nobody\""_s;
    QTest::newRow("wrong secret, post")
        << Form << none << none << cc + "&client_id=service-client-jwt&client_secret=wrong"_ba
        << 401 << "invalid_client"_ba << Generic << false << post << seedClient
        << u"the client secret does not match"_s;
    QTest::newRow("wrong secret, basic")
        << Form << none << basic(seedClient, u"wrong") << cc << 401 << "invalid_client"_ba
        << Generic << true << basicMethod << seedClient << u"the client secret does not match"_s;
    QTest::newRow("secret differs in case")
        << Form << none << basic(seedClient, u"SERVICE-CLIENT-JWT-SECRET") << cc << 401
        << "invalid_client"_ba << Generic << true << basicMethod << seedClient
        << u"the client secret does not match"_s;
    QTest::newRow("secret prefix") << Form << none << basic(seedClient, u"service-client-jwt") << cc
                                   << 401 << "invalid_client"_ba << Generic << true << basicMethod
                                   << seedClient << u"the client secret does not match"_s;
    QTest::newRow("empty secret, basic")
        << Form << none << basic(seedClient, u"") << cc << 401 << "invalid_client"_ba << Generic
        << true << basicMethod << seedClient << u"the client secret is empty"_s;
    QTest::newRow("method not registered for the client")
        << Form << none << none << cc + "&client_id=basic-only&client_secret=basic-only-secret"_ba
        << 401 << "invalid_client"_ba << Generic << false << post << u"basic-only"_s
        << u"client \"basic-only\" is registered for client_secret_basic only, not "
           "client_secret_post"_s;
    QTest::newRow("client with no method registered")
        << Form << none << basic(u"no-method", u"no-method-secret") << cc << 401
        << "invalid_client"_ba << Generic << true << basicMethod << u"no-method"_s
        << u"has no client authentication method registered"_s;
    QTest::newRow("expired secret, post")
        << Form << none << none << cc + "&client_id=expired&client_secret=expired-secret"_ba << 401
        << "invalid_client"_ba << Generic << false << post << u"expired"_s
        << u"the client secret expired at 2023-04-30T19:45:08Z"_s;
    QTest::newRow("expired secret, basic")
        << Form << none << basic(u"expired", u"expired-secret") << cc << 401 << "invalid_client"_ba
        << Generic << true << basicMethod << u"expired"_s << u"the client secret expired at"_s;
    // A client_id alone is method "none", which a confidential client is not registered for.
    QTest::newRow("missing secret (client_id alone)")
        << Form << none << none << cc + "&client_id=service-client-jwt"_ba << 401
        << "invalid_client"_ba << Generic << false << u"none"_s << seedClient
        << u"client_secret is missing: client \"service-client-jwt\" is registered for "
           "client_secret_post"_s;
    QTest::newRow("missing client_id, post")
        << Form << none << none << cc + "&client_secret=service-client-jwt-secret"_ba << 401
        << "invalid_client"_ba << Generic << false << post << QString()
        << u"client_id is missing"_s;
    QTest::newRow("empty client_id, post")
        << Form << none << none << cc + "&client_id=&client_secret=x"_ba << 401
        << "invalid_client"_ba << Generic << false << post << QString() << u"client_id is empty"_s;
    QTest::newRow("raw '+' in a Basic secret decodes to a space")
        << Form << none << rawBasic("special-client:s3cr:et+plus") << cc << 401
        << "invalid_client"_ba << Generic << true << basicMethod << u"special-client"_s
        << u"the client secret does not match"_s;

    // Malformed Basic header: 400, no challenge.
    QTest::newRow("basic, not base64")
        << Form << none << "Basic %%%not-base64%%%"_ba << cc << 400 << "invalid_request"_ba
        << u"the Basic credentials are not valid base64"_s << false << basicMethod << QString()
        << u"base64"_s;
    QTest::newRow("basic, missing colon")
        << Form << none << rawBasic("service-client-jwt") << cc << 400 << "invalid_request"_ba
        << QString() << false << basicMethod << QString() << u"no ':'"_s;
    QTest::newRow("basic, empty id")
        << Form << none << rawBasic(":secret") << cc << 400 << "invalid_request"_ba << QString()
        << false << basicMethod << QString() << u"client id"_s;
    QTest::newRow("basic, bad percent escape")
        << Form << none << rawBasic("service-client-jwt:100%") << cc << 400 << "invalid_request"_ba
        << QString() << false << basicMethod << QString() << u"form-urlencoded"_s;
    QTest::newRow("basic, not UTF-8")
        << Form << none << rawBasic("service-client-jwt:\xFF") << cc << 400 << "invalid_request"_ba
        << QString() << false << basicMethod << QString() << u"UTF-8"_s;
    QTest::newRow("basic, body client_id differs")
        << Form << none << seedBasic << cc + "&client_id=other"_ba << 400 << "invalid_request"_ba
        << u"client_id in the body does not match the Authorization header"_s << false
        << basicMethod << u"other"_s << u"does not match"_s;

    // Two methods at once (RFC 6749 §2.3).
    QTest::newRow("basic header and body secret")
        << Form << none << seedBasic << cc + seedCredentials << 400 << "invalid_request"_ba
        << u"the request uses more than one client authentication method "
           "(client_secret_basic and client_secret_post)"_s
        << false << u"client_secret_basic, client_secret_post"_s << seedClient
        << u"more than one"_s;
    QTest::newRow("basic header and body secret without id")
        << Form << none << seedBasic << cc + "&client_secret=service-client-jwt-secret"_ba << 400
        << "invalid_request"_ba << QString() << false
        << u"client_secret_basic, client_secret_post"_s << seedClient << u"more than one"_s;

    // Repeated parameters (RFC 6749 §3.2).
    QTest::newRow("client_id repeated")
        << Form << none << none << cc + seedCredentials + "&client_id=service-client-jwt"_ba << 400
        << "invalid_request"_ba << u"parameter 'client_id' is repeated"_s << false << QString()
        << seedClient << u"appears 2 times"_s;
    QTest::newRow("client_secret repeated")
        << Form << none << none << cc + seedCredentials + "&client_secret=x"_ba << 400
        << "invalid_request"_ba << u"parameter 'client_secret' is repeated"_s << false << QString()
        << seedClient << u"client_secret"_s;
    QTest::newRow("grant_type repeated")
        << Form << none << none << cc + seedCredentials + "&"_ba + cc << 400 << "invalid_request"_ba
        << u"parameter 'grant_type' is repeated"_s << false << QString() << seedClient
        << u"grant_type"_s;
    QTest::newRow("scope repeated")
        << Form << none << none
        << cc + seedCredentials + "&scope=customer.read&scope=customer.write"_ba << 400
        << "invalid_request"_ba << u"parameter 'scope' is repeated"_s << false << QString()
        << seedClient << u"scope"_s;
    QTest::newRow("empty scope repeated")
        << Form << none << none << cc + seedCredentials + "&scope=&scope="_ba << 400
        << "invalid_request"_ba << u"parameter 'scope' is repeated"_s << false << QString()
        << seedClient << u"scope"_s;

    // Credentials in the URL.
    const QString inUrl = u"client credentials must be sent in the request body, not in the URL"_s;
    QTest::newRow("client_secret in the query")
        << Form << "client_secret=service-client-jwt-secret"_ba << none
        << cc + "&client_id=service-client-jwt"_ba << 400 << "invalid_request"_ba << inUrl << false
        << QString() << seedClient << u"client_secret"_s;
    QTest::newRow("client_id in the query")
        << Form << "client_id=service-client-jwt"_ba << seedBasic << cc << 400
        << "invalid_request"_ba << inUrl << false << QString() << QString() << u"client_id"_s;
    QTest::newRow("client_assertion in the query")
        << Form << "client_assertion=e30"_ba << seedBasic << cc << 400 << "invalid_request"_ba
        << inUrl << false << QString() << QString() << u"client_assertion"_s;
    QTest::newRow("malformed query")
        << Form << "a=%ZZ"_ba << seedBasic << cc << 400 << "invalid_request"_ba << QString()
        << false << QString() << QString() << u"URL query"_s;

    // client_id characters.
    const QString badId = u"client_id contains characters that are not allowed"_s;
    QTest::newRow("client_id with a control character")
        << Form << none << none << cc + "&client_id=service%01client&client_secret=x"_ba << 400
        << "invalid_request"_ba << badId << false << QString() << u"service\u0001client"_s << badId;
    QTest::newRow("client_id with a newline")
        << Form << none << none << cc + "&client_id=a%0Ab&client_secret=x"_ba << 400
        << "invalid_request"_ba << badId << false << QString() << u"a\nb"_s << badId;
    QTest::newRow("client_id with DEL")
        << Form << none << none << cc + "&client_id=a%7F&client_secret=x"_ba << 400
        << "invalid_request"_ba << badId << false << QString() << u"a\u007f"_s << badId;
    QTest::newRow("client_id non-ASCII")
        << Form << none << none << cc + "&client_id=caf%C3%A9&client_secret=x"_ba << 400
        << "invalid_request"_ba << badId << false << QString() << u"caf\u00e9"_s << badId;
    QTest::newRow("Basic client id non-ASCII")
        << Form << none << basic(u"caf\u00e9", u"x") << cc << 400 << "invalid_request"_ba << badId
        << false << basicMethod << u"caf\u00e9"_s << badId;

    // The grant type.
    QTest::newRow("grant_type missing")
        << Form << none << seedBasic << "scope=customer.read"_ba << 400 << "invalid_request"_ba
        << u"grant_type is missing"_s << false << basicMethod << seedClient
        << u"grant_type is missing"_s;
    QTest::newRow("grant_type empty")
        << Form << none << none << "grant_type="_ba + seedCredentials << 400 << "invalid_request"_ba
        << u"grant_type is missing"_s << false << post << seedClient << u"grant_type is missing"_s;
    QTest::newRow("unknown grant type")
        << Form << none << none << "grant_type=password"_ba + seedCredentials << 400
        << "unsupported_grant_type"_ba << u"grant type 'password' is not supported"_s << false
        << post << seedClient << u"password"_s;
    QTest::newRow("unknown grant type with odd characters")
        << Form << none << seedBasic << "grant_type=a%22b"_ba << 400 << "unsupported_grant_type"_ba
        << u"the grant type is not supported"_s << false << basicMethod << seedClient << u"a\"b"_s;
    QTest::newRow("grant not registered for the client")
        << Form << none << basic(u"no-grant", u"no-grant-secret") << cc << 400
        << "unauthorized_client"_ba
        << u"the client is not allowed to use the grant type 'client_credentials'"_s << false
        << basicMethod << u"no-grant"_s << u"authorization_code"_s;

    // Scopes.
    QTest::newRow("requested scope not registered")
        << Form << none << none << cc + seedCredentials + "&scope=customer.read+admin.all"_ba << 400
        << "invalid_scope"_ba << u"scope 'admin.all' is not allowed for this client"_s << false
        << post << seedClient
        << u"registered scopes: country.read, customer.read, customer.write"_s;
    QTest::newRow("scope registered for another client only")
        << Form << none << basic(u"basic-only", u"basic-only-secret")
        << cc + "&scope=customer.write"_ba << 400 << "invalid_scope"_ba
        << u"scope 'customer.write' is not allowed for this client"_s << false << basicMethod
        << u"basic-only"_s << u"registered scopes: customer.read"_s;
    QTest::newRow("scope removed from the server")
        << Form << none << basic(u"stale-scope", u"stale-scope-secret")
        << cc + "&scope=customer.read+legacy.read"_ba << 400 << "invalid_scope"_ba
        << u"scope 'legacy.read' is not allowed for this client"_s << false << basicMethod
        << u"stale-scope"_s << u"no longer defined"_s;
    QTest::newRow("scope with characters outside RFC 6749 3.3")
        << Form << none << seedBasic << cc + "&scope=customer.read%22"_ba << 400
        << "invalid_scope"_ba << u"the scope parameter contains characters that are not allowed"_s
        << false << basicMethod << seedClient << u"customer.read\""_s;

    // The body.
    const QString notForm = u"the request body must be application/x-www-form-urlencoded"_s;
    QTest::newRow("JSON body") << "application/json"_ba << none << seedBasic
                               << "{\"grant_type\":\"client_credentials\"}"_ba << 400
                               << "invalid_request"_ba << notForm << false << QString() << QString()
                               << u"Content-Type is application/json"_s;
    QTest::newRow("no Content-Type")
        << QByteArray() << none << seedBasic << cc << 400 << "invalid_request"_ba << notForm
        << false << QString() << QString() << u"no Content-Type"_s;
    QTest::newRow("multipart body")
        << "multipart/form-data; boundary=x"_ba << none << seedBasic << cc << 400
        << "invalid_request"_ba << notForm << false << QString() << QString() << u"multipart"_s;
    QTest::newRow("media type prefix only")
        << "application/x-www-form-urlencodedx"_ba << none << seedBasic << cc << 400
        << "invalid_request"_ba << notForm << false << QString() << QString() << u"Content-Type"_s;
    QTest::newRow("bad percent-encoding in the body")
        << Form << none << seedBasic << cc + "&scope=%G1"_ba << 400 << "invalid_request"_ba
        << QString() << false << QString() << QString() << u"request body"_s;
    QTest::newRow("invalid UTF-8 in the body")
        << Form << none << seedBasic << cc + "&scope=%C0%AF"_ba << 400 << "invalid_request"_ba
        << QString() << false << QString() << QString() << u"UTF-8"_s;
    QTest::newRow("raw invalid byte in the body")
        << Form << none << none << cc + seedCredentials + "&x=\xFF"_ba << 400
        << "invalid_request"_ba << QString() << false << QString() << QString() << u"UTF-8"_s;
}

void TestTokenEndpoint::rejects()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, query);
    QFETCH(QByteArray, authorization);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QByteArray, error);
    QFETCH(QString, description);
    QFETCH(bool, challenge);
    QFETCH(QString, method);
    QFETCH(QString, clientId);
    QFETCH(QString, reason);

    const TokenEndpointOutcome outcome
        = m_endpoint.handle(request(body, authorization, contentType, query), context());
    const HttpResponse &response = outcome.response;
    QCOMPARE(response.status, status);
    QCOMPARE(response.contentType, "application/json;charset=UTF-8"_ba);
    if (status == 200)
        return;

    const QJsonObject json = QJsonDocument::fromJson(response.body).object();
    QCOMPARE(json.value("error"_L1).toString().toLatin1(), error);
    const QString wireDescription = json.value("error_description"_L1).toString();
    QVERIFY2(!wireDescription.isEmpty(), response.body.constData());
    if (!description.isEmpty())
        QCOMPARE(wireDescription, description);
    // RFC 6749 §5.2: printable ASCII without '"' and '\'.
    for (const QChar c : wireDescription) {
        QVERIFY2(c.unicode() >= 0x20 && c.unicode() <= 0x7E && c != u'"' && c != u'\\',
            qPrintable(wireDescription));
    }
    QVERIFY(!response.body.contains("access_token"));
    QCOMPARE(response.header("WWW-Authenticate"), challenge ? Challenge : QByteArray());
    if (challenge)
        QCOMPARE(status, 401);

    const ExchangeDecision &decision = outcome.decision;
    QCOMPARE(decision.authenticationMethod, method);
    QCOMPARE(decision.clientId, clientId);
    QVERIFY2(decision.reason.contains(reason), qPrintable(decision.reason));
    QVERIFY(decision.grantedScopes.isEmpty());
    QVERIFY(decision.tokenId.isEmpty());
    // The log never holds a secret in clear.
    QVERIFY(!decision.reason.contains(u"service-client-jwt-secret"_s));
}

void TestTokenEndpoint::invalidClientDoesNotLeak()
{
    const QByteArray cc = "grant_type=client_credentials"_ba;
    const QList<HttpRequest> requests {
        request(cc + "&client_id=nobody&client_secret=service-client-jwt-secret"_ba),
        request(cc + "&client_id=service-client-jwt&client_secret=wrong"_ba),
        request(cc + "&client_id=expired&client_secret=expired-secret"_ba),
        request(cc + "&client_id=basic-only&client_secret=basic-only-secret"_ba),
        request(cc + "&client_id=service-client-jwt"_ba),
    };
    QStringList reasons;
    QByteArray firstBody;
    for (const HttpRequest &r : requests) {
        const TokenEndpointOutcome outcome = m_endpoint.handle(r, context());
        QCOMPARE(outcome.response.status, 401);
        if (firstBody.isEmpty())
            firstBody = outcome.response.body;
        // Byte for byte the same on the wire...
        QCOMPARE(outcome.response.body, firstBody);
        QCOMPARE(outcome.response.headers, HttpHeaders());
        reasons.append(outcome.decision.reason);
    }
    QCOMPARE(firstBody,
        "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication "
        "failed\"}"_ba);
    // ...while the log says exactly why.
    reasons.removeDuplicates();
    QCOMPARE(reasons.size(), requests.size());

    // The same through the Authorization header, with the challenge every time.
    const HttpRequest unknown = request(cc, basic(u"nobody", u"service-client-jwt-secret"));
    const HttpRequest wrong = request(cc, basic(u"service-client-jwt", u"wrong"));
    const TokenEndpointOutcome a = m_endpoint.handle(unknown, context());
    const TokenEndpointOutcome b = m_endpoint.handle(wrong, context());
    QCOMPARE(a.response.body, firstBody);
    QCOMPARE(b.response.body, firstBody);
    QCOMPARE(a.response.headers, b.response.headers);
    QCOMPARE(a.response.header("WWW-Authenticate"), Challenge);
    QVERIFY(a.decision.reason != b.decision.reason);
}

void TestTokenEndpoint::repeatedAuthorizationHeader()
{
    HttpRequest twice = request("grant_type=client_credentials"_ba,
        basic(u"service-client-jwt", u"service-client-jwt-secret"));
    twice.headers.append({"authorization"_ba, basic(u"basic-only", u"basic-only-secret")});
    const TokenEndpointOutcome outcome = m_endpoint.handle(twice, context());
    QCOMPARE(outcome.response.status, 400);
    const QJsonObject json = QJsonDocument::fromJson(outcome.response.body).object();
    QCOMPARE(json.value("error"_L1).toString(), u"invalid_request"_s);
    QCOMPARE(
        json.value("error_description"_L1).toString(), u"the Authorization header is repeated"_s);
    QCOMPARE(outcome.response.header("WWW-Authenticate"), QByteArray());
}

void TestTokenEndpoint::expiresInOnWholeSecond()
{
    m_clock.setMSecsSinceEpoch(1682883909000);
    const TokenEndpointOutcome outcome = m_endpoint.handle(request(SeedBody), context());
    QCOMPARE(outcome.response.status, 200);
    const QJsonObject json = QJsonDocument::fromJson(outcome.response.body).object();
    QCOMPARE(json.value("expires_in"_L1).toInteger(), FourHours);
}

void TestTokenEndpoint::tokenTimesFollowTheClock()
{
    m_clock.advance(3600 * 1000 + 500);
    const TokenEndpointOutcome outcome = m_endpoint.handle(request(SeedBody), context());
    QCOMPARE(outcome.response.status, 200);
    const QJsonObject json = QJsonDocument::fromJson(outcome.response.body).object();
    QCOMPARE(json.value("expires_in"_L1).toInteger(), FourHours - 1);
    const QByteArray token = json.value("access_token"_L1).toString().toLatin1();
    const std::optional<QJsonObject> claims = decodeSegment(token.split('.').at(1));
    QVERIFY(claims.has_value());
    const qint64 iat = (Now + 3600 * 1000 + 500) / 1000;
    QCOMPARE(claims->value("iat"_L1).toInteger(), iat);
    QCOMPARE(claims->value("exp"_L1).toInteger(), iat + FourHours);

    // The expired client's secret expired before this moment too.
    const TokenEndpointOutcome expired = m_endpoint.handle(
        request("grant_type=client_credentials&client_id=expired&client_secret=expired-secret"_ba),
        context());
    QCOMPARE(expired.response.status, 401);

    // And was still valid a second before it expired.
    m_clock.setMSecsSinceEpoch(Now - 1001);
    const TokenEndpointOutcome valid = m_endpoint.handle(
        request("grant_type=client_credentials&client_id=expired&client_secret=expired-secret"_ba),
        context());
    QCOMPARE(valid.response.status, 200);
}

void TestTokenEndpoint::tokenIdsAreUnique()
{
    QSet<QString> ids;
    QSet<QString> tokens;
    for (int i = 0; i < 20; ++i) {
        const TokenEndpointOutcome outcome = m_endpoint.handle(request(SeedBody), context());
        QCOMPARE(outcome.response.status, 200);
        ids.insert(outcome.decision.tokenId);
        tokens.insert(QJsonDocument::fromJson(outcome.response.body)
                          .object()
                          .value("access_token"_L1)
                          .toString());
    }
    QCOMPARE(ids.size(), 20);
    QCOMPARE(tokens.size(), 20);
}

void TestTokenEndpoint::configurationEditsApplyToNextRequest()
{
    QCOMPARE(m_endpoint.handle(request(SeedBody), context()).response.status, 200);

    Configuration edited = m_configuration;
    edited.clients[0].clientSecret = u"rotated"_s;
    m_registry->setConfiguration(edited);
    const TokenEndpointOutcome old = m_endpoint.handle(request(SeedBody), context());
    QCOMPARE(old.response.status, 401);
    QCOMPARE(old.decision.reason, u"the client secret does not match"_s);

    // A new signing key signs the next token, with its own kid.
    const Key next = Key::generateRsa();
    m_registry->setSigningKey(next);
    const TokenEndpointOutcome rotated
        = m_endpoint.handle(request("grant_type=client_credentials&client_id=service-client-jwt"
                                    "&client_secret=rotated"_ba),
            context());
    QCOMPARE(rotated.response.status, 200);
    QCOMPARE(rotated.decision.keyId, next.thumbprint());
    QVERIFY(rotated.decision.keyId != m_key.thumbprint());
}

void TestTokenEndpoint::missingSigningKeyIsServerError()
{
    Registry registry(m_configuration, Key());
    const TokenContext noKey {registry.snapshot(), Issuer, Now, {}, nullptr};
    const TokenEndpointOutcome outcome = m_endpoint.handle(request(SeedBody), noKey);
    QCOMPARE(outcome.response.status, 500);
    const QJsonObject json = QJsonDocument::fromJson(outcome.response.body).object();
    QCOMPARE(json.value("error"_L1).toString(), u"server_error"_s);
    QCOMPARE(outcome.decision.clientId, u"service-client-jwt"_s);
    QVERIFY(outcome.decision.tokenId.isEmpty());

    // A public key alone cannot sign either.
    Registry publicOnly(m_configuration, Key::fromPem(m_key.publicKeyPem()));
    const TokenEndpointOutcome unsigned_ = m_endpoint.handle(
        request(SeedBody), TokenContext {publicOnly.snapshot(), Issuer, Now, {}, nullptr});
    QCOMPARE(unsigned_.response.status, 500);
}

QTEST_GUILESS_MAIN(TestTokenEndpoint)
#include "tst_tokenendpoint.moc"
