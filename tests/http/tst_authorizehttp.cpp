// SPDX-License-Identifier: GPL-3.0-or-later
// Black-box tests of the authorization endpoint and the login form over loopback (RFC 6749
// §4.1.1, §4.1.2, §4.1.2.1, RFC 7636 §4.3, RFC 9207, RFC 8252 §7.3), driven as a browser would:
// the page is fetched, its hidden fields parsed, the form posted back with the cookie.
#include "browserform.h"
#include "httpclient.h"
#include "rfcvectors.h"

#include "http/authorizationserver.h"
#include "jose/key.h"
#include "store/clock.h"
#include "store/registry.h"
#include "store/tokenstore.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace BrowserForm;

namespace {

const QString &Verifier = RfcVectors::rfc7636Verifier;
const QString &Challenge = RfcVectors::rfc7636Challenge;
const QString PublicRedirect = u"http://127.0.0.1:51234/callback"_s;
const QString WebRedirect = u"http://127.0.0.1:8080/login/oauth2/code/web-client"_s;

Configuration testConfiguration()
{
    Configuration config = Configuration::defaults();
    ClientRegistration noCode;
    noCode.clientId = u"no-code-client"_s;
    noCode.clientSecret = u"no-code-secret"_s;
    noCode.displayName = u"No <code> app"_s;
    noCode.authenticationMethods = {AuthMethod::ClientSecretBasic.toString()};
    noCode.grantTypes = {GrantType::ClientCredentials.toString()};
    noCode.scopes = {u"country.read"_s};
    noCode.redirectUris = {u"https://app.example/cb"_s};
    config.clients.append(noCode);

    ClientRegistration plain = noCode;
    plain.clientId = u"plain-client"_s;
    plain.displayName = u"Plain & \"quoted\" app"_s;
    plain.grantTypes = {GrantType::AuthorizationCode.toString()};
    plain.allowPlainPkce = true;
    plain.redirectUris = {u"https://app.example/cb?x=1"_s, u"https://app.example/other"_s};
    config.clients.append(plain);
    return config;
}

// The parameters of a Location header's query.
struct LocationQuery
{
    QByteArray query;
    QString queryItemValue(const QString &name) const { return formValue(query, name); }
    bool hasQueryItem(const QString &name) const
    {
        return QByteArray("&" + query).contains(QByteArray("&" + name.toUtf8() + "="));
    }
};

LocationQuery queryOf(const QByteArray &location)
{
    const qsizetype mark = location.indexOf('?');
    return LocationQuery {mark < 0 ? QByteArray() : location.mid(mark + 1)};
}

} // namespace

class TestAuthorizeHttp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void errorPage_data();
    void errorPage();
    void errorRedirect_data();
    void errorRedirect();
    void loginPage();
    void postAuthorizeAndMethods();
    void loginFlow();
    void wrongCredentials_data();
    void wrongCredentials();
    void csrfRefused_data();
    void csrfRefused();
    void sessionAndPrompt();
    void loginExchangeIsMasked();
    void keepsServing();

private:
    QUrl authorizeUrl(const QList<QPair<QString, QString>> &parameters) const;
    QUrl url(const QString &path) const;
    // Fetches the login page for a public-client request and signs in; the 302 of the login.
    HttpResult signIn(const QString &state, QByteArray *sessionCookie);

    std::unique_ptr<Registry> m_registry;
    std::unique_ptr<AuthorizationServer> m_server;
    HttpClient m_http;
};

QUrl TestAuthorizeHttp::url(const QString &path) const
{
    return QUrl(u"http://127.0.0.1:%1/ms-auth-server%2"_s.arg(m_server->port()).arg(path));
}

QUrl TestAuthorizeHttp::authorizeUrl(const QList<QPair<QString, QString>> &parameters) const
{
    QUrl u = url(u"/oauth2/authorize"_s);
    u.setQuery(QString::fromLatin1(encode(parameters)), QUrl::StrictMode);
    return u;
}

