// SPDX-License-Identifier: GPL-3.0-or-later
// Black-box tests of the token endpoint's user grants and of OpenID Connect over loopback:
// authorization_code (RFC 6749 §4.1.3, §4.1.2 single use, RFC 7636 §4.6 PKCE), refresh_token
// (RFC 6749 §6, RFC 9700 §4.14.2 rotation and reuse detection), the "none" method for public
// clients, the id_token (OpenID Connect Core §2, §3.1.3.6 at_hash), /userinfo (§5.3), discovery
// and RP-initiated logout; refresh tokens at introspection and revocation (RFC 7662, RFC 7009).
// The code comes from the real authorization endpoint and login form, driven as a browser would.
#include "browserform.h"
#include "httpclient.h"
#include "rfcvectors.h"

#include "http/authorizationserver.h"
#include "http/exchangerecord.h"
#include "jose/base64url.h"
#include "jose/jws.h"
#include "jose/key.h"
#include "store/clock.h"
#include "store/registry.h"
#include "store/tokenstore.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace BrowserForm;

namespace {

const QString &Verifier = RfcVectors::rfc7636Verifier;
const QString &Challenge = RfcVectors::rfc7636Challenge;
const QString PublicRedirect = u"http://127.0.0.1:51234/callback"_s;
const QString AppRedirect = u"http://127.0.0.1:9090/app/callback"_s;

// A confidential client without consent, rotation off, PKCE optional; and a second one.
Configuration testConfiguration()
{
    Configuration config = Configuration::defaults();
    ClientRegistration app;
    app.clientId = u"app-client"_s;
    app.clientSecret = u"app-secret"_s;
    app.displayName = u"Test app"_s;
    app.authenticationMethods = {AuthMethod::ClientSecretBasic.toString()};
    app.grantTypes = {GrantType::AuthorizationCode.toString(), GrantType::RefreshToken.toString()};
    app.scopes = {u"openid"_s, u"profile"_s, u"email"_s, u"country.read"_s};
    app.redirectUris = {AppRedirect};
    app.postLogoutRedirectUris = {u"http://127.0.0.1:9090/bye"_s};
    config.clients.append(app);
    ClientRegistration other = app;
    other.clientId = u"other-client"_s;
    other.clientSecret = u"other-secret"_s;
    config.clients.append(other);
    for (TestUser &user : config.users) {
        if (user.username == u"user1"_s) {
            user.name = u"User One"_s;
            user.givenName = u"User"_s;
            user.familyName = u"One"_s;
            user.email = u"user1@example.test"_s;
            user.emailVerified = true;
            user.extraClaims = QJsonObject {{u"locale"_s, u"en-GB"_s}, {u"sub"_s, u"forged"_s}};
        }
    }
    return config;
}

QByteArray basic(const QByteArray &credentials)
{
    return "Basic " + credentials.toBase64();
}

QJsonObject jwtPart(const QString &jwt, int part)
{
    const QList<QString> parts = jwt.split(u'.');
    if (parts.size() != 3)
        return {};
    return QJsonDocument::fromJson(Base64Url::decode(parts.at(part).toLatin1()).value_or(""))
        .object();
}

QString atHash(const QString &accessToken)
{
    const QByteArray digest
        = QCryptographicHash::hash(accessToken.toLatin1(), QCryptographicHash::Sha256);
    return QString::fromLatin1(Base64Url::encode(digest.left(16)));
}

} // namespace

class TestCodeFlowHttp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void publicClientRedeemsCodeWithPkce();
    void idTokenClaimsAndSignature();
    void secondUseRevokesWhatTheFirstIssued();
    void codeRefusals_data();
    void codeRefusals();
    void refusedAttemptLeavesTheCodeUsable();
    void codeExpires();
    void verifierForCodeWithoutChallengeIsRefused();
    void confidentialClientMustAuthenticate();
    void rotationAndReuseDetection();
    void withoutRotationTheSameTokenServesAgain();
    void refreshScopeNarrowsNeverWidens();
    void refreshTokenOfAnotherClientIsRefused();
    void refreshTokenIntrospectedAndRevoked();
    void publicClientsCannotIntrospectOrRevoke();
    void userinfo();
    void userinfoRefusals();
    void discoveryAndMetadata();
    void logoutEndsTheSession();
    void logoutRefusals_data();
    void logoutRefusals();
    void codeAndTokensAreMaskedInTheLog();

