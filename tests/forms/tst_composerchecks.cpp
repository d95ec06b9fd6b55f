// SPDX-License-Identifier: GPL-3.0-or-later
// The Request Composer's introspection (RFC 7662) and revocation (RFC 7009) requests, through
// its widgets offscreen against a real Workspace on loopback: the request list is the protocol
// registry's endpoints; the exact bytes and the curl command carry token and token_type_hint
// with each client authentication method (the JWT ones with the composer's own assertion); the
// server's answers are shown and explained; a revoked token is then inactive; an assertion
// crafted elsewhere is sent as it is (so its jti is refused the second time) until discarded.
// The resource call runs the series from the window against the embedded resource server: the
// API without a token (401 and its challenge), a token, the API with it (200, Australia), a
// revocation, the API again (401 invalid_token, as the resource server introspects).
#include "formtest.h"

#include "composerrequestkind.h"
#include "composertest.h"
#include "http/resourceserver.h"
#include "jose/base64url.h"
#include "jose/jws.h"
#include "oauth/protocolregistry.h"
#include "requesthistory.h"

#include <QComboBox>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStandardPaths>
#include <QStringTokenizer>

using namespace Qt::Literals::StringLiterals;

namespace {

// Whether the response text has a header line NAME: VALUE... Header names are case-insensitive
// (RFC 9110 §5.1): Qt 6.8's QHttpServer sends them in lower case, Qt 6.4's as written.
bool hasHeader(const QString &response, QStringView name, QStringView valueStart)
{
    for (const QStringView line : QStringTokenizer(response, u'\n')) {
        const qsizetype colon = line.indexOf(u':');
        if (colon > 0 && line.left(colon).compare(name, Qt::CaseInsensitive) == 0
            && line.mid(colon + 1).trimmed().startsWith(valueStart)) {
            return true;
        }
    }
    return false;
}

const QString SeedId = u"service-client-jwt"_s;
const QString SeedSecret = u"service-client-jwt-secret"_s;
const QString JwtClientId = u"jwt-secret-client"_s;
const QString JwtClientSecret = u"jwt-secret-client-secret-with-32-bytes"_s;

} // namespace

class TestComposerChecks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void requestListIsTheRegistrysEndpoints();
    void introspectionShowsExactBytesAndAnswer_data();
    void introspectionShowsExactBytesAndAnswer();
    void revokedTokenIsThenInactive();
    void unknownTokenIsInactive();
    void craftedAssertionIsSentAsItIs();
    void seriesRunsFromTheWindow_data();
    void seriesRunsFromTheWindow();

private:
    void chooseKind(const QString &endpoint);
    void chooseData(const QString &comboName, const QVariant &data);
    void selectClient(const QString &id);
    void chooseMethod(const QString &radio);
    QString text(const QString &name) const;
    void sendAndWaitFor(const QString &status);
    QJsonObject responseJson() const;
    QString issueToken();

    FormTest::WorkspaceFixture m_fixture;
    std::unique_ptr<ComposerPage> m_page;
    HttpClient m_http;
};

void TestComposerChecks::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_fixture.isValid());
    Workspace *workspace = m_fixture.open();
    QVERIFY(QTest::qWaitFor(
        [workspace] { return workspace->serverState() == Workspace::ServerState::Running; },
        30000));
    Configuration config = workspace->configuration();
    ClientRegistration secret = config.clients.first();
    secret.clientId = JwtClientId;
    secret.clientSecret = JwtClientSecret;
    secret.authenticationMethods = {AuthMethod::ClientSecretJwt.toString()};
    config.clients.append(secret);
    // A private_key_jwt client whose key pair the app holds (the client form's Generate).
    config.clients.append(ComposerTest::appHeldKeyClient(
        secret, u"app-held-key-client"_s, Key::generateEc(256), u"ES256"_s));
    // The series' opaque-token client, as the defaults register it.
    const Configuration defaults = Configuration::defaults();
    const ClientRegistration *opaque = defaults.findClient(u"user-client-opaque"_s);
    QVERIFY(opaque);
    config.clients.append(*opaque);
    workspace->setConfiguration(config);
    QTRY_COMPARE(workspace->configuration().clients.size(), config.clients.size());
}