void TestAuthorizeHttp::initTestCase()
{
    m_registry = std::make_unique<Registry>(testConfiguration(), Key::generateRsa(2048));
    m_server = std::make_unique<AuthorizationServer>(m_registry.get(), Clock::system());
    ServerSettings settings;
    settings.port = 0;
    QString error;
    QVERIFY2(m_server->start(settings, &error), qPrintable(error));
    QVERIFY(m_server->tokenStore());
}

void TestAuthorizeHttp::errorPage_data()
{
    QTest::addColumn<Pairs>("parameters");
    QTest::addColumn<QString>("text");
    const Pairs base {{u"response_type"_s, u"code"_s}, {u"state"_s, u"s1"_s}};
    QTest::newRow("no client_id") << base << u"client_id is missing"_s;
    QTest::newRow("unknown client")
        << (base + Pairs {{u"client_id"_s, u"<script>x</script>"_s}}) << u"not registered"_s;
    QTest::newRow("repeated client_id")
        << (base + Pairs {{u"client_id"_s, u"public-client"_s}, {u"client_id"_s, u"web-client"_s}})
        << u"client_id more than once"_s;
    QTest::newRow("redirect_uri not registered") << (base
        + Pairs {{u"client_id"_s, u"public-client"_s},
            {u"redirect_uri"_s, u"https://evil.example/callback"_s}})
                                                 << u"not one it registered"_s;
    QTest::newRow("loopback other path") << (base
        + Pairs {{u"client_id"_s, u"public-client"_s},
            {u"redirect_uri"_s, u"http://127.0.0.1:5000/other"_s}})
                                         << u"not one it registered"_s;
    QTest::newRow("localhost is not a loopback literal") << (base
        + Pairs {{u"client_id"_s, u"public-client"_s},
            {u"redirect_uri"_s, u"http://localhost:5000/callback"_s}})
                                                         << u"not one it registered"_s;
    QTest::newRow("repeated redirect_uri") << (base
        + Pairs {{u"client_id"_s, u"public-client"_s}, {u"redirect_uri"_s, PublicRedirect},
            {u"redirect_uri"_s, PublicRedirect}})
                                           << u"redirect_uri more than once"_s;
    QTest::newRow("two registered, none presented")
        << (base + Pairs {{u"client_id"_s, u"plain-client"_s}}) << u"redirect_uri is missing"_s;
}

void TestAuthorizeHttp::errorPage()
{
    QFETCH(Pairs, parameters);
    QFETCH(QString, text);
    const HttpResult reply = m_http.get(authorizeUrl(parameters));
    QCOMPARE(reply.status, 400);
    QVERIFY(reply.header("Location").isEmpty()); // never a redirect
    QCOMPARE(reply.header("Content-Type"), "text/html; charset=utf-8"_ba);
    QCOMPARE(reply.header("X-Frame-Options"), "DENY"_ba);
    QVERIFY2(QString::fromUtf8(reply.body).contains(text), reply.body.constData());
    QVERIFY(!reply.body.contains("<script>"));
}

