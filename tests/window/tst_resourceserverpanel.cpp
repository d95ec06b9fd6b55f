// SPDX-License-Identifier: GPL-3.0-or-later
// The Server page's resource server part driven like a user would: real widgets (offscreen), a
// real authorization server and resource server on port 0, HTTP over loopback to check that what
// the form says is what the resource server does.
#include "httpclient.h"

#include "serverpage.h"
#include "workspace.h"

#include "http/resourceserver.h"
#include "store/clock.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestResourceServerPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void showsTheRunningResourceServer();
    void validationModeApplies();
    void routeScopeApplies();
    void stopAndStartOnItsOwn();
    void busyPortIsAMessageAndKeepsServing();

private:
    template<class T>
    T *child(const QString &name) const
    {
        return m_page->findChild<T *>(name);
    }
    QString token(const QByteArray &scope)
    {
        const QUrl url(
            u"http://127.0.0.1:%1/ms-auth-server/oauth2/token"_s.arg(m_workspace->boundPort()));
        return m_http
            .postForm(url,
                "grant_type=client_credentials&client_id=user-client-opaque"
                "&client_secret=user-client-secret&scope="
                    + scope)
            .json()
            .value("access_token"_L1)
            .toString();
    }
    int call(const QString &path, const QString &token)
    {
        const QUrl url(
            u"http://127.0.0.1:%1/ms-system%2"_s.arg(m_workspace->resourceServer()->port())
                .arg(path));
        return m_http.send("GET", url, {{"Authorization", "Bearer " + token.toLatin1()}}).status;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<ServerPage> m_page;
    HttpClient m_http;
};

void TestResourceServerPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestResourceServerPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_workspace = std::make_unique<Workspace>(m_dir->filePath(u"config.json"_s), Clock::system());
    SettingsOverrides overrides;
    overrides.port = 0; // and so a free port for the resource server too
    m_workspace->open(overrides);
    m_page = std::make_unique<ServerPage>(m_workspace.get());
    m_page->resize(1000, 900);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    QTRY_VERIFY_WITH_TIMEOUT(m_workspace->resourceServer()->isListening(), 30000);
}

void TestResourceServerPanel::cleanup()
{
    m_page.reset();
    m_workspace.reset();
    m_dir.reset();
}

void TestResourceServerPanel::showsTheRunningResourceServer()
{
    QCOMPARE(child<QLabel>(u"resourceStateLabel"_s)->text(), u"Running at"_s);
    QCOMPARE(child<QLineEdit>(u"resourceUrlLineEdit"_s)->text(),
        u"http://localhost:%1/ms-system"_s.arg(m_workspace->resourceServer()->port()));
    QCOMPARE(child<QComboBox>(u"validationComboBox"_s)->currentText(),
        u"JWT signature, opaque tokens introspected"_s);
    QVERIFY(child<QLabel>(u"validationExplanationLabel"_s)->text().contains(u"revoked"_s));
    QCOMPARE(child<QComboBox>(u"routeScopeComboBox0"_s)->currentText(), u"country.read"_s);
    QCOMPARE(child<QComboBox>(u"routeScopeComboBox3"_s)->currentText(), u"customer.write"_s);
    QVERIFY(!child<QPushButton>(u"resourceApplyButton"_s)->isEnabled());
    // The port field shows what the resource server was asked for (a free one).
    QCOMPARE(child<QSpinBox>(u"resourcePortSpinBox"_s)->value(), 0);
}

void TestResourceServerPanel::validationModeApplies()
{
    auto *combo = child<QComboBox>(u"validationComboBox"_s);
    combo->setFocus();
    QTest::keyClick(combo, Qt::Key_Up); // the first: JWT signature only
    QCOMPARE(combo->currentText(), u"JWT signature only"_s);
    QVERIFY(child<QLabel>(u"validationExplanationLabel"_s)
                ->text()
                .contains(u"Opaque tokens are refused"_s));
    QVERIFY(child<QPushButton>(u"resourceApplyButton"_s)->isEnabled());
    const QString opaque = token("country.read");
    QCOMPARE(call(u"/country"_s, opaque), 200); // not applied yet
    QTest::mouseClick(child<QPushButton>(u"resourceApplyButton"_s), Qt::LeftButton);
    QCOMPARE(m_workspace->configuration().resourceServer.validation,
        ResourceServerSettings::Validation::Jwt);
    QVERIFY(!child<QPushButton>(u"resourceApplyButton"_s)->isEnabled());
    QCOMPARE(call(u"/country"_s, opaque), 401);
}

void TestResourceServerPanel::routeScopeApplies()
{
    auto *combo = child<QComboBox>(u"routeScopeComboBox1"_s); // GET /country
    const QString readToken = token("customer.read");
    QCOMPARE(call(u"/country"_s, readToken), 403);
    combo->setCurrentIndex(combo->findText(u"customer.read"_s));
    QTest::mouseClick(child<QPushButton>(u"resourceApplyButton"_s), Qt::LeftButton);
    QCOMPARE(
        m_workspace->configuration().resourceServer.scopeFor(u"GET /country"), u"customer.read"_s);
    QCOMPARE(call(u"/country"_s, readToken), 200);
    // "any valid token".
    combo->setCurrentIndex(0);
    QTest::mouseClick(child<QPushButton>(u"resourceApplyButton"_s), Qt::LeftButton);
    QCOMPARE(call(u"/country"_s, token("customer.write")), 200);
    // Revert puts back what was applied.
    combo->setCurrentIndex(combo->findText(u"country.read"_s));
    QVERIFY(child<QPushButton>(u"resourceRevertButton"_s)->isEnabled());
    QTest::mouseClick(child<QPushButton>(u"resourceRevertButton"_s), Qt::LeftButton);
    QCOMPARE(combo->currentIndex(), 0);
}

void TestResourceServerPanel::stopAndStartOnItsOwn()
{
    auto *button = child<QPushButton>(u"resourceStartStopButton"_s);
    QCOMPARE(button->text(), u"Stop"_s);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!m_workspace->resourceServer()->isListening());
    QCOMPARE(child<QLabel>(u"resourceStateLabel"_s)->text(), u"Stopped"_s);
    QCOMPARE(m_workspace->serverState(), Workspace::ServerState::Running); // the AS keeps running
    QCOMPARE(button->text(), u"Start"_s);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(m_workspace->resourceServer()->isListening());
    QCOMPARE(call(u"/country"_s, token("country.read")), 200);
}

void TestResourceServerPanel::busyPortIsAMessageAndKeepsServing()
{
    QTcpServer busy;
    QVERIFY(busy.listen(QHostAddress::LocalHost, 0));
    const quint16 running = m_workspace->resourceServer()->port();
    auto *port = child<QSpinBox>(u"resourcePortSpinBox"_s);
    port->setValue(busy.serverPort());
    QTest::mouseClick(child<QPushButton>(u"resourceApplyButton"_s), Qt::LeftButton);
    auto *message = child<QLabel>(u"resourceMessageLabel"_s);
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(u"already in use"_s), qPrintable(message->text()));
    QCOMPARE(m_workspace->resourceServer()->port(), running);
    QCOMPARE(call(u"/country"_s, token("country.read")), 200);
    QVERIFY(m_workspace->configuration().resourceServer.port != busy.serverPort());
}

QTEST_MAIN(TestResourceServerPanel)
#include "tst_resourceserverpanel.moc"
