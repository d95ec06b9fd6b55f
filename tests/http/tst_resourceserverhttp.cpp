// SPDX-License-Identifier: GPL-3.0-or-later
// The sample resource server over loopback, with the authorization server beside it, as the
// tutorial series uses them (family.md): every status and WWW-Authenticate header of RFC 6750,
// both ways of checking tokens (JWT signature against the JWK set fetched over HTTP, and
// introspection over HTTP), the revoked JWT that signature checks keep accepting, the API's
// answers, and the traffic records of both servers.
#include "httpclient.h"

#include "http/authorizationserver.h"
#include "http/resourceserver.h"
#include "jose/jws.h"
#include "resource/introspectioncache.h"
#include "store/clock.h"
#include "store/jwkscache.h"
#include "store/registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

using Validation = ResourceServerSettings::Validation;

QByteArray post(const QByteArray &id, const QByteArray &secret)
{
    return "client_id=" + id + "&client_secret=" + secret;
}

const QByteArray JwtClient = post("service-client-jwt", "service-client-jwt-secret");
const QByteArray OpaqueClient = post("user-client-opaque", "user-client-secret");

} // namespace

class TestResourceServerHttp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void noTokenIs401WithRealm();
    void jwtReadsCountry();
    void countryListAndUnknownCode();
    void opaqueTokenByIntrospection();
    void opaqueTokenRefusedInJwtMode();
    void revokedJwtAcceptedBySignatureRefusedByIntrospection();
    void revokedOpaqueTokenRefused();
    void wrongScopeIs403();
    void expiredTokenIs401();
    void badSignatureAndGarbage();
    void moreThanOneMethodIs400();
    void queryTokenOnlyWhenSwitchedOn();
    void customers();
    void badCustomerBodiesAre400_data();
    void badCustomerBodiesAre400();
    void audienceWhenConfigured();
    void unknownPathAndMethod();
    void unknownKidRefetchesOnce();
    void introspectionFailureSaysWhy();
    void trafficRecordsBothSides();
    void deferredCallKeepsItsStartTime();

private:
    QUrl api(const QString &path) const
    {
        return QUrl(u"http://127.0.0.1:%1/ms-system%2"_s.arg(m_resource->port()).arg(path));
    }
    QUrl as(const QString &path) const
    {
        return QUrl(u"http://127.0.0.1:%1/ms-auth-server%2"_s.arg(m_server->port()).arg(path));
    }
    // A token with "scope" (the series' three scopes by default).
    QString token(const QByteArray &client,
        const QByteArray &scope = "country.read+customer.read+customer.write");
    HttpResult call(const QString &path, const QString &token, const QByteArray &method = "GET",
        const QByteArray &body = {}, const QByteArray &type = {});
    void setValidation(Validation validation);
    template<typename Edit>
    void editResource(Edit edit)
    {
        Configuration configuration = m_registry->configuration();
        edit(configuration.resourceServer);
        m_registry->setConfiguration(configuration);
    }

    Key m_key = Key::generateRsa(2048);
    ManualClock m_clock {QDateTime::currentMSecsSinceEpoch()};
    std::unique_ptr<Registry> m_registry;
    std::unique_ptr<AuthorizationServer> m_server;
    std::unique_ptr<ResourceServer> m_resource;
    HttpClient m_http;
};

void TestResourceServerHttp::initTestCase()
{
    m_registry = std::make_unique<Registry>(Configuration::defaults(), m_key);
    m_server = std::make_unique<AuthorizationServer>(m_registry.get(), m_clock);
    ServerSettings settings;
    settings.port = 0;
    QString error;
    QVERIFY2(m_server->start(settings, &error), qPrintable(error));
    m_resource = std::make_unique<ResourceServer>(m_registry.get(), m_clock);
    m_resource->setAuthorizationServer(m_server.get());
    ResourceServerSettings resource;
    resource.port = 0;
    QVERIFY2(m_resource->start(resource, &error), qPrintable(error));
    QVERIFY(m_resource->port() != 0);
    QCOMPARE(m_resource->baseUrl(), u"http://localhost:%1/ms-system"_s.arg(m_resource->port()));
}

