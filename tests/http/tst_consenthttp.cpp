// SPDX-License-Identifier: GPL-3.0-or-later
// Black-box tests of the consent page over loopback, driven as a browser would (cookies, hidden
// fields): what it lists, allowing some scopes, remembering the decision per user and client,
// prompt=consent and prompt=none (OpenID Connect Core §3.1.2.1, consent_required), denial
// (RFC 6749 §4.1.2.1 access_denied), CSRF and a consent form without a session.
#include "browserform.h"
#include "httpclient.h"

#include "http/authorizationserver.h"
#include "jose/key.h"
#include "store/clock.h"
#include "store/registry.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace BrowserForm;

namespace {

const QString WebRedirect = u"http://127.0.0.1:8080/login/oauth2/code/web-client"_s;

Pairs webRequest(const QString &scope)
{
    return {{u"response_type"_s, u"code"_s}, {u"client_id"_s, u"web-client"_s},
        {u"redirect_uri"_s, WebRedirect}, {u"scope"_s, scope}, {u"state"_s, u"xyz"_s},
        {u"nonce"_s, u"n-1"_s}};
}

QStringList listedScopes(const QByteArray &page)
{
    QStringList scopes;
    const QString marker = u"<input type=\"checkbox\" name=\"scope\" value=\""_s;
    const QString text = QString::fromUtf8(page);
    for (qsizetype at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
        const qsizetype start = at + marker.size();
        scopes.append(text.mid(start, text.indexOf(u'"', start) - start));
    }
    return scopes;
}

} // namespace

class TestConsentHttp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void pageListsTheAskedScopes();
    void allowingSomeScopesGrantsOnlyThose();
    void rememberedConsentIsNotAskedAgain();
    void notRememberedIsAskedAgain();
    void openidAloneAndClientsWithoutConsent();
    void promptNoneWithoutConsent();
    void denial_data();
    void denial();
    void csrfRefused_data();
    void csrfRefused();
    void withoutSessionTheLoginPage();
    void malformedForms_data();
    void malformedForms();
    void tamperedRequestIsCheckedAgain();

private:
    // Where the tests connect, and the issuer the server names (localhost, as Spring's).
    QString issuer() const { return u"http://127.0.0.1:%1/ms-auth-server"_s.arg(m_server->port()); }
    QString issuerName() const
    {
        return u"http://localhost:%1/ms-auth-server"_s.arg(m_server->port());
    }
    // Signs in as user1 and stops at the consent page.
    HttpResult consentPage(TestBrowser &browser, const Pairs &request);
    // Posts the page's form with its hidden fields and "fields".
    HttpResult answer(TestBrowser &browser, const HttpResult &page, const Pairs &fields);
    // The scope the code of a redirect was issued for, read from the token response.
    QString redeemedScope(const QByteArray &location);

    Key m_signingKey;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<Registry> m_registry;
    std::unique_ptr<AuthorizationServer> m_server;
    HttpClient m_http;
};

void TestConsentHttp::initTestCase()
{
    m_signingKey = Key::generateRsa(2048);
    m_clock = std::make_unique<ManualClock>(QDateTime::currentMSecsSinceEpoch());
}

void TestConsentHttp::init()
{
    // A new server per test: its store starts without sessions or remembered consents.
    m_server.reset();
    m_registry = std::make_unique<Registry>(Configuration::defaults(), m_signingKey);
    m_server = std::make_unique<AuthorizationServer>(m_registry.get(), *m_clock);
    ServerSettings settings;
    settings.port = 0;
    QString error;
    QVERIFY2(m_server->start(settings, &error), qPrintable(error));
}

HttpResult TestConsentHttp::consentPage(TestBrowser &browser, const Pairs &request)
{
    browser.setAnswersConsent(false);
    return browser.authorize(request);
}

