// SPDX-License-Identifier: GPL-3.0-or-later
// The token, introspection and revocation steps of the tutorial series (family.md) over loopback,
// against the default configuration, as a user following the series sends them (the JWT client
// authentication steps are in their own tests).
#include "httpclient.h"

#include "http/authorizationserver.h"
#include "jose/base64url.h"
#include "store/clock.h"
#include "store/registry.h"
#include "store/tokenstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

const QByteArray Scopes = "scope=country.read+customer.read+customer.write";

QByteArray basic(const QByteArray &id, const QByteArray &secret)
{
    const QByteArray pair = id + ':' + secret;
    return "Basic " + pair.toBase64();
}

QByteArray post(const QByteArray &id, const QByteArray &secret)
{
    return "client_id=" + id + "&client_secret=" + secret;
}

QStringList keys(const QJsonObject &object)
{
    return object.keys();
}

} // namespace

class TestFamilyHttp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void seedJwtToken();
    void opaqueToken();
    void clientSecretJwtClientUsesPost();
    void basicWithParametersInQuery();
    void emptyPostWithoutContentType();
    void strictProfileReadsBodyOnly();
    void credentialsInQueryRefusedInBothProfiles();
    void introspectOpaqueAsAnotherClient();
    void introspectJwt();
    void introspectUnknownAndUnauthenticated();
    void revokeOpaqueOnlyByOwner();
    void revokeJwt();
    void revokeUnknownIs200();
    void claimsPerClient();
    void metadataListsNewEndpoints();
    void opaqueTokenSurvivesRestart();

private:
    QUrl url(const QString &path) const
    {
        return QUrl(u"http://127.0.0.1:%1/ms-auth-server%2"_s.arg(m_server->port()).arg(path));
    }
    QString issueToken(const QByteArray &body);
    HttpResult introspect(const QString &token, const QByteArray &credentials);
    HttpResult revoke(const QString &token, const QByteArray &credentials);

    QTemporaryDir m_dir;
    Key m_key = Key::generateRsa(2048);
    std::unique_ptr<TokenStore> m_tokens;
    std::unique_ptr<Registry> m_registry;
    std::unique_ptr<AuthorizationServer> m_server;
    HttpClient m_http;
};

void TestFamilyHttp::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_tokens = TokenStore::open(
        m_dir.filePath(u"tokens.sqlite"_s), QDateTime::currentSecsSinceEpoch(), &error);
    QVERIFY2(m_tokens, qPrintable(error));
    m_registry = std::make_unique<Registry>(Configuration::defaults(), m_key);
    m_server = std::make_unique<AuthorizationServer>(m_registry.get(), Clock::system());
    m_server->setTokenStore(m_tokens.get());
    ServerSettings settings;
    settings.port = 0;
    QVERIFY2(m_server->start(settings, &error), qPrintable(error));
}

void TestFamilyHttp::init()
{
    m_registry->setConfiguration(Configuration::defaults());
}

void TestFamilyHttp::cleanupTestCase()
{
    m_server.reset();
}

QString TestFamilyHttp::issueToken(const QByteArray &body)
{
    const HttpResult reply = m_http.postForm(url(u"/oauth2/token"_s), body);
    if (reply.status != 200)
        qWarning("token request failed: %d %s", reply.status, reply.body.constData());
    return reply.json().value("access_token"_L1).toString();
}

HttpResult TestFamilyHttp::introspect(const QString &token, const QByteArray &credentials)
{
    const bool isBasic = credentials.startsWith("Basic ");
    const QByteArray body
        = "token=" + token.toLatin1() + (isBasic ? QByteArray() : QByteArray("&" + credentials));
    HttpClient::Headers headers;
    if (isBasic)
        headers.append({"Authorization", credentials});
    return m_http.postForm(url(u"/oauth2/introspect"_s), body, headers);
}

