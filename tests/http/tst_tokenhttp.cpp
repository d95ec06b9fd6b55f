// SPDX-License-Identifier: GPL-3.0-or-later
// Black-box tests of the embedded authorization server over loopback: a real QHttpServer on a
// real socket, driven by QNetworkAccessManager, checked against the seed and the error table of
// docs/protocol.md.
#include "httpclient.h"

#include "http/authorizationserver.h"
#include "jose/base64url.h"
#include "jose/jws.h"
#include "jose/key.h"
#include "store/clock.h"
#include "store/registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

// What `curl --data-urlencode` sends for the seed's sample request, byte for byte.
const QByteArray SeedBody = "grant_type=client_credentials&client_id=service-client-jwt"
                            "&client_secret=service-client-jwt-secret"
                            "&scope=country.read%20customer.read%20customer.write"_ba;

QByteArray basic(const QByteArray &credentials)
{
    return "Basic " + credentials.toBase64();
}

Configuration testConfiguration()
{
    Configuration config = Configuration::defaults();
    ClientRegistration basicOnly;
    basicOnly.clientId = u"basic-only"_s;
    basicOnly.clientSecret = u"s3cr:et+with %chars"_s;
    basicOnly.authenticationMethods = {AuthMethod::ClientSecretBasic.toString()};
    basicOnly.grantTypes = {GrantType::ClientCredentials.toString()};
    basicOnly.scopes = {u"country.read"_s};
    basicOnly.accessTokenLifetimeSeconds = 300;
    config.clients.append(basicOnly);

    ClientRegistration noGrant = basicOnly;
    noGrant.clientId = u"no-grant"_s;
    noGrant.clientSecret = u"no-grant-secret"_s;
    noGrant.authenticationMethods = {AuthMethod::ClientSecretPost.toString()};
    noGrant.grantTypes.clear();
    config.clients.append(noGrant);

    ClientRegistration expired = noGrant;
    expired.clientId = u"expired"_s;
    expired.clientSecret = u"expired-secret"_s;
    expired.grantTypes = {GrantType::ClientCredentials.toString()};
    expired.clientSecretExpiresAt = QDateTime(QDate(2020, 1, 1), QTime(0, 0), QTimeZone::utc());
    config.clients.append(expired);
    return config;
}

} // namespace

class TestTokenHttp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void seedRequest();
    void clientSecretBasic();
    void basicWithEncodedCredentials();
    void noScopeGrantsNone();
    void errorTable_data();
    void errorTable();
    void keepsServingAfterBadRequests();
    void jwksAndMetadata_data();
    void jwksAndMetadata();
    void editsApplyWithoutRestart();
    void contextPathChangeApplies();
    void exchangesAreRecordedWithoutSecrets();
    void encodedSecretAuthenticatesAndIsMasked_data();
    void encodedSecretAuthenticatesAndIsMasked();
    void credentialHeadersAndQueryAreMasked();
    void portInUseKeepsRunningServer();
    void concurrentRequestsAllSucceed();
    void connectionsAreSpreadEvenlyOverThreads();

private:
    QUrl url(const QString &path) const;
    Key keyFromJwks(const QString &kid);

    std::unique_ptr<Registry> m_registry;
    std::unique_ptr<AuthorizationServer> m_server;
    Configuration m_configuration; // what every test starts from
    HttpClient m_http;
};

QUrl TestTokenHttp::url(const QString &path) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_server->port()).arg(path));
}

void TestTokenHttp::initTestCase()
{
    m_configuration = testConfiguration();
    m_registry = std::make_unique<Registry>(m_configuration, Key::generateRsa(2048));
    m_server = std::make_unique<AuthorizationServer>(m_registry.get(), Clock::system());
    ServerSettings settings;
    settings.port = 0;
    QString error;
    QVERIFY2(m_server->start(settings, &error), qPrintable(error));
    QVERIFY(m_server->port() != 0);
    QCOMPARE(m_server->issuer(), u"http://localhost:%1/ms-auth-server"_s.arg(m_server->port()));
}

// A test that fails half-way must not leave its edits (another context path, a client taken
// away) to the tests after it.
void TestTokenHttp::cleanup()
{
    if (m_registry->configuration() != m_configuration)
        m_registry->setConfiguration(m_configuration);
}

Key TestTokenHttp::keyFromJwks(const QString &kid)
{
    const HttpResult jwks = m_http.get(url(u"/ms-auth-server/oauth2/jwks"_s));
    const QJsonArray keys = jwks.json().value("keys"_L1).toArray();
    for (const QJsonValue &value : keys) {
        if (value.toObject().value("kid"_L1).toString() == kid)
            return Key::fromJwk(value.toObject());
    }
    return {};
}