void TestAuthorizeHttp::errorRedirect_data()
{
    QTest::addColumn<Pairs>("parameters");
    QTest::addColumn<QString>("redirect");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("description");
    const Pairs pub {{u"client_id"_s, u"public-client"_s}, {u"redirect_uri"_s, PublicRedirect},
        {u"state"_s, u"st&=1"_s}};
    const Pairs pkce {{u"code_challenge"_s, Challenge}, {u"code_challenge_method"_s, u"S256"_s}};
    const Pairs code {{u"response_type"_s, u"code"_s}};
    QTest::newRow("no response_type")
        << (pub + pkce) << PublicRedirect << u"invalid_request"_s << u"response_type is missing"_s;
    QTest::newRow("response_type token")
        << (pub + pkce + Pairs {{u"response_type"_s, u"token"_s}}) << PublicRedirect
        << u"unsupported_response_type"_s << u"only response_type=code"_s;
    QTest::newRow("scope not allowed")
        << (pub + pkce + code + Pairs {{u"scope"_s, u"openid customer.write"_s}}) << PublicRedirect
        << u"invalid_scope"_s << u"customer.write"_s;
    QTest::newRow("public client without PKCE")
        << (pub + code) << PublicRedirect << u"invalid_request"_s
        << u"code_challenge is required"_s;
    QTest::newRow("plain not allowed")
        << (pub + code
               + Pairs {{u"code_challenge"_s, Verifier}, {u"code_challenge_method"_s, u"plain"_s}})
        << PublicRedirect << u"invalid_request"_s << u"must be S256"_s;
    QTest::newRow("method missing means plain")
        << (pub + code + Pairs {{u"code_challenge"_s, Challenge}}) << PublicRedirect
        << u"invalid_request"_s << u"it must be S256"_s;
    QTest::newRow("unknown method") << (pub + code
        + Pairs {{u"code_challenge"_s, Challenge}, {u"code_challenge_method"_s, u"S512"_s}})
                                    << PublicRedirect << u"invalid_request"_s << u"must be S256"_s;
    QTest::newRow("malformed challenge")
        << (pub + code
               + Pairs {{u"code_challenge"_s, u"short"_s}, {u"code_challenge_method"_s, u"S256"_s}})
        << PublicRedirect << u"invalid_request"_s << u"43 to 128"_s;
    QTest::newRow("repeated scope")
        << (pub + pkce + code + Pairs {{u"scope"_s, u"openid"_s}, {u"scope"_s, u"profile"_s}})
        << PublicRedirect << u"invalid_request"_s << u"scope is repeated"_s;
    QTest::newRow("repeated response_type")
        << (pub + pkce + code + code) << PublicRedirect << u"invalid_request"_s
        << u"response_type is repeated"_s;
    QTest::newRow("prompt none without session")
        << (pub + pkce + code + Pairs {{u"prompt"_s, u"none"_s}}) << PublicRedirect
        << u"login_required"_s << u"not signed in"_s;
    QTest::newRow("prompt none with login")
        << (pub + pkce + code + Pairs {{u"prompt"_s, u"none login"_s}}) << PublicRedirect
        << u"invalid_request"_s << u"prompt=none"_s;
    QTest::newRow("bad max_age") << (pub + pkce + code + Pairs {{u"max_age"_s, u"-1"_s}})
                                 << PublicRedirect << u"invalid_request"_s << u"max_age"_s;
    QTest::newRow("client without authorization_code")
        << Pairs {{u"client_id"_s, u"no-code-client"_s}, {u"response_type"_s, u"code"_s},
               {u"state"_s, u"st&=1"_s}}
        << u"https://app.example/cb"_s << u"unauthorized_client"_s << u"authorization code"_s;
    QTest::newRow("loopback any port, query kept")
        << Pairs {{u"client_id"_s, u"plain-client"_s},
               {u"redirect_uri"_s, u"https://app.example/cb?x=1"_s}, {u"state"_s, u"st&=1"_s},
               {u"response_type"_s, u"code"_s}, {u"scope"_s, u"customer.read"_s}}
        << u"https://app.example/cb?x=1"_s << u"invalid_scope"_s << u"customer.read"_s;
    QTest::newRow("public client on another loopback port")
        << Pairs {{u"client_id"_s, u"public-client"_s},
               {u"redirect_uri"_s, u"http://127.0.0.1:40001/callback"_s}, {u"state"_s, u"st&=1"_s},
               {u"response_type"_s, u"code"_s}}
        << u"http://127.0.0.1:40001/callback"_s << u"invalid_request"_s << u"PKCE"_s;
}

