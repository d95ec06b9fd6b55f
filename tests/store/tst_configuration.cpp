// SPDX-License-Identifier: GPL-3.0-or-later
#include "jose/key.h"
#include "store/configuration.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QTest>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

namespace {

// A valid one-client document whose client members can be replaced (raw JSON) or removed (null
// QByteArray), so each error row changes exactly one thing.
using Members = QList<std::pair<QByteArray, QByteArray>>;

QByteArray clientObject(const Members &changes)
{
    Members members = {
        {"clientId", R"("c")"},
        {"clientSecret", R"("s")"},
        {"displayName", R"("A client")"},
        {"authenticationMethods", R"(["client_secret_post"])"},
        {"grantTypes", R"(["client_credentials"])"},
        {"scopes", R"(["a", "b"])"},
        {"accessTokenLifetimeSeconds", "60"},
    };
    for (const auto &[key, raw] : changes) {
        auto it = std::find_if(members.begin(), members.end(),
            [&key](const auto &member) { return member.first == key; });
        if (it == members.end())
            members.append({key, raw});
        else if (raw.isNull())
            members.erase(it);
        else
            it->second = raw;
    }
    QByteArrayList parts;
    for (const auto &[key, raw] : members)
        parts.append('"' + key + "\": " + raw);
    return '{' + parts.join(", ") + '}';
}

QByteArray document(const QByteArray &clients, const QByteArray &scopes = R"([{"name": "a"},
        {"name": "b"}])",
    const QByteArray &extra = {})
{
    return R"({"version": 1, "scopes": )" + scopes + R"(, "clients": )" + clients + extra + '}';
}

QByteArray clientDocument(const Members &changes)
{
    return document('[' + clientObject(changes) + ']');
}

QByteArray serverDocument(const QByteArray &server)
{
    return document("[]", "[]", R"(, "server": )" + server);
}

QJsonObject parseObject(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qFatal("test data is not a JSON object: %s", text.constData());
    return document.object();
}

Configuration customConfiguration()
{
    Configuration config;
    config.server.bindAddress = u"::1"_s;
    config.server.port = 0;
    config.server.contextPath = QString();
    config.server.hostName = u"::1"_s;
    config.server.idleTimeoutMilliseconds = 10;
    config.server.requestTimeoutMilliseconds = 3600000;
    config.server.maxConnections = 1000000;
    config.server.maxRequestBodyBytes = 1024;
    config.scopes = {{u"profile"_s, QString()}, {u"urn:example:read"_s, u"Unicode: é ✓"_s}};
    ClientRegistration first;
    first.clientId = u"first:client"_s;
    first.clientSecret = u"s3cr3t with spaces and \"quotes\""_s;
    first.authenticationMethods = {u"client_secret_basic"_s};
    first.grantTypes = {u"client_credentials"_s};
    first.scopes = {u"urn:example:read"_s};
    first.accessTokenLifetimeSeconds = 31536000;
    first.clientSecretExpiresAt = QDateTime(QDate(2030, 1, 1), QTime(0, 0), QTimeZone::utc());
    ClientRegistration second;
    second.clientId = u"second"_s;
    second.clientSecret = u"x"_s;
    second.displayName = u"Second"_s;
    second.authenticationMethods = {u"client_secret_post"_s, u"client_secret_basic"_s};
    second.grantTypes = {u"client_credentials"_s};
    second.accessTokenLifetimeSeconds = 1;
    second.clientSecretExpiresAt
        = QDateTime(QDate(2031, 6, 15), QTime(12, 30, 45, 123), QTimeZone::utc());
    config.clients = {first, second};
    return config;
}

QString repeated(char c, int count)
{
    return QString(count, QLatin1Char(c));
}

} // namespace

Q_DECLARE_METATYPE(Configuration)

class tst_Configuration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsMatchSeed();
    void roundTrip_data();
    void roundTrip();
    void findClientAndScope();
    void issuer_data();
    void issuer();
    void fromJsonAccepts_data();
    void fromJsonAccepts();
    void version2Members();
    void version3Members();
    void fromJsonErrors_data();
    void fromJsonErrors();
    void validateClientId_data();
    void validateClientId();
    void validateScopeName_data();
    void validateScopeName();
    void validateContextPath_data();
    void validateContextPath();
    void clientRules();
    void userChecks_data();
    void userChecks();
    void documentedExampleEqualsDefaults();
};