void TestTokenHttp::seedRequest()
{
    const qint64 before = QDateTime::currentSecsSinceEpoch();
    const HttpResult reply = m_http.postForm(url(u"/ms-auth-server/oauth2/token"_s), SeedBody);
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.header("Content-Type").startsWith("application/json"));
    QCOMPARE(reply.header("Cache-Control"), "no-store"_ba);
    QCOMPARE(reply.header("Pragma"), "no-cache"_ba);

    const QJsonObject json = reply.json();
    QCOMPARE(json.value("token_type"_L1).toString(), u"Bearer"_s);
    const int expiresIn = json.value("expires_in"_L1).toInt();
    QVERIFY2(expiresIn == 14399 || expiresIn == 14400, QByteArray::number(expiresIn).constData());
    QVERIFY(json.value("expires_in"_L1).isDouble()); // a number, not a string
    QStringList scopes = json.value("scope"_L1).toString().split(u' ');
    scopes.sort();
    QCOMPARE(scopes, QStringList({u"country.read"_s, u"customer.read"_s, u"customer.write"_s}));
    // The members of the sample, in the sample's order.
    QVERIFY(reply.body.startsWith("{\"access_token\":\""));

    const QByteArray token = json.value("access_token"_L1).toString().toLatin1();
    const QList<QByteArray> parts = token.split('.');
    QCOMPARE(parts.size(), 3);
    const QJsonObject header = QJsonDocument::fromJson(*Base64Url::decode(parts[0])).object();
    const QJsonObject claims = QJsonDocument::fromJson(*Base64Url::decode(parts[1])).object();
    QCOMPARE(header.value("alg"_L1).toString(), u"RS256"_s);
    const QString kid = header.value("kid"_L1).toString();
    QCOMPARE(kid, m_registry->snapshot()->signingKey.thumbprint());

    QCOMPARE(claims.value("iss"_L1).toString(), m_server->issuer());
    QCOMPARE(claims.value("sub"_L1).toString(), u"service-client-jwt"_s);
    QCOMPARE(claims.value("aud"_L1).toString(), u"service-client-jwt"_s);
    const qint64 iat = claims.value("iat"_L1).toInteger();
    QVERIFY(iat >= before && iat <= QDateTime::currentSecsSinceEpoch());
    QCOMPARE(claims.value("nbf"_L1).toInteger(), iat);
    QCOMPARE(claims.value("exp"_L1).toInteger(), iat + 14400);
    QCOMPARE(claims.value("scope"_L1).toArray().size(), 3);
    QVERIFY(!claims.value("jti"_L1).toString().isEmpty());

    // The token verifies against the key the server publishes, found by kid.
    const Key published = keyFromJwks(kid);
    QVERIFY(!published.isNull());
    QVERIFY(!published.isPrivate());
    const QByteArray signingInput = parts[0] + '.' + parts[1];
    QVERIFY(Jws::verify(signingInput, *Base64Url::decode(parts[2]), u"RS256"_s, published));
    // ... and not once a claim is altered.
    QByteArray forged = claims.value("sub"_L1).toString().toUtf8();
    QVERIFY(!Jws::verify(parts[0] + '.' + Base64Url::encode(forged), *Base64Url::decode(parts[2]),
        u"RS256"_s, published));
}