void TestAuthorizeHttp::errorRedirect()
{
    QFETCH(Pairs, parameters);
    QFETCH(QString, redirect);
    QFETCH(QString, error);
    QFETCH(QString, description);
    const HttpResult reply = m_http.get(authorizeUrl(parameters));
    QCOMPARE(reply.status, 302);
    const QByteArray location = reply.header("Location");
    const QString base = redirect.section(u'?', 0, 0);
    QVERIFY2(location.startsWith(QByteArray(base.toUtf8() + '?')), location.constData());
    const LocationQuery query = queryOf(location);
    QCOMPARE(query.queryItemValue(u"error"_s), error);
    QVERIFY2(
        query.queryItemValue(u"error_description"_s).contains(description), location.constData());
    QCOMPARE(query.queryItemValue(u"state"_s), u"st&=1"_s);
    QCOMPARE(query.queryItemValue(u"iss"_s), m_server->issuer());
    QVERIFY(!query.hasQueryItem(u"code"_s));
    if (redirect.contains(u'?'))
        QCOMPARE(query.queryItemValue(u"x"_s), u"1"_s); // RFC 6749 §3.1.2: the query is kept
}

void TestAuthorizeHttp::loginPage()
{
    const HttpResult reply = m_http.get(authorizeUrl({{u"response_type"_s, u"code"_s},
        {u"client_id"_s, u"plain-client"_s}, {u"redirect_uri"_s, u"https://app.example/other"_s},
        {u"state"_s, u"\"><script>alert(1)</script>"_s}, {u"code_challenge"_s, Verifier},
        {u"login_hint"_s, u"user1"_s}}));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Content-Type"), "text/html; charset=utf-8"_ba);
    QCOMPARE(reply.header("Cache-Control"), "no-store"_ba);
    QCOMPARE(reply.header("X-Frame-Options"), "DENY"_ba);
    const QByteArray csp = reply.header("Content-Security-Policy");
    QVERIFY2(csp.startsWith("default-src 'none'; style-src 'sha256-"), csp.constData());
    QVERIFY(csp.contains("frame-ancestors 'none'"));
    QVERIFY(!csp.contains("unsafe-inline"));
    const QByteArray &body = reply.body;
    // The client in plain words, every inserted value escaped.
    QVERIFY(body.contains("Plain &amp; &quot;quoted&quot; app"));
    QVERIFY(body.contains("<code>app.example</code>"));
    QVERIFY(!body.contains("<script>"));
    QVERIFY(body.contains("<label for=\"username\">"));
    QVERIFY(body.contains("<label for=\"password\">"));
    QVERIFY(body.contains("action=\"/ms-auth-server/login\""));
    QVERIFY(body.contains("value=\"user1\"")); // login_hint
    QVERIFY(!body.contains("{{")); // every placeholder filled
    QVERIFY(body.contains("color-scheme: light dark")); // the stylesheet is inlined
    // ... and allowed by its hash (CSP 3 §8.4), so a browser applies it without 'unsafe-inline'.
    const qsizetype styleStart = body.indexOf("<style>") + 7;
    const QByteArray style = body.mid(styleStart, body.indexOf("</style>") - styleStart);
    QVERIFY(style.size() > 1000);
    const QByteArray styleSource = "style-src 'sha256-"_ba
        + QCryptographicHash::hash(style, QCryptographicHash::Sha256).toBase64() + "'"_ba;
    QVERIFY2(csp.contains(styleSource), csp.constData());
    const QString csrf = hiddenField(body, u"csrf"_s);
    QCOMPARE(csrf.size(), 43);
    QByteArray attributes;
    QCOMPARE(cookie(reply, "playground_csrf", &attributes), "playground_csrf=" + csrf.toLatin1());
    QVERIFY(attributes.contains("HttpOnly"));
    QVERIFY(attributes.contains("Path=/ms-auth-server"));
    // The pending request travels unchanged, state included.
    QCOMPARE(formValue(hiddenField(body, u"request"_s).toUtf8(), u"state"_s),
        u"\"><script>alert(1)</script>"_s);
}