void TestComposerChecks::init()
{
    m_page = std::make_unique<ComposerPage>(m_fixture.workspace());
    m_page->resize(1200, 900);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestComposerChecks::cleanup()
{
    m_page.reset();
}

void TestComposerChecks::chooseKind(const QString &endpoint)
{
    auto *combo = m_page->findChild<QComboBox *>(u"requestKindCombo"_s);
    QVERIFY(combo);
    const int index = combo->findData(endpoint);
    QVERIFY2(index >= 0, qPrintable(endpoint));
    // By keyboard, as a user would: from the first entry down.
    combo->setFocus(Qt::TabFocusReason);
    QTest::keyClick(combo, Qt::Key_Home);
    for (int i = 0; i < index; ++i)
        QTest::keyClick(combo, Qt::Key_Down);
    QCOMPARE(combo->currentData().toString(), endpoint);
}

void TestComposerChecks::chooseData(const QString &comboName, const QVariant &data)
{
    auto *combo = m_page->findChild<QComboBox *>(comboName);
    QVERIFY2(combo && combo->isVisible(), qPrintable(comboName));
    const int index = combo->findData(data);
    QVERIFY2(index >= 0, qPrintable(data.toString()));
    combo->setFocus(Qt::TabFocusReason);
    QTest::keyClick(combo, Qt::Key_Home);
    for (int i = 0; i < index; ++i)
        QTest::keyClick(combo, Qt::Key_Down);
    QCOMPARE(combo->currentData(), data);
}

void TestComposerChecks::selectClient(const QString &id)
{
    QVERIFY2(ComposerTest::selectClient(m_page.get(), id), qPrintable(id));
}

void TestComposerChecks::chooseMethod(const QString &radio)
{
    auto *button = m_page->findChild<QRadioButton *>(radio);
    QVERIFY2(button, qPrintable(radio));
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(button->isChecked());
}

QString TestComposerChecks::text(const QString &name) const
{
    return ComposerTest::text(m_page.get(), name);
}

void TestComposerChecks::sendAndWaitFor(const QString &status)
{
    QVERIFY2(ComposerTest::sendAndWaitFor(m_page.get(), status),
        qPrintable(text(u"statusLabel"_s) + u"\n"_s + text(u"responseText"_s)));
}

QJsonObject TestComposerChecks::responseJson() const
{
    const QString response = text(u"responseText"_s);
    return QJsonDocument::fromJson(response.mid(response.indexOf(u"\n\n"_s) + 2).toUtf8()).object();
}

QString TestComposerChecks::issueToken()
{
    const HttpResult issued = FormTest::requestToken(m_http, *m_fixture.workspace(), SeedId,
        SeedSecret, {u"customer.read"_s}, FormTest::Method::Basic);
    if (issued.status != 200)
        return {};
    return issued.json().value(u"access_token"_s).toString();
}

void TestComposerChecks::requestListIsTheRegistrysEndpoints()
{
    // Every entry is an endpoint the registry lists, in its order, and points the URL at it.
    auto *combo = m_page->findChild<QComboBox *>(u"requestKindCombo"_s);
    QStringList registered;
    for (const auto &endpoint : ProtocolRegistry::instance().endpoints())
        registered.append(endpoint->metadataMember());
    QStringList listed;
    for (int i = 0; i < combo->count(); ++i)
        listed.append(combo->itemData(i).toString());
    for (const QString &member :
        {u"token_endpoint"_s, u"introspection_endpoint"_s, u"revocation_endpoint"_s})
        QVERIFY2(listed.contains(member), qPrintable(member));
    // The resource call comes after the registry's endpoints, then the code flow (its steps are
    // several requests).
    QCOMPARE(listed.last(), u"authorization_endpoint"_s);
    listed.removeLast();
    QCOMPARE(listed.last(), ComposerRequestKinds::ResourceCall.toString());
    listed.removeLast();
    qsizetype last = -1;
    for (const QString &member : std::as_const(listed)) {
        const qsizetype at = registered.indexOf(member);
        QVERIFY2(at > last, qPrintable(member));
        last = at;
    }
    auto *url = m_page->findChild<QLineEdit *>(u"tokenUrlEdit"_s);
    const QString issuer = m_fixture.workspace()->endpoints().issuer;
    for (const QString &member : std::as_const(listed)) {
        chooseKind(member);
        QCOMPARE(url->text(), issuer + ComposerRequestKinds::pathOf(member));
        const bool tokenRequest = member == u"token_endpoint"_s;
        QCOMPARE(m_page->findChild<QWidget *>(u"scopeGroupBox"_s)->isVisible(), tokenRequest);
        QCOMPARE(m_page->findChild<QWidget *>(u"tokenGroupBox"_s)->isVisible(), !tokenRequest);
    }
    QCOMPARE(url->text(), issuer + u"/oauth2/revoke"_s);
}

void TestComposerChecks::introspectionShowsExactBytesAndAnswer_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<QString>("radio");
    QTest::newRow("client_secret_basic") << SeedId << u"basicRadio"_s;
    QTest::newRow("client_secret_post") << SeedId << u"postRadio"_s;
    QTest::newRow("client_secret_jwt") << JwtClientId << u"secretJwtRadio"_s;
    QTest::newRow("private_key_jwt") << u"app-held-key-client"_s << u"privateKeyJwtRadio"_s;
}