void TestTokenHttp::clientSecretBasic()
{
    const HttpResult reply = m_http.postForm(url(u"/ms-auth-server/oauth2/token"_s),
        "grant_type=client_credentials&scope=customer.read"_ba,
        {{"Authorization"_ba, basic("service-client-jwt:service-client-jwt-secret")}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value("scope"_L1).toString(), u"customer.read"_s);
}

void TestTokenHttp::basicWithEncodedCredentials()
{
    // RFC 6749 §2.3.1: id and secret are form-encoded before base64; the secret has ':', '+',
    // ' ' and '%'. Split on the first colon.
    const HttpResult reply = m_http.postForm(url(u"/ms-auth-server/oauth2/token"_s),
        "grant_type=client_credentials"_ba,
        {{"Authorization"_ba, basic("basic-only:s3cr%3Aet%2Bwith+%25chars")}});
    QCOMPARE(reply.status, 200);
    QVERIFY(!reply.json().contains("scope"_L1));

    // The same secret sent without form-encoding (a common client bug) decodes differently.
    const HttpResult raw = m_http.postForm(url(u"/ms-auth-server/oauth2/token"_s),
        "grant_type=client_credentials"_ba,
        {{"Authorization"_ba, basic("basic-only:s3cr:et+with %chars")}});
    QCOMPARE(raw.status, 400); // "% c" is a bad percent-escape: invalid_request
}

void TestTokenHttp::noScopeGrantsNone()
{
    const HttpResult reply = m_http.postForm(url(u"/ms-auth-server/oauth2/token"_s),
        "grant_type=client_credentials&client_id=service-client-jwt&client_secret=service-client-jwt-secret"_ba);
    QCOMPARE(reply.status, 200);
    QVERIFY(!reply.json().contains("scope"_L1));
    const QByteArray token = reply.json().value("access_token"_L1).toString().toLatin1();
    const QJsonObject claims
        = QJsonDocument::fromJson(*Base64Url::decode(token.split('.').at(1))).object();
    QVERIFY(!claims.contains("scope"_L1));
}

void TestTokenHttp::errorTable_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    QTest::addColumn<bool>("challenge");

    const QByteArray form = "application/x-www-form-urlencoded"_ba;
    const QString token = u"/ms-auth-server/oauth2/token"_s;
    const QByteArray good
        = "client_id=service-client-jwt&client_secret=service-client-jwt-secret"_ba;
    const QByteArray cc = "grant_type=client_credentials&"_ba;

    QTest::newRow("no credentials")
        << "POST"_ba << token << form << QByteArray() << "grant_type=client_credentials"_ba << 401
        << u"invalid_client"_s << false;
    QTest::newRow("unknown client")
        << "POST"_ba << token << form << QByteArray() << cc + "client_id=nobody&client_secret=x"_ba
        << 401 << u"invalid_client"_s << false;
    QTest::newRow("wrong secret (post)")
        << "POST"_ba << token << form << QByteArray()
        << cc + "client_id=service-client-jwt&client_secret=nope"_ba << 401 << u"invalid_client"_s
        << false;
    QTest::newRow("wrong secret (basic)")
        << "POST"_ba << token << form << basic("service-client-jwt:nope")
        << "grant_type=client_credentials"_ba << 401 << u"invalid_client"_s << true;
    QTest::newRow("unknown client (basic)")
        << "POST"_ba << token << form << basic("nobody:x") << "grant_type=client_credentials"_ba
        << 401 << u"invalid_client"_s << true;
    QTest::newRow("missing secret")
        << "POST"_ba << token << form << QByteArray() << cc + "client_id=service-client-jwt"_ba
        << 401 << u"invalid_client"_s << false;
    QTest::newRow("method not registered")
        << "POST"_ba << token << form << QByteArray()
        << cc + "client_id=basic-only&client_secret=s3cr%3Aet%2Bwith+%25chars"_ba << 401
        << u"invalid_client"_s << false;
    QTest::newRow("expired secret") << "POST"_ba << token << form << QByteArray()
                                    << cc + "client_id=expired&client_secret=expired-secret"_ba
                                    << 401 << u"invalid_client"_s << false;
    QTest::newRow("basic: bad base64")
        << "POST"_ba << token << form << "Basic !!!notbase64"_ba
        << "grant_type=client_credentials"_ba << 400 << u"invalid_request"_s << false;
    QTest::newRow("basic: no colon")
        << "POST"_ba << token << form << basic("service-client-jwt")
        << "grant_type=client_credentials"_ba << 400 << u"invalid_request"_s << false;
    QTest::newRow("basic: empty id")
        << "POST"_ba << token << form << basic(":secret") << "grant_type=client_credentials"_ba
        << 400 << u"invalid_request"_s << false;
    QTest::newRow("repeated client_id")
        << "POST"_ba << token << form << QByteArray()
        << cc + good + "&client_id=service-client-jwt"_ba << 400 << u"invalid_request"_s << false;
    QTest::newRow("repeated client_secret")
        << "POST"_ba << token << form << QByteArray() << cc + good + "&client_secret=x"_ba << 400
        << u"invalid_request"_s << false;
    QTest::newRow("repeated grant_type") << "POST"_ba << token << form << QByteArray()
                                         << cc + cc + good << 400 << u"invalid_request"_s << false;
    QTest::newRow("repeated scope") << "POST"_ba << token << form << QByteArray()
                                    << cc + good + "&scope=country.read&scope=customer.read"_ba
                                    << 400 << u"invalid_request"_s << false;
    QTest::newRow("two methods") << "POST"_ba << token << form
                                 << basic("service-client-jwt:service-client-jwt-secret")
                                 << cc + good << 400 << u"invalid_request"_s << false;
    QTest::newRow("credentials in the query")
        << "POST"_ba << token + u"?client_secret=service-client-jwt-secret"_s << form
        << QByteArray() << cc + good << 400 << u"invalid_request"_s << false;
    QTest::newRow("client_id with a control character")
        << "POST"_ba << token << form << QByteArray() << cc + "client_id=abc%01&client_secret=x"_ba
        << 400 << u"invalid_request"_s << false;
    QTest::newRow("client_id not ASCII")
        << "POST"_ba << token << form << QByteArray() << cc + "client_id=%C3%A9&client_secret=x"_ba
        << 400 << u"invalid_request"_s << false;
    QTest::newRow("grant_type missing") << "POST"_ba << token << form << QByteArray() << good << 400
                                        << u"invalid_request"_s << false;
    QTest::newRow("unknown grant")
        << "POST"_ba << token << form << QByteArray() << "grant_type=password&"_ba + good << 400
        << u"unsupported_grant_type"_s << false;
    QTest::newRow("grant not registered")
        << "POST"_ba << token << form << QByteArray()
        << cc + "client_id=no-grant&client_secret=no-grant-secret"_ba << 400
        << u"unauthorized_client"_s << false;
    QTest::newRow("scope not registered")
        << "POST"_ba << token << form << QByteArray() << cc + good + "&scope=admin.all"_ba << 400
        << u"invalid_scope"_s << false;
    QTest::newRow("one scope of three not registered")
        << "POST"_ba << token << form << QByteArray()
        << cc + good + "&scope=country.read+admin.all"_ba << 400 << u"invalid_scope"_s << false;
    QTest::newRow("JSON body") << "POST"_ba << token << "application/json"_ba << QByteArray()
                               << "{\"grant_type\":\"client_credentials\"}"_ba << 400
                               << u"invalid_request"_s << false;
    QTest::newRow("no content type") << "POST"_ba << token << QByteArray() << QByteArray()
                                     << cc + good << 400 << u"invalid_request"_s << false;
    QTest::newRow("bad percent-encoding")
        << "POST"_ba << token << form << QByteArray() << cc + good + "&scope=%ZZ"_ba << 400
        << u"invalid_request"_s << false;
    QTest::newRow("invalid UTF-8")
        << "POST"_ba << token << form << QByteArray() << cc + good + "&scope=%FF%FE"_ba << 400
        << u"invalid_request"_s << false;
    QTest::newRow("body over 64 KiB") << "POST"_ba << token << form << QByteArray()
                                      << cc + good + "&pad="_ba + QByteArray(70 * 1024, 'a') << 413
                                      << u"payload_too_large"_s << false;
    QTest::newRow("GET on the token endpoint")
        << "GET"_ba << token << QByteArray() << QByteArray() << QByteArray() << 405
        << u"method_not_allowed"_s << false;
    QTest::newRow("PUT on the token endpoint")
        << "PUT"_ba << token << form << QByteArray() << cc + good << 405 << u"method_not_allowed"_s
        << false;
    QTest::newRow("unknown path") << "GET"_ba << u"/nowhere"_s << QByteArray() << QByteArray()
                                  << QByteArray() << 404 << u"not_found"_s << false;
    QTest::newRow("token endpoint without the context path")
        << "POST"_ba << u"/oauth2/token"_s << form << QByteArray() << cc + good << 404
        << u"not_found"_s << false;
}

