// SPDX-License-Identifier: GPL-3.0-or-later
// The login and consent pages in a real browser: Debian's Chromium, headless, driven over the
// DevTools protocol. Signs in and consents with the keyboard alone, lands on the client's
// loopback redirect URI with the code, and checks that no request leaves for another host, that
// every input is labelled, and that the pages fit 320 px and follow the dark colour scheme.
// PLAYGROUND_PAGE_SHOTS=DIR also writes the pages' screenshots there (docs/screenshots).
#include "browserform.h"
#include "devtools.h"
#include "httpclient.h"
#include "rfcvectors.h"

#include "http/authorizationserver.h"
#include "jose/key.h"
#include "store/clock.h"
#include "store/registry.h"

#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace BrowserForm;

namespace {

// A public client that requires consent, so that one flow shows both pages.
Configuration testConfiguration()
{
    Configuration config = Configuration::defaults();
    ClientRegistration app;
    app.clientId = u"browser-app"_s;
    app.displayName = u"Browser test app"_s;
    app.authenticationMethods = {AuthMethod::None.toString()};
    app.grantTypes = {GrantType::AuthorizationCode.toString(), GrantType::RefreshToken.toString()};
    app.scopes = {u"openid"_s, u"profile"_s, u"country.read"_s};
    app.redirectUris = {u"http://127.0.0.1/callback"_s};
    app.requirePkce = true;
    app.requireConsent = true;
    config.clients.append(app);
    return config;
}

// The client's end of the redirect: a loopback listener that answers every request with a small
// page and keeps the request targets it saw.
class CallbackListener
{
public:
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }
    const QStringList &targets() const { return m_targets; }

    CallbackListener()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_buffers[socket] += socket->readAll();
                    const QByteArray &buffer = m_buffers[socket];
                    if (!buffer.contains("\r\n\r\n"))
                        return;
                    const QList<QByteArray> requestLine
                        = buffer.left(buffer.indexOf("\r\n")).split(' ');
                    if (requestLine.size() == 3)
                        m_targets.append(QString::fromLatin1(requestLine.at(1)));
                    const QByteArray body = "<!DOCTYPE html><title>Back in the app</title>"
                                            "<p>Signed in.</p>";
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
                    socket->disconnectFromHost();
                    m_buffers.remove(socket);
                });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

private:
    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QStringList m_targets;
};

const QString &Verifier = RfcVectors::rfc7636Verifier;
const QString &Challenge = RfcVectors::rfc7636Challenge;

} // namespace

class TestSignInBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void signInAndConsentWithTheKeyboard();
    void wrongPasswordIsSaidOnThePage();
    void pagesFitAndFollowTheColourScheme_data();
    void pagesFitAndFollowTheColourScheme();

private:
    QString base() const { return u"http://127.0.0.1:%1/ms-auth-server"_s.arg(m_server->port()); }
    QString redirectUri() const { return u"http://127.0.0.1:%1/callback"_s.arg(m_callback.port()); }
    QString authorizeUrl(const QString &prompt = {}) const;
    // On the login page: the user name has the focus as the page opens; types user1 there, Tab
    // to the password, types it, Enter submits; waits for the answer.
    void signIn(const QString &password);
    // Presses Tab until the focused element matches the CSS selector; false after 15 presses.
    bool tabTo(const QString &selector);
    void saveShot(const QString &name);

    Key m_signingKey;
    std::unique_ptr<Registry> m_registry;
    std::unique_ptr<AuthorizationServer> m_server;
    CallbackListener m_callback;
    DevToolsBrowser m_browser;
    HttpClient m_http;
};

void TestSignInBrowser::initTestCase()
{
    m_signingKey = Key::generateRsa(2048);
    m_registry = std::make_unique<Registry>(testConfiguration(), m_signingKey);
    m_server = std::make_unique<AuthorizationServer>(m_registry.get(), Clock::system());
    ServerSettings settings;
    settings.port = 0;
    QString error;
    QVERIFY2(m_server->start(settings, &error), qPrintable(error));
    QVERIFY(m_callback.listen());
    QVERIFY2(m_browser.start(&error), qPrintable(error));
}