void TestComposerChecks::introspectionShowsExactBytesAndAnswer()
{
    QFETCH(QString, client);
    QFETCH(QString, radio);
    const QString token = issueToken();
    QVERIFY(!token.isEmpty());

    chooseKind(u"introspection_endpoint"_s);
    selectClient(client);
    chooseMethod(radio);
    FormTest::typeText(m_page->findChild<QLineEdit *>(u"requestTokenEdit"_s), token);
    auto *hint = m_page->findChild<QComboBox *>(u"tokenTypeHintCombo"_s);
    hint->setCurrentIndex(hint->findData(u"access_token"_s));

    // The exact bytes: the request line, then token and its hint before the credentials.
    const QString preview = text(u"previewText"_s);
    QVERIFY2(preview.startsWith(u"POST /ms-auth-server/oauth2/introspect HTTP/1.1\n"_s),
        qPrintable(preview));
    const QString body = preview.mid(preview.indexOf(u"\n\n"_s) + 2);
    QVERIFY2(body.startsWith(u"token=******&token_type_hint=access_token"_s), qPrintable(body));
    QVERIFY(!body.contains(u"grant_type"_s));
    QVERIFY(!body.contains(u"scope="_s));
    QCOMPARE(preview.contains(u"Authorization: Basic "_s), radio == u"basicRadio"_s);
    // Copy gives the real command, with the token.
    const QString curl
        = m_page->findChild<QPlainTextEdit *>(u"curlText"_s)->property("copyText").toString();
    QVERIFY2(curl.contains(u"/ms-auth-server/oauth2/introspect'"_s), qPrintable(curl));
    QVERIFY(curl.contains(u"--data-urlencode 'token=%1'"_s.arg(token)));
    QVERIFY(curl.contains(u"--data-urlencode 'token_type_hint=access_token'"_s));
    if (radio.contains(u"Jwt"_s)) {
        // Its audience is the endpoint it is sent to (RFC 7523 §3: the server's identity).
        QVERIFY(curl.contains(u"client_assertion=ey"_s));
        const QString notes = text(u"requestNotesLabel"_s);
        QVERIFY2(notes.contains(u"\"aud\": \"%1/oauth2/introspect\""_s.arg(
                     m_fixture.workspace()->endpoints().issuer)),
            qPrintable(notes));
    }

    sendAndWaitFor(u"HTTP 200"_s);
    const QJsonObject answer = responseJson();
    QCOMPARE(answer.value(u"active"_s).toBool(), true);
    QCOMPARE(answer.value(u"client_id"_s).toString(), SeedId);
    QCOMPARE(answer.value(u"scope"_s).toString(), u"customer.read"_s);
    QVERIFY2(text(u"explanationLabel"_s).startsWith(u"Active"_s),
        qPrintable(text(u"explanationLabel"_s)));
    QVERIFY(m_page->findChild<QLabel *>(u"explanationLabel"_s)->isVisible());
    // Nothing to inspect: the answer is no token.
    QVERIFY(!m_page->findChild<QPushButton *>(u"inspectButton"_s)->isVisible());
}