void TestTokenHttp::errorTable()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, authorization);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, error);
    QFETCH(bool, challenge);

    HttpClient::Headers headers;
    if (!contentType.isEmpty())
        headers.append({"Content-Type"_ba, contentType});
    if (!authorization.isEmpty())
        headers.append({"Authorization"_ba, authorization});
    const HttpResult reply = m_http.send(method, url(path), headers, body);

    QCOMPARE(reply.status, status);
    QVERIFY2(reply.header("Content-Type").startsWith("application/json"),
        reply.header("Content-Type").constData());
    QCOMPARE(reply.json().value("error"_L1).toString(), error);
    QCOMPARE(reply.header("Cache-Control"), "no-store"_ba);
    QCOMPARE(reply.header("Pragma"), "no-cache"_ba);
    QCOMPARE(!reply.header("WWW-Authenticate").isEmpty(), challenge);
    if (challenge)
        QVERIFY(reply.header("WWW-Authenticate").startsWith("Basic realm="));
    if (status == 405)
        QCOMPARE(reply.header("Allow"), "POST"_ba);
    if (error == "invalid_client"_L1) {
        // Never says whether the client exists or only the secret was wrong.
        QCOMPARE(reply.json().value("error_description"_L1).toString(),
            u"Client authentication failed"_s);
    }
    if (path.contains(u"?client_secret"))
        QVERIFY(reply.json().value("error_description"_L1).toString().contains(u"body"));
    if (QByteArrayView(QTest::currentDataTag()).startsWith("repeated ")) {
        const QString parameter = QString::fromLatin1(QTest::currentDataTag()).mid(9);
        QVERIFY2(reply.json().value("error_description"_L1).toString().contains(parameter),
            qPrintable(reply.json().value("error_description"_L1).toString()));
    }
}