void tst_Configuration::defaultsMatchSeed()
{
    const Configuration config = Configuration::defaults();

    QCOMPARE(config.server.bindAddress, u"127.0.0.1"_s);
    QCOMPARE(config.server.port, quint16(8085));
    QCOMPARE(config.server.contextPath, u"/ms-auth-server"_s);
    QCOMPARE(config.server.hostName, u"localhost"_s);
    QCOMPARE(config.server.idleTimeoutMilliseconds, qint64(60000));
    QCOMPARE(config.server.requestTimeoutMilliseconds, qint64(10000));
    QCOMPARE(config.server.maxConnections, 0);
    QCOMPARE(config.server.maxRequestBodyBytes, qint64(64 * 1024));

    QStringList scopeNames;
    for (const ScopeDefinition &scope : config.scopes) {
        scopeNames.append(scope.name);
        QVERIFY2(!scope.description.isEmpty(), qPrintable(scope.name));
    }
    QCOMPARE(scopeNames,
        (QStringList {u"country.read"_s, u"customer.read"_s, u"customer.write"_s, u"openid"_s,
            u"profile"_s, u"email"_s}));
    const QStringList seedScopes = scopeNames.first(3);

    // The series' five clients (family.md) and jwt-secret-client; the seed's first, unchanged.
    // Then the two sign-in clients of issue 12.
    QCOMPARE(config.clients.size(), 8);
    const ClientRegistration &client = config.clients.first();
    QCOMPARE(client.clientId, u"service-client-jwt"_s);
    QCOMPARE(client.clientSecret, u"service-client-jwt-secret"_s);
    QCOMPARE(client.displayName, u"Service client (JWT)"_s);
    QCOMPARE(client.authenticationMethods,
        (QStringList {u"client_secret_post"_s, u"client_secret_basic"_s}));
    QCOMPARE(client.grantTypes, QStringList {u"client_credentials"_s});
    QCOMPARE(client.scopes, seedScopes);
    QCOMPARE(client.accessTokenLifetimeSeconds, 14400);
    QVERIFY(!client.clientSecretExpiresAt.has_value());
    QVERIFY(client.allowsAuthenticationMethod(AuthMethod::ClientSecretPost));
    QVERIFY(client.allowsGrantType(GrantType::ClientCredentials));
    QCOMPARE(client.tokenFormat, u"jwt"_s);
    QCOMPARE(client.effectiveAudience(), QStringList {u"service-client-jwt"_s});

    struct Expected
    {
        QString id;
        QString secret;
        QStringList methods;
        QString format;
        QString jwksUri;
    };
    const QString helper = u"http://localhost:8095/ms-auth-client/oauth2/jwks"_s;
    const QList<Expected> expected {
        {u"service-client-jwt"_s, u"service-client-jwt-secret"_s,
            {u"client_secret_post"_s, u"client_secret_basic"_s}, u"jwt"_s, {}},
        {u"user-client-opaque"_s, u"user-client-secret"_s, {u"client_secret_post"_s},
            u"reference"_s, {}},
        {u"client_secret_jwt_client"_s, u"client_secret_jwt_password"_s,
            {u"client_secret_jwt"_s, u"client_secret_post"_s}, u"jwt"_s, {}},
        {u"privatekeyjwt_jwt_client"_s, {}, {u"private_key_jwt"_s}, u"jwt"_s, helper},
        {u"privatekey-jwt-client-opaque"_s, {}, {u"private_key_jwt"_s}, u"reference"_s, helper},
        {u"jwt-secret-client"_s, u"jwt-secret-client-secret-with-32-bytes"_s,
            {u"client_secret_jwt"_s}, u"jwt"_s, {}},
    };
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const ClientRegistration &c = config.clients.at(i);
        QCOMPARE(c.clientId, expected.at(i).id);
        QCOMPARE(c.clientSecret, expected.at(i).secret);
        QCOMPARE(c.authenticationMethods, expected.at(i).methods);
        QCOMPARE(c.tokenFormat, expected.at(i).format);
        QCOMPARE(c.jwksUri, expected.at(i).jwksUri);
        QCOMPARE(c.grantTypes, QStringList {u"client_credentials"_s});
        QCOMPARE(c.scopes, seedScopes);
        QCOMPARE(c.accessTokenLifetimeSeconds, 14400);
        QVERIFY(c.redirectUris.isEmpty());
        QVERIFY(!c.isPublic());
    }

    // web-client: confidential, client_secret_basic, Spring Security's oauth2Login redirect path,
    // consent required.
    const ClientRegistration &web = config.clients.at(6);
    QCOMPARE(web.clientId, u"web-client"_s);
    QCOMPARE(web.clientSecret, u"web-client-secret"_s);
    QCOMPARE(web.authenticationMethods, QStringList {u"client_secret_basic"_s});
    QCOMPARE(web.grantTypes, (QStringList {u"authorization_code"_s, u"refresh_token"_s}));
    QCOMPARE(
        web.redirectUris, QStringList {u"http://127.0.0.1:8080/login/oauth2/code/web-client"_s});
    QCOMPARE(web.scopes,
        (QStringList {u"openid"_s, u"profile"_s, u"email"_s, u"country.read"_s, u"customer.read"_s,
            u"customer.write"_s}));
    QVERIFY(web.requireConsent);
    QVERIFY(!web.isPublic());
    QVERIFY(!web.rotateRefreshTokens);

    // public-client: method none, PKCE required, any loopback port, rotating refresh tokens.
    const ClientRegistration &pub = config.clients.at(7);
    QCOMPARE(pub.clientId, u"public-client"_s);
    QVERIFY(pub.clientSecret.isEmpty());
    QCOMPARE(pub.authenticationMethods, QStringList {u"none"_s});
    QVERIFY(pub.isPublic());
    QVERIFY(pub.requiresPkce());
    QVERIFY(pub.rotateRefreshTokens);
    QCOMPARE(pub.grantTypes, (QStringList {u"authorization_code"_s, u"refresh_token"_s}));
    QCOMPARE(pub.redirectUris, QStringList {u"http://127.0.0.1/callback"_s});
    QVERIFY(ConfigurationJson::isLoopbackRedirectUri(pub.redirectUris.first()));
    QCOMPARE(pub.scopes, (QStringList {u"openid"_s, u"profile"_s, u"country.read"_s}));
    QCOMPARE(pub.authorizationCodeLifetimeSeconds, qint64(300));

    // The test user.
    QCOMPARE(config.users.size(), 1);
    QCOMPARE(config.users.first().username, u"user1"_s);
    QCOMPARE(config.users.first().password, u"password"_s);
    QVERIFY(config.findUser(u"user1"));
    // Long enough for HS256 (RFC 7518 §3.2: at least 32 bytes); the series' own is not.
    QVERIFY(config.clients.at(5).clientSecret.toUtf8().size() >= 32);
    QCOMPARE(config.clients.at(2).clientSecret.toUtf8().size(), 26);
}

void tst_Configuration::roundTrip_data()
{
    QTest::addColumn<Configuration>("config");

    QTest::newRow("defaults") << Configuration::defaults();
    QTest::newRow("custom: IPv6, port 0, root path, expiries, no scopes") << customConfiguration();
    QTest::newRow("empty lists") << Configuration {};

    Configuration jwt = customConfiguration();
    ClientRegistration byUri = jwt.clients.first();
    byUri.clientId = u"by-uri"_s;
    byUri.clientSecret.clear();
    byUri.authenticationMethods = {u"private_key_jwt"_s};
    byUri.jwksUri = u"http://localhost:8095/ms-auth-client/oauth2/jwks"_s;
    byUri.assertionMaxLifetimeSeconds = 300;
    jwt.clients.append(byUri);
    ClientRegistration inlineKeys = byUri;
    inlineKeys.clientId = u"inline"_s;
    inlineKeys.jwksUri.clear();
    QJsonObject jwk = Key::generateEc(256).publicJwk();
    jwk.insert(u"kid"_s, u"client"_s);
    inlineKeys.jwks = QJsonObject {{u"keys"_s, QJsonArray {jwk}}};
    inlineKeys.authenticationMethods = {u"private_key_jwt"_s, u"client_secret_jwt"_s};
    inlineKeys.clientSecret = u"jwt-secret-client-secret-with-32-bytes"_s;
    jwt.clients.append(inlineKeys);
    ClientRegistration appHeld = inlineKeys;
    appHeld.clientId = u"app-held"_s;
    const Key held = Key::generateEd25519();
    QJsonObject heldJwk = held.publicJwk();
    heldJwk.insert(u"kid"_s, held.thumbprint());
    appHeld.jwks = QJsonObject {{u"keys"_s, QJsonArray {heldJwk}}};
    appHeld.appPrivateKeyPem = QString::fromLatin1(held.privateKeyPem());
    jwt.clients.append(appHeld);
    QTest::newRow("JWT client authentication: jwksUri, inline jwks, no secret, app-held key")
        << jwt;
}

void tst_Configuration::roundTrip()
{
    QFETCH(Configuration, config);

    // Through the text form too, as the file does, so number and date formats are covered.
    const QByteArray text = QJsonDocument(ConfigurationJson::toJson(config)).toJson();
    const Expected<Configuration, QString> parsed = ConfigurationJson::fromJson(parseObject(text));
    const QString error = parsed ? QString() : parsed.error();
    QVERIFY2(parsed.isOk(), qPrintable(error));
    QCOMPARE(error, QString());
    QVERIFY(*parsed == config);
    QCOMPARE(ConfigurationJson::toJson(*parsed), ConfigurationJson::toJson(config));
}

void tst_Configuration::findClientAndScope()
{
    const Configuration config = customConfiguration();

    const ClientRegistration *second = config.findClient(u"second");
    QVERIFY(second);
    QCOMPARE(second, &config.clients.at(1));
    QVERIFY(!config.findClient(u"SECOND"));
    QVERIFY(!config.findClient(u""));

    const ScopeDefinition *scope = config.findScope(u"urn:example:read");
    QVERIFY(scope);
    QCOMPARE(scope->description, u"Unicode: é ✓"_s);
    QVERIFY(!config.findScope(u"urn:example"));
}