HttpResult TestConsentHttp::answer(
    TestBrowser &browser, const HttpResult &page, const Pairs &fields)
{
    Pairs form {{u"csrf"_s, hiddenField(page.body, u"csrf"_s)},
        {u"request"_s, hiddenField(page.body, u"request"_s)}};
    const HttpResult reply = m_http.postForm(
        browser.url(u"/consent"_s), encode(form + fields), {{"Cookie"_ba, browser.cookieHeader()}});
    browser.keepCookies(reply);
    return reply;
}

QString TestConsentHttp::redeemedScope(const QByteArray &location)
{
    const HttpResult token = m_http.postForm(QUrl(issuer() + u"/oauth2/token"_s),
        encode({{u"grant_type"_s, u"authorization_code"_s},
            {u"code"_s, queryValue(location, u"code"_s)}, {u"redirect_uri"_s, WebRedirect}}),
        {{"Authorization"_ba, "Basic " + "web-client:web-client-secret"_ba.toBase64()}});
    if (token.status != 200)
        qWarning("token endpoint answered %d: %s", token.status, token.body.constData());
    return token.json().value("scope"_L1).toString();
}

void TestConsentHttp::pageListsTheAskedScopes()
{
    TestBrowser browser(&m_http, issuer());
    const HttpResult page = consentPage(browser, webRequest(u"openid profile country.read"_s));
    QCOMPARE(page.status, 200);
    QCOMPARE(page.header("Content-Type"), "text/html; charset=utf-8"_ba);
    QCOMPARE(page.header("X-Frame-Options"), "DENY"_ba);
    QVERIFY(page.header("Content-Security-Policy").startsWith("default-src 'none'"));
    QVERIFY(browser.hasCookie("playground_session")); // signed in before being asked
    const QByteArray &body = page.body;
    // Which app asks, for which account, and where the browser goes back to.
    QVERIFY(body.contains("<span class=\"client\">Web app</span>"));
    QVERIFY(body.contains("<strong>user1</strong>"));
    QVERIFY(body.contains("<code>127.0.0.1:8080</code>"));
    // The asked scopes with their descriptions, ticked; openid is said, not asked.
    QCOMPARE(listedScopes(body), (QStringList {u"profile"_s, u"country.read"_s}));
    QVERIFY(body.contains("Read the country reference data"));
    QVERIFY(body.contains("class=\"identity\""));
    QVERIFY(body.contains("action=\"/ms-auth-server/consent\""));
    QVERIFY(body.contains("name=\"decision\" value=\"allow\""));
    QVERIFY(body.contains("name=\"decision\" value=\"deny\""));
    QVERIFY(body.contains("<label for=\"remember\">"));
    QVERIFY(body.contains("<label for=\"scope-0\">"));
    QVERIFY(!body.contains("{{"));
    QCOMPARE(hiddenField(body, u"csrf"_s).size(), 43);
    QCOMPARE(formValue(hiddenField(body, u"request"_s).toUtf8(), u"state"_s), u"xyz"_s);
}

void TestConsentHttp::allowingSomeScopesGrantsOnlyThose()
{
    TestBrowser browser(&m_http, issuer());
    const HttpResult page
        = consentPage(browser, webRequest(u"openid profile email country.read"_s));
    QCOMPARE(page.status, 200);
    // country.read unticked; customer.write ticked although the request did not ask for it.
    const HttpResult reply = answer(browser, page,
        {{u"scope"_s, u"profile"_s}, {u"scope"_s, u"email"_s}, {u"scope"_s, u"customer.write"_s},
            {u"decision"_s, u"allow"_s}});
    QCOMPARE(reply.status, 302);
    const QByteArray location = reply.header("Location");
    QVERIFY2(
        location.startsWith(QByteArray(WebRedirect.toUtf8() + "?code=")), location.constData());
    QCOMPARE(queryValue(location, u"state"_s), u"xyz"_s);
    QCOMPARE(queryValue(location, u"iss"_s), issuerName());
    QCOMPARE(redeemedScope(location), u"openid profile email"_s);
}