void TestTokenHttp::keepsServingAfterBadRequests()
{
    for (int i = 0; i < 20; ++i) {
        const HttpResult bad = m_http.postForm(url(u"/ms-auth-server/oauth2/token"_s), "%%%"_ba);
        QCOMPARE(bad.status, 400);
    }
    QCOMPARE(m_http.postForm(url(u"/ms-auth-server/oauth2/token"_s), SeedBody).status, 200);
}

void TestTokenHttp::jwksAndMetadata_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("RFC 8414 §3 location")
        << u"/.well-known/oauth-authorization-server/ms-auth-server"_s;
    QTest::newRow("below the issuer (Spring)")
        << u"/ms-auth-server/.well-known/oauth-authorization-server"_s;
}

void TestTokenHttp::jwksAndMetadata()
{
    QFETCH(QString, path);
    const HttpResult reply = m_http.get(url(path));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Cache-Control"), "no-store"_ba);
    const QJsonObject metadata = reply.json();
    const QString issuer = m_server->issuer();
    QCOMPARE(metadata.value("issuer"_L1).toString(), issuer);
    QCOMPARE(metadata.value("token_endpoint"_L1).toString(), issuer + u"/oauth2/token"_s);
    QCOMPARE(metadata.value("jwks_uri"_L1).toString(), issuer + u"/oauth2/jwks"_s);
    QCOMPARE(metadata.value("grant_types_supported"_L1).toArray(),
        QJsonArray({u"authorization_code"_s, u"client_credentials"_s, u"refresh_token"_s}));
    QVERIFY(metadata.value("token_endpoint_auth_methods_supported"_L1)
                .toArray()
                .contains(u"client_secret_basic"_s));
    QVERIFY(metadata.value("token_endpoint_auth_methods_supported"_L1)
                .toArray()
                .contains(u"client_secret_post"_s));
    // The seed's three and OpenID Connect's openid, profile and email (the default scopes).
    QCOMPARE(metadata.value("scopes_supported"_L1).toArray().size(), 6);
    // What is implemented is advertised, at the issuer (tst_codeflowhttp checks the OpenID
    // Connect document); nothing else.
    QCOMPARE(
        metadata.value("authorization_endpoint"_L1).toString(), issuer + u"/oauth2/authorize"_s);
    QCOMPARE(metadata.value("userinfo_endpoint"_L1).toString(), issuer + u"/userinfo"_s);
    QVERIFY(!metadata.contains("device_authorization_endpoint"_L1));
    QVERIFY(
        metadata.value("introspection_endpoint"_L1).toString().endsWith(u"/oauth2/introspect"_s));
    QVERIFY(metadata.value("revocation_endpoint"_L1).toString().endsWith(u"/oauth2/revoke"_s));

    const HttpResult jwks = m_http.get(
        QUrl(metadata.value("jwks_uri"_L1).toString().replace(u"localhost"_s, u"127.0.0.1"_s)));
    QCOMPARE(jwks.status, 200);
    QCOMPARE(jwks.header("Cache-Control"), "no-store"_ba);
    const QJsonArray keys = jwks.json().value("keys"_L1).toArray();
    QCOMPARE(keys.size(), 1);
    const QJsonObject jwk = keys.first().toObject();
    QCOMPARE(jwk.value("kty"_L1).toString(), u"RSA"_s);
    QCOMPARE(jwk.value("use"_L1).toString(), u"sig"_s);
    QCOMPARE(jwk.value("alg"_L1).toString(), u"RS256"_s);
    QVERIFY(!jwk.contains("d"_L1)); // never the private part
    QCOMPARE(jwk.value("kid"_L1).toString(), m_registry->snapshot()->signingKey.thumbprint());

    const HttpResult post = m_http.postForm(url(u"/ms-auth-server/oauth2/jwks"_s), {});
    QCOMPARE(post.status, 405);
    QCOMPARE(post.header("Allow"), "GET"_ba);
}