void tst_Configuration::issuer_data()
{
    QTest::addColumn<QString>("hostName");
    QTest::addColumn<QString>("contextPath");
    QTest::addColumn<int>("boundPort");
    QTest::addColumn<QString>("expected");

    QTest::newRow("defaults") << u"localhost"_s << u"/ms-auth-server"_s << 8085
                              << u"http://localhost:8085/ms-auth-server"_s;
    QTest::newRow("port 0 as bound")
        << u"localhost"_s << u"/ms-auth-server"_s << 0 << u"http://localhost:0/ms-auth-server"_s;
    QTest::newRow("ephemeral port") << u"localhost"_s << u"/ms-auth-server"_s << 49152
                                    << u"http://localhost:49152/ms-auth-server"_s;
    QTest::newRow("highest port") << u"localhost"_s << u"/ms-auth-server"_s << 65535
                                  << u"http://localhost:65535/ms-auth-server"_s;
    QTest::newRow("root context") << u"localhost"_s << QString() << 8085
                                  << u"http://localhost:8085"_s;
    QTest::newRow("nested context")
        << u"auth.example.test"_s << u"/a/b"_s << 80 << u"http://auth.example.test:80/a/b"_s;
    QTest::newRow("IPv4 host") << u"127.0.0.1"_s << u"/x"_s << 8085 << u"http://127.0.0.1:8085/x"_s;
    QTest::newRow("IPv6 host") << u"::1"_s << u"/ms-auth-server"_s << 8085
                               << u"http://[::1]:8085/ms-auth-server"_s;
    QTest::newRow("IPv6 host already bracketed")
        << u"[fe80::1]"_s << QString() << 9000 << u"http://[fe80::1]:9000"_s;
}

void tst_Configuration::issuer()
{
    QFETCH(QString, hostName);
    QFETCH(QString, contextPath);
    QFETCH(int, boundPort);
    QFETCH(QString, expected);

    ServerSettings settings;
    settings.hostName = hostName;
    settings.contextPath = contextPath;
    QCOMPARE(settings.issuer(quint16(boundPort)), expected);

    // The no-argument form uses the configured port.
    settings.port = quint16(boundPort);
    QCOMPARE(settings.issuer(), expected);
}

void tst_Configuration::fromJsonAccepts_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<Configuration>("expected");

    Configuration minimal;
    minimal.scopes = {{u"a"_s, QString()}, {u"b"_s, QString()}};
    ClientRegistration client;
    client.clientId = u"c"_s;
    client.clientSecret = u"s"_s;
    client.authenticationMethods = {u"client_secret_post"_s};
    client.grantTypes = {u"client_credentials"_s};
    client.scopes = {u"a"_s, u"b"_s};
    client.accessTokenLifetimeSeconds = 60;
    minimal.clients = {client};
    minimal.users = {Configuration::defaultUser()}; // a document without "users"

    QTest::newRow("optional members missing take defaults")
        << clientDocument({{"displayName", {}}}) << minimal;
    QTest::newRow("null optional members take defaults") << document(
        '[' + clientObject({{"displayName", "null"}, {"clientSecretExpiresAt", "null"}}) + ']',
        R"([{"name": "a", "description": null}, {"name": "b"}])", R"(, "server": null)")
                                                         << minimal;
    QTest::newRow("unknown members are ignored")
        << document('[' + clientObject({{"displayName", {}}, {"futureOption", "[1, 2]"}}) + ']',
               R"([{"name": "a", "icon": "x"}, {"name": "b"}])",
               R"(, "comment": "hello", "server": {"tls": true})")
        << minimal;

    Configuration partialServer = minimal;
    partialServer.server.port = 0;
    partialServer.server.contextPath = QString();
    QTest::newRow("partial server section")
        << document('[' + clientObject({{"displayName", {}}}) + ']',
               R"([{"name": "a"}, {"name": "b"}])", R"(, "server": {"port": 0, "contextPath": ""})")
        << partialServer;

    Configuration limits = minimal;
    limits.server.idleTimeoutMilliseconds = 300;
    limits.server.requestTimeoutMilliseconds = 250;
    limits.server.maxConnections = 8;
    limits.server.maxRequestBodyBytes = 16 * 1024 * 1024;
    QTest::newRow("connection limits") << document('[' + clientObject({{"displayName", {}}}) + ']',
        R"([{"name": "a"}, {"name": "b"}])",
        R"(, "server": {"idleTimeoutMilliseconds": 300, "requestTimeoutMilliseconds": 250, )"
        R"("maxConnections": 8, "maxRequestBodyBytes": 16777216})")
                                       << limits;

    Configuration withExpiry = minimal;
    withExpiry.clients[0].clientSecretExpiresAt
        = QDateTime(QDate(2029, 12, 31), QTime(22, 0), QTimeZone::utc());
    QTest::newRow("expiry with an offset is kept as the same instant in UTC") << clientDocument(
        {{"displayName", {}}, {"clientSecretExpiresAt", R"("2030-01-01T00:00:00+02:00")"}})
                                                                              << withExpiry;

    Configuration integralDouble = minimal;
    integralDouble.clients[0].accessTokenLifetimeSeconds = 300;
    QTest::newRow("integral number written with a fraction")
        << clientDocument({{"displayName", {}}, {"accessTokenLifetimeSeconds", "300.0"}})
        << integralDouble;
}

void tst_Configuration::fromJsonAccepts()
{
    QFETCH(QByteArray, json);
    QFETCH(Configuration, expected);

    const Expected<Configuration, QString> parsed = ConfigurationJson::fromJson(parseObject(json));
    const QString error = parsed ? QString() : parsed.error();
    QVERIFY2(parsed.isOk(), qPrintable(error));
    QVERIFY(*parsed == expected);
}

void tst_Configuration::version3Members()
{
    // What version 3 added: users, and the clients' authorization code settings.
    const QByteArray json = R"({"version": 3, "scopes": [{"name": "openid"}],
        "clients": [{"clientId": "spa", "authenticationMethods": ["none"],
        "grantTypes": ["authorization_code", "refresh_token"], "scopes": ["openid"],
        "accessTokenLifetimeSeconds": 60, "redirectUris": ["http://127.0.0.1/cb",
        "com.example.app:/cb"], "postLogoutRedirectUris": ["http://127.0.0.1/bye"],
        "allowPlainPkce": true, "requireConsent": true, "authorizationCodeLifetimeSeconds": 30,
        "refreshTokenLifetimeSeconds": 600},
        {"clientId": "web", "clientSecret": "s", "authenticationMethods": ["client_secret_basic"],
        "grantTypes": ["authorization_code"], "scopes": [], "accessTokenLifetimeSeconds": 60,
        "redirectUris": ["https://app.example/cb"], "requirePkce": true,
        "rotateRefreshTokens": true}],
        "users": [{"username": "alice", "password": "pw", "name": "Alice A", "givenName": "Alice",
        "familyName": "A", "email": "a@example.test", "emailVerified": true,
        "extraClaims": {"locale": "en-GB", "groups": ["x"]}}, {"username": "bob",
        "password": "b"}]})";
    const Expected<Configuration, QString> parsed = ConfigurationJson::fromJson(parseObject(json));
    QVERIFY2(parsed.isOk(), qPrintable(parsed ? QString() : parsed.error()));
    const ClientRegistration &spa = parsed->clients.at(0);
    QVERIFY(spa.isPublic());
    QVERIFY(spa.requiresPkce());
    QVERIFY(spa.rotateRefreshTokens); // the default of a public client
    QVERIFY(spa.allowPlainPkce);
    QVERIFY(spa.requireConsent);
    QCOMPARE(spa.redirectUris.size(), 2);
    QCOMPARE(spa.postLogoutRedirectUris, QStringList {u"http://127.0.0.1/bye"_s});
    QCOMPARE(spa.authorizationCodeLifetimeSeconds, qint64(30));
    QCOMPARE(spa.refreshTokenLifetimeSeconds, qint64(600));
    const ClientRegistration &web = parsed->clients.at(1);
    QVERIFY(!web.isPublic());
    QVERIFY(web.requiresPkce());
    QVERIFY(web.rotateRefreshTokens);
    QVERIFY(!web.requireConsent);
    QCOMPARE(parsed->users.size(), 2);
    const TestUser &alice = parsed->users.first();
    QCOMPARE(alice.givenName, u"Alice"_s);
    QCOMPARE(alice.familyName, u"A"_s);
    QCOMPARE(alice.email, u"a@example.test"_s);
    QVERIFY(alice.emailVerified);
    QCOMPARE(alice.extraClaims.value("locale"_L1).toString(), u"en-GB"_s);
    QVERIFY(!parsed->users.at(1).emailVerified);
    const QJsonObject written = ConfigurationJson::toJson(parsed.value());
    const Expected<Configuration, QString> again = ConfigurationJson::fromJson(written);
    QVERIFY(again.isOk());
    QVERIFY(again.value() == parsed.value());

    // "users": [] is no user at all; a document without it has the default one.
    QJsonObject none = written;
    none.insert("users"_L1, QJsonArray());
    QVERIFY(ConfigurationJson::fromJson(none)->users.isEmpty());
    none.remove("users"_L1);
    QCOMPARE(
        ConfigurationJson::fromJson(none)->users, QList<TestUser> {Configuration::defaultUser()});

    // The loopback rule's hosts (RFC 8252 §7.3): IP literals over http only.
    QVERIFY(ConfigurationJson::isLoopbackRedirectUri(u"http://127.0.0.1/cb"_s));
    QVERIFY(ConfigurationJson::isLoopbackRedirectUri(u"http://[::1]:9/cb"_s));
    QVERIFY(!ConfigurationJson::isLoopbackRedirectUri(u"http://localhost/cb"_s));
    QVERIFY(!ConfigurationJson::isLoopbackRedirectUri(u"https://127.0.0.1/cb"_s));
}