private:
    QUrl url(const QString &path) const
    {
        return QUrl(u"http://127.0.0.1:%1/ms-auth-server%2"_s.arg(m_server->port()).arg(path));
    }
    QString issuer() const { return u"http://localhost:%1/ms-auth-server"_s.arg(m_server->port()); }
    // Signs in as user1 and returns the code of the redirect (empty on failure, with a message).
    QString code(TestBrowser &browser, const Pairs &parameters);
    QString publicCode(TestBrowser &browser, const QString &scope = u"openid profile"_s);
    QString appCode(TestBrowser &browser, const QString &scope = u"openid profile email"_s);
    HttpResult redeemPublic(const QString &code, const QString &verifier = Verifier);
    HttpResult redeemApp(const QString &code, const QByteArray &client = "app-client:app-secret");
    HttpResult refresh(const QString &token, const QByteArray &client, const QString &scope = {});
    bool introspectActive(const QString &token);

    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<Registry> m_registry;
    std::unique_ptr<AuthorizationServer> m_server;
    HttpClient m_http;
    Key m_signingKey;
};

void TestCodeFlowHttp::initTestCase()
{
    m_clock = std::make_unique<ManualClock>(QDateTime::currentMSecsSinceEpoch());
    m_signingKey = Key::generateRsa(2048);
    m_registry = std::make_unique<Registry>(testConfiguration(), m_signingKey);
    m_server = std::make_unique<AuthorizationServer>(m_registry.get(), *m_clock);
    ServerSettings settings;
    settings.port = 0;
    QString error;
    QVERIFY2(m_server->start(settings, &error), qPrintable(error));
}

void TestCodeFlowHttp::init()
{
    m_clock->advance(1000);
}

QString TestCodeFlowHttp::code(TestBrowser &browser, const Pairs &parameters)
{
    const HttpResult reply = browser.authorize(parameters);
    if (reply.status != 302) {
        qWarning("authorize answered %d: %s", reply.status, reply.body.left(300).constData());
        return {};
    }
    return queryValue(reply.header("Location"), u"code"_s);
}

QString TestCodeFlowHttp::publicCode(TestBrowser &browser, const QString &scope)
{
    return code(browser,
        {{u"response_type"_s, u"code"_s}, {u"client_id"_s, u"public-client"_s},
            {u"redirect_uri"_s, PublicRedirect}, {u"scope"_s, scope}, {u"state"_s, u"st"_s},
            {u"nonce"_s, u"nonce-1"_s}, {u"code_challenge"_s, Challenge},
            {u"code_challenge_method"_s, u"S256"_s}});
}

QString TestCodeFlowHttp::appCode(TestBrowser &browser, const QString &scope)
{
    return code(browser,
        {{u"response_type"_s, u"code"_s}, {u"client_id"_s, u"app-client"_s},
            {u"redirect_uri"_s, AppRedirect}, {u"scope"_s, scope}, {u"state"_s, u"st"_s}});
}

HttpResult TestCodeFlowHttp::redeemPublic(const QString &code, const QString &verifier)
{
    return m_http.postForm(url(u"/oauth2/token"_s),
        encode({{u"grant_type"_s, u"authorization_code"_s}, {u"code"_s, code},
            {u"redirect_uri"_s, PublicRedirect}, {u"client_id"_s, u"public-client"_s},
            {u"code_verifier"_s, verifier}}));
}

HttpResult TestCodeFlowHttp::redeemApp(const QString &code, const QByteArray &client)
{
    return m_http.postForm(url(u"/oauth2/token"_s),
        encode({{u"grant_type"_s, u"authorization_code"_s}, {u"code"_s, code},
            {u"redirect_uri"_s, AppRedirect}}),
        {{"Authorization"_ba, basic(client)}});
}

HttpResult TestCodeFlowHttp::refresh(
    const QString &token, const QByteArray &client, const QString &scope)
{
    Pairs form {{u"grant_type"_s, u"refresh_token"_s}, {u"refresh_token"_s, token}};
    if (!scope.isNull())
        form.append({u"scope"_s, scope});
    if (client.contains(':')) {
        return m_http.postForm(
            url(u"/oauth2/token"_s), encode(form), {{"Authorization"_ba, basic(client)}});
    }
    form.append({u"client_id"_s, QString::fromLatin1(client)});
    return m_http.postForm(url(u"/oauth2/token"_s), encode(form));
}

bool TestCodeFlowHttp::introspectActive(const QString &token)
{
    const HttpResult reply = m_http.postForm(url(u"/oauth2/introspect"_s),
        encode({{u"token"_s, token}}), {{"Authorization"_ba, basic("other-client:other-secret")}});
    if (reply.status != 200)
        qWarning("introspection answered %d", reply.status);
    return reply.json().value("active"_L1).toBool();
}