HttpResult TestFamilyHttp::revoke(const QString &token, const QByteArray &credentials)
{
    const bool isBasic = credentials.startsWith("Basic ");
    const QByteArray body
        = "token=" + token.toLatin1() + (isBasic ? QByteArray() : QByteArray("&" + credentials));
    HttpClient::Headers headers;
    if (isBasic)
        headers.append({"Authorization", credentials});
    return m_http.postForm(url(u"/oauth2/revoke"_s), body, headers);
}

void TestFamilyHttp::seedJwtToken()
{
    const HttpResult reply = m_http.postForm(url(u"/oauth2/token"_s),
        "grant_type=client_credentials&" + post("service-client-jwt", "service-client-jwt-secret")
            + '&' + Scopes);
    QCOMPARE(reply.status, 200);
    const QJsonObject json = reply.json();
    QCOMPARE(json.value("token_type"_L1).toString(), u"Bearer"_s);
    QVERIFY(json.value("expires_in"_L1).toInt() >= 14399);
    QCOMPARE(json.value("access_token"_L1).toString().count(u'.'), 2);
}

void TestFamilyHttp::opaqueToken()
{
    const HttpResult reply = m_http.postForm(url(u"/oauth2/token"_s),
        "grant_type=client_credentials&" + post("user-client-opaque", "user-client-secret") + '&'
            + Scopes);
    QCOMPARE(reply.status, 200);
    const QJsonObject json = reply.json();
    // The same members as for a JWT.
    QCOMPARE(keys(json),
        (QStringList {u"access_token"_s, u"expires_in"_s, u"scope"_s, u"token_type"_s}));
    const QString token = json.value("access_token"_L1).toString();
    QVERIFY2(
        QRegularExpression(u"^[A-Za-z0-9_-]{128}$"_s).match(token).hasMatch(), qPrintable(token));
    QCOMPARE(json.value("scope"_L1).toString(), u"country.read customer.read customer.write"_s);
}

void TestFamilyHttp::clientSecretJwtClientUsesPost()
{
    // Its 26-byte secret is too short for HS256; the series introspects with id and secret in
    // the body, and it gets tokens the same way.
    QVERIFY(!issueToken("grant_type=client_credentials&"
        + post("client_secret_jwt_client", "client_secret_jwt_password"))
                 .isEmpty());
}

void TestFamilyHttp::basicWithParametersInQuery()
{
    // The series' client_secret_basic example: grant_type and scope in the URL query.
    QUrl target = url(u"/oauth2/token"_s);
    target.setQuery(u"grant_type=client_credentials&scope=country.read%20customer.read"_s);
    const HttpResult reply = m_http.postForm(target, QByteArray(),
        {{"Authorization", basic("service-client-jwt", "service-client-jwt-secret")}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value("scope"_L1).toString(), u"country.read customer.read"_s);
}

void TestFamilyHttp::emptyPostWithoutContentType()
{
    // curl -X POST ".../oauth2/token?grant_type=...&scope=..." -u id:secret sends no body and no
    // Content-Type; Spring takes it, and so does the spring profile.
    QUrl target = url(u"/oauth2/token"_s);
    target.setQuery(u"grant_type=client_credentials&scope=country.read"_s);
    const HttpResult reply = m_http.send("POST", target,
        {{"Authorization", basic("service-client-jwt", "service-client-jwt-secret")}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value("scope"_L1).toString(), u"country.read"_s);

    Configuration strict = Configuration::defaults();
    strict.server.profile = ServerSettings::Profile::Strict;
    m_registry->setConfiguration(strict);
    const HttpResult refused = m_http.send("POST", target,
        {{"Authorization", basic("service-client-jwt", "service-client-jwt-secret")}});
    QCOMPARE(refused.status, 400);
    QCOMPARE(refused.json().value("error_description"_L1).toString(),
        u"the request body must be application/x-www-form-urlencoded"_s);
}

void TestFamilyHttp::strictProfileReadsBodyOnly()
{
    Configuration strict = Configuration::defaults();
    strict.server.profile = ServerSettings::Profile::Strict;
    m_registry->setConfiguration(strict);
    QUrl target = url(u"/oauth2/token"_s);
    target.setQuery(u"grant_type=client_credentials"_s);
    const HttpResult reply = m_http.postForm(target, QByteArray(),
        {{"Authorization", basic("service-client-jwt", "service-client-jwt-secret")}});
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.json().value("error"_L1).toString(), u"invalid_request"_s);
    QCOMPARE(reply.json().value("error_description"_L1).toString(), u"grant_type is missing"_s);
}

void TestFamilyHttp::credentialsInQueryRefusedInBothProfiles()
{
    for (const auto profile : {ServerSettings::Profile::Spring, ServerSettings::Profile::Strict}) {
        Configuration config = Configuration::defaults();
        config.server.profile = profile;
        m_registry->setConfiguration(config);
        QUrl target = url(u"/oauth2/token"_s);
        target.setQuery(u"client_secret=service-client-jwt-secret"_s);
        const HttpResult reply
            = m_http.postForm(target, "grant_type=client_credentials&client_id=service-client-jwt");
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.json().value("error_description"_L1).toString(),
            u"client credentials must be sent in the request body, not in the URL"_s);
    }
}

