// SPDX-License-Identifier: GPL-3.0-or-later
// The Server page driven like a user would: real widgets (offscreen), keyboard and clicks, a real
// server on port 0 and HTTP over loopback to check what the page claims.
#include "httpclient.h"

#include "serverpage.h"
#include "theme.h"
#include "workspace.h"

#include "store/clock.h"
#include "store/configfile.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;

namespace {

const QByteArray SeedBody = "grant_type=client_credentials&client_id=service-client-jwt"
                            "&client_secret=service-client-jwt-secret&scope=country.read"_ba;

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// Replaces a field's text the way a user does: select all, type.
void retype(QWidget *field, const QString &text)
{
    field->setFocus();
    QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(field, Qt::Key_Delete);
    QTest::keyClicks(field, text);
}

} // namespace

class TestServerPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void showsTheRunningServer();
    void stopAndStartButtons();
    void copyButtons_data();
    void copyButtons();
    void busyPortIsAnInlineError();
    void freePortApplies();
    void invalidFieldBlocksSaving_data();
    void invalidFieldBlocksSaving();
    void nonLoopbackBindWarns_data();
    void nonLoopbackBindWarns();
    void revertPutsBackTheRunningSettings();
    void commandLineOverrideIsExplained();
    void followsImportsUnlessEdited();

private:
    template<class T>
    T *child(const char *name) const
    {
        return m_page->findChild<T *>(QString::fromLatin1(name));
    }
    QUrl tokenUrl() const
    {
        return QUrl(
            u"http://127.0.0.1:%1/ms-auth-server/oauth2/token"_s.arg(m_workspace->boundPort()));
    }
    bool openWorkspace(const SettingsOverrides &overrides);

    QTemporaryDir m_keyHome;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<ServerPage> m_page;
    HttpClient m_http;
};

void TestServerPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_keyHome.isValid());
}

bool TestServerPage::openWorkspace(const SettingsOverrides &overrides)
{
    m_page.reset();
    m_workspace.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    // Every test reuses one signing key: generating RSA keys is not what is tested here.
    const QString sharedKey = m_keyHome.filePath(u"keys/signing-key.pem"_s);
    if (QFile::exists(sharedKey)) {
        QDir(m_dir->path()).mkpath(u"keys"_s);
        QFile::copy(sharedKey, m_dir->filePath(u"keys/signing-key.pem"_s));
    }
    m_workspace = std::make_unique<Workspace>(m_dir->filePath(u"config.json"_s), Clock::system());
    m_workspace->open(overrides);
    m_page = std::make_unique<ServerPage>(m_workspace.get());
    m_page->resize(1000, 800);
    m_page->show();
    m_page->activateWindow();
    if (!QTest::qWaitForWindowActive(m_page.get()))
        return false;
    const bool running = QTest::qWaitFor(
        [this] { return m_workspace->serverState() == Workspace::ServerState::Running; }, 30000);
    if (running && !QFile::exists(sharedKey)) {
        QDir(m_keyHome.path()).mkpath(u"keys"_s);
        QFile::copy(m_workspace->keyPath(), sharedKey);
    }
    return running;
}

void TestServerPage::init()
{
    SettingsOverrides overrides;
    overrides.port = 0;
    QVERIFY(openWorkspace(overrides));
}

void TestServerPage::cleanup()
{
    m_page.reset();
    m_workspace.reset();
    m_dir.reset();
}

void TestServerPage::showsTheRunningServer()
{
    QCOMPARE(child<QLabel>("stateLabel")->text(), u"Running"_s);
    QVERIFY(child<QLabel>("issuerLabel")->text().contains(m_workspace->endpoints().issuer));
    QCOMPARE(child<QLineEdit>("issuerLineEdit")->text(),
        u"http://localhost:%1/ms-auth-server"_s.arg(m_workspace->boundPort()));
    QCOMPARE(child<QLineEdit>("tokenEndpointLineEdit")->text(), m_workspace->endpoints().token);
    QCOMPARE(child<QLineEdit>("keyIdLineEdit")->text(), m_workspace->keyId());
    QCOMPARE(child<QLineEdit>("keyFileLineEdit")->text(),
        QDir::toNativeSeparators(m_workspace->keyPath()));
    QCOMPARE(child<QLabel>("algorithmLabel")->text(), u"RS256, RSA 2048"_s);
    QVERIFY(!child<QPushButton>("startButton")->isEnabled());
    QVERIFY(child<QPushButton>("stopButton")->isEnabled());
    QVERIFY(child<QPushButton>("restartButton")->isEnabled());
    QVERIFY(!child<QLabel>("serverMessageLabel")->isVisible());
    // The state dot is green in this palette.
    QCOMPARE(child<QLabel>("stateDotLabel")->palette().color(QPalette::WindowText),
        Theme::color(Theme::Tone::Success, m_page->palette()));
    // The form holds what the server runs with; nothing to apply.
    QCOMPARE(child<QSpinBox>("portSpinBox")->value(), 0);
    QCOMPARE(child<QSpinBox>("portSpinBox")->text(), u"Any free port"_s);
    QVERIFY(!m_page->hasUnsavedChanges());
    QVERIFY(!child<QPushButton>("revertButton")->isEnabled());
}