void TestCodeFlowHttp::publicClientRedeemsCodeWithPkce()
{
    TestBrowser browser(&m_http, url(QString()).toString());
    const QString code = publicCode(browser);
    QVERIFY(!code.isEmpty());

    const HttpResult reply = redeemPublic(code);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Cache-Control"), "no-store"_ba);
    const QJsonObject json = reply.json();
    QCOMPARE(json.value("token_type"_L1).toString(), u"Bearer"_s);
    QCOMPARE(json.value("scope"_L1).toString(), u"openid profile"_s);
    QVERIFY(json.value("expires_in"_L1).toInt() > 0);
    QVERIFY(!json.value("refresh_token"_L1).toString().isEmpty());
    QVERIFY(!json.value("id_token"_L1).toString().isEmpty());
    // Spring Authorization Server's member order.
    const QByteArray body = reply.body;
    QVERIFY(body.indexOf("\"access_token\"") < body.indexOf("\"refresh_token\""));
    QVERIFY(body.indexOf("\"scope\"") < body.indexOf("\"id_token\""));

    const QJsonObject access = jwtPart(json.value("access_token"_L1).toString(), 1);
    QCOMPARE(access.value("sub"_L1).toString(), u"user1"_s);
    QCOMPARE(access.value("aud"_L1).toString(), u"public-client"_s);
    QCOMPARE(access.value("iss"_L1).toString(), issuer());
    QCOMPARE(access.value("scope"_L1).toArray(), QJsonArray({u"openid"_s, u"profile"_s}));
}

void TestCodeFlowHttp::idTokenClaimsAndSignature()
{
    TestBrowser browser(&m_http, url(QString()).toString());
    const qint64 signedInAt = m_clock->currentMSecsSinceEpoch() / 1000;
    const QString code = appCode(browser, u"openid profile email"_s);
    QVERIFY(!code.isEmpty());
    const QJsonObject json = redeemApp(code).json();
    const QString idToken = json.value("id_token"_L1).toString();
    const QString accessToken = json.value("access_token"_L1).toString();
    QVERIFY(!idToken.isEmpty());

    // Signed by the key the JWK set publishes, named by its kid.
    const QJsonObject header = jwtPart(idToken, 0);
    QCOMPARE(header.value("alg"_L1).toString(), u"RS256"_s);
    const QJsonArray keys = m_http.get(url(u"/oauth2/jwks"_s)).json().value("keys"_L1).toArray();
    Key published;
    for (const QJsonValue &jwk : keys) {
        if (jwk.toObject().value("kid"_L1) == header.value("kid"_L1))
            published = Key::fromJwk(jwk.toObject());
    }
    QVERIFY(!published.isNull());
    const qsizetype lastDot = idToken.lastIndexOf(u'.');
    QVERIFY(Jws::verify(idToken.left(lastDot).toLatin1(),
        Base64Url::decode(idToken.mid(lastDot + 1).toLatin1()).value_or(""), u"RS256"_s,
        published));

    const QJsonObject claims = jwtPart(idToken, 1);
    QCOMPARE(claims.value("iss"_L1).toString(), issuer());
    QCOMPARE(claims.value("sub"_L1).toString(), u"user1"_s); // an extra claim cannot replace it
    QCOMPARE(claims.value("aud"_L1).toString(), u"app-client"_s);
    QCOMPARE(claims.value("azp"_L1).toString(), u"app-client"_s);
    QCOMPARE(claims.value("at_hash"_L1).toString(), atHash(accessToken));
    QCOMPARE(claims.value("auth_time"_L1).toInteger(), signedInAt);
    QVERIFY(!claims.value("sid"_L1).toString().isEmpty());
    QVERIFY(!claims.contains("nonce"_L1)); // the request had none
    const qint64 iat = claims.value("iat"_L1).toInteger();
    QCOMPARE(claims.value("exp"_L1).toInteger(), iat + 1800);
    // profile and email were granted.
    QCOMPARE(claims.value("name"_L1).toString(), u"User One"_s);
    QCOMPARE(claims.value("given_name"_L1).toString(), u"User"_s);
    QCOMPARE(claims.value("family_name"_L1).toString(), u"One"_s);
    QCOMPARE(claims.value("locale"_L1).toString(), u"en-GB"_s);
    QCOMPARE(claims.value("email"_L1).toString(), u"user1@example.test"_s);
    QCOMPARE(claims.value("email_verified"_L1).toBool(), true);

    // The public client's request had a nonce, and no email scope.
    const QString publicCodeValue = publicCode(browser, u"openid profile"_s);
    const QJsonObject publicClaims
        = jwtPart(redeemPublic(publicCodeValue).json().value("id_token"_L1).toString(), 1);
    QCOMPARE(publicClaims.value("nonce"_L1).toString(), u"nonce-1"_s);
    QCOMPARE(publicClaims.value("aud"_L1).toString(), u"public-client"_s);
    QVERIFY(!publicClaims.contains("email"_L1));
    QCOMPARE(publicClaims.value("sid"_L1), claims.value("sid"_L1)); // the same browser session

    // Without openid: no id_token.
    const QString noOpenId = appCode(browser, u"country.read"_s);
    const QJsonObject plain = redeemApp(noOpenId).json();
    QVERIFY(!plain.value("access_token"_L1).toString().isEmpty());
    QVERIFY(!plain.contains("id_token"_L1));
}