void TestAuthorizeHttp::postAuthorizeAndMethods()
{
    const HttpResult post = m_http.postForm(url(u"/oauth2/authorize"_s),
        encode({{u"response_type"_s, u"code"_s}, {u"client_id"_s, u"public-client"_s},
            {u"redirect_uri"_s, PublicRedirect}, {u"code_challenge"_s, Challenge},
            {u"code_challenge_method"_s, u"S256"_s}}));
    QCOMPARE(post.status, 200);
    QVERIFY(post.body.contains("Public app (PKCE)"));

    const HttpResult put = m_http.send("PUT", url(u"/oauth2/authorize"_s));
    QCOMPARE(put.status, 405);
    QCOMPARE(put.header("Allow"), "GET, POST"_ba);
    const HttpResult getLogin = m_http.get(url(u"/login"_s));
    QCOMPARE(getLogin.status, 405);
    QCOMPARE(getLogin.header("Allow"), "POST"_ba);
}

HttpResult TestAuthorizeHttp::signIn(const QString &state, QByteArray *sessionCookie)
{
    const HttpResult page = m_http.get(authorizeUrl({{u"response_type"_s, u"code"_s},
        {u"client_id"_s, u"public-client"_s}, {u"redirect_uri"_s, PublicRedirect},
        {u"scope"_s, u"openid profile"_s}, {u"state"_s, state}, {u"nonce"_s, u"n-1"_s},
        {u"code_challenge"_s, Challenge}, {u"code_challenge_method"_s, u"S256"_s}}));
    if (page.status != 200)
        return page;
    const QByteArray csrfCookie = cookie(page, "playground_csrf");
    const HttpResult login = m_http.postForm(url(u"/login"_s),
        encode({{u"csrf"_s, hiddenField(page.body, u"csrf"_s)},
            {u"request"_s, hiddenField(page.body, u"request"_s)}, {u"username"_s, u"user1"_s},
            {u"password"_s, u"password"_s}}),
        {{"Cookie", csrfCookie}});
    if (sessionCookie)
        *sessionCookie = cookie(login, "playground_session");
    return login;
}

void TestAuthorizeHttp::loginFlow()
{
    QByteArray session;
    const qint64 before = QDateTime::currentSecsSinceEpoch();
    const HttpResult login = signIn(u"xyz"_s, &session);
    QCOMPARE(login.status, 302);
    const QByteArray location = login.header("Location");
    QVERIFY2(
        location.startsWith(QByteArray(PublicRedirect.toUtf8() + "?code=")), location.constData());
    const LocationQuery query = queryOf(location);
    const QString code = query.queryItemValue(u"code"_s);
    QCOMPARE(code.size(), 43);
    QCOMPARE(query.queryItemValue(u"state"_s), u"xyz"_s);
    QCOMPARE(query.queryItemValue(u"iss"_s), m_server->issuer());

    QByteArray attributes;
    QVERIFY(!cookie(login, "playground_session", &attributes).isEmpty());
    QVERIFY(attributes.contains("HttpOnly"));
    QVERIFY(attributes.contains("SameSite=Lax"));
    QVERIFY(attributes.contains("Path=/ms-auth-server"));

    // The code is a record bound to everything the token endpoint will check.
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const std::optional<QJsonObject> record
        = m_server->tokenStore()->record(RecordKind::AuthorizationCode, code, now);
    QVERIFY(record);
    QCOMPARE(record->value("client_id"_L1).toString(), u"public-client"_s);
    QCOMPARE(record->value("redirect_uri"_L1).toString(), PublicRedirect);
    QCOMPARE(record->value("code_challenge"_L1).toString(), Challenge);
    QCOMPARE(record->value("code_challenge_method"_L1).toString(), u"S256"_s);
    QCOMPARE(record->value("nonce"_L1).toString(), u"n-1"_s);
    QCOMPARE(record->value("username"_L1).toString(), u"user1"_s);
    QCOMPARE(record->value("scope"_L1).toArray(), (QJsonArray {u"openid"_s, u"profile"_s}));
    QVERIFY(record->value("auth_time"_L1).toInteger() >= before);
    QCOMPARE(record->value("used"_L1).toBool(), false);
    // Gone after the client's code lifetime (300 s).
    QVERIFY(!m_server->tokenStore()->record(RecordKind::AuthorizationCode, code, now + 301));
    const QString sid = QString::fromLatin1(session.mid(session.indexOf('=') + 1));
    QVERIFY(m_server->tokenStore()->record(RecordKind::Session, sid, now));
}