void TestResourceServerHttp::init()
{
    m_clock.setMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch());
    m_registry->setConfiguration(Configuration::defaults());
}

void TestResourceServerHttp::cleanupTestCase()
{
    m_resource.reset();
    m_server.reset();
}

QString TestResourceServerHttp::token(const QByteArray &client, const QByteArray &scope)
{
    const HttpResult reply = m_http.postForm(
        as(u"/oauth2/token"_s), "grant_type=client_credentials&" + client + "&scope=" + scope);
    if (reply.status != 200)
        qWarning("token request failed: %d %s", reply.status, reply.body.constData());
    return reply.json().value("access_token"_L1).toString();
}

HttpResult TestResourceServerHttp::call(const QString &path, const QString &token,
    const QByteArray &method, const QByteArray &body, const QByteArray &type)
{
    HttpClient::Headers headers;
    if (!token.isEmpty())
        headers.append({"Authorization", "Bearer " + token.toLatin1()});
    if (!type.isEmpty())
        headers.append({"Content-Type", type});
    return m_http.send(method, api(path), headers, body);
}

void TestResourceServerHttp::setValidation(Validation validation)
{
    editResource(
        [validation](ResourceServerSettings &settings) { settings.validation = validation; });
}

void TestResourceServerHttp::noTokenIs401WithRealm()
{
    const HttpResult reply = call(u"/country/code/AUS"_s, {});
    QCOMPARE(reply.status, 401);
    QCOMPARE(reply.header("WWW-Authenticate"), "Bearer realm=\"ms-system\""_ba);
    // RFC 6750 §3.1: no error code when the request carried no authentication.
    QVERIFY(!reply.header("WWW-Authenticate").contains("error"));

    // Another scheme is no bearer token either.
    HttpClient::Headers basic {{"Authorization", "Basic " + "a:b"_ba.toBase64()}};
    const HttpResult other = m_http.send("GET", api(u"/country"_s), basic);
    QCOMPARE(other.status, 401);
    QCOMPARE(other.header("WWW-Authenticate"), "Bearer realm=\"ms-system\""_ba);
}

void TestResourceServerHttp::jwtReadsCountry()
{
    const QString jwt = token(JwtClient);
    QCOMPARE(jwt.count(u'.'), 2);
    const HttpResult reply = call(u"/country/code/AUS"_s, jwt);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json(), (QJsonObject {{u"code"_s, u"AUS"_s}, {u"name"_s, u"AUSTRALIA"_s}}));
    QVERIFY(reply.header("Content-Type").startsWith("application/json"));
    // The JWK set was fetched over HTTP from the authorization server, once.
    const QString jwks = m_server->issuer() + u"/oauth2/jwks"_s;
    QCOMPARE(m_resource->jwksCache().fetchCount(jwks), 1);
    QCOMPARE(call(u"/country/code/aus"_s, jwt).status, 200);
    QCOMPARE(m_resource->jwksCache().fetchCount(jwks), 1);
}

void TestResourceServerHttp::countryListAndUnknownCode()
{
    const QString jwt = token(JwtClient);
    const HttpResult list = call(u"/country"_s, jwt);
    QCOMPARE(list.status, 200);
    const QJsonArray countries = QJsonDocument::fromJson(list.body).array();
    QVERIFY(countries.size() > 20);
    QVERIFY(countries.contains(QJsonObject {{u"code"_s, u"AUS"_s}, {u"name"_s, u"AUSTRALIA"_s}}));

    const HttpResult unknown = call(u"/country/code/XYZ"_s, jwt);
    QCOMPARE(unknown.status, 404);
    QCOMPARE(unknown.json().value("error"_L1).toString(), u"not_found"_s);
}

void TestResourceServerHttp::opaqueTokenByIntrospection()
{
    const QString opaque = token(OpaqueClient);
    QCOMPARE(opaque.size(), 128);
    const int calls = m_resource->introspectionCache().callCount();
    const HttpResult reply = call(u"/country/code/AUS"_s, opaque);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value("name"_L1).toString(), u"AUSTRALIA"_s);
    QCOMPARE(m_resource->introspectionCache().callCount(), calls + 1);
    // Every request introspects again: nothing is cached past its own request.
    QCOMPARE(call(u"/customer/1"_s, opaque).status, 200);
    QCOMPARE(m_resource->introspectionCache().callCount(), calls + 2);
}