void TestCodeFlowHttp::secondUseRevokesWhatTheFirstIssued()
{
    TestBrowser browser(&m_http, url(QString()).toString());
    const QString code = appCode(browser);
    const QJsonObject first = redeemApp(code).json();
    const QString accessToken = first.value("access_token"_L1).toString();
    const QString refreshToken = first.value("refresh_token"_L1).toString();
    QVERIFY(introspectActive(accessToken));
    QVERIFY(introspectActive(refreshToken));

    const HttpResult second = redeemApp(code);
    QCOMPARE(second.status, 400);
    QCOMPARE(second.json().value("error"_L1).toString(), u"invalid_grant"_s);
    QVERIFY(!introspectActive(accessToken));
    QVERIFY(!introspectActive(refreshToken));
    QCOMPARE(refresh(refreshToken, "app-client:app-secret").json().value("error"_L1).toString(),
        u"invalid_grant"_s);
}

void TestCodeFlowHttp::codeRefusals_data()
{
    QTest::addColumn<Pairs>("form");
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    // {code} is replaced by a fresh code of the public client.
    const Pairs base {{u"grant_type"_s, u"authorization_code"_s}, {u"code"_s, u"{code}"_s}};
    const Pairs asPublic {{u"client_id"_s, u"public-client"_s}};
    const Pairs redirect {{u"redirect_uri"_s, PublicRedirect}};
    const Pairs verifier {{u"code_verifier"_s, Verifier}};
    QTest::newRow("code missing") << (Pairs {{u"grant_type"_s, u"authorization_code"_s}} + asPublic)
                                  << QByteArray() << 400 << u"invalid_request"_s;
    QTest::newRow("unknown code") << (Pairs {{u"grant_type"_s, u"authorization_code"_s},
                                          {u"code"_s, u"not-a-code"_s}}
        + asPublic + redirect + verifier)
                                  << QByteArray() << 400 << u"invalid_grant"_s;
    QTest::newRow("another client's code")
        << (base + redirect + verifier) << basic("app-client:app-secret") << 400
        << u"invalid_grant"_s;
    QTest::newRow("redirect_uri differs") << (base + asPublic
        + Pairs {{u"redirect_uri"_s, u"http://127.0.0.1:51235/callback"_s}} + verifier)
                                          << QByteArray() << 400 << u"invalid_grant"_s;
    QTest::newRow("redirect_uri missing")
        << (base + asPublic + verifier) << QByteArray() << 400 << u"invalid_grant"_s;
    QTest::newRow("code_verifier missing")
        << (base + asPublic + redirect) << QByteArray() << 400 << u"invalid_grant"_s;
    QTest::newRow("code_verifier wrong")
        << (base + asPublic + redirect + Pairs {{u"code_verifier"_s, QString(43, u'a')}})
        << QByteArray() << 400 << u"invalid_grant"_s;
    QTest::newRow("code_verifier too short")
        << (base + asPublic + redirect + Pairs {{u"code_verifier"_s, u"short"_s}}) << QByteArray()
        << 400 << u"invalid_grant"_s;
    QTest::newRow("code repeated")
        << (base + Pairs {{u"code"_s, u"{code}"_s}} + asPublic + redirect + verifier)
        << QByteArray() << 400 << u"invalid_request"_s;
    QTest::newRow("public client with a secret")
        << (base + asPublic + Pairs {{u"client_secret"_s, u"x"_s}} + redirect + verifier)
        << QByteArray() << 401 << u"invalid_client"_s;
    QTest::newRow("grant not registered") << (base + redirect + verifier
        + Pairs {{u"client_id"_s, u"service-client-jwt"_s},
            {u"client_secret"_s, u"service-client-jwt-secret"_s}})
                                          << QByteArray() << 400 << u"unauthorized_client"_s;
}