void TestComposerChecks::revokedTokenIsThenInactive()
{
    const QString token = issueToken();
    QVERIFY(!token.isEmpty());

    // Only the owner may revoke: the seed client revokes its own token.
    chooseKind(u"revocation_endpoint"_s);
    selectClient(SeedId);
    chooseMethod(u"basicRadio"_s);
    FormTest::typeText(m_page->findChild<QLineEdit *>(u"requestTokenEdit"_s), token);
    QVERIFY(text(u"previewText"_s).startsWith(u"POST /ms-auth-server/oauth2/revoke HTTP/1.1\n"_s));
    sendAndWaitFor(u"HTTP 200"_s);
    QVERIFY2(text(u"explanationLabel"_s).startsWith(u"Revoked"_s),
        qPrintable(text(u"explanationLabel"_s)));
    // RFC 7009 §2.2: an empty body.
    QVERIFY(text(u"responseText"_s).trimmed().endsWith(u"Content-Length: 0"_s)
        || text(u"responseText"_s).endsWith(u"\n\n"_s));

    // The same token, introspected from the same form: no longer active.
    chooseKind(u"introspection_endpoint"_s);
    QCOMPARE(m_page->findChild<QLineEdit *>(u"requestTokenEdit"_s)->text(), token);
    sendAndWaitFor(u"HTTP 200"_s);
    QCOMPARE(responseJson(), (QJsonObject {{u"active"_s, false}}));
    QVERIFY2(text(u"explanationLabel"_s).startsWith(u"Not active"_s),
        qPrintable(text(u"explanationLabel"_s)));
}

void TestComposerChecks::unknownTokenIsInactive()
{
    chooseKind(u"introspection_endpoint"_s);
    selectClient(SeedId);
    chooseMethod(u"postRadio"_s);
    FormTest::typeText(m_page->findChild<QLineEdit *>(u"requestTokenEdit"_s), u"not-a-token"_s);
    sendAndWaitFor(u"HTTP 200"_s);
    QCOMPARE(responseJson(), (QJsonObject {{u"active"_s, false}}));
    // A wrong secret is refused the way token requests are.
    FormTest::typeText(m_page->findChild<QLineEdit *>(u"secretEdit"_s), u"wrong"_s);
    sendAndWaitFor(u"HTTP 401"_s);
    QVERIFY(text(u"explanationLabel"_s).startsWith(u"invalid_client: "_s));
}

