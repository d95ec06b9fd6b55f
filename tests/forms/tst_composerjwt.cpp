// SPDX-License-Identifier: GPL-3.0-or-later
// The Request Composer's JWT client authentication, through its widgets offscreen against a real
// Workspace: client_secret_jwt and private_key_jwt assertions built, shown and signed in the app
// get tokens from the embedded server; a secret too short for HS256 is announced before sending
// and refused with that reason.
#include "formtest.h"

#include "composertest.h"

#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStandardPaths>

using namespace Qt::Literals::StringLiterals;

class TestComposerJwt : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void clientSecretJwtGetsToken();
    void privateKeyJwtGetsToken();
    void shortSecretIsAnnouncedAndRefused();
    void appHeldKeySignsWithoutPasting();

private:
    void selectClient(const QString &id);
    QString text(const QString &name) const;
    void sendAndWaitFor(const QString &status);

    FormTest::WorkspaceFixture m_fixture;
    std::unique_ptr<ComposerPage> m_page;
    Key m_key;
};

void TestComposerJwt::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_fixture.isValid());
    Workspace *workspace = m_fixture.open();
    QVERIFY(QTest::qWaitFor(
        [workspace] { return workspace->serverState() == Workspace::ServerState::Running; },
        30000));
    m_key = Key::generateEc(256);
    Configuration config = workspace->configuration();
    ClientRegistration base = config.clients.first();
    ClientRegistration secret = base;
    secret.clientId = u"jwt-secret-client"_s;
    secret.clientSecret = u"jwt-secret-client-secret-with-32-bytes"_s;
    secret.authenticationMethods = {AuthMethod::ClientSecretJwt.toString()};
    config.clients.append(secret);
    ClientRegistration shortSecret = secret;
    shortSecret.clientId = u"client_secret_jwt_client"_s;
    shortSecret.clientSecret = u"client_secret_jwt_password"_s;
    config.clients.append(shortSecret);
    ClientRegistration key = base;
    key.clientId = u"privatekeyjwt_jwt_client"_s;
    key.clientSecret.clear();
    key.authenticationMethods = {AuthMethod::PrivateKeyJwt.toString()};
    QJsonObject jwk = m_key.publicJwk();
    jwk.insert(u"kid"_s, u"client"_s);
    key.jwks = QJsonObject {{u"keys"_s, QJsonArray {jwk}}};
    config.clients.append(key);
    // A client whose key pair the app generated (the client form's Generate button).
    config.clients.append(ComposerTest::appHeldKeyClient(
        key, u"app-held-key-client"_s, Key::generateEd25519(), u"EdDSA"_s));
    workspace->setConfiguration(config);
    QTRY_COMPARE(workspace->configuration().clients.size(), config.clients.size());
}