void TestCodeFlowHttp::codeRefusals()
{
    QFETCH(Pairs, form);
    QFETCH(QByteArray, authorization);
    QFETCH(int, status);
    QFETCH(QString, error);
    TestBrowser browser(&m_http, url(QString()).toString());
    const QString code = publicCode(browser);
    QVERIFY(!code.isEmpty());
    for (auto &[name, value] : form) {
        if (value == u"{code}"_s)
            value = code;
    }
    HttpClient::Headers headers;
    if (!authorization.isEmpty())
        headers.append({"Authorization"_ba, authorization});
    const HttpResult reply = m_http.postForm(url(u"/oauth2/token"_s), encode(form), headers);
    QCOMPARE(reply.status, status);
    QCOMPARE(reply.json().value("error"_L1).toString(), error);
    QVERIFY(!reply.json().contains("access_token"_L1));
}

void TestCodeFlowHttp::refusedAttemptLeavesTheCodeUsable()
{
    // Only a redemption that issues tokens uses the code up: a wrong verifier (an attacker
    // without it) does not spend the client's code.
    TestBrowser browser(&m_http, url(QString()).toString());
    const QString code = publicCode(browser);
    QCOMPARE(redeemPublic(code, QString(43, u'b')).status, 400);
    QCOMPARE(redeemPublic(code).status, 200);
    QCOMPARE(redeemPublic(code).status, 400);
}

void TestCodeFlowHttp::codeExpires()
{
    TestBrowser browser(&m_http, url(QString()).toString());
    const QString code = publicCode(browser);
    m_clock->advance((ClientRegistration::DefaultAuthorizationCodeLifetimeSeconds + 1) * 1000);
    const HttpResult reply = redeemPublic(code);
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.json().value("error"_L1).toString(), u"invalid_grant"_s);
}

void TestCodeFlowHttp::verifierForCodeWithoutChallengeIsRefused()
{
    TestBrowser browser(&m_http, url(QString()).toString());
    const QString code = appCode(browser);
    const HttpResult reply = m_http.postForm(url(u"/oauth2/token"_s),
        encode({{u"grant_type"_s, u"authorization_code"_s}, {u"code"_s, code},
            {u"redirect_uri"_s, AppRedirect}, {u"code_verifier"_s, Verifier}}),
        {{"Authorization"_ba, basic("app-client:app-secret")}});
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.json().value("error"_L1).toString(), u"invalid_grant"_s);
    QCOMPARE(redeemApp(code).status, 200);
}

void TestCodeFlowHttp::confidentialClientMustAuthenticate()
{
    TestBrowser browser(&m_http, url(QString()).toString());
    const QString code = appCode(browser);
    // client_id alone, as a public client would send it.
    HttpResult reply = m_http.postForm(url(u"/oauth2/token"_s),
        encode({{u"grant_type"_s, u"authorization_code"_s}, {u"code"_s, code},
            {u"redirect_uri"_s, AppRedirect}, {u"client_id"_s, u"app-client"_s}}));
    QCOMPARE(reply.status, 401);
    QCOMPARE(reply.json().value("error"_L1).toString(), u"invalid_client"_s);
    reply = redeemApp(code, "app-client:wrong");
    QCOMPARE(reply.status, 401);
    QCOMPARE(redeemApp(code).status, 200);
}

void TestCodeFlowHttp::rotationAndReuseDetection()
{
    // public-client rotates (on by default for public clients).
    TestBrowser browser(&m_http, url(QString()).toString());
    const QJsonObject first = redeemPublic(publicCode(browser)).json();
    const QString r1 = first.value("refresh_token"_L1).toString();
    QVERIFY(!r1.isEmpty());

    HttpResult reply = refresh(r1, "public-client");
    QCOMPARE(reply.status, 200);
    const QString r2 = reply.json().value("refresh_token"_L1).toString();
    const QString a2 = reply.json().value("access_token"_L1).toString();
    QVERIFY(!r2.isEmpty());
    QVERIFY(r2 != r1);
    QVERIFY(!reply.json().value("id_token"_L1).toString().isEmpty()); // openid was granted
    QVERIFY(introspectActive(a2));
    QVERIFY(!introspectActive(r1));

    // r1 again: taken as theft; r2 and its access token go too.
    reply = refresh(r1, "public-client");
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.json().value("error"_L1).toString(), u"invalid_grant"_s);
    QVERIFY(!introspectActive(a2));
    reply = refresh(r2, "public-client");
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.json().value("error"_L1).toString(), u"invalid_grant"_s);
}

void TestCodeFlowHttp::withoutRotationTheSameTokenServesAgain()
{
    TestBrowser browser(&m_http, url(QString()).toString());
    const QString r1 = redeemApp(appCode(browser)).json().value("refresh_token"_L1).toString();
    for (int i = 0; i < 2; ++i) {
        const HttpResult reply = refresh(r1, "app-client:app-secret");
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json().value("refresh_token"_L1).toString(), r1);
        QCOMPARE(
            jwtPart(reply.json().value("access_token"_L1).toString(), 1).value("sub"_L1).toString(),
            u"user1"_s);
    }
}