void TestResourceServerHttp::opaqueTokenRefusedInJwtMode()
{
    setValidation(Validation::Jwt);
    const HttpResult reply = call(u"/country/code/AUS"_s, token(OpaqueClient));
    QCOMPARE(reply.status, 401);
    const QByteArray challenge = reply.header("WWW-Authenticate");
    QVERIFY2(challenge.startsWith("Bearer realm=\"ms-system\", error=\"invalid_token\", "
                                  "error_description=\""),
        challenge.constData());
    QVERIFY2(challenge.contains("not a JWT"), challenge.constData());
}

void TestResourceServerHttp::revokedJwtAcceptedBySignatureRefusedByIntrospection()
{
    const QString jwt = token(JwtClient);
    QCOMPARE(call(u"/country/code/AUS"_s, jwt).status, 200);
    const HttpResult revoked
        = m_http.postForm(as(u"/oauth2/revoke"_s), "token=" + jwt.toLatin1() + '&' + JwtClient);
    QCOMPARE(revoked.status, 200);

    // Signature-only checks cannot see a revocation: the token works until it expires.
    for (const Validation validation : {Validation::Jwt, Validation::IntrospectOpaque}) {
        setValidation(validation);
        QCOMPARE(call(u"/country/code/AUS"_s, jwt).status, 200);
    }
    // Introspection sees it at once.
    setValidation(Validation::Introspect);
    const HttpResult reply = call(u"/country/code/AUS"_s, jwt);
    QCOMPARE(reply.status, 401);
    const QByteArray challenge = reply.header("WWW-Authenticate");
    QVERIFY2(challenge.contains("error=\"invalid_token\""), challenge.constData());
    QVERIFY2(challenge.contains("revoked"), challenge.constData());
    QCOMPARE(reply.json().value("error"_L1).toString(), u"invalid_token"_s);

    // A JWT that is not revoked still passes by introspection.
    QCOMPARE(call(u"/country/code/AUS"_s, token(JwtClient)).status, 200);
}

void TestResourceServerHttp::revokedOpaqueTokenRefused()
{
    const QString opaque = token(OpaqueClient);
    QCOMPARE(call(u"/country"_s, opaque).status, 200);
    QCOMPARE(
        m_http.postForm(as(u"/oauth2/revoke"_s), "token=" + opaque.toLatin1() + '&' + OpaqueClient)
            .status,
        200);
    const HttpResult reply = call(u"/country"_s, opaque);
    QCOMPARE(reply.status, 401);
    QVERIFY(reply.header("WWW-Authenticate").contains("error=\"invalid_token\""));
    QVERIFY(reply.header("WWW-Authenticate").contains("not active"));
}

void TestResourceServerHttp::wrongScopeIs403()
{
    for (const QByteArray &client : {JwtClient, OpaqueClient}) {
        const QString limited = token(client, "customer.read");
        QVERIFY(!limited.isEmpty());
        const HttpResult reply = call(u"/country/code/AUS"_s, limited);
        QCOMPARE(reply.status, 403);
        const QByteArray challenge = reply.header("WWW-Authenticate");
        QVERIFY2(challenge.startsWith("Bearer realm=\"ms-system\", error=\"insufficient_scope\""),
            challenge.constData());
        QVERIFY2(challenge.endsWith("scope=\"country.read\""), challenge.constData());
        QCOMPARE(reply.json().value("scope"_L1).toString(), u"country.read"_s);
        QCOMPARE(call(u"/customer/2"_s, limited).status, 200);
    }

    // The scope a route needs is a setting, applied to the next request.
    const QString limited = token(JwtClient, "customer.read");
    editResource([](ResourceServerSettings &settings) {
        settings.routeScopes[0].scope = u"customer.read"_s; // GET /country/code/{code}
    });
    QCOMPARE(call(u"/country/code/AUS"_s, limited).status, 200);
    QCOMPARE(call(u"/country"_s, limited).status, 403);
}