void TestFamilyHttp::introspectOpaqueAsAnotherClient()
{
    const QString token = issueToken("grant_type=client_credentials&"
        + post("user-client-opaque", "user-client-secret") + '&' + Scopes);
    QVERIFY(!token.isEmpty());
    // The series introspects user-client-opaque's token as service-client-jwt.
    const HttpResult reply
        = introspect(token, basic("service-client-jwt", "service-client-jwt-secret"));
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.header("Content-Type").startsWith("application/json"));
    const QJsonObject json = reply.json();
    QCOMPARE(keys(json),
        (QStringList {u"active"_s, u"aud"_s, u"client_id"_s, u"exp"_s, u"iat"_s, u"iss"_s, u"jti"_s,
            u"nbf"_s, u"scope"_s, u"sub"_s, u"token_type"_s}));
    QCOMPARE(json.value("active"_L1).toBool(), true);
    QCOMPARE(json.value("sub"_L1).toString(), u"user-client-opaque"_s);
    QCOMPARE(json.value("aud"_L1).toArray(), QJsonArray {u"user-client-opaque"_s});
    QCOMPARE(json.value("scope"_L1).toString(), u"country.read customer.read customer.write"_s);
    QCOMPARE(json.value("iss"_L1).toString(),
        u"http://localhost:%1/ms-auth-server"_s.arg(m_server->port()));
    QCOMPARE(json.value("client_id"_L1).toString(), u"user-client-opaque"_s);
    QCOMPARE(json.value("token_type"_L1).toString(), u"Bearer"_s);
    QCOMPARE(json.value("exp"_L1).toInteger() - json.value("iat"_L1).toInteger(), 14400);
    QCOMPARE(json.value("nbf"_L1).toInteger(), json.value("iat"_L1).toInteger());
    // The body's member order is the series' (active first).
    QVERIFY(reply.body.startsWith(R"({"active":true,"sub":)"));

    // With id and secret in the body, as client_secret_jwt_client does in the series.
    const HttpResult byPost
        = introspect(token, post("client_secret_jwt_client", "client_secret_jwt_password"));
    QCOMPARE(byPost.status, 200);
    QCOMPARE(byPost.json().value("active"_L1).toBool(), true);
}

void TestFamilyHttp::introspectJwt()
{
    const QString token = issueToken("grant_type=client_credentials&"
        + post("service-client-jwt", "service-client-jwt-secret") + "&scope=country.read");
    const HttpResult reply = introspect(token, post("user-client-opaque", "user-client-secret"));
    QCOMPARE(reply.status, 200);
    const QJsonObject json = reply.json();
    QCOMPARE(json.value("active"_L1).toBool(), true);
    QCOMPARE(json.value("client_id"_L1).toString(), u"service-client-jwt"_s);
    QCOMPARE(json.value("scope"_L1).toString(), u"country.read"_s);
    // The same jti as inside the JWT.
    const QJsonObject payload = QJsonDocument::fromJson(
        Base64Url::decode(token.toLatin1().split('.').at(1)).value_or(QByteArray()))
                                    .object();
    QCOMPARE(json.value("jti"_L1).toString(), payload.value("jti"_L1).toString());
    // token_type_hint is only a hint: a wrong one changes nothing.
    const HttpResult hinted = m_http.postForm(url(u"/oauth2/introspect"_s),
        "token=" + token.toLatin1() + "&token_type_hint=refresh_token&"
            + post("user-client-opaque", "user-client-secret"));
    QCOMPARE(hinted.json().value("active"_L1).toBool(), true);
}