void TestCodeFlowHttp::refreshScopeNarrowsNeverWidens()
{
    TestBrowser browser(&m_http, url(QString()).toString());
    const QString r = redeemApp(appCode(browser, u"openid profile"_s))
                          .json()
                          .value("refresh_token"_L1)
                          .toString();
    HttpResult reply = refresh(r, "app-client:app-secret", u"profile"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value("scope"_L1).toString(), u"profile"_s);
    QVERIFY(!reply.json().contains("id_token"_L1)); // openid left out of the narrowed scope

    reply = refresh(r, "app-client:app-secret", u"openid email"_s);
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.json().value("error"_L1).toString(), u"invalid_scope"_s);

    // Omitted: the scope first granted.
    reply = refresh(r, "app-client:app-secret");
    QCOMPARE(reply.json().value("scope"_L1).toString(), u"openid profile"_s);
}

void TestCodeFlowHttp::refreshTokenOfAnotherClientIsRefused()
{
    TestBrowser browser(&m_http, url(QString()).toString());
    const QString r = redeemApp(appCode(browser)).json().value("refresh_token"_L1).toString();
    const HttpResult reply = refresh(r, "other-client:other-secret");
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.json().value("error"_L1).toString(), u"invalid_grant"_s);
    QCOMPARE(refresh(r, "app-client:app-secret").status, 200);
}

void TestCodeFlowHttp::refreshTokenIntrospectedAndRevoked()
{
    TestBrowser browser(&m_http, url(QString()).toString());
    const QJsonObject tokens = redeemApp(appCode(browser, u"openid profile"_s)).json();
    const QString r = tokens.value("refresh_token"_L1).toString();
    const HttpResult introspection = m_http.postForm(url(u"/oauth2/introspect"_s),
        encode({{u"token"_s, r}}), {{"Authorization"_ba, basic("other-client:other-secret")}});
    const QJsonObject info = introspection.json();
    QCOMPARE(info.value("active"_L1).toBool(), true);
    QCOMPARE(info.value("client_id"_L1).toString(), u"app-client"_s);
    QCOMPARE(info.value("sub"_L1).toString(), u"user1"_s);
    QCOMPARE(info.value("scope"_L1).toString(), u"openid profile"_s);
    QVERIFY(info.value("exp"_L1).toInteger() > info.value("iat"_L1).toInteger());

    // Another client may not revoke it.
    HttpResult reply = m_http.postForm(url(u"/oauth2/revoke"_s), encode({{u"token"_s, r}}),
        {{"Authorization"_ba, basic("other-client:other-secret")}});
    QCOMPARE(reply.status, 401);
    QVERIFY(introspectActive(r));

    reply = m_http.postForm(url(u"/oauth2/revoke"_s),
        encode({{u"token"_s, r}, {u"token_type_hint"_s, u"refresh_token"_s}}),
        {{"Authorization"_ba, basic("app-client:app-secret")}});
    QCOMPARE(reply.status, 200);
    QVERIFY(!introspectActive(r));
    QVERIFY(!introspectActive(tokens.value("access_token"_L1).toString())); // RFC 7009 §2.1
    QCOMPARE(refresh(r, "app-client:app-secret").json().value("error"_L1).toString(),
        u"invalid_grant"_s);
}

void TestCodeFlowHttp::publicClientsCannotIntrospectOrRevoke()
{
    TestBrowser browser(&m_http, url(QString()).toString());
    const QString access
        = redeemPublic(publicCode(browser)).json().value("access_token"_L1).toString();
    for (const QString &path : {u"/oauth2/introspect"_s, u"/oauth2/revoke"_s}) {
        const HttpResult reply = m_http.postForm(
            url(path), encode({{u"token"_s, access}, {u"client_id"_s, u"public-client"_s}}));
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.json().value("error"_L1).toString(), u"invalid_client"_s);
    }
    QVERIFY(introspectActive(access));
}

void TestCodeFlowHttp::userinfo()
{
    TestBrowser browser(&m_http, url(QString()).toString());
    const QString access
        = redeemApp(appCode(browser, u"openid email"_s)).json().value("access_token"_L1).toString();
    for (const QByteArray &method : {"GET"_ba, "POST"_ba}) {
        const HttpResult reply = m_http.send(
            method, url(u"/userinfo"_s), {{"Authorization"_ba, "Bearer " + access.toLatin1()}});
        QCOMPARE(reply.status, 200);
        const QJsonObject claims = reply.json();
        QCOMPARE(claims.value("sub"_L1).toString(), u"user1"_s);
        QCOMPARE(claims.value("email"_L1).toString(), u"user1@example.test"_s);
        QCOMPARE(claims.value("email_verified"_L1).toBool(), true);
        QVERIFY(!claims.contains("name"_L1)); // profile was not granted
    }
}