void TestTokenHttp::editsApplyWithoutRestart()
{
    const QUrl tokenUrl = url(u"/ms-auth-server/oauth2/token"_s);
    const quint16 port = m_server->port();
    Configuration config = m_registry->configuration();
    const Configuration original = config;

    // Take customer.write away from the seed client: the next request is refused.
    ClientRegistration &client = config.clients.first();
    client.scopes.removeAll(u"customer.write"_s);
    m_registry->setConfiguration(config);
    HttpResult reply = m_http.postForm(tokenUrl, SeedBody);
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.json().value("error"_L1).toString(), u"invalid_scope"_s);

    // A new client works at once.
    ClientRegistration added;
    added.clientId = u"added-later"_s;
    added.clientSecret = u"added-secret"_s;
    added.authenticationMethods = {AuthMethod::ClientSecretPost.toString()};
    added.grantTypes = {GrantType::ClientCredentials.toString()};
    added.accessTokenLifetimeSeconds = 60;
    config.clients.append(added);
    m_registry->setConfiguration(config);
    reply = m_http.postForm(tokenUrl,
        "grant_type=client_credentials&client_id=added-later&client_secret=added-secret"_ba);
    QCOMPARE(reply.status, 200);
    const int expiresIn = reply.json().value("expires_in"_L1).toInt();
    QVERIFY2(expiresIn == 59 || expiresIn == 60, qPrintable(QString::number(expiresIn)));

    // Deleted: invalid_client.
    config.clients.removeLast();
    m_registry->setConfiguration(config);
    reply = m_http.postForm(tokenUrl,
        "grant_type=client_credentials&client_id=added-later&client_secret=added-secret"_ba);
    QCOMPARE(reply.status, 401);

    m_registry->setConfiguration(original);
    QCOMPARE(m_http.postForm(tokenUrl, SeedBody).status, 200);
    QCOMPARE(m_server->port(), port); // no restart happened
}

void TestTokenHttp::contextPathChangeApplies()
{
    Configuration config = m_registry->configuration();
    const Configuration original = config;
    config.server.contextPath = u"/auth"_s;
    m_registry->setConfiguration(config);
    QCOMPARE(m_http.postForm(url(u"/auth/oauth2/token"_s), SeedBody).status, 200);
    QCOMPARE(m_http.postForm(url(u"/ms-auth-server/oauth2/token"_s), SeedBody).status, 404);
    const HttpResult metadata = m_http.get(url(u"/.well-known/oauth-authorization-server/auth"_s));
    QCOMPARE(metadata.json().value("issuer"_L1).toString(),
        u"http://localhost:%1/auth"_s.arg(m_server->port()));

    config.server.contextPath.clear();
    m_registry->setConfiguration(config);
    QCOMPARE(m_http.postForm(url(u"/oauth2/token"_s), SeedBody).status, 200);
    QCOMPARE(m_http.get(url(u"/.well-known/oauth-authorization-server"_s)).status, 200);
    m_registry->setConfiguration(original);
}

void TestTokenHttp::exchangesAreRecordedWithoutSecrets()
{
    m_server->reportPendingExchanges(); // the earlier tests' exchanges are not this test's
    QSignalSpy spy(m_server.get(), &AuthorizationServer::exchangeRecorded);
    const HttpResult reply = m_http.postForm(url(u"/ms-auth-server/oauth2/token"_s),
        "grant_type=client_credentials"_ba,
        {{"Authorization"_ba, basic("service-client-jwt:wrong-secret")}});
    QCOMPARE(reply.status, 401);
    QTRY_COMPARE(spy.count(), 1);
    const auto record = spy.first().first().value<ExchangeRecord>();
    QCOMPARE(record.status, 401);
    QCOMPARE(record.outcome, u"invalid_client"_s);
    QCOMPARE(record.decision.clientId, u"service-client-jwt"_s);
    QCOMPARE(record.decision.authenticationMethod, u"client_secret_basic"_s);
    QVERIFY2(record.decision.reason.contains(u"secret"), qPrintable(record.decision.reason));
    QVERIFY(!record.rawRequest.contains(basic("service-client-jwt:wrong-secret").mid(6)));
    QVERIFY(!record.logLine().contains(u"wrong-secret"));
    QVERIFY(record.logLine().contains(u"401"));

    spy.clear();
    QCOMPARE(m_http.postForm(url(u"/ms-auth-server/oauth2/token"_s), SeedBody).status, 200);
    QTRY_COMPARE(spy.count(), 1);
    const auto ok = spy.first().first().value<ExchangeRecord>();
    QVERIFY(!ok.rawRequest.contains("service-client-jwt-secret"));
    QVERIFY(ok.rawRequest.contains("client_secret=******"));
    QVERIFY(ok.revealedRequest.contains("client_secret=service-client-jwt-secret"));
    QCOMPARE(ok.decision.grantedScopes.size(), 3);
}