QString TestSignInBrowser::authorizeUrl(const QString &prompt) const
{
    Pairs parameters {{u"response_type"_s, u"code"_s}, {u"client_id"_s, u"browser-app"_s},
        {u"redirect_uri"_s, redirectUri()}, {u"scope"_s, u"openid profile country.read"_s},
        {u"state"_s, u"st-browser"_s}, {u"nonce"_s, u"n-browser"_s},
        {u"code_challenge"_s, Challenge}, {u"code_challenge_method"_s, u"S256"_s}};
    if (!prompt.isEmpty())
        parameters.append({u"prompt"_s, prompt});
    return base() + u"/oauth2/authorize?"_s + QString::fromLatin1(encode(parameters));
}

bool TestSignInBrowser::tabTo(const QString &selector)
{
    const QString matches = u"document.activeElement && document.activeElement.matches('%1')"_s;
    for (int i = 0; i < 15; ++i) {
        if (m_browser.evaluate(matches.arg(selector)).toBool())
            return true;
        m_browser.pressKey(u"Tab"_s);
    }
    return false;
}

void TestSignInBrowser::signIn(const QString &password)
{
    QCOMPARE(m_browser.evaluate(u"document.activeElement.id"_s).toString(), u"username"_s);
    m_browser.evaluate(u"document.getElementById('username').value = ''"_s);
    m_browser.type(u"user1"_s);
    QVERIFY(tabTo(u"#password"_s));
    m_browser.type(password);
    m_browser.clearEvents();
    m_browser.pressKey(u"Enter"_s);
    QVERIFY(m_browser.waitForEvent(u"Page.loadEventFired"_s));
    QVERIFY(m_browser.waitForLocation(base() + u"/login"_s));
}

