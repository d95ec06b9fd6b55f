// SPDX-License-Identifier: GPL-3.0-or-later
// The Request Composer driven through its widgets offscreen against a real Workspace: the seed
// client's request gets a token that goes on to the inspector, a wrong secret is refused with
// the RFC 6749 explanation and the embedded server's own reason; the secret is masked by the
// same widget as on the Clients page; a stopped embedded server is named, with a Start button.
#include "formtest.h"

#include "clienteditor.h"
#include "composerpage.h"
#include "secretfield.h"
#include "tokenrequestbuilder.h"

#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;

class TestComposerPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void seedClientGetsTokenForInspector_data();
    void seedClientGetsTokenForInspector();
    void wrongSecretIsExplained();
    void discoveryFillsTokenUrlAndScopes();
    void secretIsMaskedLikeOnTheClientsPage();
    void requestTabHoldsTheExactBytesOnly();
    void stoppedEmbeddedServerIsNamedWithStart();
    void ctrlEnterSends_data();
    void ctrlEnterSends();

private:
    void selectSeedClient();
    QString text(const QString &name) const;

    FormTest::WorkspaceFixture m_fixture;
    std::unique_ptr<ComposerPage> m_page;
};

void TestComposerPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_fixture.isValid());
    Workspace *workspace = m_fixture.open();
    QVERIFY(QTest::qWaitFor(
        [workspace] { return workspace->serverState() == Workspace::ServerState::Running; },
        30000));
}

void TestComposerPage::init()
{
    m_page = std::make_unique<ComposerPage>(m_fixture.workspace());
    m_page->resize(1200, 800);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestComposerPage::cleanup()
{
    m_page.reset();
}

void TestComposerPage::selectSeedClient()
{
    auto *combo = m_page->findChild<QComboBox *>(u"clientCombo"_s);
    QVERIFY(combo);
    const int index = combo->findData(u"service-client-jwt"_s);
    QVERIFY(index > 0);
    combo->setCurrentIndex(index);
    Q_EMIT combo->activated(index);
}

QString TestComposerPage::text(const QString &name) const
{
    if (auto *label = m_page->findChild<QLabel *>(name))
        return label->text();
    if (auto *edit = m_page->findChild<QPlainTextEdit *>(name))
        return edit->toPlainText();
    return QString();
}

void TestComposerPage::seedClientGetsTokenForInspector_data()
{
    QTest::addColumn<QString>("method");
    QTest::newRow("client_secret_post") << u"postRadio"_s;
    QTest::newRow("client_secret_basic") << u"basicRadio"_s;
}

void TestComposerPage::seedClientGetsTokenForInspector()
{
    QFETCH(QString, method);
    selectSeedClient();
    auto *radio = m_page->findChild<QRadioButton *>(method);
    QVERIFY(radio);
    QTest::mouseClick(radio, Qt::LeftButton);
    QVERIFY(radio->isChecked());
    QCOMPARE(
        text(u"previewText"_s).contains(u"Authorization: Basic "_s), method == u"basicRadio"_s);
    QVERIFY(
        text(u"previewText"_s).contains(u"&scope=country.read%20customer.read%20customer.write"_s));

    QSignalSpy spy(m_page.get(), &ComposerPage::tokenReceived);
    auto *send = m_page->findChild<QPushButton *>(u"sendButton"_s);
    QTest::mouseClick(send, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(text(u"statusLabel"_s).contains(u"HTTP 200"_s), 15000);
    const QString response = text(u"responseText"_s);
    const QString json = response.mid(response.indexOf(u"\n\n"_s) + 2);
    const QJsonObject object = QJsonDocument::fromJson(json.toUtf8()).object();
    const QString token = object.value(u"access_token"_s).toString();
    QCOMPARE(token.count(u'.'), 2);
    QCOMPARE(object.value(u"token_type"_s).toString(), u"Bearer"_s);

    auto *inspect = m_page->findChild<QPushButton *>(u"inspectButton"_s);
    QVERIFY(inspect->isVisible());
    QTest::mouseClick(inspect, Qt::LeftButton);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), token);
}