void TestTokenHttp::encodedSecretAuthenticatesAndIsMasked_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("%5F") << "client%5Fsecret"_ba
                         << "service-client-jwt-secret"_ba;
    QTest::newRow("%5f") << "client%5fsecret"_ba
                         << "service-client-jwt-secret"_ba;
    QTest::newRow("every byte") << "%63%6c%69%65%6e%74%5f%73%65%63%72%65%74"_ba
                                << "%73%65%72%76%69%63%65-client-jwt-secret"_ba;
}

// The server decodes names before it reads them; so does the masking. A secret that
// authenticates never reaches the traffic log in clear, however it was encoded.
void TestTokenHttp::encodedSecretAuthenticatesAndIsMasked()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    const QByteArray body = "grant_type=client_credentials&client_id=service-client-jwt&" + name
        + '=' + value + "&scope=country.read";
    QSignalSpy spy(m_server.get(), &AuthorizationServer::exchangeRecorded);
    const HttpResult reply = m_http.postForm(url(u"/ms-auth-server/oauth2/token"_s), body);
    QCOMPARE(reply.status, 200);
    QTRY_COMPARE(spy.count(), 1);
    const auto record = spy.first().first().value<ExchangeRecord>();
    QCOMPARE(record.decision.authenticationMethod, u"client_secret_post"_s);
    QVERIFY2(!record.rawRequest.contains("client-jwt-secret"), record.rawRequest.constData());
    // The name as the client wrote it, so the log shows what was sent; only the value hidden.
    QVERIFY2(record.rawRequest.endsWith(QByteArray("&" + name + "=******&scope=country.read")),
        record.rawRequest.constData());
    QVERIFY(record.revealedRequest.endsWith(body));
    // The response keeps its token for the window; the HAR export decides about it.
    const QByteArray token = reply.json().value("access_token"_L1).toString().toUtf8();
    QVERIFY(!token.isEmpty());
    QVERIFY(record.rawResponse.contains(token));
}

void TestTokenHttp::credentialHeadersAndQueryAreMasked()
{
    QSignalSpy spy(m_server.get(), &AuthorizationServer::exchangeRecorded);
    // Credentials in the URL are refused (docs/protocol.md), and must not be logged either. A raw
    // socket, because QUrl would turn %5F into '_' before sending.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(socket.waitForConnected(10000));
    socket.write("POST /ms-auth-server/oauth2/token?client_id=service-client-jwt"
                 "&client%5Fsecret=in-the-query&client_secret=again&client_secret=and-again "
                 "HTTP/1.1\r\n"
                 "Host: 127.0.0.1\r\n"
                 "Content-Type: application/x-www-form-urlencoded\r\n"
                 "proxy-authorization: Basic cHJveHk6cHJveHktcGFzc3dvcmQ=\r\n"
                 "Cookie: session=cookie-value; theme=dark\r\n"
                 "AUTHORIZATION: "
        + basic("service-client-jwt:header-secret") + "\r\nContent-Length: "
        + QByteArray::number(SeedBody.size()) + "\r\nConnection: close\r\n\r\n" + SeedBody);
    QByteArray reply;
    while (!reply.contains("\r\n\r\n") && socket.waitForReadyRead(10000))
        reply += socket.readAll();
    QVERIFY2(reply.startsWith("HTTP/1.1 400"), reply.constData());
    QTRY_COMPARE(spy.count(), 1);
    const auto record = spy.first().first().value<ExchangeRecord>();
    const QByteArray text = record.rawRequest;
    for (const QByteArray &secret : {"in-the-query"_ba, "and-again"_ba, "=again"_ba,
             "cHJveHk6cHJveHktcGFzc3dvcmQ="_ba, "cookie-value"_ba, "dark"_ba,
             basic("service-client-jwt:header-secret").mid(6), "service-client-jwt-secret"_ba})
        QVERIFY2(!text.contains(secret), secret.constData());
    // Qt's QUrl may already have turned %5F into '_'; either way only the values are hidden.
    static const QRegularExpression query(
        u"\\?client_id=service-client-jwt&client(%5F|_)secret="
        "\\*{6}&client_secret=\\*{6}&client_secret=\\*{6} HTTP/1.1"_s);
    QVERIFY2(query.match(QString::fromLatin1(text)).hasMatch(), text.constData());
    // Qt 6.8's QHttpHeaders hands header names over in lower case; the masking ignores case.
    const QByteArray lower = text.toLower();
    QVERIFY2(lower.contains("\nproxy-authorization: basic ******\r\n"), text.constData());
    QVERIFY(lower.contains("\ncookie: session=******; theme=******\r\n"));
    QVERIFY(lower.contains("\nauthorization: basic ******\r\n"));
    QVERIFY(record.revealedRequest.contains("cookie-value"));
}