void TestComposerChecks::craftedAssertionIsSentAsItIs()
{
    // An assertion made outside the composer (as the inspector's Edit and Re-sign makes it).
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject claims {{u"iss"_s, JwtClientId}, {u"sub"_s, JwtClientId},
        {u"aud"_s, m_fixture.workspace()->endpoints().token}, {u"iat"_s, now},
        {u"exp"_s, now + 120}, {u"jti"_s, u"crafted-%1"_s.arg(now)}};
    const QByteArray jwt = Jws::compact(R"({"alg":"HS256","typ":"JWT"})"_ba,
        QJsonDocument(claims).toJson(QJsonDocument::Compact), u"HS256"_s,
        Key::fromSecret(JwtClientSecret.toUtf8()));
    QVERIFY(!jwt.isEmpty());
    chooseKind(u"introspection_endpoint"_s); // it moves the form to a token request
    m_page->useClientAssertion(QString::fromLatin1(jwt));
    QCOMPARE(m_page->currentKind().endpoint, u"token_endpoint"_s);
    QVERIFY(m_page->findChild<QRadioButton *>(u"secretJwtRadio"_s)->isChecked());
    QCOMPARE(m_page->findChild<QLineEdit *>(u"clientIdEdit"_s)->text(), JwtClientId);
    QCOMPARE(m_page->currentInput().clientAssertion, QString::fromLatin1(jwt));
    const QString curl
        = m_page->findChild<QPlainTextEdit *>(u"curlText"_s)->property("copyText").toString();
    QVERIFY(curl.contains(u"client_assertion=%1'"_s.arg(QString::fromLatin1(jwt))));
    QVERIFY(text(u"assertionStatusLabel"_s).contains(u"crafted"_s));

    sendAndWaitFor(u"HTTP 200"_s);
    // Sent as it is: the same jti again is a replay.
    sendAndWaitFor(u"HTTP 401"_s);
    QVERIFY2(
        text(u"responseText"_s).contains(u"invalid_client"_s), qPrintable(text(u"responseText"_s)));

    // Discarded, the composer signs a new one per request again.
    auto *discard = m_page->findChild<QPushButton *>(u"discardAssertionButton"_s);
    QVERIFY(discard->isVisible());
    QTest::mouseClick(discard, Qt::LeftButton);
    QVERIFY(!discard->isVisible());
    QVERIFY(m_page->currentInput().clientAssertion != QString::fromLatin1(jwt));
    sendAndWaitFor(u"HTTP 200"_s);
}

void TestComposerChecks::seriesRunsFromTheWindow_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<int>("validation");
    // A JWT is refused after its revocation only by a resource server that introspects every
    // token; an opaque token is always introspected.
    QTest::newRow("JWT, introspect every token")
        << SeedId << SeedSecret << int(ResourceServerSettings::Validation::Introspect);
    QTest::newRow("opaque, introspect opaque tokens")
        << u"user-client-opaque"_s << u"user-client-secret"_s
        << int(ResourceServerSettings::Validation::IntrospectOpaque);
}