void TestResourceServerHttp::expiredTokenIs401()
{
    const QString jwt = token(JwtClient);
    const QString opaque = token(OpaqueClient);
    m_clock.advance(5 * 3600 * 1000); // tokens live 4 hours
    for (const Validation validation : {Validation::IntrospectOpaque, Validation::Introspect}) {
        setValidation(validation);
        const HttpResult reply = call(u"/country"_s, jwt);
        QCOMPARE(reply.status, 401);
        const QByteArray challenge = reply.header("WWW-Authenticate");
        QVERIFY2(challenge.contains("error=\"invalid_token\""), challenge.constData());
        QVERIFY2(challenge.contains("expired"), challenge.constData());
    }
    const HttpResult reply = call(u"/country"_s, opaque);
    QCOMPARE(reply.status, 401);
    QVERIFY(reply.header("WWW-Authenticate").contains("error=\"invalid_token\""));
}

void TestResourceServerHttp::badSignatureAndGarbage()
{
    const QString jwt = token(JwtClient);
    QString tampered = jwt;
    tampered[tampered.size() - 5] = tampered.at(tampered.size() - 5) == u'A' ? u'B' : u'A';
    const HttpResult bad = call(u"/country"_s, tampered);
    QCOMPARE(bad.status, 401);
    QVERIFY2(bad.header("WWW-Authenticate").contains("signature"),
        bad.header("WWW-Authenticate").constData());

    // Not b64token (RFC 6750 §2.1): malformed.
    const HttpResult malformed = call(u"/country"_s, u"a b\"c"_s);
    QCOMPARE(malformed.status, 401);
    QVERIFY(malformed.header("WWW-Authenticate").contains("malformed"));

    // A token the authorization server never issued: introspection says inactive.
    const HttpResult unknown = call(u"/country"_s, u"never-issued-token"_s);
    QCOMPARE(unknown.status, 401);
    QVERIFY(unknown.header("WWW-Authenticate").contains("error=\"invalid_token\""));
}

void TestResourceServerHttp::moreThanOneMethodIs400()
{
    editResource([](ResourceServerSettings &settings) { settings.allowQueryToken = true; });
    const QString jwt = token(JwtClient);
    QUrl url = api(u"/country"_s);
    url.setQuery(u"access_token="_s + jwt);
    const HttpResult reply
        = m_http.send("GET", url, {{"Authorization", "Bearer " + jwt.toLatin1()}});
    QCOMPARE(reply.status, 400);
    QVERIFY2(reply.header("WWW-Authenticate").contains("error=\"invalid_request\""),
        reply.header("WWW-Authenticate").constData());

    // Two Authorization headers (QNetworkAccessManager cannot send them: a raw socket).
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_resource->port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write("GET /ms-system/country HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
        + jwt.toLatin1() + "\r\nAuthorization: Bearer x\r\nConnection: close\r\n\r\n");
    QByteArray answer;
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(5000))
        answer += socket.readAll();
    answer += socket.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 400"), answer.constData());
    QVERIFY2(answer.contains("error=\"invalid_request\""), answer.constData());
}

void TestResourceServerHttp::queryTokenOnlyWhenSwitchedOn()
{
    const QString jwt = token(JwtClient);
    QUrl url = api(u"/country/code/AUS"_s);
    url.setQuery(u"access_token="_s + jwt);
    // Off by default: the request carries no token the server reads.
    const HttpResult off = m_http.get(url);
    QCOMPARE(off.status, 401);
    QCOMPARE(off.header("WWW-Authenticate"), "Bearer realm=\"ms-system\""_ba);
    editResource([](ResourceServerSettings &settings) { settings.allowQueryToken = true; });
    QCOMPARE(m_http.get(url).status, 200);

    // The form body (§2.2), likewise.
    editResource([](ResourceServerSettings &settings) {
        settings.allowFormBodyToken = true;
        settings.routeScopes[3].scope = u"customer.write"_s;
    });
    const HttpResult form = m_http.postForm(api(u"/customer"_s), "access_token=" + jwt.toLatin1());
    // Read as a token; the body is then not the JSON a customer needs.
    QCOMPARE(form.status, 400);
    QCOMPARE(form.json().value("error"_L1).toString(), u"invalid_request"_s);
    QVERIFY(form.header("WWW-Authenticate").isEmpty());
}