void TestServerPage::stopAndStartButtons()
{
    const QUrl before = tokenUrl();
    QCOMPARE(m_http.postForm(before, SeedBody).status, 200);

    QTest::mouseClick(child<QPushButton>("stopButton"), Qt::LeftButton);
    QCOMPARE(m_workspace->serverState(), Workspace::ServerState::Stopped);
    QCOMPARE(child<QLabel>("stateLabel")->text(), u"Stopped"_s);
    QVERIFY(child<QPushButton>("startButton")->isEnabled());
    QVERIFY(!child<QPushButton>("stopButton")->isEnabled());
    QVERIFY(!child<QPushButton>("restartButton")->isEnabled());
    const HttpResult refused = m_http.postForm(before, SeedBody);
    QCOMPARE(refused.status, 0);
    QVERIFY(!refused.networkError.isEmpty());

    QTest::mouseClick(child<QPushButton>("startButton"), Qt::LeftButton);
    QCOMPARE(child<QLabel>("stateLabel")->text(), u"Running"_s);
    QCOMPARE(m_http.postForm(tokenUrl(), SeedBody).status, 200);
    // Port 0 picked a new port: the endpoints follow.
    QCOMPARE(child<QLineEdit>("tokenEndpointLineEdit")->text(), m_workspace->endpoints().token);
    QVERIFY(child<QLineEdit>("tokenEndpointLineEdit")
                ->text()
                .contains(u":%1/"_s.arg(m_workspace->boundPort())));
}

void TestServerPage::copyButtons_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<QString>("lineEdit");
    QTest::newRow("issuer") << u"copyIssuerButton"_s << u"issuerLineEdit"_s;
    QTest::newRow("token") << u"copyTokenEndpointButton"_s << u"tokenEndpointLineEdit"_s;
    QTest::newRow("jwks") << u"copyJwkSetButton"_s << u"jwkSetLineEdit"_s;
    QTest::newRow("metadata") << u"copyMetadataButton"_s << u"metadataLineEdit"_s;
    QTest::newRow("spring") << u"copySpringMetadataButton"_s << u"springMetadataLineEdit"_s;
    QTest::newRow("kid") << u"copyKeyIdButton"_s << u"keyIdLineEdit"_s;
    QTest::newRow("key file") << u"copyKeyFileButton"_s << u"keyFileLineEdit"_s;
}

void TestServerPage::copyButtons()
{
    QFETCH(QString, button);
    QFETCH(QString, lineEdit);
    QApplication::clipboard()->setText(u"before"_s);
    auto *copy = m_page->findChild<QToolButton *>(button);
    QVERIFY(copy);
    QVERIFY(!copy->toolTip().isEmpty());
    QVERIFY(!copy->icon().isNull());
    QSignalSpy status(m_page.get(), &ServerPage::statusMessage);
    QTest::mouseClick(copy, Qt::LeftButton);
    const QString expected = m_page->findChild<QLineEdit *>(lineEdit)->text();
    QVERIFY(!expected.isEmpty());
    QCOMPARE(QApplication::clipboard()->text(), expected);
    QCOMPARE(status.size(), 1);
    QVERIFY(status.constFirst().at(0).toString().startsWith(u"Copied"_s));
}