void TestConsentHttp::rememberedConsentIsNotAskedAgain()
{
    TestBrowser browser(&m_http, issuer());
    const HttpResult page = consentPage(browser, webRequest(u"openid profile country.read"_s));
    const HttpResult first = answer(browser, page,
        {{u"scope"_s, u"profile"_s}, {u"scope"_s, u"country.read"_s}, {u"remember"_s, u"yes"_s},
            {u"decision"_s, u"allow"_s}});
    QCOMPARE(first.status, 302);

    // The same scopes, or fewer: the code at once.
    for (const QString &scope : {u"openid profile country.read"_s, u"country.read"_s}) {
        const HttpResult again = browser.authorize(webRequest(scope));
        QCOMPARE(again.status, 302);
        QCOMPARE(redeemedScope(again.header("Location")), scope);
    }
    // A scope beyond what was allowed: asked again, listing everything requested.
    const HttpResult more = browser.authorize(webRequest(u"profile customer.read"_s));
    QCOMPARE(more.status, 200);
    QCOMPARE(listedScopes(more.body), (QStringList {u"profile"_s, u"customer.read"_s}));
    // prompt=consent asks although everything was allowed.
    const HttpResult prompted
        = browser.authorize(webRequest(u"profile"_s) + Pairs {{u"prompt"_s, u"consent"_s}});
    QCOMPARE(prompted.status, 200);
    QCOMPARE(listedScopes(prompted.body), QStringList {u"profile"_s});
    // Another browser signed in as the same user has the same remembered consent.
    TestBrowser other(&m_http, issuer());
    other.setAnswersConsent(false);
    QCOMPARE(other.authorize(webRequest(u"openid country.read"_s)).status, 302);
}

void TestConsentHttp::notRememberedIsAskedAgain()
{
    TestBrowser browser(&m_http, issuer());
    const HttpResult page = consentPage(browser, webRequest(u"profile"_s));
    QCOMPARE(
        answer(browser, page, {{u"scope"_s, u"profile"_s}, {u"decision"_s, u"allow"_s}}).status,
        302);
    const HttpResult again = browser.authorize(webRequest(u"profile"_s));
    QCOMPARE(again.status, 200);
    QCOMPARE(listedScopes(again.body), QStringList {u"profile"_s});
}

void TestConsentHttp::openidAloneAndClientsWithoutConsent()
{
    // Only openid: nothing to ask (it is the sign-in).
    TestBrowser browser(&m_http, issuer());
    browser.setAnswersConsent(false);
    const HttpResult openid = browser.authorize(webRequest(u"openid"_s));
    QCOMPARE(openid.status, 302);
    QCOMPARE(redeemedScope(openid.header("Location")), u"openid"_s);
    // public-client does not require consent.
    const HttpResult publicReply
        = browser.authorize({{u"response_type"_s, u"code"_s}, {u"client_id"_s, u"public-client"_s},
            {u"redirect_uri"_s, u"http://127.0.0.1:4000/callback"_s},
            {u"scope"_s, u"openid profile country.read"_s},
            {u"code_challenge"_s, u"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"_s},
            {u"code_challenge_method"_s, u"S256"_s}});
    QCOMPARE(publicReply.status, 302);
    QVERIFY(hasQueryParameter(publicReply.header("Location"), u"code"_s));
    // ... unless the request says prompt=consent (OpenID Connect Core §3.1.2.1).
    const HttpResult prompted
        = browser.authorize({{u"response_type"_s, u"code"_s}, {u"client_id"_s, u"public-client"_s},
            {u"redirect_uri"_s, u"http://127.0.0.1:4000/callback"_s},
            {u"scope"_s, u"openid country.read"_s}, {u"prompt"_s, u"consent"_s},
            {u"code_challenge"_s, u"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"_s},
            {u"code_challenge_method"_s, u"S256"_s}});
    QCOMPARE(prompted.status, 200);
    QCOMPARE(listedScopes(prompted.body), QStringList {u"country.read"_s});
}