void TestResourceServerHttp::customers()
{
    const QString jwt = token(JwtClient);
    const HttpResult one = call(u"/customer/1"_s, jwt);
    QCOMPARE(one.status, 200);
    QCOMPARE(one.json().value("id"_L1).toInt(), 1);
    QCOMPARE(call(u"/customer/999"_s, jwt).status, 404);
    QCOMPARE(call(u"/customer/abc"_s, jwt).status, 400);

    const HttpResult created = call(u"/customer"_s, jwt, "POST",
        R"({"name": "Mary Jackson", "email": "mary@example.com", "countryCode": "USA"})",
        "application/json");
    QCOMPARE(created.status, 201);
    const int id = created.json().value("id"_L1).toInt();
    QVERIFY(id > 3);
    QCOMPARE(created.header("Location"),
        (m_resource->baseUrl() + u"/customer/"_s + QString::number(id)).toUtf8());
    const HttpResult read = call(u"/customer/"_s + QString::number(id), jwt);
    QCOMPARE(read.status, 200);
    QCOMPARE(read.json().value("name"_L1).toString(), u"Mary Jackson"_s);

    // customer.write is needed to add one.
    const HttpResult readOnly = call(u"/customer"_s, token(JwtClient, "customer.read"), "POST",
        R"({"name": "X", "email": "x@example.com"})", "application/json");
    QCOMPARE(readOnly.status, 403);
    QVERIFY(readOnly.header("WWW-Authenticate").contains("scope=\"customer.write\""));
}

void TestResourceServerHttp::badCustomerBodiesAre400_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QString>("says");
    QTest::newRow("not JSON") << "{\"name\": "_ba
                              << "application/json"_ba << u"not valid JSON"_s;
    QTest::newRow("array") << "[]"_ba
                           << "application/json"_ba << u"JSON object"_s;
    QTest::newRow("no name") << R"({"email": "a@b.c"})"_ba
                             << "application/json"_ba << u"name"_s;
    QTest::newRow("bad email") << R"({"name": "A", "email": "nope"})"_ba
                               << "application/json"_ba << u"email"_s;
    QTest::newRow("unknown country")
        << R"({"name": "A", "email": "a@b.c", "countryCode": "QQQ"})"_ba
        << "application/json"_ba << u"countryCode"_s;
    QTest::newRow("id given") << R"({"id": 7, "name": "A", "email": "a@b.c"})"_ba
                              << "application/json"_ba << u"unknown member"_s;
    QTest::newRow("text") << R"({"name": "A", "email": "a@b.c"})"_ba
                          << "text/plain"_ba << u"Content-Type"_s;
}

void TestResourceServerHttp::badCustomerBodiesAre400()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, type);
    QFETCH(QString, says);
    const HttpResult reply = call(u"/customer"_s, token(JwtClient), "POST", body, type);
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.json().value("error"_L1).toString(), u"invalid_request"_s);
    QVERIFY2(reply.json().value("error_description"_L1).toString().contains(says),
        reply.body.constData());
}

void TestResourceServerHttp::audienceWhenConfigured()
{
    const QString jwt = token(JwtClient); // aud: the client id
    editResource([](ResourceServerSettings &settings) { settings.audience = {u"ms-system"_s}; });
    const HttpResult refused = call(u"/country"_s, jwt);
    QCOMPARE(refused.status, 401);
    QVERIFY(refused.header("WWW-Authenticate").contains("audience"));

    Configuration configuration = m_registry->configuration();
    for (ClientRegistration &client : configuration.clients)
        client.audience = {u"ms-system"_s};
    m_registry->setConfiguration(configuration);
    QCOMPARE(call(u"/country"_s, token(JwtClient)).status, 200);
    QCOMPARE(call(u"/country"_s, token(OpaqueClient)).status, 200);
}