void TestFamilyHttp::introspectUnknownAndUnauthenticated()
{
    const HttpResult unknown
        = introspect(u"not-a-token"_s, post("user-client-opaque", "user-client-secret"));
    QCOMPARE(unknown.status, 200);
    QCOMPARE(unknown.body, R"({"active":false})"_ba);

    const HttpResult noClient = m_http.postForm(url(u"/oauth2/introspect"_s), "token=anything");
    QCOMPARE(noClient.status, 401);
    QCOMPARE(noClient.json().value("error"_L1).toString(), u"invalid_client"_s);

    const HttpResult wrongSecret = introspect(u"x"_s, basic("service-client-jwt", "wrong"));
    QCOMPARE(wrongSecret.status, 401);
    QVERIFY(wrongSecret.header("WWW-Authenticate").startsWith("Basic"));

    const HttpResult noToken = m_http.postForm(
        url(u"/oauth2/introspect"_s), post("user-client-opaque", "user-client-secret"));
    QCOMPARE(noToken.status, 400);
    QCOMPARE(noToken.json().value("error"_L1).toString(), u"invalid_request"_s);

    const HttpResult get = m_http.get(url(u"/oauth2/introspect"_s));
    QCOMPARE(get.status, 405);
    QCOMPARE(get.header("Allow"), "POST"_ba);
}

void TestFamilyHttp::revokeOpaqueOnlyByOwner()
{
    const QString token = issueToken("grant_type=client_credentials&"
        + post("user-client-opaque", "user-client-secret") + '&' + Scopes);
    const QByteArray other = basic("service-client-jwt", "service-client-jwt-secret");

    // Another client cannot revoke it, and it stays active.
    const HttpResult refused = revoke(token, other);
    QCOMPARE(refused.status, 401);
    QCOMPARE(refused.json().value("error"_L1).toString(), u"invalid_client"_s);
    QCOMPARE(introspect(token, other).json().value("active"_L1).toBool(), true);

    // The owner can: 200, empty body; afterwards exactly {"active":false}.
    const HttpResult revoked = revoke(token, post("user-client-opaque", "user-client-secret"));
    QCOMPARE(revoked.status, 200);
    QVERIFY(revoked.body.isEmpty());
    const HttpResult after = introspect(token, other);
    QCOMPARE(after.status, 200);
    QCOMPARE(after.body, R"({"active":false})"_ba);

    // Revoking again is still 200.
    QCOMPARE(revoke(token, post("user-client-opaque", "user-client-secret")).status, 200);
}

void TestFamilyHttp::revokeJwt()
{
    const QString token = issueToken(
        "grant_type=client_credentials&" + post("service-client-jwt", "service-client-jwt-secret"));
    const QByteArray owner = basic("service-client-jwt", "service-client-jwt-secret");
    const HttpResult revoked = revoke(token, owner);
    QCOMPARE(revoked.status, 200);
    QVERIFY(revoked.body.isEmpty());
    QCOMPARE(introspect(token, owner).body, R"({"active":false})"_ba);
}

void TestFamilyHttp::revokeUnknownIs200()
{
    const HttpResult reply
        = revoke(u"never-issued"_s, post("user-client-opaque", "user-client-secret"));
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.body.isEmpty());
    // Still authenticated first.
    QCOMPARE(revoke(u"never-issued"_s, post("user-client-opaque", "wrong")).status, 401);
}