void TestComposerChecks::seriesRunsFromTheWindow()
{
    QFETCH(QString, client);
    QFETCH(QString, secret);
    QFETCH(int, validation);
    Workspace *workspace = m_fixture.workspace();
    QTRY_VERIFY_WITH_TIMEOUT(workspace->resourceServer()->isListening(), 15000);
    // Only the validation mode changes: the resource server keeps its free port.
    Configuration configuration = workspace->configuration();
    configuration.resourceServer.validation = ResourceServerSettings::Validation(validation);
    workspace->setConfiguration(configuration);
    QCOMPARE(workspace->configuration().resourceServer.validation,
        ResourceServerSettings::Validation(validation));
    const QString base = workspace->resourceServer()->baseUrl();
    const QString resourceCall = ComposerRequestKinds::ResourceCall.toString();
    const QVariant none = int(ComposerPage::TokenSource::None);
    const QVariant last = int(ComposerPage::TokenSource::LastReceived);

    // 1. The API without a token: RFC 6750 §3.1, 401 and a challenge without an error code.
    chooseKind(resourceCall);
    QVERIFY(m_page->findChild<QWidget *>(u"apiGroupBox"_s)->isVisible());
    QVERIFY(!m_page->findChild<QWidget *>(u"clientGroupBox"_s)->isVisible());
    QCOMPARE(
        m_page->findChild<QLineEdit *>(u"tokenUrlEdit"_s)->text(), base + u"/country/code/AUS"_s);
    QVERIFY2(
        text(u"apiScopeLabel"_s).contains(u"country.read"_s), qPrintable(text(u"apiScopeLabel"_s)));
    chooseData(u"tokenSourceCombo"_s, none);
    QString preview = text(u"previewText"_s);
    QVERIFY2(
        preview.startsWith(u"GET /ms-system/country/code/AUS HTTP/1.1\n"_s), qPrintable(preview));
    QVERIFY(!preview.contains(u"Authorization"_s));
    sendAndWaitFor(u"HTTP 401"_s);
    QVERIFY2(hasHeader(text(u"responseText"_s), u"WWW-Authenticate", u"Bearer realm=\"ms-system\""),
        qPrintable(text(u"responseText"_s)));
    QVERIFY2(text(u"explanationLabel"_s).startsWith(u"No token"_s),
        qPrintable(text(u"explanationLabel"_s)));

    // 2. A token, from the same window.
    chooseKind(u"token_endpoint"_s);
    selectClient(client);
    QCOMPARE(m_page->findChild<QLineEdit *>(u"secretEdit"_s)->text(), secret);
    chooseMethod(u"postRadio"_s);
    sendAndWaitFor(u"HTTP 200"_s);
    const QString token = m_page->lastReceivedToken();
    QVERIFY(!token.isEmpty());
    QCOMPARE(token, responseJson().value(u"access_token"_s).toString());

    // 3. The API with it: the exact request masks the token, Copy gives the real command.
    chooseKind(resourceCall);
    chooseData(u"tokenSourceCombo"_s, last);
    QCOMPARE(m_page->findChild<QLineEdit *>(u"requestTokenEdit"_s)->text(), token);
    preview = text(u"previewText"_s);
    QVERIFY2(preview.contains(u"\nAuthorization: Bearer ******\n"_s), qPrintable(preview));
    QVERIFY(!preview.contains(token));
    const QString curl
        = m_page->findChild<QPlainTextEdit *>(u"curlText"_s)->property("copyText").toString();
    QVERIFY2(curl.startsWith(u"curl --location --request GET '%1/country/code/AUS'"_s.arg(base)),
        qPrintable(curl));
    QVERIFY(curl.contains(u"--header 'Authorization: Bearer %1'"_s.arg(token)));
    QVERIFY(!text(u"curlText"_s).contains(token));
    sendAndWaitFor(u"HTTP 200"_s);
    QCOMPARE(responseJson(), (QJsonObject {{u"code"_s, u"AUS"_s}, {u"name"_s, u"AUSTRALIA"_s}}));
    QVERIFY(text(u"explanationLabel"_s).contains(u"accepted the token"_s));

    // 4. Revoked by its owner.
    chooseKind(u"revocation_endpoint"_s);
    selectClient(client);
    chooseMethod(u"postRadio"_s);
    chooseData(u"tokenSourceCombo"_s, last);
    QVERIFY(m_page->currentInput().token == token);
    sendAndWaitFor(u"HTTP 200"_s);

    // 5. The API again: the resource server introspects it and refuses it at once.
    chooseKind(resourceCall);
    QCOMPARE(m_page->findChild<QComboBox *>(u"tokenSourceCombo"_s)->currentData(), last);
    sendAndWaitFor(u"HTTP 401"_s);
    const QString response = text(u"responseText"_s);
    QVERIFY2(hasHeader(response, u"WWW-Authenticate", u"Bearer ")
            && response.contains(u"error=\"invalid_token\""_s),
        qPrintable(response));
    QVERIFY2(text(u"explanationLabel"_s).startsWith(u"invalid_token"_s),
        qPrintable(text(u"explanationLabel"_s)));

    // The history keeps the calls, never the token.
    QVERIFY(
        !QString::fromUtf8(RequestHistory::toJson({m_page->history()->entry(0)})).contains(token));
    QCOMPARE(m_page->history()->entry(0).input.httpMethod, u"GET"_s);
    QVERIFY(m_page->history()->entry(0).bearerToken);
}

QTEST_MAIN(TestComposerChecks)
#include "tst_composerchecks.moc"