void TestResourceServerHttp::unknownPathAndMethod()
{
    const QString jwt = token(JwtClient);
    QCOMPARE(call(u"/nothing-here"_s, jwt).status, 404);
    // Below the context path, the token is checked first, as a security filter would.
    QCOMPARE(call(u"/nothing-here"_s, {}).status, 401);
    const HttpResult wrong = call(u"/country"_s, jwt, "DELETE");
    QCOMPARE(wrong.status, 405);
    QCOMPARE(wrong.header("Allow"), "GET"_ba);
    // Outside the context path.
    const HttpResult outside = m_http.get(
        QUrl(u"http://127.0.0.1:%1/ms-auth-server/oauth2/token"_s.arg(m_resource->port())));
    QCOMPARE(outside.status, 404);
}

void TestResourceServerHttp::unknownKidRefetchesOnce()
{
    // Later than any fetch an earlier case made (the clock only moves forward here).
    m_clock.advance(6 * 3600 * 1000);
    const QString jwt = token(JwtClient);
    QCOMPARE(call(u"/country"_s, jwt).status, 200);
    const QString jwks = m_server->issuer() + u"/oauth2/jwks"_s;
    const int before = m_resource->jwksCache().fetchCount(jwks);

    // A token signed by a key the authorization server does not publish, with a kid it lacks.
    const Key other = Key::generateRsa(2048);
    const QByteArray header = R"({"kid":"rotated","alg":"RS256"})";
    const QByteArray claims
        = QJsonDocument(QJsonObject {{u"iss"_s, m_server->issuer()},
                            {u"exp"_s, m_clock.currentMSecsSinceEpoch() / 1000 + 60},
                            {u"scope"_s, QJsonArray {u"country.read"_s}}})
              .toJson(QJsonDocument::Compact);
    const QByteArray forged = Jws::compact(header, claims, u"RS256"_s, other);
    m_clock.advance(JwksCache::DefaultCooldownMSecs + 1);
    const HttpResult first = call(u"/country"_s, QString::fromLatin1(forged));
    QCOMPARE(first.status, 401);
    QVERIFY2(first.header("WWW-Authenticate").contains("kid rotated"),
        first.header("WWW-Authenticate").constData());
    QCOMPARE(m_resource->jwksCache().fetchCount(jwks), before + 1);
    // Within the cooldown, no new fetch however many requests ask.
    for (int i = 0; i < 3; ++i)
        QCOMPARE(call(u"/country"_s, QString::fromLatin1(forged)).status, 401);
    QCOMPARE(m_resource->jwksCache().fetchCount(jwks), before + 1);
}

void TestResourceServerHttp::introspectionFailureSaysWhy()
{
    const QString opaque = token(OpaqueClient);
    editResource([](ResourceServerSettings &settings) {
        settings.introspectionClientSecret = u"wrong-secret"_s;
    });
    const HttpResult reply = call(u"/country"_s, opaque);
    QCOMPARE(reply.status, 401);
    QVERIFY2(reply.header("WWW-Authenticate").contains("invalid_client"),
        reply.header("WWW-Authenticate").constData());

    // client_secret_post works as well as Basic.
    editResource([](ResourceServerSettings &settings) {
        settings.introspectionClientId = u"client_secret_jwt_client"_s;
        settings.introspectionClientSecret = u"client_secret_jwt_password"_s;
        settings.introspectionAuth = ResourceServerSettings::IntrospectionAuth::ClientSecretPost;
    });
    QCOMPARE(call(u"/country"_s, opaque).status, 200);
}