void tst_Configuration::version2Members()
{
    // A version 1 document (every client above) loads with the defaults of what version 2 added;
    // these are the version 2 members themselves.
    const QByteArray json = R"({"version": 2, "server": {"compatibilityProfile": "strict"},
        "scopes": [{"name": "a"}], "clients": [{"clientId": "k", "authenticationMethods":
        ["private_key_jwt"], "grantTypes": ["client_credentials"], "scopes": ["a"],
        "accessTokenLifetimeSeconds": 60, "tokenFormat": "reference", "audience": ["api", "k"],
        "extraClaims": {"roles": ["admin"], "tenant": "t1", "client_id": "k"},
        "jwksUri": "http://127.0.0.1:9/jwks"}]})";
    const Expected<Configuration, QString> parsed = ConfigurationJson::fromJson(parseObject(json));
    QVERIFY2(parsed.isOk(), qPrintable(parsed ? QString() : parsed.error()));
    QCOMPARE(parsed->server.profile, ServerSettings::Profile::Strict);
    const ClientRegistration &client = parsed->clients.first();
    QVERIFY(client.clientSecret.isEmpty());
    QCOMPARE(client.tokenFormat, u"reference"_s);
    QCOMPARE(client.effectiveAudience(), (QStringList {u"api"_s, u"k"_s}));
    QCOMPARE(client.extraClaims.value("tenant"_L1).toString(), u"t1"_s);
    QCOMPARE(client.jwksUri, u"http://127.0.0.1:9/jwks"_s);
    // Written back as the current version and read again unchanged.
    const QJsonObject written = ConfigurationJson::toJson(parsed.value());
    QCOMPARE(written.value("version"_L1).toInt(), 3);
    const Expected<Configuration, QString> again = ConfigurationJson::fromJson(written);
    QVERIFY(again.isOk());
    QVERIFY(again.value() == parsed.value());

    // A version 1 document keeps its clients, which get the version 1 behaviour.
    const Expected<Configuration, QString> v1 = ConfigurationJson::fromJson(parseObject(
        R"({"version": 1, "scopes": [], "clients": [{"clientId": "old", "clientSecret": "s",
        "authenticationMethods": ["client_secret_basic"], "grantTypes": ["client_credentials"],
        "scopes": [], "accessTokenLifetimeSeconds": 300}]})"));
    QVERIFY(v1.isOk());
    QCOMPARE(v1->clients.size(), 1);
    QCOMPARE(v1->clients.first().clientId, u"old"_s);
    QCOMPARE(v1->clients.first().tokenFormat, u"jwt"_s);
    QCOMPARE(v1->clients.first().effectiveAudience(), QStringList {u"old"_s});
    QCOMPARE(v1->server.profile, ServerSettings::Profile::Spring);
}