void TestConsentHttp::promptNoneWithoutConsent()
{
    TestBrowser browser(&m_http, issuer());
    QCOMPARE(consentPage(browser, webRequest(u"openid profile"_s)).status, 200);
    // Signed in now, but nothing allowed yet.
    const HttpResult reply
        = browser.authorize(webRequest(u"openid profile"_s) + Pairs {{u"prompt"_s, u"none"_s}});
    QCOMPARE(reply.status, 302);
    const QByteArray location = reply.header("Location");
    QVERIFY(location.startsWith(QByteArray(WebRedirect.toUtf8() + '?')));
    QCOMPARE(queryValue(location, u"error"_s), u"consent_required"_s);
    QCOMPARE(queryValue(location, u"state"_s), u"xyz"_s);
    QCOMPARE(queryValue(location, u"iss"_s), issuerName());
    QVERIFY(!hasQueryParameter(location, u"code"_s));
}

void TestConsentHttp::denial_data()
{
    QTest::addColumn<Pairs>("fields");
    QTest::newRow("deny") << Pairs {{u"scope"_s, u"profile"_s}, {u"decision"_s, u"deny"_s}};
    QTest::newRow("allow with nothing ticked") << Pairs {{u"decision"_s, u"allow"_s}};
    QTest::newRow("allow with only scopes not asked for")
        << Pairs {{u"scope"_s, u"customer.write"_s}, {u"decision"_s, u"allow"_s}};
}

void TestConsentHttp::denial()
{
    QFETCH(Pairs, fields);
    TestBrowser browser(&m_http, issuer());
    const HttpResult page = consentPage(browser, webRequest(u"openid profile"_s));
    const HttpResult reply = answer(browser, page, fields + Pairs {{u"remember"_s, u"yes"_s}});
    QCOMPARE(reply.status, 302);
    const QByteArray location = reply.header("Location");
    QVERIFY(location.startsWith(QByteArray(WebRedirect.toUtf8() + '?')));
    QCOMPARE(queryValue(location, u"error"_s), u"access_denied"_s);
    QVERIFY(!queryValue(location, u"error_description"_s).isEmpty());
    QCOMPARE(queryValue(location, u"state"_s), u"xyz"_s);
    QCOMPARE(queryValue(location, u"iss"_s), issuerName());
    QVERIFY(!hasQueryParameter(location, u"code"_s));
    // A denial is not remembered: the next request asks again.
    QCOMPARE(browser.authorize(webRequest(u"openid profile"_s)).status, 200);
}

void TestConsentHttp::csrfRefused_data()
{
    QTest::addColumn<bool>("sendCookie");
    QTest::addColumn<QString>("field");
    QTest::newRow("no CSRF cookie") << false << u"same"_s;
    QTest::newRow("field differs") << true << u"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"_s;
    QTest::newRow("field missing") << true << QString();
}

void TestConsentHttp::csrfRefused()
{
    QFETCH(bool, sendCookie);
    QFETCH(QString, field);
    TestBrowser browser(&m_http, issuer());
    const HttpResult page = consentPage(browser, webRequest(u"profile"_s));
    QCOMPARE(page.status, 200);
    Pairs form {{u"request"_s, hiddenField(page.body, u"request"_s)}, {u"scope"_s, u"profile"_s},
        {u"decision"_s, u"allow"_s}};
    if (!field.isNull())
        form.append({u"csrf"_s, field == u"same"_s ? hiddenField(page.body, u"csrf"_s) : field});
    QByteArray cookies = browser.cookieHeader();
    if (!sendCookie) {
        // The session only, as a cross-site form post with SameSite=Lax cookies would not send
        // the CSRF cookie (SameSite=Strict) either.
        QByteArray session;
        for (const QByteArray &pair : cookies.split(';')) {
            if (pair.trimmed().startsWith("playground_session="))
                session = pair.trimmed();
        }
        cookies = session;
    }
    const HttpResult reply
        = m_http.postForm(browser.url(u"/consent"_s), encode(form), {{"Cookie"_ba, cookies}});
    QCOMPARE(reply.status, 403);
    QVERIFY(reply.header("Location").isEmpty());
    QVERIFY(reply.body.contains("has expired"));
}