void TestResourceServerHttp::trafficRecordsBothSides()
{
    // What earlier cases left in the batches is delivered before the spies listen.
    m_resource->reportPendingExchanges();
    m_server->reportPendingExchanges();
    QSignalSpy resourceRecords(m_resource.get(), &ResourceServer::exchangeRecorded);
    QSignalSpy serverRecords(m_server.get(), &AuthorizationServer::exchangeRecorded);
    const QString opaque = token(OpaqueClient);
    QCOMPARE(call(u"/country/code/AUS"_s, opaque).status, 200);
    QCOMPARE(call(u"/country/code/AUS"_s, {}).status, 401);
    m_resource->reportPendingExchanges();
    m_server->reportPendingExchanges();

    QCOMPARE(resourceRecords.size(), 2);
    const auto served = resourceRecords.at(0).at(0).value<ExchangeRecord>();
    QCOMPARE(served.status, 200);
    QCOMPARE(served.path, "/ms-system/country/code/AUS"_ba);
    QCOMPARE(served.decision.clientId, u"user-client-opaque"_s);
    QVERIFY2(
        served.decision.reason.contains(u"introspected"_s), qPrintable(served.decision.reason));
    // The token is masked like any credential header.
    QVERIFY(served.rawRequest.contains("Bearer ******"));
    QVERIFY(!served.rawRequest.contains(opaque.toLatin1()));
    QCOMPARE(served.serverThread, u"resource-server"_s);
    const auto refused = resourceRecords.at(1).at(0).value<ExchangeRecord>();
    QCOMPARE(refused.status, 401);
    QCOMPARE(refused.outcome, u"no token"_s);

    // The introspection call reached the authorization server, which recorded it with the
    // resource server's User-Agent and its Basic credentials masked.
    bool found = false;
    for (const QList<QVariant> &arguments : std::as_const(serverRecords)) {
        const auto record = arguments.at(0).value<ExchangeRecord>();
        if (record.path != "/ms-auth-server/oauth2/introspect")
            continue;
        found = true;
        QVERIFY(record.rawRequest.contains("oauth2-playground-resource-server"));
        QVERIFY(record.rawRequest.contains("Basic ******"));
        QVERIFY(!record.rawRequest.contains("service-client-jwt-secret"));
        QVERIFY(record.id != served.id);
    }
    QVERIFY(found);
}

void TestResourceServerHttp::deferredCallKeepsItsStartTime()
{
    // An opaque token makes the resource server wait for an introspection and handle the
    // request again: its record keeps the first attempt's start, so the sequence view draws the
    // call before the introspection it caused, and its answer after the introspection's.
    m_resource->reportPendingExchanges();
    m_server->reportPendingExchanges();
    const QString opaque = token(OpaqueClient);
    QSignalSpy resourceRecords(m_resource.get(), &ResourceServer::exchangeRecorded);
    QSignalSpy serverRecords(m_server.get(), &AuthorizationServer::exchangeRecorded);
    const qint64 sentMicros = ExchangeRecord::wallClockMicros();
    QCOMPARE(call(u"/country/code/AUS"_s, opaque).status, 200);
    m_resource->reportPendingExchanges();
    m_server->reportPendingExchanges();
    QCOMPARE(resourceRecords.size(), 1);
    const auto served = resourceRecords.at(0).at(0).value<ExchangeRecord>();
    std::optional<ExchangeRecord> introspection;
    for (const QList<QVariant> &arguments : std::as_const(serverRecords)) {
        const auto record = arguments.at(0).value<ExchangeRecord>();
        if (record.path == "/ms-auth-server/oauth2/introspect")
            introspection = record;
    }
    QVERIFY(introspection);
    QVERIFY(served.startedMicros >= sentMicros);
    QVERIFY2(served.startedMicros < introspection->startedMicros,
        qPrintable(
            u"API call started at %1 µs, its introspection at %2 µs"_s.arg(served.startedMicros)
                .arg(introspection->startedMicros)));
    // Its duration covers the wait: it ends after the introspection does.
    QVERIFY2(served.startedMicros + served.durationMicros
            >= introspection->startedMicros + introspection->durationMicros,
        qPrintable(u"API call %1 + %2 µs, introspection %3 + %4 µs"_s.arg(served.startedMicros)
                       .arg(served.durationMicros)
                       .arg(introspection->startedMicros)
                       .arg(introspection->durationMicros)));
}

QTEST_GUILESS_MAIN(TestResourceServerHttp)
#include "tst_resourceserverhttp.moc"