void TestComposerJwt::init()
{
    m_page = std::make_unique<ComposerPage>(m_fixture.workspace());
    m_page->resize(1200, 900);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestComposerJwt::cleanup()
{
    m_page.reset();
}

void TestComposerJwt::selectClient(const QString &id)
{
    QVERIFY2(ComposerTest::selectClient(m_page.get(), id), qPrintable(id));
}

QString TestComposerJwt::text(const QString &name) const
{
    return ComposerTest::text(m_page.get(), name);
}

void TestComposerJwt::sendAndWaitFor(const QString &status)
{
    QVERIFY2(
        ComposerTest::sendAndWaitFor(m_page.get(), status), qPrintable(text(u"statusLabel"_s)));
}

void TestComposerJwt::clientSecretJwtGetsToken()
{
    selectClient(u"jwt-secret-client"_s);
    // The client's only method is picked, with the HMAC algorithms to choose from.
    QVERIFY(m_page->findChild<QRadioButton *>(u"secretJwtRadio"_s)->isChecked());
    auto *alg = m_page->findChild<QComboBox *>(u"assertionAlgCombo"_s);
    QCOMPARE(alg->currentText(), u"HS256"_s);
    QCOMPARE(alg->count(), 3);
    const QString preview = text(u"previewText"_s);
    QVERIFY2(preview.contains(u"client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-"
                              "assertion-type%3Ajwt-bearer"_s),
        qPrintable(preview));
    // The assertion's header and claims, decoded, beside the exact bytes (not inside them).
    const QString notes = text(u"requestNotesLabel"_s);
    QVERIFY2(notes.contains(u"\"alg\": \"HS256\""_s), qPrintable(notes));
    QVERIFY(notes.contains(u"\"iss\": \"jwt-secret-client\""_s));
    QVERIFY(notes.contains(u"\"aud\": \"%1\""_s.arg(m_fixture.workspace()->endpoints().token)));
    QVERIFY(!preview.contains(u"\"alg\""_s));
    QVERIFY(!preview.contains(u"client_secret="_s));
    // Shown masked while the secret is hidden; Copy gives the real command with the assertion.
    auto *curl = m_page->findChild<QPlainTextEdit *>(u"curlText"_s);
    QVERIFY(
        curl->property("copyText").toString().contains(u"--data-urlencode 'client_assertion=ey"_s));
    QVERIFY(!curl->toPlainText().contains(u"client_assertion=ey"_s));
    sendAndWaitFor(u"HTTP 200"_s);
    // A second send signs a new assertion (new jti), which the server accepts too.
    sendAndWaitFor(u"HTTP 200"_s);
}

void TestComposerJwt::privateKeyJwtGetsToken()
{
    selectClient(u"privatekeyjwt_jwt_client"_s);
    QVERIFY(m_page->findChild<QRadioButton *>(u"privateKeyJwtRadio"_s)->isChecked());
    auto *alg = m_page->findChild<QComboBox *>(u"assertionAlgCombo"_s);
    alg->setCurrentText(u"ES256"_s);
    QCOMPARE(alg->currentText(), u"ES256"_s);
    auto *keyEdit = m_page->findChild<QPlainTextEdit *>(u"assertionKeyEdit"_s);
    QVERIFY(keyEdit->isVisible());
    QVERIFY(text(u"assertionStatusLabel"_s).contains(u"no private key"_s));
    keyEdit->setPlainText(QString::fromLatin1(m_key.privateKeyPem()));
    FormTest::typeText(m_page->findChild<QLineEdit *>(u"assertionKidEdit"_s), u"client"_s);
    QVERIFY(text(u"requestNotesLabel"_s).contains(u"\"kid\": \"client\""_s));
    QCOMPARE(text(u"assertionStatusLabel"_s),
        u"A new assertion (new jti) is signed for every request."_s);
    sendAndWaitFor(u"HTTP 200"_s);
}

void TestComposerJwt::shortSecretIsAnnouncedAndRefused()
{
    selectClient(u"client_secret_jwt_client"_s);
    const QString reason = u"the client secret is 26 bytes, too short for HS256, which needs a key "
                           "of at least 32 bytes (RFC 7518 section 3.2)"_s;
    QCOMPARE(text(u"assertionStatusLabel"_s), u"The server will refuse it: %1."_s.arg(reason));
    sendAndWaitFor(u"HTTP 401"_s);
    QVERIFY2(text(u"responseText"_s).contains(reason), qPrintable(text(u"responseText"_s)));
}

void TestComposerJwt::appHeldKeySignsWithoutPasting()
{
    selectClient(u"app-held-key-client"_s);
    QVERIFY(m_page->findChild<QRadioButton *>(u"privateKeyJwtRadio"_s)->isChecked());
    QCOMPARE(m_page->findChild<QComboBox *>(u"assertionAlgCombo"_s)->currentText(), u"EdDSA"_s);
    QVERIFY(text(u"assertionKeyEdit"_s).startsWith(u"-----BEGIN PRIVATE KEY-----"_s));
    QVERIFY(!m_page->findChild<QLineEdit *>(u"assertionKidEdit"_s)->text().isEmpty());
    sendAndWaitFor(u"HTTP 200"_s);
}

QTEST_MAIN(TestComposerJwt)
#include "tst_composerjwt.moc"