void TestAuthorizeHttp::wrongCredentials_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::newRow("wrong password") << u"user1"_s << u"Password"_s;
    QTest::newRow("unknown user") << u"nobody<b>"_s << u"password"_s;
    QTest::newRow("empty") << QString() << QString();
}

void TestAuthorizeHttp::wrongCredentials()
{
    QFETCH(QString, username);
    QFETCH(QString, password);
    const HttpResult page = m_http.get(authorizeUrl({{u"response_type"_s, u"code"_s},
        {u"client_id"_s, u"public-client"_s}, {u"redirect_uri"_s, PublicRedirect},
        {u"code_challenge"_s, Challenge}, {u"code_challenge_method"_s, u"S256"_s}}));
    QCOMPARE(page.status, 200);
    const QByteArray csrfCookie = cookie(page, "playground_csrf");
    const HttpResult login = m_http.postForm(url(u"/login"_s),
        encode({{u"csrf"_s, hiddenField(page.body, u"csrf"_s)},
            {u"request"_s, hiddenField(page.body, u"request"_s)}, {u"username"_s, username},
            {u"password"_s, password}}),
        {{"Cookie", csrfCookie}});
    QCOMPARE(login.status, 200); // the login page again, with the message
    QVERIFY(login.header("Location").isEmpty());
    QVERIFY(cookie(login, "playground_session").isEmpty());
    QVERIFY(login.body.contains("role=\"alert\">The user name or the password is wrong."));
    QVERIFY(!login.body.contains("<b>"));
    // The same CSRF token stays valid for the next try.
    QCOMPARE(hiddenField(login.body, u"csrf"_s), hiddenField(page.body, u"csrf"_s));
}

void TestAuthorizeHttp::csrfRefused_data()
{
    QTest::addColumn<bool>("sendCookie");
    QTest::addColumn<QString>("field");
    QTest::newRow("no cookie") << false << u"same"_s;
    QTest::newRow("field differs") << true << u"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"_s;
    QTest::newRow("field missing") << true << QString();
}

void TestAuthorizeHttp::csrfRefused()
{
    QFETCH(bool, sendCookie);
    QFETCH(QString, field);
    const HttpResult page = m_http.get(authorizeUrl({{u"response_type"_s, u"code"_s},
        {u"client_id"_s, u"public-client"_s}, {u"redirect_uri"_s, PublicRedirect},
        {u"code_challenge"_s, Challenge}, {u"code_challenge_method"_s, u"S256"_s}}));
    const QString csrf = hiddenField(page.body, u"csrf"_s);
    Pairs form {{u"request"_s, hiddenField(page.body, u"request"_s)}, {u"username"_s, u"user1"_s},
        {u"password"_s, u"password"_s}};
    if (!field.isNull())
        form.append({u"csrf"_s, field == u"same"_s ? csrf : field});
    HttpClient::Headers headers;
    if (sendCookie)
        headers.append({"Cookie", cookie(page, "playground_csrf")});
    const HttpResult login = m_http.postForm(url(u"/login"_s), encode(form), headers);
    QCOMPARE(login.status, 403);
    QVERIFY(login.header("Location").isEmpty());
    QVERIFY(cookie(login, "playground_session").isEmpty());
    QCOMPARE(login.header("Content-Type"), "text/html; charset=utf-8"_ba);
}