void TestTokenHttp::portInUseKeepsRunningServer()
{
    const quint16 port = m_server->port();
    Registry otherRegistry(Configuration::defaults(), m_registry->snapshot()->signingKey);
    AuthorizationServer other(&otherRegistry, Clock::system());
    ServerSettings settings;
    settings.port = port;
    QString error;
    QVERIFY(!other.start(settings, &error));
    QVERIFY2(error.contains(u"already in use"), qPrintable(error));
    QVERIFY(!other.isListening());
    // And re-binding the running server to a busy port leaves it serving where it was.
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost));
    settings.port = blocker.serverPort();
    QVERIFY(!m_server->start(settings, &error));
    QCOMPARE(m_server->port(), port);
    QCOMPARE(m_http.postForm(url(u"/ms-auth-server/oauth2/token"_s), SeedBody).status, 200);
}

void TestTokenHttp::concurrentRequestsAllSucceed()
{
    // Many requests in flight over several connections, served by all the server's threads:
    // every one gets its own valid token.
    QNetworkAccessManager manager;
    QNetworkRequest request(url(u"/ms-auth-server/oauth2/token"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded"_ba);
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 64; ++i)
        replies.append(manager.post(request, SeedBody));
    QSet<QString> tokenIds;
    for (QNetworkReply *reply : std::as_const(replies)) {
        if (!reply->isFinished())
            QVERIFY(QSignalSpy(reply, &QNetworkReply::finished).wait(30000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const QByteArray token = QJsonDocument::fromJson(reply->readAll())
                                     .object()
                                     .value("access_token"_L1)
                                     .toString()
                                     .toLatin1();
        const QJsonObject claims
            = QJsonDocument::fromJson(*Base64Url::decode(token.split('.').at(1))).object();
        tokenIds.insert(claims.value("jti"_L1).toString());
        reply->deleteLater();
    }
    QCOMPARE(tokenIds.size(), 64);
}

void TestTokenHttp::connectionsAreSpreadEvenlyOverThreads()
{
    // Keep-alive connections stay on the thread that took them, so the accepting thread must
    // hand them out in turn and no other thread may accept from the shared socket itself: when
    // one did, whole benchmark runs landed on one thread and throughput halved.
    const int threads = m_server->threadCount();
    const int connections = 16 * threads;
    m_server->reportPendingExchanges(); // the earlier tests' exchanges are not this test's
    QSignalSpy spy(m_server.get(), &AuthorizationServer::exchangeRecorded);
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    const QByteArray request = "POST /ms-auth-server/oauth2/token HTTP/1.1\r\n"
                               "Host: 127.0.0.1\r\n"
                               "Content-Type: application/x-www-form-urlencoded\r\n"
                               "Content-Length: "_ba
        + QByteArray::number(SeedBody.size()) + "\r\n\r\n"_ba + SeedBody;
    for (int i = 0; i < connections; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(socket->waitForConnected(5000));
        socket->write(request);
        // One answered request per connection before the next connects, all kept open.
        QByteArray answer;
        while (!answer.contains("access_token") && socket->waitForReadyRead(5000))
            answer += socket->readAll();
        QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
        sockets.push_back(std::move(socket));
    }
    QTRY_COMPARE(spy.count(), connections);
    QHash<QString, int> perThread;
    for (const QList<QVariant> &arguments : std::as_const(spy))
        ++perThread[arguments.first().value<ExchangeRecord>().serverThread];
    QCOMPARE(perThread.size(), threads);
    for (auto it = perThread.cbegin(); it != perThread.cend(); ++it)
        QVERIFY2(it.value() == connections / threads,
            qPrintable(u"%1 served %2 of %3 connections"_s.arg(it.key())
                           .arg(it.value())
                           .arg(connections)));
}

QTEST_GUILESS_MAIN(TestTokenHttp)
#include "tst_tokenhttp.moc"