void TestServerPage::busyPortIsAnInlineError()
{
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
    const quint16 busy = blocker.serverPort();
    const quint16 running = m_workspace->boundPort();
    auto *port = child<QSpinBox>("portSpinBox");
    auto *message = child<QLabel>("portMessageLabel");
    QVERIFY(!message->isVisible());

    retype(port, QString::number(busy));
    QCOMPARE(port->value(), int(busy));
    QVERIFY(m_page->hasUnsavedChanges());
    QTest::mouseClick(child<QPushButton>("applyButton"), Qt::LeftButton);

    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QString::number(busy)), qPrintable(message->text()));
    QVERIFY2(message->text().contains(u"keeps running on port %1"_s.arg(running)),
        qPrintable(message->text()));
    QCOMPARE(message->palette().color(QPalette::WindowText),
        Theme::color(Theme::Tone::Error, m_page->palette()));
    QCOMPARE(QApplication::focusWidget(), port);
    QCOMPARE(port->accessibleDescription(), message->text());
    // The server that was running keeps running, where it was; the edit is still in the form.
    QCOMPARE(m_workspace->boundPort(), running);
    QCOMPARE(m_http.postForm(tokenUrl(), SeedBody).status, 200);
    QCOMPARE(child<QLabel>("stateLabel")->text(), u"Running"_s);
    QVERIFY(m_page->hasUnsavedChanges());

    // Editing the field clears the stale error.
    retype(port, QString::number(freePort()));
    QVERIFY(!message->isVisible());
}

void TestServerPage::freePortApplies()
{
    const quint16 target = freePort();
    retype(child<QSpinBox>("portSpinBox"), QString::number(target));
    QSignalSpy status(m_page.get(), &ServerPage::statusMessage);
    QTest::mouseClick(child<QPushButton>("applyButton"), Qt::LeftButton);

    QVERIFY(!child<QLabel>("portMessageLabel")->isVisible());
    QCOMPARE(m_workspace->boundPort(), target);
    QCOMPARE(m_http.postForm(tokenUrl(), SeedBody).status, 200);
    QVERIFY(child<QLineEdit>("tokenEndpointLineEdit")->text().contains(u":%1/"_s.arg(target)));
    QVERIFY(!m_page->hasUnsavedChanges());
    QCOMPARE(status.size(), 1);
    m_workspace->waitForBackgroundWork();
    QCOMPARE(ConfigFile(m_workspace->configPath()).load().configuration.server.port, target);
}

void TestServerPage::invalidFieldBlocksSaving_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("messageLabel");
    QTest::newRow("space in path")
        << u"contextPathLineEdit"_s << u"/my path"_s << u"contextPathMessageLabel"_s;
    QTest::newRow("dot segment") << u"contextPathLineEdit"_s << u"/a/../b"_s
                                 << u"contextPathMessageLabel"_s;
    QTest::newRow("host with space")
        << u"hostNameLineEdit"_s << u"my host"_s << u"hostNameMessageLabel"_s;
    QTest::newRow("bind to a name")
        << u"bindAddressComboBox"_s << u"localhost"_s << u"bindAddressMessageLabel"_s;
    QTest::newRow("bind to nonsense")
        << u"bindAddressComboBox"_s << u"999.1.1.1"_s << u"bindAddressMessageLabel"_s;
}

void TestServerPage::invalidFieldBlocksSaving()
{
    QFETCH(QString, field);
    QFETCH(QString, text);
    QFETCH(QString, messageLabel);
    m_workspace->waitForBackgroundWork();
    const QByteArray savedBefore = [this] {
        QFile file(m_workspace->configPath());
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();
    const ServerSettings before = m_workspace->effectiveSettings();
    auto *widget = m_page->findChild<QWidget *>(field);
    auto *message = m_page->findChild<QLabel *>(messageLabel);
    QVERIFY(widget && message);

    retype(widget, text);
    // The message shows while typing, at the field, in the error colour.
    QVERIFY(message->isVisible());
    QVERIFY(!message->text().isEmpty());
    QCOMPARE(message->palette().color(QPalette::WindowText),
        Theme::color(Theme::Tone::Error, m_page->palette()));

    QVERIFY(!m_page->saveChanges());
    QTest::mouseClick(child<QPushButton>("applyButton"), Qt::LeftButton);
    QCOMPARE(m_workspace->effectiveSettings(), before);
    QVERIFY(m_page->hasUnsavedChanges());
    QVERIFY(widget->hasFocus() || widget->isAncestorOf(QApplication::focusWidget()));
    m_workspace->waitForBackgroundWork();
    QFile file(m_workspace->configPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), savedBefore);
}

