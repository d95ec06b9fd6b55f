// SPDX-License-Identifier: GPL-3.0-or-later
// The Composer's authorization code flow, driven through its widgets offscreen against a real
// Workspace and server, with an HTTP client acting as the browser (TestBrowser signs in as user1):
// the URL carries a valid PKCE verifier's S256 challenge, state and nonce and the loopback
// listener's redirect URI; the listener catches the redirect and checks state and iss; the code
// is exchanged as the public client (client_id alone), the nonce and at_hash checks pass; the
// refresh token is rotated; userinfo answers; the logout URL is accepted. A confidential client
// authenticates with Basic at the token endpoint. A forged state is
// refused while the listener goes on; an error redirect is shown; a cancelled listener is gone.
#include "browserform.h"
#include "composertest.h"
#include "formtest.h"

#include "client/codeflow.h"
#include "codeflowpanel.h"
#include "composerpage.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QLineEdit>
#include <QListWidget>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QUrlQuery>

using namespace Qt::Literals::StringLiterals;
using ComposerTest::text;

namespace {

// The defaults, and a confidential native app on a loopback redirect: the flow with Basic.
Configuration flowConfiguration()
{
    Configuration config = Configuration::defaults();
    ClientRegistration app;
    app.clientId = u"loopback-app"_s;
    app.clientSecret = u"loopback-app-secret"_s;
    app.displayName = u"Loopback app"_s;
    app.authenticationMethods = {AuthMethod::ClientSecretBasic.toString()};
    app.grantTypes = {GrantType::AuthorizationCode.toString(), GrantType::RefreshToken.toString()};
    app.scopes = {u"openid"_s, u"profile"_s};
    app.redirectUris = {u"http://127.0.0.1/callback"_s};
    app.rotateRefreshTokens = false;
    config.clients.append(app);
    return config;
}

} // namespace

class TestComposerCodeFlow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void wholeFlowThroughTheBrowser();
    void confidentialClientUsesBasic();
    void scopesStayEditableUntilTheBrowserGoes();
    void forgedStateIsRefusedAndTheFlowGoesOn();
    void errorRedirectIsShown();
    void cancelledListenerIsGone();

private:
    void chooseCodeFlow();
    void click(const QString &button);
    // The authorization request of the panel's URL, followed by the test browser: the 302.
    HttpResult authorize(const QList<std::pair<QString, QString>> &replace = {});

    FormTest::WorkspaceFixture m_fixture {flowConfiguration()};
    std::unique_ptr<ComposerPage> m_page;
    HttpClient m_http;
};

void TestComposerCodeFlow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_fixture.isValid());
    Workspace *workspace = m_fixture.open();
    QVERIFY(QTest::qWaitFor(
        [workspace] { return workspace->serverState() == Workspace::ServerState::Running; },
        30000));
}