void TestCodeFlowHttp::userinfoRefusals()
{
    HttpResult reply = m_http.get(url(u"/userinfo"_s));
    QCOMPARE(reply.status, 401);
    QCOMPARE(reply.header("WWW-Authenticate"), "Bearer"_ba);

    reply = m_http.send("GET", url(u"/userinfo"_s), {{"Authorization"_ba, "Bearer nope"_ba}});
    QCOMPARE(reply.status, 401);
    QVERIFY(reply.header("WWW-Authenticate").startsWith("Bearer error=\"invalid_token\""));

    // A client's own token has no openid.
    const QString machine = m_http
                                .postForm(url(u"/oauth2/token"_s),
                                    "grant_type=client_credentials&scope=country.read"
                                    "&client_id=service-client-jwt"
                                    "&client_secret=service-client-jwt-secret"_ba)
                                .json()
                                .value("access_token"_L1)
                                .toString();
    QVERIFY(!machine.isEmpty());
    reply = m_http.send(
        "GET", url(u"/userinfo"_s), {{"Authorization"_ba, "Bearer " + machine.toLatin1()}});
    QCOMPARE(reply.status, 403);
    QVERIFY(reply.header("WWW-Authenticate").contains("error=\"insufficient_scope\""));

    // Revoked.
    TestBrowser browser(&m_http, url(QString()).toString());
    const QString access = redeemApp(appCode(browser)).json().value("access_token"_L1).toString();
    QCOMPARE(m_http
                 .postForm(url(u"/oauth2/revoke"_s), encode({{u"token"_s, access}}),
                     {{"Authorization"_ba, basic("app-client:app-secret")}})
                 .status,
        200);
    reply = m_http.send(
        "GET", url(u"/userinfo"_s), {{"Authorization"_ba, "Bearer " + access.toLatin1()}});
    QCOMPARE(reply.status, 401);
}

void TestCodeFlowHttp::discoveryAndMetadata()
{
    const QJsonObject oidc = m_http.get(url(u"/.well-known/openid-configuration"_s)).json();
    const QString base = issuer();
    QCOMPARE(oidc.value("issuer"_L1).toString(), base);
    QCOMPARE(oidc.value("authorization_endpoint"_L1).toString(), base + u"/oauth2/authorize"_s);
    QCOMPARE(oidc.value("token_endpoint"_L1).toString(), base + u"/oauth2/token"_s);
    QCOMPARE(oidc.value("jwks_uri"_L1).toString(), base + u"/oauth2/jwks"_s);
    QCOMPARE(oidc.value("userinfo_endpoint"_L1).toString(), base + u"/userinfo"_s);
    QCOMPARE(oidc.value("end_session_endpoint"_L1).toString(), base + u"/connect/logout"_s);
    QCOMPARE(oidc.value("response_types_supported"_L1).toArray(), QJsonArray {u"code"_s});
    QCOMPARE(oidc.value("subject_types_supported"_L1).toArray(), QJsonArray {u"public"_s});
    QCOMPARE(
        oidc.value("id_token_signing_alg_values_supported"_L1).toArray(), QJsonArray {u"RS256"_s});
    QVERIFY(oidc.value("scopes_supported"_L1).toArray().contains(u"openid"_s));

    const QJsonObject oauth = m_http.get(url(u"/.well-known/oauth-authorization-server"_s)).json();
    QCOMPARE(oauth.value("grant_types_supported"_L1).toArray(),
        QJsonArray({u"authorization_code"_s, u"client_credentials"_s, u"refresh_token"_s}));
    QCOMPARE(oauth.value("code_challenge_methods_supported"_L1).toArray(),
        QJsonArray({u"S256"_s, u"plain"_s}));
    QVERIFY(oauth.value("token_endpoint_auth_methods_supported"_L1).toArray().contains(u"none"_s));
    QVERIFY(!oauth.value("introspection_endpoint_auth_methods_supported"_L1)
                 .toArray()
                 .contains(u"none"_s));
    QVERIFY(!oauth.value("revocation_endpoint_auth_methods_supported"_L1)
                 .toArray()
                 .contains(u"none"_s));
    QVERIFY(!oauth.value("introspection_endpoint_auth_methods_supported"_L1).toArray().isEmpty());
}