void TestAuthorizeHttp::sessionAndPrompt()
{
    QByteArray session;
    QCOMPARE(signIn(u"first"_s, &session).status, 302);
    QVERIFY(!session.isEmpty());
    const Pairs request {{u"response_type"_s, u"code"_s}, {u"client_id"_s, u"public-client"_s},
        {u"redirect_uri"_s, PublicRedirect}, {u"state"_s, u"again"_s},
        {u"code_challenge"_s, Challenge}, {u"code_challenge_method"_s, u"S256"_s}};
    const auto withCookie = [&](const Pairs &extra) {
        return m_http.send("GET", authorizeUrl(request + extra), {{"Cookie", session}});
    };

    // Signed in: the code at once, also for prompt=none and a max_age the sign-in meets.
    for (const Pairs &extra :
        {Pairs {}, Pairs {{u"prompt"_s, u"none"_s}}, Pairs {{u"max_age"_s, u"3600"_s}}}) {
        const HttpResult reply = withCookie(extra);
        QCOMPARE(reply.status, 302);
        const LocationQuery query = queryOf(reply.header("Location"));
        QCOMPARE(query.queryItemValue(u"code"_s).size(), 43);
        QCOMPARE(query.queryItemValue(u"state"_s), u"again"_s);
    }
    // prompt=login asks again.
    const HttpResult login = withCookie({{u"prompt"_s, u"login"_s}});
    QCOMPARE(login.status, 200);
    QVERIFY(login.body.contains("name=\"password\""));
    // A session id the server does not know is no session.
    const HttpResult forged
        = m_http.send("GET", authorizeUrl(request + Pairs {{u"prompt"_s, u"none"_s}}),
            {{"Cookie", "playground_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}});
    QCOMPARE(forged.status, 302);
    QCOMPARE(queryOf(forged.header("Location")).queryItemValue(u"error"_s), u"login_required"_s);
}

void TestAuthorizeHttp::loginExchangeIsMasked()
{
    m_server->reportPendingExchanges(); // the earlier tests' exchanges are not this test's
    QSignalSpy spy(m_server.get(), &AuthorizationServer::exchangeRecorded);
    QByteArray session;
    QCOMPARE(signIn(u"masked"_s, &session).status, 302);
    QTRY_COMPARE(spy.count(), 2); // the page, the login
    const auto page = spy.at(0).first().value<ExchangeRecord>();
    QCOMPARE(page.status, 200);
    QVERIFY(page.decision.reason.contains(u"login page"));
    const auto login = spy.at(1).first().value<ExchangeRecord>();
    QCOMPARE(login.status, 302);
    QCOMPARE(login.decision.clientId, u"public-client"_s);
    QVERIFY2(
        login.decision.reason.contains(u"signed in as user1"), qPrintable(login.decision.reason));
    // The password and the session cookie never appear in clear in the log.
    QVERIFY(login.rawRequest.contains("password=******"));
    QVERIFY(!login.rawRequest.contains("password=password"));
    const QByteArray sid = session.mid(session.indexOf('=') + 1);
    QVERIFY(!sid.isEmpty());
    QVERIFY(!login.rawResponse.contains(sid));
    QVERIFY(!login.logLine().contains(QString::fromLatin1(sid)));
}

void TestAuthorizeHttp::keepsServing()
{
    // Badly encoded query, then a good request.
    QUrl bad = url(u"/oauth2/authorize"_s);
    bad.setQuery(u"client_id=%ZZ"_s, QUrl::TolerantMode);
    const HttpResult badReply = m_http.get(bad);
    QCOMPARE(badReply.status, 400);
    const HttpResult token = m_http.postForm(url(u"/oauth2/token"_s),
        "grant_type=client_credentials&client_id=service-client-jwt"
        "&client_secret=service-client-jwt-secret&scope=country.read");
    QCOMPARE(token.status, 200);
}

QTEST_GUILESS_MAIN(TestAuthorizeHttp)
#include "tst_authorizehttp.moc"