void TestFamilyHttp::claimsPerClient()
{
    Configuration config = Configuration::defaults();
    config.clients[1].audience = {u"ms-system"_s, u"user-client-opaque"_s};
    config.clients[1].extraClaims
        = QJsonObject {{u"tenant"_s, u"t1"_s}, {u"roles"_s, QJsonArray {u"reader"_s}}};
    config.clients[0].extraClaims = QJsonObject {{u"client_id"_s, u"service-client-jwt"_s}};
    m_registry->setConfiguration(config);

    const QString opaque = issueToken(
        "grant_type=client_credentials&" + post("user-client-opaque", "user-client-secret"));
    const QJsonObject json
        = introspect(opaque, post("user-client-opaque", "user-client-secret")).json();
    QCOMPARE(
        json.value("aud"_L1).toArray(), (QJsonArray {u"ms-system"_s, u"user-client-opaque"_s}));
    QCOMPARE(json.value("tenant"_L1).toString(), u"t1"_s);
    QCOMPARE(json.value("roles"_L1).toArray(), QJsonArray {u"reader"_s});

    const QString jwt = issueToken(
        "grant_type=client_credentials&" + post("service-client-jwt", "service-client-jwt-secret"));
    const QJsonObject payload = QJsonDocument::fromJson(
        Base64Url::decode(jwt.toLatin1().split('.').at(1)).value_or(QByteArray()))
                                    .object();
    QCOMPARE(payload.value("client_id"_L1).toString(), u"service-client-jwt"_s);
    QCOMPARE(payload.value("aud"_L1).toString(), u"service-client-jwt"_s);
}

void TestFamilyHttp::metadataListsNewEndpoints()
{
    const QJsonObject metadata
        = m_http.get(url(u"/.well-known/oauth-authorization-server"_s)).json();
    const QString issuer = u"http://localhost:%1/ms-auth-server"_s.arg(m_server->port());
    QCOMPARE(
        metadata.value("introspection_endpoint"_L1).toString(), issuer + u"/oauth2/introspect"_s);
    QCOMPARE(metadata.value("revocation_endpoint"_L1).toString(), issuer + u"/oauth2/revoke"_s);
    // The token endpoint's methods but "none": a public client cannot introspect or revoke.
    QJsonArray confidential = metadata.value("token_endpoint_auth_methods_supported"_L1).toArray();
    QCOMPARE(confidential.last().toString(), u"none"_s);
    confidential.removeLast();
    QCOMPARE(
        metadata.value("introspection_endpoint_auth_methods_supported"_L1).toArray(), confidential);
    QCOMPARE(
        metadata.value("revocation_endpoint_auth_methods_supported"_L1).toArray(), confidential);
}

void TestFamilyHttp::opaqueTokenSurvivesRestart()
{
    const QString token = issueToken(
        "grant_type=client_credentials&" + post("user-client-opaque", "user-client-secret"));
    QVERIFY(!token.isEmpty());
    QVERIFY(m_tokens->find(token));
    m_tokens->flush();
    // Stop the server and close the store; then start both again on the same file.
    m_server.reset();
    m_tokens.reset();
    QString error;
    m_tokens = TokenStore::open(
        m_dir.filePath(u"tokens.sqlite"_s), QDateTime::currentSecsSinceEpoch(), &error);
    QVERIFY2(m_tokens, qPrintable(error));
    QVERIFY2(m_tokens->find(token), qPrintable(QString::number(m_tokens->size())));
    m_server = std::make_unique<AuthorizationServer>(m_registry.get(), Clock::system());
    m_server->setTokenStore(m_tokens.get());
    ServerSettings settings;
    settings.port = 0;
    QVERIFY2(m_server->start(settings, &error), qPrintable(error));
    const QJsonObject json
        = introspect(token, post("service-client-jwt", "service-client-jwt-secret")).json();
    QCOMPARE(json.value("active"_L1).toBool(), true);
    QCOMPARE(json.value("client_id"_L1).toString(), u"user-client-opaque"_s);
}

QTEST_GUILESS_MAIN(TestFamilyHttp)
#include "tst_familyhttp.moc"