void TestServerPage::nonLoopbackBindWarns_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("warns");
    QTest::newRow("127.0.0.1") << u"127.0.0.1"_s << false;
    QTest::newRow("::1") << u"::1"_s << false;
    QTest::newRow("0.0.0.0") << u"0.0.0.0"_s << true;
    QTest::newRow("::") << u"::"_s << true;
    QTest::newRow("a LAN address") << u"192.168.1.20"_s << true;
}

void TestServerPage::nonLoopbackBindWarns()
{
    QFETCH(QString, address);
    QFETCH(bool, warns);
    auto *combo = child<QComboBox>("bindAddressComboBox");
    auto *message = child<QLabel>("bindAddressMessageLabel");
    const int index = combo->findData(address);
    if (index >= 0) {
        // Picked from the list: the field holds the bare address, not the description.
        combo->setFocus();
        combo->setCurrentIndex(index);
        Q_EMIT combo->activated(index);
        QCOMPARE(combo->currentText(), address);
    } else {
        retype(combo, address);
    }
    QVERIFY(message->isVisible());
    const Theme::Tone tone = warns ? Theme::Tone::Warning : Theme::Tone::Muted;
    QCOMPARE(message->palette().color(QPalette::WindowText), Theme::color(tone, m_page->palette()));
    QCOMPARE(message->text().contains(u"network"_s), warns);
}

void TestServerPage::revertPutsBackTheRunningSettings()
{
    auto *host = child<QLineEdit>("hostNameLineEdit");
    auto *revert = child<QPushButton>("revertButton");
    QCOMPARE(host->text(), u"localhost"_s);
    retype(host, u"auth.example"_s);
    QVERIFY(m_page->hasUnsavedChanges());
    QVERIFY(revert->isEnabled());
    QTest::mouseClick(revert, Qt::LeftButton);
    QCOMPARE(host->text(), u"localhost"_s);
    QVERIFY(!m_page->hasUnsavedChanges());
    QVERIFY(!revert->isEnabled());

    // Host and context path apply to the live server without a new listener.
    const quint16 port = m_workspace->boundPort();
    retype(host, u"auth.example"_s);
    retype(child<QLineEdit>("contextPathLineEdit"), u"auth/"_s); // normalised to /auth
    QVERIFY(m_page->saveChanges());
    QCOMPARE(m_workspace->boundPort(), port);
    QCOMPARE(child<QLineEdit>("contextPathLineEdit")->text(), u"/auth"_s);
    QCOMPARE(
        child<QLineEdit>("issuerLineEdit")->text(), u"http://auth.example:%1/auth"_s.arg(port));
    QCOMPARE(m_http.postForm(QUrl(u"http://127.0.0.1:%1/auth/oauth2/token"_s.arg(port)), SeedBody)
                 .status,
        200);
}

void TestServerPage::commandLineOverrideIsExplained()
{
    auto *note = child<QLabel>("overrideNoteLabel");
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().contains(u"--port 0"_s), qPrintable(note->text()));
    // Apply with the overridden values saves them and drops the note.
    QVERIFY(child<QPushButton>("applyButton")->isEnabled());
    QTest::mouseClick(child<QPushButton>("applyButton"), Qt::LeftButton);
    QVERIFY(!m_workspace->hasOverrides());
    QVERIFY(!note->isVisible());
    QCOMPARE(m_workspace->configuration().server.port, quint16(0));
}

void TestServerPage::followsImportsUnlessEdited()
{
    Configuration incoming = m_workspace->configuration();
    incoming.server.hostName = u"imported.example"_s;
    incoming.server.port = 0;
    m_workspace->setConfiguration(incoming);
    QCOMPARE(child<QLineEdit>("hostNameLineEdit")->text(), u"imported.example"_s);

    // A form with edits keeps them when the configuration changes elsewhere.
    retype(child<QLineEdit>("hostNameLineEdit"), u"typed.example"_s);
    incoming.server.hostName = u"again.example"_s;
    m_workspace->setConfiguration(incoming);
    QCOMPARE(child<QLineEdit>("hostNameLineEdit")->text(), u"typed.example"_s);
    QVERIFY(m_page->hasUnsavedChanges());
}

QTEST_MAIN(TestServerPage)
#include "tst_serverpage.moc"