void TestComposerPage::wrongSecretIsExplained()
{
    selectSeedClient();
    FormTest::typeText(m_page->findChild<QLineEdit *>(u"secretEdit"_s), u"wrong-secret"_s);
    QVERIFY(text(u"previewText"_s).contains(u"client_secret=******"_s));
    QTest::mouseClick(m_page->findChild<QToolButton *>(u"showSecretButton"_s), Qt::LeftButton);
    QVERIFY(text(u"previewText"_s).contains(u"client_secret=wrong-secret"_s));
    QTest::mouseClick(m_page->findChild<QPushButton *>(u"sendButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(text(u"statusLabel"_s).contains(u"HTTP 401"_s), 15000);
    QVERIFY(text(u"responseText"_s).contains(u"\"invalid_client\""_s));
    QVERIFY(text(u"explanationLabel"_s).startsWith(u"invalid_client: "_s));
    // The reason the wire response does not give arrives from the server's exchange record.
    QTRY_VERIFY_WITH_TIMEOUT(
        text(u"explanationLabel"_s).contains(u"secret does not match"_s), 5000);
    QVERIFY(!m_page->findChild<QPushButton *>(u"inspectButton"_s)->isVisible());
}

void TestComposerPage::discoveryFillsTokenUrlAndScopes()
{
    Workspace *workspace = m_fixture.workspace();
    auto *target = m_page->findChild<QComboBox *>(u"targetCombo"_s);
    target->setCurrentIndex(int(ComposerPage::Target::Discovered));
    auto *tokenUrl = m_page->findChild<QLineEdit *>(u"tokenUrlEdit"_s);
    FormTest::typeText(tokenUrl, u"http://example.invalid/token"_s);
    auto *issuer = m_page->findChild<QLineEdit *>(u"issuerEdit"_s);
    QVERIFY(issuer->isEnabled());
    FormTest::typeText(issuer, workspace->endpoints().issuer);
    QTest::keyClick(issuer, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(tokenUrl->text(), workspace->endpoints().token, 15000);
    auto *scopes = m_page->findChild<QListWidget *>(u"scopeList"_s);
    QStringList names;
    for (int row = 0; row < scopes->count(); ++row)
        names.append(scopes->item(row)->text());
    names.sort();
    // Sorted: the seed's three and OpenID Connect's openid, profile, email.
    QCOMPARE(names,
        (QStringList {u"country.read"_s, u"customer.read"_s, u"customer.write"_s, u"email"_s,
            u"openid"_s, u"profile"_s}));
}

void TestComposerPage::secretIsMaskedLikeOnTheClientsPage()
{
    // One widget for a secret, in both places.
    ClientEditor editor;
    auto *clientsField = editor.findChild<SecretField *>(u"clientSecretField"_s);
    QVERIFY(clientsField);
    auto *field = m_page->findChild<SecretField *>(u"secretField"_s);
    QVERIFY(field);
    QCOMPARE(field->lineEdit()->echoMode(), clientsField->lineEdit()->echoMode());

    selectSeedClient();
    const QString secret = u"service-client-jwt-secret"_s;
    QCOMPARE(field->text(), secret);
    QCOMPARE(field->lineEdit()->echoMode(), QLineEdit::Password);
    // Hidden in the field, hidden in the texts beside it (post and Basic).
    for (const QString &method : {u"postRadio"_s, u"basicRadio"_s}) {
        QTest::mouseClick(m_page->findChild<QRadioButton *>(method), Qt::LeftButton);
        for (const QString &view :
            {u"previewText"_s, u"curlText"_s, u"httpieText"_s, u"powerShellText"_s}) {
            QVERIFY2(!text(view).contains(secret), qPrintable(view + u": "_s + text(view)));
            QVERIFY2(text(view).contains(u"******"_s), qPrintable(view + u": "_s + text(view)));
        }
    }
    // Copy gives the real command all the same.
    const QList<QPushButton *> buttons = m_page->findChildren<QPushButton *>();
    QPushButton *copy = nullptr;
    for (QPushButton *button : buttons) {
        if (button->text() == u"Copy"_s
            && button->parentWidget()->isAncestorOf(
                m_page->findChild<QPlainTextEdit *>(u"curlText"_s)))
            copy = button;
    }
    QVERIFY(copy);
    copy->click();
    const TokenRequestBuilder builder(m_page->currentInput());
    QCOMPARE(QGuiApplication::clipboard()->text(), builder.curlCommand());

    QTest::mouseClick(m_page->findChild<QToolButton *>(u"showSecretButton"_s), Qt::LeftButton);
    QCOMPARE(field->lineEdit()->echoMode(), QLineEdit::Normal);
    QCOMPARE(text(u"curlText"_s), builder.curlCommand());
    QVERIFY(text(u"previewText"_s).contains(u"Authorization: Basic "_s));
    QVERIFY(!text(u"previewText"_s).contains(u"******"_s));
}

void TestComposerPage::requestTabHoldsTheExactBytesOnly()
{
    selectSeedClient();
    QTest::mouseClick(m_page->findChild<QRadioButton *>(u"basicRadio"_s), Qt::LeftButton);
    QTest::mouseClick(m_page->findChild<QToolButton *>(u"showSecretButton"_s), Qt::LeftButton);
    const TokenRequestBuilder builder(m_page->currentInput());
    // The Request view is the request, byte for byte; the explanation is beside it.
    QCOMPARE(text(u"previewText"_s), builder.previewText());
    auto *notes = m_page->findChild<QLabel *>(u"requestNotesLabel"_s);
    QVERIFY(notes->isVisible());
    QCOMPARE(notes->text(), builder.basicSteps().join(u'\n'));
    QTest::mouseClick(m_page->findChild<QRadioButton *>(u"postRadio"_s), Qt::LeftButton);
    QVERIFY(!notes->isVisible());
    QCOMPARE(text(u"previewText"_s), TokenRequestBuilder(m_page->currentInput()).previewText());
}

void TestComposerPage::stoppedEmbeddedServerIsNamedWithStart()
{
    Workspace *workspace = m_fixture.workspace();
    selectSeedClient();
    auto *stopped = m_page->findChild<QWidget *>(u"serverStoppedWidget"_s);
    QVERIFY(!stopped->isVisible());
    workspace->stopServer();
    QTRY_VERIFY(stopped->isVisible());
    QVERIFY2(text(u"serverStoppedLabel"_s).contains(u"embedded server is stopped"_s),
        qPrintable(text(u"serverStoppedLabel"_s)));
    QTest::mouseClick(m_page->findChild<QPushButton *>(u"sendButton"_s), Qt::LeftButton);
    QVERIFY2(text(u"statusLabel"_s).contains(u"embedded server is stopped"_s),
        qPrintable(text(u"statusLabel"_s)));
    QVERIFY(!text(u"responseText"_s).contains(u"refused"_s));

    // Another target does not need the embedded server.
    auto *target = m_page->findChild<QComboBox *>(u"targetCombo"_s);
    target->setCurrentIndex(int(ComposerPage::Target::Manual));
    QVERIFY(!stopped->isVisible());
    target->setCurrentIndex(int(ComposerPage::Target::EmbeddedServer));
    QVERIFY(stopped->isVisible());

    QTest::mouseClick(m_page->findChild<QPushButton *>(u"startServerButton"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(workspace->serverState(), Workspace::ServerState::Running, 15000);
    QTRY_VERIFY(!stopped->isVisible());
    QTest::mouseClick(m_page->findChild<QPushButton *>(u"sendButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(text(u"statusLabel"_s).contains(u"HTTP 200"_s), 15000);
}

void TestComposerPage::ctrlEnterSends_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<int>("modifiers");
    QTest::addColumn<QString>("focus");
    QTest::newRow("Ctrl+Return in the client id")
        << int(Qt::Key_Return) << int(Qt::ControlModifier) << u"clientIdEdit"_s;
    QTest::newRow("Ctrl+Enter (keypad) in the scopes")
        << int(Qt::Key_Enter) << int(Qt::ControlModifier | Qt::KeypadModifier)
        << u"extraScopesEdit"_s;
    QTest::newRow("Ctrl+Return in the secret")
        << int(Qt::Key_Return) << int(Qt::ControlModifier) << u"secretEdit"_s;
}

void TestComposerPage::ctrlEnterSends()
{
    QFETCH(int, key);
    QFETCH(int, modifiers);
    QFETCH(QString, focus);
    selectSeedClient();
    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    auto *edit = m_page->findChild<QLineEdit *>(focus);
    QVERIFY(edit);
    edit->setFocus();
    QTRY_VERIFY(edit->hasFocus());
    QVERIFY(text(u"statusLabel"_s).isEmpty());
    QTest::keyClick(edit, Qt::Key(key), Qt::KeyboardModifiers(modifiers));
    QTRY_VERIFY_WITH_TIMEOUT(text(u"statusLabel"_s).contains(u"HTTP 200"_s), 15000);
}

QTEST_MAIN(TestComposerPage)
#include "tst_composerpage.moc"