void TestComposerCodeFlow::init()
{
    m_page = std::make_unique<ComposerPage>(m_fixture.workspace());
    m_page->resize(1400, 900);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestComposerCodeFlow::cleanup()
{
    m_page.reset();
}

void TestComposerCodeFlow::chooseCodeFlow()
{
    auto *kinds = m_page->findChild<QComboBox *>(u"requestKindCombo"_s);
    QVERIFY(kinds);
    const int index = kinds->findData(u"authorization_endpoint"_s);
    QVERIFY(index >= 0);
    kinds->setCurrentIndex(index);
    QVERIFY(m_page->codeFlow()->isVisible());
}

void TestComposerCodeFlow::click(const QString &button)
{
    auto *widget = m_page->findChild<QPushButton *>(button);
    QVERIFY2(widget, qPrintable(button));
    QVERIFY2(widget->isEnabled(), qPrintable(button));
    QTest::mouseClick(widget, Qt::LeftButton);
}

HttpResult TestComposerCodeFlow::authorize(const QList<std::pair<QString, QString>> &replace)
{
    QList<std::pair<QString, QString>> parameters
        = QUrlQuery(m_page->codeFlow()->authorizationUrl()).queryItems(QUrl::FullyDecoded);
    for (const auto &[name, value] : replace) {
        for (auto &parameter : parameters) {
            if (parameter.first == name)
                parameter.second = value;
        }
    }
    TestBrowser browser(&m_http, m_fixture.workspace()->server()->issuer());
    return browser.authorize(parameters);
}

void TestComposerCodeFlow::wholeFlowThroughTheBrowser()
{
    chooseCodeFlow();
    // The default public client, with its method and scopes.
    QCOMPARE(m_page->findChild<QLineEdit *>(u"clientIdEdit"_s)->text(), u"public-client"_s);
    QVERIFY(m_page->findChild<QRadioButton *>(u"noneRadio"_s)->isChecked());

    click(u"codeFlowStartButton"_s);
    CodeFlowPanel *flow = m_page->codeFlow();
    QVERIFY(flow->isListening());
    const QString verifier = text(m_page.get(), u"codeFlowVerifierLabel"_s);
    QVERIFY2(CodeFlow::isValidCodeVerifier(verifier), qPrintable(verifier));
    QCOMPARE(text(m_page.get(), u"codeFlowChallengeLabel"_s), CodeFlow::s256Challenge(verifier));
    const QString redirect = text(m_page.get(), u"codeFlowRedirectLabel"_s);
    QVERIFY2(QRegularExpression(u"^http://127\\.0\\.0\\.1:[0-9]+/callback$"_s)
                 .match(redirect)
                 .hasMatch(),
        qPrintable(redirect));
    const QUrlQuery query(flow->authorizationUrl());
    QCOMPARE(query.queryItemValue(u"redirect_uri"_s, QUrl::FullyDecoded), redirect);
    QCOMPARE(query.queryItemValue(u"code_challenge_method"_s), u"S256"_s);
    QCOMPARE(query.queryItemValue(u"state"_s), text(m_page.get(), u"codeFlowStateLabel"_s));
    QCOMPARE(query.queryItemValue(u"nonce"_s), text(m_page.get(), u"codeFlowNonceLabel"_s));
    // The client's scopes, in the order of the Scopes box.
    QStringList scopes = query.queryItemValue(u"scope"_s, QUrl::FullyDecoded).split(u' ');
    scopes.sort();
    QCOMPARE(scopes, QStringList({u"country.read"_s, u"openid"_s, u"profile"_s}));
    // The request as the browser sends it.
    QVERIFY2(text(m_page.get(), u"previewText"_s)
                 .startsWith(u"GET /ms-auth-server/oauth2/authorize?response_type=code&client_id="
                             u"public-client&redirect_uri=http%3A%2F%2F127.0.0.1%3A"_s),
        qPrintable(text(m_page.get(), u"previewText"_s)));
    click(u"codeFlowCopyButton"_s);
    QCOMPARE(QGuiApplication::clipboard()->text(),
        flow->authorizationUrl().toString(QUrl::FullyEncoded));

    // Send does not send what the browser sends.
    QVERIFY(ComposerTest::sendAndWaitFor(m_page.get(), u"The browser sends this one"_s));

    // The browser signs in, and is sent to the listener.
    const HttpResult redirected = authorize();
    QCOMPARE(redirected.status, 302);
    const QByteArray location = redirected.header("Location");
    QVERIFY2(location.startsWith(QByteArray(redirect.toLatin1() + '?')), location.constData());
    const HttpResult landed = m_http.get(QUrl(QString::fromLatin1(location)));
    QCOMPARE(landed.status, 200);
    QVERIFY(landed.body.contains("close this tab"));
    const QString code = BrowserForm::queryValue(location, u"code"_s);
    QTRY_COMPARE(flow->code(), code);
    QCOMPARE(text(m_page.get(), u"codeFlowCodeLabel"_s), code);
    const QString callbackChecks = text(m_page.get(), u"codeFlowCallbackChecksLabel"_s);
    QVERIFY2(callbackChecks.contains(u"state: pass"_s), qPrintable(callbackChecks));
    QVERIFY2(callbackChecks.contains(u"iss: pass"_s), qPrintable(callbackChecks));
    QVERIFY(!flow->isListening());
    // What the listener received, its code masked as in the request view.
    const QString received = text(m_page.get(), u"responseText"_s);
    QVERIFY2(received.startsWith(u"GET /callback?code=******&state="_s), qPrintable(received));
    QVERIFY(!received.contains(code));

    // The exchange, as a public client: client_id in the body, no secret.
    click(u"codeFlowExchangeButton"_s);
    QTRY_VERIFY_WITH_TIMEOUT(text(m_page.get(), u"statusLabel"_s).contains(u"HTTP 200"_s), 15000);
    const QString exchange = text(m_page.get(), u"previewText"_s);
    QVERIFY2(exchange.startsWith(u"POST /ms-auth-server/oauth2/token HTTP/1.1\n"_s),
        qPrintable(exchange));
    QVERIFY(exchange.contains(u"grant_type=authorization_code&code=******&redirect_uri="_s));
    QVERIFY(exchange.contains(u"&code_verifier=******&client_id=public-client"_s));
    QVERIFY(!exchange.contains(u"client_secret"_s));
    QVERIFY(!exchange.contains(u"Authorization:"_s));
    QVERIFY(!flow->accessToken().isEmpty());
    QVERIFY(!flow->idToken().isEmpty());
    QVERIFY(text(m_page.get(), u"codeFlowTokensLabel"_s).contains(u"access_token:"_s));
    const QString idChecks = text(m_page.get(), u"codeFlowIdTokenChecksLabel"_s);
    QVERIFY2(idChecks.contains(u"nonce: pass"_s), qPrintable(idChecks));
    QVERIFY2(idChecks.contains(u"at_hash: pass"_s), qPrintable(idChecks));
    QVERIFY(!idChecks.contains(u"FAIL"_s));
    QVERIFY(text(m_page.get(), u"responseText"_s).contains(u"\"id_token\""_s));

    QSignalSpy inspect(m_page.get(), &ComposerPage::tokenReceived);
    click(u"codeFlowInspectButton"_s);
    QCOMPARE(inspect.size(), 1);
    QCOMPARE(inspect.at(0).at(0).toString(), flow->idToken());

    // Refresh: a new access token and, with rotation, a new refresh token.
    const QString firstRefresh = flow->refreshToken();
    const QString firstAccess = flow->accessToken();
    QVERIFY(!firstRefresh.isEmpty());
    click(u"codeFlowRefreshButton"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        text(m_page.get(), u"codeFlowResultLabel"_s).startsWith(u"Refreshed"_s), 15000);
    QVERIFY(
        text(m_page.get(), u"previewText"_s)
            .contains(u"grant_type=refresh_token&refresh_token=******&client_id=public-client"_s));
    QVERIFY(flow->accessToken() != firstAccess);
    QVERIFY(flow->refreshToken() != firstRefresh);

    // UserInfo with the new access token.
    click(u"codeFlowUserInfoButton"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        text(m_page.get(), u"codeFlowResultLabel"_s).startsWith(u"UserInfo answered HTTP 200"_s),
        15000);
    const QString userInfo = text(m_page.get(), u"previewText"_s);
    QVERIFY2(
        userInfo.startsWith(u"GET /ms-auth-server/userinfo HTTP/1.1\n"_s), qPrintable(userInfo));
    QVERIFY(userInfo.contains(u"Authorization: Bearer ******"_s));
    QVERIFY(text(m_page.get(), u"responseText"_s).contains(u"\"sub\""_s));

    // Logout: the URL the browser is sent to, which the server accepts.
    const QUrl logout = m_page->codeFlow()->logoutUrl();
    QCOMPARE(QUrlQuery(logout).queryItemValue(u"id_token_hint"_s), flow->idToken());
    TestBrowser browser(&m_http, m_fixture.workspace()->server()->issuer());
    const HttpResult loggedOut = browser.get(QUrl(m_fixture.workspace()->server()->issuer()
        + u"/connect/logout?"_s + logout.query(QUrl::FullyEncoded)));
    QVERIFY2(loggedOut.status == 200 || loggedOut.status == 302,
        qPrintable(QString::number(loggedOut.status)));
}

void TestComposerCodeFlow::confidentialClientUsesBasic()
{
    chooseCodeFlow();
    QVERIFY(ComposerTest::selectClient(m_page.get(), u"loopback-app"_s));
    QVERIFY(m_page->findChild<QRadioButton *>(u"basicRadio"_s)->isChecked());
    click(u"codeFlowStartButton"_s);
    CodeFlowPanel *flow = m_page->codeFlow();
    QCOMPARE(QUrlQuery(flow->authorizationUrl()).queryItemValue(u"client_id"_s), u"loopback-app"_s);
    const HttpResult redirected = authorize();
    QCOMPARE(redirected.status, 302);
    QCOMPARE(m_http.get(QUrl(QString::fromLatin1(redirected.header("Location")))).status, 200);
    QTRY_VERIFY(!flow->code().isEmpty());
    click(u"codeFlowExchangeButton"_s);
    QTRY_VERIFY_WITH_TIMEOUT(text(m_page.get(), u"statusLabel"_s).contains(u"HTTP 200"_s), 15000);
    const QString exchange = text(m_page.get(), u"previewText"_s);
    // The client's credentials in the Basic header, masked while the secret is hidden.
    QVERIFY2(exchange.contains(u"Authorization: Basic ******\n"_s), qPrintable(exchange));
    QVERIFY(exchange.endsWith(u"&code_verifier=******"_s));
    QVERIFY(!exchange.contains(u"client_id="_s));
    QVERIFY(text(m_page.get(), u"codeFlowIdTokenChecksLabel"_s).contains(u"at_hash: pass"_s));
    // Without rotation the refresh token stays.
    const QString refresh = flow->refreshToken();
    click(u"codeFlowRefreshButton"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        text(m_page.get(), u"codeFlowResultLabel"_s).startsWith(u"Refreshed"_s), 15000);
    QCOMPARE(flow->refreshToken(), refresh);
}

void TestComposerCodeFlow::scopesStayEditableUntilTheBrowserGoes()
{
    chooseCodeFlow();
    click(u"codeFlowStartButton"_s);
    CodeFlowPanel *flow = m_page->codeFlow();
    const QString state = QUrlQuery(flow->authorizationUrl()).queryItemValue(u"state"_s);
    auto *scopes = m_page->findChild<QListWidget *>(u"scopeList"_s);
    QVERIFY(scopes);
    const QList<QListWidgetItem *> openid = scopes->findItems(u"openid"_s, Qt::MatchExactly);
    QCOMPARE(openid.size(), 1);
    openid.first()->setCheckState(Qt::Unchecked);
    const QUrlQuery query(flow->authorizationUrl());
    QVERIFY(!query.queryItemValue(u"scope"_s, QUrl::FullyDecoded).contains(u"openid"_s));
    QVERIFY(!query.hasQueryItem(u"nonce"_s)); // OpenID Connect's, without openid
    QCOMPARE(query.queryItemValue(u"state"_s), state);
    QVERIFY(!text(m_page.get(), u"previewText"_s).contains(u"openid"_s));
}

void TestComposerCodeFlow::forgedStateIsRefusedAndTheFlowGoesOn()
{
    chooseCodeFlow();
    click(u"codeFlowStartButton"_s);
    CodeFlowPanel *flow = m_page->codeFlow();
    const HttpResult forged
        = m_http.get(QUrl(flow->redirectUri() + u"?code=stolen&state=forged"_s));
    QCOMPARE(forged.status, 400);
    QVERIFY(text(m_page.get(), u"codeFlowCallbackChecksLabel"_s).contains(u"not the one sent"_s));
    QVERIFY(flow->isListening());
    QVERIFY(flow->code().isEmpty());
    QVERIFY(!m_page->findChild<QPushButton *>(u"codeFlowExchangeButton"_s)->isEnabled());

    const HttpResult redirected = authorize();
    QCOMPARE(redirected.status, 302);
    QCOMPARE(m_http.get(QUrl(QString::fromLatin1(redirected.header("Location")))).status, 200);
    QTRY_VERIFY(!flow->code().isEmpty());
    QVERIFY(m_page->findChild<QPushButton *>(u"codeFlowExchangeButton"_s)->isEnabled());
}

void TestComposerCodeFlow::errorRedirectIsShown()
{
    chooseCodeFlow();
    click(u"codeFlowStartButton"_s);
    // A scope the server does not know: it redirects invalid_scope (RFC 6749 §4.1.2.1).
    const HttpResult redirected = authorize({{u"scope"_s, u"openid no.such.scope"_s}});
    QCOMPARE(redirected.status, 302);
    const QByteArray location = redirected.header("Location");
    QVERIFY2(location.contains("error=invalid_scope"), location.constData());
    QCOMPARE(m_http.get(QUrl(QString::fromLatin1(location))).status, 200);
    CodeFlowPanel *flow = m_page->codeFlow();
    QTRY_VERIFY(!flow->isListening());
    QVERIFY(flow->code().isEmpty());
    const QString listener = text(m_page.get(), u"codeFlowListenerLabel"_s);
    QVERIFY2(listener.contains(u"invalid_scope"_s), qPrintable(listener));
    QVERIFY(!m_page->findChild<QPushButton *>(u"codeFlowExchangeButton"_s)->isEnabled());
}

void TestComposerCodeFlow::cancelledListenerIsGone()
{
    chooseCodeFlow();
    click(u"codeFlowStartButton"_s);
    CodeFlowPanel *flow = m_page->codeFlow();
    const QString redirect = flow->redirectUri();
    click(u"codeFlowCancelButton"_s);
    QVERIFY(!flow->isListening());
    QVERIFY(text(m_page.get(), u"codeFlowListenerLabel"_s).startsWith(u"Stopped listening"_s));
    const HttpResult late = m_http.get(QUrl(redirect + u"?code=x&state=y"_s));
    QCOMPARE(late.status, 0);
    QVERIFY(!late.networkError.isEmpty());
}

QTEST_MAIN(TestComposerCodeFlow)
#include "tst_composercodeflow.moc"