void TestSignInBrowser::saveShot(const QString &name)
{
    const QString dir = qEnvironmentVariable("PLAYGROUND_PAGE_SHOTS");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QFile file(QDir(dir).filePath(name + u".png"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(m_browser.screenshot());
}

void TestSignInBrowser::signInAndConsentWithTheKeyboard()
{
    m_browser.clearEvents();
    const qsizetype firstEvent = m_browser.events().size();
    QVERIFY(m_browser.navigate(authorizeUrl()));
    QCOMPARE(
        m_browser.evaluate(u"document.querySelector('h1').textContent"_s).toString(), u"Sign in"_s);
    signIn(u"password"_s);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(m_browser.evaluate(u"document.querySelector('h1').textContent"_s).toString(),
        u"Allow access?"_s);
    QCOMPARE(m_browser
                 .evaluate(u"[...document.querySelectorAll('input[name=scope]:checked')]"
                           u".map(i => i.value).join(' ')"_s)
                 .toString(),
        u"profile country.read"_s);

    // Untick country.read with the keyboard (Space), then Allow with Enter.
    QVERIFY(tabTo(u"input[value=\"country.read\"]"_s));
    m_browser.pressKey(u" "_s);
    QCOMPARE(m_browser.evaluate(u"document.activeElement.checked"_s).toBool(), false);
    QVERIFY(tabTo(u"button[value=allow]"_s));
    m_browser.pressKey(u"Enter"_s);
    QVERIFY(m_browser.waitForLocation(redirectUri()));

    // The app's listener got the code, the state and the issuer.
    QVERIFY(QTest::qWaitFor([&] {
        return std::any_of(m_callback.targets().cbegin(), m_callback.targets().cend(),
            [](const QString &target) { return target.startsWith(u"/callback?"_s); });
    }));
    QString target;
    for (const QString &seen : m_callback.targets()) {
        if (seen.startsWith(u"/callback?"_s))
            target = seen;
    }
    const QByteArray location = target.toLatin1();
    QCOMPARE(queryValue(location, u"state"_s), u"st-browser"_s);
    QCOMPARE(queryValue(location, u"iss"_s),
        u"http://localhost:%1/ms-auth-server"_s.arg(m_server->port()));
    const QString code = queryValue(location, u"code"_s);
    QCOMPARE(code.size(), 43);
    const HttpResult token = m_http.postForm(QUrl(base() + u"/oauth2/token"_s),
        encode({{u"grant_type"_s, u"authorization_code"_s}, {u"code"_s, code},
            {u"redirect_uri"_s, redirectUri()}, {u"client_id"_s, u"browser-app"_s},
            {u"code_verifier"_s, Verifier}}));
    QCOMPARE(token.status, 200);
    QCOMPARE(token.json().value("scope"_L1).toString(), u"openid profile"_s);

    // Every request the pages made went to this machine's loopback address: the server and the
    // app's redirect URI (no font, script or image from another host).
    int requests = 0;
    for (qsizetype i = firstEvent; i < m_browser.events().size(); ++i) {
        const QJsonObject event = m_browser.events().at(i);
        if (event.value("method"_L1).toString() != "Network.requestWillBeSent"_L1)
            continue;
        const QUrl url(event.value("params"_L1)
                           .toObject()
                           .value("request"_L1)
                           .toObject()
                           .value("url"_L1)
                           .toString());
        QVERIFY2(url.host() == "127.0.0.1"_L1, qPrintable(url.toString()));
        ++requests;
    }
    QVERIFY2(requests >= 4,
        qPrintable(QString::number(requests))); // authorize, login, consent, callback
}

void TestSignInBrowser::wrongPasswordIsSaidOnThePage()
{
    QVERIFY(m_browser.navigate(authorizeUrl(u"login"_s)));
    signIn(u"not-the-password"_s);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(m_browser.evaluate(u"document.querySelector('[role=alert]').textContent"_s).toString(),
        u"The user name or the password is wrong."_s);
    // The user name is kept, the password is not.
    QCOMPARE(
        m_browser.evaluate(u"document.getElementById('username').value"_s).toString(), u"user1"_s);
    QCOMPARE(
        m_browser.evaluate(u"document.getElementById('password').value"_s).toString(), QString());
}

void TestSignInBrowser::pagesFitAndFollowTheColourScheme_data()
{
    QTest::addColumn<QString>("page");
    QTest::addColumn<int>("width");
    QTest::addColumn<bool>("dark");
    for (const QString &page : {u"login"_s, u"consent"_s}) {
        for (const int width : {320, 360, 1280}) {
            for (const bool dark : {false, true}) {
                const QString name
                    = u"%1-%2-%3"_s.arg(page).arg(width).arg(dark ? u"dark"_s : u"light"_s);
                QTest::newRow(qPrintable(name)) << page << width << dark;
            }
        }
    }
}

void TestSignInBrowser::pagesFitAndFollowTheColourScheme()
{
    QFETCH(QString, page);
    QFETCH(int, width);
    QFETCH(bool, dark);
    m_browser.emulate(width, width < 600 ? 740 : 800, dark);
    // Signed in by the first test: prompt=login shows the login page, prompt=consent the consent.
    QVERIFY(m_browser.navigate(authorizeUrl(page == u"login"_s ? u"login"_s : u"consent"_s)));
    QCOMPARE(m_browser.evaluate(u"document.querySelector('h1').textContent"_s).toString(),
        page == u"login"_s ? u"Sign in"_s : u"Allow access?"_s);
    // Nothing wider than the viewport (no sideways scrolling), at 320 px too.
    const int scrollWidth = m_browser.evaluate(u"document.documentElement.scrollWidth"_s).toInt();
    QVERIFY2(scrollWidth <= width, qPrintable(QString::number(scrollWidth)));
    // Every visible input and button can be named by a screen reader.
    QCOMPARE(m_browser
                 .evaluate(u"[...document.querySelectorAll('input:not([type=hidden])')]"
                           u".filter(i => i.labels.length === 0).length"_s)
                 .toInt(),
        0);
    QCOMPARE(m_browser
                 .evaluate(u"[...document.querySelectorAll('button')]"
                           u".filter(b => b.textContent.trim() === '').length"_s)
                 .toInt(),
        0);
    // The colours follow the scheme: the page's background is dark in dark mode, light in light.
    const QString background
        = m_browser.evaluate(u"getComputedStyle(document.body).backgroundColor"_s).toString();
    const QStringList rgb
        = QString(background).remove(u"rgb("_s).remove(u")"_s).split(u',', Qt::SkipEmptyParts);
    QCOMPARE(rgb.size(), 3);
    const int sum
        = rgb.at(0).trimmed().toInt() + rgb.at(1).trimmed().toInt() + rgb.at(2).trimmed().toInt();
    if (dark)
        QVERIFY2(sum < 3 * 64, qPrintable(background));
    else
        QVERIFY2(sum > 3 * 192, qPrintable(background));
    saveShot(QString::fromLatin1(QTest::currentDataTag()));
}

QTEST_GUILESS_MAIN(TestSignInBrowser)
#include "tst_signinbrowser.moc"