void TestConsentHttp::withoutSessionTheLoginPage()
{
    TestBrowser browser(&m_http, issuer());
    const HttpResult page = consentPage(browser, webRequest(u"profile"_s));
    // The page's form, but from a browser that has the CSRF cookie and no session.
    QByteArray cookies;
    for (const QByteArray &pair : browser.cookieHeader().split(';')) {
        if (pair.trimmed().startsWith("playground_csrf="))
            cookies = pair.trimmed();
    }
    QVERIFY(!cookies.isEmpty());
    const HttpResult reply = m_http.postForm(browser.url(u"/consent"_s),
        encode({{u"csrf"_s, hiddenField(page.body, u"csrf"_s)},
            {u"request"_s, hiddenField(page.body, u"request"_s)}, {u"scope"_s, u"profile"_s},
            {u"decision"_s, u"allow"_s}}),
        {{"Cookie"_ba, cookies}});
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.body.contains("name=\"password\""));
    QVERIFY(reply.header("Location").isEmpty());
}

void TestConsentHttp::malformedForms_data()
{
    QTest::addColumn<Pairs>("fields");
    QTest::addColumn<int>("status");
    QTest::newRow("no decision") << Pairs {{u"scope"_s, u"profile"_s}} << 400;
    QTest::newRow("unknown decision") << Pairs {{u"decision"_s, u"maybe"_s}} << 400;
    QTest::newRow("two decisions")
        << Pairs {{u"decision"_s, u"allow"_s}, {u"decision"_s, u"deny"_s}} << 400;
}

void TestConsentHttp::malformedForms()
{
    QFETCH(Pairs, fields);
    QFETCH(int, status);
    TestBrowser browser(&m_http, issuer());
    const HttpResult page = consentPage(browser, webRequest(u"profile"_s));
    const HttpResult reply = answer(browser, page, fields);
    QCOMPARE(reply.status, status);
    QVERIFY(reply.header("Location").isEmpty());
    // Without the form fields at all, and as JSON: refused, and the server keeps serving.
    QCOMPARE(m_http
                 .postForm(browser.url(u"/consent"_s), "decision=allow",
                     {{"Cookie"_ba, browser.cookieHeader()}})
                 .status,
        400);
    QCOMPARE(
        m_http
            .send("POST", browser.url(u"/consent"_s),
                {{"Content-Type"_ba, "application/json"_ba}, {"Cookie"_ba, browser.cookieHeader()}},
                "{}")
            .status,
        400);
    QCOMPARE(
        answer(browser, page, {{u"scope"_s, u"profile"_s}, {u"decision"_s, u"allow"_s}}).status,
        302);
}

void TestConsentHttp::tamperedRequestIsCheckedAgain()
{
    TestBrowser browser(&m_http, issuer());
    const HttpResult page = consentPage(browser, webRequest(u"profile"_s));
    QString pending = hiddenField(page.body, u"request"_s);
    pending.replace(u"127.0.0.1%3A8080"_s, u"evil.example"_s);
    QVERIFY(pending.contains(u"evil.example"_s));
    const HttpResult reply = m_http.postForm(browser.url(u"/consent"_s),
        encode({{u"csrf"_s, hiddenField(page.body, u"csrf"_s)}, {u"request"_s, pending},
            {u"scope"_s, u"profile"_s}, {u"decision"_s, u"allow"_s}}),
        {{"Cookie"_ba, browser.cookieHeader()}});
    // An unregistered redirect URI is never redirected to: the error page.
    QCOMPARE(reply.status, 400);
    QVERIFY(reply.header("Location").isEmpty());
}

QTEST_GUILESS_MAIN(TestConsentHttp)
#include "tst_consenthttp.moc"