void tst_Configuration::fromJsonErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("prefixOnly");

    const QString knownMethods
        = u" (known: client_secret_post, client_secret_basic, client_secret_jwt, private_key_jwt, "
          "none)"_s;

    QTest::newRow("version missing") << QByteArray(R"({"scopes": [], "clients": []})")
                                     << u"version: required member is missing"_s << false;
    QTest::newRow("version unsupported")
        << QByteArray(R"({"version": 7, "scopes": [], "clients": []})")
        << u"version: unsupported version 7 (this build reads 1 to 3)"_s << false;
    QTest::newRow("version as string")
        << QByteArray(R"({"version": "1", "scopes": [], "clients": []})")
        << u"version: must be an integer, not the string \"1\""_s << false;
    QTest::newRow("version fractional")
        << QByteArray(R"({"version": 1.5, "scopes": [], "clients": []})")
        << u"version: must be an integer, not a number"_s << false;

    QTest::newRow("idle timeout zero")
        << serverDocument(R"({"idleTimeoutMilliseconds": 0})")
        << u"server.idleTimeoutMilliseconds: must be an integer from 10 to 3600000"_s << false;
    QTest::newRow("idle timeout over an hour")
        << serverDocument(R"({"idleTimeoutMilliseconds": 3600001})")
        << u"server.idleTimeoutMilliseconds: must be an integer from 10 to 3600000"_s << false;
    QTest::newRow("request timeout as a string")
        << serverDocument(R"({"requestTimeoutMilliseconds": "10s"})")
        << u"server.requestTimeoutMilliseconds: must be an integer from 10 to 3600000"_s << false;
    QTest::newRow("negative connection cap")
        << serverDocument(R"({"maxConnections": -1})")
        << u"server.maxConnections: must be an integer from 0 to 1000000"_s << false;
    QTest::newRow("connection cap fractional")
        << serverDocument(R"({"maxConnections": 2.5})")
        << u"server.maxConnections: must be an integer from 0 to 1000000"_s << false;
    QTest::newRow("body limit under 1 KiB")
        << serverDocument(R"({"maxRequestBodyBytes": 1023})")
        << u"server.maxRequestBodyBytes: must be an integer from 1024 to 16777216"_s << false;
    QTest::newRow("body limit over 16 MiB")
        << serverDocument(R"({"maxRequestBodyBytes": 16777217})")
        << u"server.maxRequestBodyBytes: must be an integer from 1024 to 16777216"_s << false;
    QTest::newRow("server not an object")
        << serverDocument("[]") << u"server: must be an object, not an array"_s << false;
    QTest::newRow("port too large")
        << serverDocument(R"({"port": 65536})")
        << u"server.port: must be an integer from 0 to 65535"_s << false;
    QTest::newRow("port negative") << serverDocument(R"({"port": -1})")
                                   << u"server.port: must be an integer from 0 to 65535"_s << false;
    QTest::newRow("port as string")
        << serverDocument(R"({"port": "8085"})")
        << u"server.port: must be an integer from 0 to 65535"_s << false;
    QTest::newRow("port fractional")
        << serverDocument(R"({"port": 80.5})")
        << u"server.port: must be an integer from 0 to 65535"_s << false;
    QTest::newRow("bind address is a name") << serverDocument(R"({"bindAddress": "localhost"})")
                                            << u"server.bindAddress: \"localhost\" is not an IP "
                                               u"address (for example 127.0.0.1, ::1, or "
                                               "0.0.0.0 for all interfaces)"_s
                                            << false;
    QTest::newRow("context path without slash")
        << serverDocument(R"({"contextPath": "ms-auth-server"})")
        << u"server.contextPath: must be empty or start with \"/\""_s << false;
    QTest::newRow("context path trailing slash")
        << serverDocument(R"({"contextPath": "/a/"})")
        << u"server.contextPath: must not end with \"/\" (use \"\" to serve from the root)"_s
        << false;
    QTest::newRow("host name with a space")
        << serverDocument(R"({"hostName": "local host"})")
        << u"server.hostName: must be a host name such as localhost or an IP address, not \"local "
           "host\""_s
        << false;
    // Found by tests/fuzz (regressions/configuration/hostname-with-newline): a value quoted in
    // a message kept its newline, and the one-line error became two.
    QTest::newRow("host name with a newline")
        << serverDocument(R"({"hostName": "xn--b\nher-kva.example"})")
        << u"server.hostName: must be a host name such as localhost or an IP address, not "
           "\"xn--b\\u000Aher-kva.example\""_s
        << false;
    QTest::newRow("host name with a quote, a backslash, U+2028 and U+200B")
        << serverDocument(R"({"hostName": "a\"b\\c\u2028d\u200be"})")
        << u"server.hostName: must be a host name such as localhost or an IP address, not "
           "\"a\\\"b\\\\c\\u2028d\\u200Be\""_s
        << false;
    QTest::newRow("host name with a path") << serverDocument(R"({"hostName": "a/b"})")
                                           << u"server.hostName: must be a host name"_s << true;
    QTest::newRow("host name as number")
        << serverDocument(R"({"hostName": 1})")
        << u"server.hostName: must be a string, not a number"_s << false;

    QTest::newRow("scopes missing") << QByteArray(R"({"version": 1, "clients": []})")
                                    << u"scopes: required member is missing"_s << false;
    QTest::newRow("scopes not an array")
        << document("[]", "{}") << u"scopes: must be an array, not an object"_s << false;
    QTest::newRow("scope not an object")
        << document("[]", R"(["a"])") << u"scopes[0]: must be an object, not the string \"a\""_s
        << false;
    QTest::newRow("scope name missing") << document("[]", R"([{"description": "d"}])")
                                        << u"scopes[0].name: required member is missing"_s << false;
    QTest::newRow("scope name with a space")
        << document("[]", R"([{"name": "a"}, {"name": "a b"}])")
        << u"scopes[1].name: must contain only visible ASCII characters other than \" and \\ "
           "(RFC 6749 §3.3), but character 2 is a space"_s
        << false;
    QTest::newRow("scope name empty")
        << document("[]", R"([{"name": ""}])") << u"scopes[0].name: must not be empty"_s << false;
    QTest::newRow("scope name duplicate")
        << document("[]", R"([{"name": "a"}, {"name": "b"}, {"name": "a"}])")
        << u"scopes[2].name: duplicate \"a\""_s << false;
    QTest::newRow("scope description not a string")
        << document("[]", R"([{"name": "a", "description": 5}])")
        << u"scopes[0].description: must be a string, not a number"_s << false;

    QTest::newRow("clients missing") << QByteArray(R"({"version": 1, "scopes": []})")
                                     << u"clients: required member is missing"_s << false;
    QTest::newRow("client is null")
        << document("[null]") << u"clients[0]: must be an object, not null"_s << false;
    QTest::newRow("clientId missing")
        << clientDocument({{"clientId", {}}})
        << u"clients[0].clientId: required member is missing"_s << false;
    QTest::newRow("clientId empty") << clientDocument({{"clientId", R"("")"}})
                                    << u"clients[0].clientId: must not be empty"_s << false;
    QTest::newRow("clientId with a space")
        << clientDocument({{"clientId", R"("my client")"}})
        << u"clients[0].clientId: must contain only visible ASCII characters (no spaces), but "
           "character 3 is a space"_s
        << false;
    // The duplicate is the first problem even though the second client has a later one too.
    QTest::newRow("clientId duplicate") << document('[' + clientObject({{"clientId", R"("abc")"}})
        + ", " + clientObject({{"clientId", R"("abc")"}, {"grantTypes", "[]"}}) + ']')
                                        << u"clients[1].clientId: duplicate \"abc\""_s << false;
    QTest::newRow("clientSecret missing")
        << clientDocument({{"clientSecret", {}}})
        << u"clients[0].clientSecret: required member is missing"_s << false;
    QTest::newRow("clientSecret empty") << clientDocument({{"clientSecret", R"("")"}})
                                        << u"clients[0].clientSecret: must not be empty"_s << false;
    QTest::newRow("extraClaims with a registered claim")
        << clientDocument({{"extraClaims", R"({"roles": ["admin"], "exp": 1})"}})
        << u"clients[0].extraClaims.exp: \"exp\" is a claim the server sets in every access "
           "token (RFC 7519 §4.1); it cannot be an extra claim"_s
        << false;
    QTest::newRow("extraClaims not an object")
        << clientDocument({{"extraClaims", "[]"}})
        << u"clients[0].extraClaims: must be an object, not an array"_s << false;
    QTest::newRow("tokenFormat unknown")
        << clientDocument({{"tokenFormat", R"("opaque")"}})
        << u"clients[0].tokenFormat: unknown token format \"opaque\" (known: jwt, reference)"_s
        << false;
    QTest::newRow("audience empty value")
        << clientDocument({{"audience", R"(["api", ""])"}})
        << u"clients[0].audience[1]: must not be empty"_s << false;
    QTest::newRow("jwksUri not a URL")
        << clientDocument({{"jwksUri", R"("file:///etc/passwd")"}})
        << u"clients[0].jwksUri: must be an http or https URL such as "
           "http://localhost:8095/ms-auth-client/oauth2/jwks, not \"file:///etc/passwd\""_s
        << false;
    QTest::newRow("compatibilityProfile unknown")
        << serverDocument(R"({"compatibilityProfile": "lenient"})")
        << u"server.compatibilityProfile: must be \"spring\" or \"strict\", not \"lenient\""_s
        << false;
    QTest::newRow("private_key_jwt only: no secret needed, others still need one")
        << clientDocument({{"clientSecret", {}},
               {"authenticationMethods", R"(["private_key_jwt", "client_secret_basic"])"}})
        << u"clients[0].clientSecret: required member is missing"_s << false;
    QTest::newRow("displayName not a string")
        << clientDocument({{"displayName", "true"}})
        << u"clients[0].displayName: must be a string, not a boolean"_s << false;
    QTest::newRow("authentication method unknown")
        << clientDocument({{"authenticationMethods", R"(["foo"])"}})
        << u"clients[0].authenticationMethods[0]: unknown method \"foo\""_s + knownMethods << false;
    QTest::newRow("authentication methods empty")
        << clientDocument({{"authenticationMethods", "[]"}})
        << u"clients[0].authenticationMethods: must list at least one method"_s + knownMethods
        << false;
    QTest::newRow("authentication method duplicate")
        << clientDocument(
               {{"authenticationMethods", R"(["client_secret_post", "client_secret_post"])"}})
        << u"clients[0].authenticationMethods[1]: duplicate \"client_secret_post\""_s << false;
    QTest::newRow("authentication methods not an array")
        << clientDocument({{"authenticationMethods", R"("client_secret_post")"}})
        << u"clients[0].authenticationMethods: must be an array, not the string "
           "\"client_secret_post\""_s
        << false;
    QTest::newRow("grant type unknown")
        << clientDocument({{"grantTypes", R"(["client_credentials", "password"])"}})
        << u"clients[0].grantTypes[1]: unknown grant type \"password\" (known: "
           "client_credentials, authorization_code, refresh_token)"_s
        << false;
    QTest::newRow("scope not defined")
        << clientDocument({{"scopes", R"(["a", "b", "x.y"])"}})
        << u"clients[0].scopes[2]: scope \"x.y\" is not defined in \"scopes\""_s << false;
    QTest::newRow("scope not a string")
        << clientDocument({{"scopes", "[1]"}})
        << u"clients[0].scopes[0]: must be a string, not a number"_s << false;
    QTest::newRow("lifetime zero")
        << clientDocument({{"accessTokenLifetimeSeconds", "0"}})
        << u"clients[0].accessTokenLifetimeSeconds: must be an integer from 1 to 31536000"_s
        << false;
    QTest::newRow("lifetime over a year")
        << clientDocument({{"accessTokenLifetimeSeconds", "31536001"}})
        << u"clients[0].accessTokenLifetimeSeconds: must be an integer from 1 to 31536000"_s
        << false;
    QTest::newRow("lifetime missing")
        << clientDocument({{"accessTokenLifetimeSeconds", {}}})
        << u"clients[0].accessTokenLifetimeSeconds: required member is missing"_s << false;
    QTest::newRow("expiry not a date")
        << clientDocument({{"clientSecretExpiresAt", R"("tomorrow")"}})
        << u"clients[0].clientSecretExpiresAt: must be an ISO 8601 date and time in UTC such as "
           "2030-01-01T00:00:00Z, not \"tomorrow\""_s
        << false;
    QTest::newRow("expiry without a zone")
        << clientDocument({{"clientSecretExpiresAt", R"("2030-01-01T00:00:00")"}})
        << u"clients[0].clientSecretExpiresAt: must be an ISO 8601 date and time in UTC"_s << true;
    QTest::newRow("expiry as number")
        << clientDocument({{"clientSecretExpiresAt", "1893456000"}})
        << u"clients[0].clientSecretExpiresAt: must be a string, not a number"_s << false;
    const QByteArray privateKeyOnly = R"(["private_key_jwt"])";
    QTest::newRow("private_key_jwt without keys")
        << clientDocument({{"authenticationMethods", privateKeyOnly}})
        << u"clients[0].authenticationMethods: private_key_jwt needs the client's public keys: "
           "add \"jwks\" (a JWK set) or \"jwksUri\" (where the server fetches it)"_s
        << false;
    QTest::newRow("jwksUri not http")
        << clientDocument(
               {{"authenticationMethods", privateKeyOnly}, {"jwksUri", R"("ftp://x/jwks")"}})
        << u"clients[0].jwksUri: must be an http or https URL such as "
           "http://localhost:8095/ms-auth-client/oauth2/jwks, not \"ftp://x/jwks\""_s
        << false;
    QTest::newRow("jwksUri with a fragment")
        << clientDocument(
               {{"authenticationMethods", privateKeyOnly}, {"jwksUri", R"("http://x/jwks#a")"}})
        << u"clients[0].jwksUri: must not have a fragment (\"#...\")"_s << false;
    QTest::newRow("jwksUri with credentials")
        << clientDocument(
               {{"authenticationMethods", privateKeyOnly}, {"jwksUri", R"("http://u:p@x/jwks")"}})
        << u"clients[0].jwksUri: must not carry a user name or password"_s << false;
    const QJsonObject ecJwk = Key::generateEc(256).publicJwk();
    const QByteArray jwksText = QJsonDocument(
        QJsonObject {{u"keys"_s,
            QJsonArray {ecJwk}}}).toJson(QJsonDocument::Compact);
    QTest::newRow("both jwks and jwksUri")
        << clientDocument({{"authenticationMethods", privateKeyOnly}, {"jwks", jwksText},
               {"jwksUri", R"("http://x/jwks")"}})
        << u"clients[0].jwksUri: give the client's keys either inline (\"jwks\") or by URL "
           "(\"jwksUri\"), not both (RFC 7591 §2)"_s
        << false;
    QTest::newRow("jwks not a set")
        << clientDocument({{"authenticationMethods", privateKeyOnly}, {"jwks", R"({"kty": "EC"})"}})
        << u"clients[0].jwks: a JWK set is an object with a \"keys\" array (RFC 7517 §5)"_s
        << false;
    QTest::newRow("jwks empty") << clientDocument(
        {{"authenticationMethods", privateKeyOnly}, {"jwks", R"({"keys": []})"}})
                                << u"clients[0].jwks: the JWK set has no key (\"keys\" is empty)"_s
                                << false;
    QJsonObject privateJwk = ecJwk;
    privateJwk.insert(u"d"_s, u"AAAA"_s);
    QTest::newRow("jwks with a private key")
        << clientDocument({{"authenticationMethods", privateKeyOnly},
               {"jwks",
                   QJsonDocument(QJsonObject {{u"keys"_s, QJsonArray {privateJwk}}})
                       .toJson(QJsonDocument::Compact)}})
        << u"clients[0].jwks: keys[0]: holds private key members; publish only the public key "
           "(RFC 7517 §5)"_s
        << false;
    QTest::newRow("jwks with a symmetric key")
        << clientDocument({{"authenticationMethods", privateKeyOnly},
               {"jwks", R"({"keys": [{"kty": "oct", "k": "c2VjcmV0"}]})"}})
        << u"clients[0].jwks: keys[0]: a symmetric (\"oct\") key has no place in a published "
           "set; client_secret_jwt uses the client secret"_s
        << false;
    QJsonObject encryptionJwk = ecJwk;
    encryptionJwk.insert(u"use"_s, u"enc"_s);
    QTest::newRow("jwks key for encryption")
        << clientDocument({{"authenticationMethods", privateKeyOnly},
               {"jwks",
                   QJsonDocument(QJsonObject {{u"keys"_s, QJsonArray {encryptionJwk}}})
                       .toJson(QJsonDocument::Compact)}})
        << u"clients[0].jwks: keys[0]: \"use\" is \"enc\", not \"sig\""_s << false;
    QTest::newRow("secret still required beside private_key_jwt")
        << clientDocument(
               {{"authenticationMethods", R"(["private_key_jwt", "client_secret_post"])"},
                   {"jwksUri", R"("http://x/jwks")"}, {"clientSecret", {}}})
        << u"clients[0].clientSecret: required member is missing"_s << false;
    QTest::newRow("app-held key not a key")
        << clientDocument({{"authenticationMethods", privateKeyOnly}, {"jwks", jwksText},
               {"appPrivateKeyPem", R"("not a key")"}})
        << u"clients[0].appPrivateKeyPem: must be a PEM private key (RSA, EC or Ed25519)"_s << true;
    const QByteArray otherPem
        = QJsonDocument(QJsonArray {QString::fromLatin1(Key::generateEc(256).privateKeyPem())})
              .toJson(QJsonDocument::Compact)
              .mid(1)
              .chopped(1);
    QTest::newRow("app-held key not published")
        << clientDocument({{"authenticationMethods", privateKeyOnly}, {"jwks", jwksText},
               {"appPrivateKeyPem", otherPem}})
        << u"clients[0].appPrivateKeyPem: its public key is not in the client's \"jwks\""_s
        << false;
    QTest::newRow("assertion lifetime under a minute")
        << clientDocument({{"assertionMaxLifetimeSeconds", "59"}})
        << u"clients[0].assertionMaxLifetimeSeconds: must be an integer from 60 to 86400"_s
        << false;
    QTest::newRow("none with another method")
        << clientDocument({{"authenticationMethods", R"(["none", "client_secret_post"])"}})
        << u"clients[0].authenticationMethods: \"none\" (a public client) cannot be combined "
           "with another method: a client either has a credential or it does not (RFC 6749 §2.1)"_s
        << false;
    QTest::newRow("public client with client_credentials")
        << clientDocument({{"clientSecret", {}}, {"authenticationMethods", R"(["none"])"}})
        << u"clients[0].grantTypes: a public client (method \"none\") cannot use "
           "client_credentials, which is for confidential clients only (RFC 6749 §4.4)"_s
        << false;
    QTest::newRow("authorization_code without redirect URI")
        << clientDocument({{"grantTypes", R"(["authorization_code"])"}})
        << u"clients[0].redirectUris: authorization_code needs at least one redirect URI "
           "(RFC 6749 §3.1.2.2)"_s
        << false;
    QTest::newRow("redirect URI with a fragment")
        << clientDocument({{"grantTypes", R"(["authorization_code"])"},
               {"redirectUris", R"(["http://127.0.0.1/cb#x"])"}})
        << u"clients[0].redirectUris[0]: must not have a fragment (\"#...\", RFC 6749 §3.1.2)"_s
        << false;
    QTest::newRow("redirect URI relative")
        << clientDocument(
               {{"grantTypes", R"(["authorization_code"])"}, {"redirectUris", R"(["/cb"])"}})
        << u"clients[0].redirectUris[0]: must be an absolute URI such as "
           "http://127.0.0.1:8080/login/oauth2/code/web-client, not \"/cb\""_s
        << false;
    QTest::newRow("public client without PKCE")
        << clientDocument({{"clientSecret", {}}, {"authenticationMethods", R"(["none"])"},
               {"grantTypes", R"(["authorization_code"])"},
               {"redirectUris", R"(["http://127.0.0.1/cb"])"}, {"requirePkce", "false"}})
        << u"clients[0].requirePkce: a public client (method \"none\") always needs PKCE "
           "(RFC 9700 §2.1.1)"_s
        << false;
    QTest::newRow("code lifetime out of range")
        << clientDocument({{"authorizationCodeLifetimeSeconds", "0"}})
        << u"clients[0].authorizationCodeLifetimeSeconds: must be an integer from 1 to 3600"_s
        << false;
    QTest::newRow("user duplicate")
        << document('[' + clientObject({}) + ']', R"([{"name": "a"}, {"name": "b"}])",
               R"(, "users": [{"username": "u", "password": "p"}, {"username": "u",
               "password": "q"}])")
        << u"users[1].username: duplicate \"u\""_s << false;
    QTest::newRow("user without password") << document('[' + clientObject({}) + ']',
        R"([{"name": "a"}, {"name": "b"}])", R"(, "users": [{"username": "u", "password": ""}])")
                                           << u"users[0].password: must not be empty"_s << false;
    QTest::newRow("user extra claim the server sets")
        << document('[' + clientObject({}) + ']', R"([{"name": "a"}, {"name": "b"}])",
               R"(, "users": [{"username": "u", "password": "p", "extraClaims": {"sub": "x"}}])")
        << u"users[0].extraClaims.sub: \"sub\" is a claim the server sets itself (OpenID Connect "
           "Core §2, §5.1); it cannot be an extra claim"_s
        << false;
    QTest::newRow("user email without @")
        << document('[' + clientObject({}) + ']', R"([{"name": "a"}, {"name": "b"}])",
               R"(, "users": [{"username": "u", "password": "p", "email": "u.example.com"}])")
        << u"users[0].email: must be an address such as user1@example.com, not "
           "\"u.example.com\""_s
        << false;
    QTest::newRow("user name with a space")
        << document('[' + clientObject({}) + ']', R"([{"name": "a"}, {"name": "b"}])",
               R"(, "users": [{"username": "a b", "password": "p"}])")
        << u"users[0].username: must contain only visible ASCII characters (no spaces), but "
           "character 2 is a space"_s
        << false;
    QTest::newRow("second client reports its own index")
        << document('[' + clientObject({}) + ", "
               + clientObject({{"clientId", R"("d")"}, {"grantTypes", "[]"}}) + ']')
        << u"clients[1].grantTypes: must list at least one grant type (known: "
           "client_credentials, authorization_code, refresh_token)"_s
        << false;
}

void tst_Configuration::fromJsonErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QFETCH(bool, prefixOnly);

    const Expected<Configuration, QString> parsed = ConfigurationJson::fromJson(parseObject(json));
    const QString error = parsed ? QString() : parsed.error();
    QVERIFY(!parsed.isOk());
    QVERIFY2(!error.contains(u'\n'), qPrintable(error));
    if (prefixOnly)
        QVERIFY2(error.startsWith(expected), qPrintable(error));
    else
        QCOMPARE(error, expected);
}

// The rules the loader and the client form share: each names the one setting that breaks it.
void tst_Configuration::clientRules()
{
    ClientRegistration client;
    client.authenticationMethods = {AuthMethod::None.toString()};
    client.grantTypes = {GrantType::AuthorizationCode.toString()};
    client.redirectUris = {u"http://127.0.0.1/cb"_s};
    client.requirePkce = true;
    QVERIFY(
        ConfigurationJson::validateAuthenticationMethods(client.authenticationMethods).isEmpty());
    QVERIFY(ConfigurationJson::validateGrantTypes(client).isEmpty());
    QVERIFY(ConfigurationJson::validateRedirectUriPresence(client).isEmpty());
    QVERIFY(ConfigurationJson::validatePkce(client).isEmpty());

    QVERIFY(ConfigurationJson::validateAuthenticationMethods(
        {AuthMethod::None.toString(), AuthMethod::ClientSecretBasic.toString()})
                .startsWith(u"\"none\" (a public client) cannot be combined"_s));
    client.requirePkce = false;
    QVERIFY(ConfigurationJson::validatePkce(client).contains(u"always needs PKCE"_s));
    client.redirectUris.clear();
    QVERIFY(ConfigurationJson::validateRedirectUriPresence(client).startsWith(
        u"authorization_code needs at least one redirect URI"_s));
    client.grantTypes.append(GrantType::ClientCredentials.toString());
    QVERIFY(ConfigurationJson::validateGrantTypes(client).contains(u"client_credentials"_s));

    // A confidential client may do all of it, without PKCE or redirect URIs for its own grant.
    client.authenticationMethods = {AuthMethod::ClientSecretBasic.toString()};
    client.grantTypes = {GrantType::ClientCredentials.toString()};
    QVERIFY(ConfigurationJson::validateGrantTypes(client).isEmpty());
    QVERIFY(ConfigurationJson::validatePkce(client).isEmpty());
    QVERIFY(ConfigurationJson::validateRedirectUriPresence(client).isEmpty());
}

void tst_Configuration::userChecks_data()
{
    QTest::addColumn<QString>("email");
    QTest::addColumn<bool>("emailValid");
    QTest::addColumn<QString>("claim");
    QTest::addColumn<bool>("claimValid");
    QTest::newRow("plain") << u"user1@example.com"_s << true << u"department"_s << true;
    QTest::newRow("empty email, sub") << QString() << true << u"sub"_s << false;
    QTest::newRow("two @, iss") << u"a@b@c"_s << false << u"iss"_s << false;
    QTest::newRow("space, aud") << u"a b@c"_s << false << u"aud"_s << false;
    QTest::newRow("nothing after @, email") << u"a@"_s << false << u"email"_s << false;
    QTest::newRow("nothing before @, empty claim") << u"@c"_s << false << QString() << false;
}

void tst_Configuration::userChecks()
{
    QFETCH(QString, email);
    QFETCH(bool, emailValid);
    QFETCH(QString, claim);
    QFETCH(bool, claimValid);
    QCOMPARE(ConfigurationJson::validateEmail(email).isEmpty(), emailValid);
    QCOMPARE(ConfigurationJson::validateUserClaimName(claim).isEmpty(), claimValid);
    QVERIFY(!ConfigurationJson::validateUserPassword(QString()).isEmpty());
    QVERIFY(ConfigurationJson::validateUserPassword(u"p"_s).isEmpty());
}

void tst_Configuration::validateClientId_data()
{
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("expected");

    const QString onlyVisible = u"must contain only visible ASCII characters (no spaces), but "_s;
    QTest::newRow("seed client") << u"service-client-jwt"_s << QString();
    QTest::newRow("one character") << u"a"_s << QString();
    QTest::newRow("255 characters") << repeated('x', 255) << QString();
    QTest::newRow("all punctuation") << u"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"_s << QString();
    QTest::newRow("empty") << QString() << u"must not be empty"_s;
    QTest::newRow("256 characters")
        << repeated('x', 256) << u"must be at most 255 characters, not 256"_s;
    QTest::newRow("space") << u"my client"_s << onlyVisible + u"character 3 is a space"_s;
    QTest::newRow("tab") << u"tab\t"_s << onlyVisible + u"character 4 is U+0009"_s;
    QTest::newRow("DEL") << u"a\x7f"_s << onlyVisible + u"character 2 is U+007F"_s;
    QTest::newRow("non-ASCII") << u"café"_s << onlyVisible + u"character 4 is U+00E9"_s;
    QTest::newRow("outside the BMP counts as one character")
        << u"a\U0001F600b c"_s << onlyVisible + u"character 2 is U+1F600"_s;
}

void tst_Configuration::validateClientId()
{
    QFETCH(QString, clientId);
    QFETCH(QString, expected);
    QCOMPARE(ConfigurationJson::validateClientId(clientId), expected);
}

void tst_Configuration::validateScopeName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");

    const QString rule = u"must contain only visible ASCII characters other than \" and \\ "
                         "(RFC 6749 §3.3), but "_s;
    QTest::newRow("dotted") << u"country.read"_s << QString();
    QTest::newRow("URN") << u"urn:example:scope/read"_s << QString();
    QTest::newRow("lowest allowed") << u"!"_s << QString();
    QTest::newRow("around the excluded characters") << u"#[]{}~"_s << QString();
    QTest::newRow("empty") << QString() << u"must not be empty"_s;
    QTest::newRow("space") << u"a b"_s << rule + u"character 2 is a space"_s;
    QTest::newRow("double quote") << u"a\"b"_s << rule + u"character 2 is a double quote"_s;
    QTest::newRow("backslash") << u"ab\\"_s << rule + u"character 3 is a backslash"_s;
    QTest::newRow("newline") << u"a\n"_s << rule + u"character 2 is U+000A"_s;
    QTest::newRow("non-ASCII") << u"ünï"_s << rule + u"character 1 is U+00FC"_s;
}

void tst_Configuration::validateScopeName()
{
    QFETCH(QString, name);
    QFETCH(QString, expected);
    QCOMPARE(ConfigurationJson::validateScopeName(name), expected);
}

void tst_Configuration::validateContextPath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");

    const QString characters = u"may only contain letters, digits, \"-\", \".\", \"_\" and \"~\" "
                               "between slashes, but "_s;
    QTest::newRow("root") << QString() << QString();
    QTest::newRow("seed") << u"/ms-auth-server"_s << QString();
    QTest::newRow("nested") << u"/a/b/c"_s << QString();
    QTest::newRow("all unreserved") << u"/Az09-._~"_s << QString();
    QTest::newRow("dots inside a segment") << u"/..a/b.."_s << QString();
    QTest::newRow("no leading slash")
        << u"ms-auth-server"_s << u"must be empty or start with \"/\""_s;
    QTest::newRow("slash only") << u"/"_s
                                << u"must not end with \"/\" (use \"\" to serve from the root)"_s;
    QTest::newRow("trailing slash")
        << u"/a/b/"_s << u"must not end with \"/\" (use \"\" to serve from the root)"_s;
    QTest::newRow("leading empty segment")
        << u"//a"_s << u"must not contain an empty segment (\"//\")"_s;
    QTest::newRow("inner empty segment")
        << u"/a//b"_s << u"must not contain an empty segment (\"//\")"_s;
    QTest::newRow("dot segment") << u"/a/./b"_s << u"must not contain a \".\" or \"..\" segment"_s;
    QTest::newRow("dot-dot segment")
        << u"/a/.."_s << u"must not contain a \".\" or \"..\" segment"_s;
    QTest::newRow("space") << u"/a b"_s << characters + u"character 3 is a space"_s;
    QTest::newRow("query") << u"/a?b=c"_s << characters + u"character 3 is \"?\""_s;
    QTest::newRow("percent-encoded") << u"/a%20b"_s << characters + u"character 3 is \"%\""_s;
    QTest::newRow("non-ASCII") << u"/é"_s << characters + u"character 2 is U+00E9"_s;
}

void tst_Configuration::validateContextPath()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    QCOMPARE(ConfigurationJson::validateContextPath(path), expected);
}

// Keeps docs/configuration.md honest: its full example must be exactly the defaults.
void tst_Configuration::documentedExampleEqualsDefaults()
{
    QFile file(QStringLiteral(PLAYGROUND_SOURCE_DIR "/docs/configuration.md"));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
    const QString markdown = QString::fromUtf8(file.readAll());

    static const QRegularExpression block(
        u"```json\\n(.*?)```"_s, QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch match = block.match(markdown);
    QVERIFY2(match.hasMatch(), "no ```json block in docs/configuration.md");

    QJsonParseError parseError;
    const QJsonDocument example = QJsonDocument::fromJson(match.captured(1).toUtf8(), &parseError);
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    const Expected<Configuration, QString> parsed = ConfigurationJson::fromJson(example.object());
    const QString error = parsed ? QString() : parsed.error();
    QVERIFY2(parsed.isOk(), qPrintable(error));
    QVERIFY(*parsed == Configuration::defaults());
    // Same members too, so the example shows every member the program writes.
    QCOMPARE(example.object(), ConfigurationJson::toJson(Configuration::defaults()));
}

QTEST_GUILESS_MAIN(tst_Configuration)
#include "tst_configuration.moc"