void TestCodeFlowHttp::logoutEndsTheSession()
{
    TestBrowser browser(&m_http, url(QString()).toString());
    const QString idToken = redeemApp(appCode(browser)).json().value("id_token"_L1).toString();
    QVERIFY(browser.hasCookie("playground_session"));

    QUrl logout = url(u"/connect/logout"_s);
    logout.setQuery(QString::fromLatin1(encode({{u"id_token_hint"_s, idToken},
        {u"post_logout_redirect_uri"_s, u"http://127.0.0.1:9090/bye"_s}, {u"state"_s, u"s&2"_s}})));
    const QByteArray sessionBefore = browser.cookieHeader();
    const HttpResult reply = browser.get(logout);
    QCOMPARE(reply.status, 302);
    const QByteArray location = reply.header("Location");
    QVERIFY2(location.startsWith("http://127.0.0.1:9090/bye?"), location.constData());
    QCOMPARE(queryValue(location, u"state"_s), u"s&2"_s);
    QVERIFY(!browser.hasCookie("playground_session"));

    // The old cookie names no session: the login page is shown again.
    QUrl again = url(u"/oauth2/authorize"_s);
    again.setQuery(QString::fromLatin1(encode({{u"response_type"_s, u"code"_s},
        {u"client_id"_s, u"app-client"_s}, {u"redirect_uri"_s, AppRedirect}})));
    const HttpResult page = m_http.send("GET", again, {{"Cookie"_ba, sessionBefore}});
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("name=\"password\""));

    // Without parameters: a page that says so.
    const HttpResult plain = m_http.get(url(u"/connect/logout"_s));
    QCOMPARE(plain.status, 200);
    QVERIFY(plain.body.contains("signed out"));
}

void TestCodeFlowHttp::logoutRefusals_data()
{
    QTest::addColumn<Pairs>("parameters");
    QTest::newRow("unregistered post_logout_redirect_uri")
        << Pairs {{u"client_id"_s, u"app-client"_s},
               {u"post_logout_redirect_uri"_s, u"https://evil.example/"_s}};
    QTest::newRow("post_logout_redirect_uri without a client")
        << Pairs {{u"post_logout_redirect_uri"_s, u"http://127.0.0.1:9090/bye"_s}};
    QTest::newRow("forged id_token_hint")
        << Pairs {{u"id_token_hint"_s, u"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"_s},
               {u"post_logout_redirect_uri"_s, u"http://127.0.0.1:9090/bye"_s}};
    QTest::newRow("unknown client") << Pairs {{u"client_id"_s, u"nobody"_s}};
    QTest::newRow("another client's redirect") << Pairs {{u"client_id"_s, u"public-client"_s},
        {u"post_logout_redirect_uri"_s, u"http://127.0.0.1:9090/bye"_s}};
}

void TestCodeFlowHttp::logoutRefusals()
{
    QFETCH(Pairs, parameters);
    QUrl logout = url(u"/connect/logout"_s);
    logout.setQuery(QString::fromLatin1(encode(parameters)));
    const HttpResult reply = m_http.get(logout);
    QCOMPARE(reply.status, 400);
    QVERIFY(reply.header("Location").isEmpty());
    QVERIFY(reply.header("Content-Type").startsWith("text/html"));
}

void TestCodeFlowHttp::codeAndTokensAreMaskedInTheLog()
{
    m_server->reportPendingExchanges();
    QSignalSpy spy(m_server.get(), &AuthorizationServer::exchangeRecorded);
    TestBrowser browser(&m_http, url(QString()).toString());
    const QString code = publicCode(browser);
    const HttpResult reply = redeemPublic(code);
    QCOMPARE(reply.status, 200);
    m_server->reportPendingExchanges();
    QTRY_VERIFY(spy.count() >= 3); // authorize, login, token
    bool sawToken = false;
    bool sawRedirect = false;
    // The code and the verifier are credentials (masked everywhere); tokens stay in the
    // response text for the inspector, and are masked in the request (a refresh_token sent).
    for (const QList<QVariant> &arguments : std::as_const(spy)) {
        const auto record = arguments.first().value<ExchangeRecord>();
        const QByteArray all = record.rawRequest + record.rawResponse;
        QVERIFY2(!all.contains(code.toLatin1()), record.rawResponse.left(400).constData());
        QVERIFY2(!all.contains(Verifier.toLatin1()), "the code_verifier is in the log");
        sawToken = sawToken || record.rawRequest.contains("grant_type=authorization_code");
        sawRedirect = sawRedirect || record.rawResponse.contains("code=******");
    }
    QVERIFY(sawToken);
    QVERIFY(sawRedirect);
}

QTEST_GUILESS_MAIN(TestCodeFlowHttp)
#include "tst_codeflowhttp.moc"
