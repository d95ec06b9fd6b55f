// SPDX-License-Identifier: GPL-3.0-or-later
// The Tokens page and its model, offscreen, against a real Workspace: tokens issued over loopback
// appear, the filter finds them, revoke makes them inactive for introspection too, the countdown
// and status texts, and a store of 100,000 tokens loads.
#include "formtest.h"
#include "tokens/tokenlistmodel.h"
#include "tokens/tokenspage.h"

#include <QLabel>

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>

using namespace Qt::Literals::StringLiterals;

namespace {

const QString SeedId = u"service-client-jwt"_s;
const QString SeedSecret = u"service-client-jwt-secret"_s;

} // namespace

class TestTokensPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void issuedTokensAppear();
    void filterAndRevoke();
    void texts();
    void hundredThousandTokens();

private:
    template<typename T>
    T *widget(const QString &name) const
    {
        return m_page->findChild<T *>(name);
    }

    FormTest::WorkspaceFixture m_fixture;
    std::unique_ptr<TokensPage> m_page;
    HttpClient m_http;
};

void TestTokensPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_fixture.isValid());
    Workspace *workspace = m_fixture.open();
    QVERIFY(QTest::qWaitFor(
        [workspace] { return workspace->serverState() == Workspace::ServerState::Running; },
        30000));
    QVERIFY(workspace->tokenStore());
    m_page = std::make_unique<TokensPage>(workspace);
    m_page->show();
    new QAbstractItemModelTester(
        m_page->model(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_page.get());
}

void TestTokensPage::cleanupTestCase()
{
    m_page.reset();
    m_fixture.close();
}

void TestTokensPage::issuedTokensAppear()
{
    const qsizetype before = m_page->model()->rowCount();
    auto *emptyLabel = m_page->findChild<QLabel *>(u"emptyLabel"_s);
    QVERIFY(emptyLabel);
    QCOMPARE(emptyLabel->isHidden(), before != 0); // the hint shows only over an empty table
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(FormTest::requestToken(m_http, *m_fixture.workspace(), SeedId, SeedSecret,
                     {u"country.read"_s}, FormTest::Method::Post)
                     .status,
            200);
    }
    m_page->refresh();
    TokenListModel *model = m_page->model();
    QCOMPARE(model->rowCount(), before + 2);
    QVERIFY(emptyLabel->isHidden());
    QCOMPARE(model->index(0, TokenListModel::ClientColumn).data().toString(), SeedId);
    QCOMPARE(model->index(0, TokenListModel::ScopesColumn).data().toString(), u"country.read"_s);
    QCOMPARE(model->index(0, TokenListModel::FormatColumn).data().toString(), u"jwt"_s);
    QCOMPARE(model->index(0, TokenListModel::StatusColumn).data().toString(), u"active"_s);
    const QString expiresIn = model->index(0, TokenListModel::ExpiresInColumn).data().toString();
    QVERIFY2(expiresIn.startsWith(u"3 h 59 min"_s) || expiresIn == u"4 h 0 min"_s,
        qPrintable(expiresIn));
}

void TestTokensPage::filterAndRevoke()
{
    auto *table = widget<QTableView>(u"tokensTableView"_s);
    auto *revoke = widget<QPushButton>(u"revokeTokenButton"_s);
    auto *inspect = widget<QPushButton>(u"openInInspectorButton"_s);
    QVERIFY(table && revoke && inspect);
    QVERIFY(!revoke->isEnabled());

    widget<QLineEdit>(u"tokenFilterLineEdit"_s)->setText(u"no-such-client"_s);
    QCOMPARE(table->model()->rowCount(), 0);
    widget<QLineEdit>(u"tokenFilterLineEdit"_s)->setText(SeedId);
    QVERIFY(table->model()->rowCount() >= 2);

    table->selectRow(0);
    QVERIFY(revoke->isEnabled());
    QVERIFY(inspect->isEnabled());
    const QString token
        = table->model()->index(0, 0).data(TokenListModel::TokenValueRole).toString();
    QSignalSpy toInspect(m_page.get(), &TokensPage::tokenToInspect);
    inspect->click();
    QCOMPARE(toInspect.size(), 1);
    QCOMPARE(toInspect.first().first().toString(), token);

    revoke->click();
    QVERIFY(m_fixture.workspace()->tokenStore()->find(token)->revokedAt);
    // The server agrees: introspection says inactive.
    const QUrl url(m_fixture.workspace()->server()->issuer() + u"/oauth2/introspect"_s);
    const HttpResult reply = m_http.postForm(url,
        "token=" + token.toLatin1()
            + "&client_id=service-client-jwt&client_secret=" + SeedSecret.toLatin1());
    QCOMPARE(reply.body, R"({"active":false})"_ba);
    widget<QLineEdit>(u"tokenFilterLineEdit"_s)->setText(u"revoked"_s);
    QCOMPARE(table->model()->rowCount(), 1);
    table->selectRow(0);
    QVERIFY(!revoke->isEnabled()); // nothing left to revoke
    widget<QLineEdit>(u"tokenFilterLineEdit"_s)->clear();
}

void TestTokensPage::texts()
{
    QCOMPARE(TokenListModel::countdownText(14399), u"3 h 59 min"_s);
    QCOMPARE(TokenListModel::countdownText(61), u"1 min 1 s"_s);
    QCOMPARE(TokenListModel::countdownText(42), u"42 s"_s);
    QCOMPARE(TokenListModel::countdownText(0), u"expired"_s);
    StoredToken token;
    token.issuedAt = 100;
    token.expiresAt = 200;
    QCOMPARE(TokenListModel::statusText(token, 150), u"active"_s);
    QCOMPARE(TokenListModel::statusText(token, 200), u"expired"_s);
    token.revokedAt = 160;
    QCOMPARE(TokenListModel::statusText(token, 170), u"revoked"_s);
}

void TestTokensPage::hundredThousandTokens()
{
    TokenStore store;
    for (int i = 0; i < 100000; ++i) {
        StoredToken token;
        token.value = u"token-%1"_s.arg(i);
        token.clientId = u"client-%1"_s.arg(i % 7);
        token.format = u"reference"_s;
        token.issuedAt = 1750000000 + i;
        token.expiresAt = token.issuedAt + 3600;
        store.add(token);
    }
    ManualClock clock(1750000000000);
    TokenListModel model(clock);
    model.setStore(&store);
    QCOMPARE(model.rowCount(), 100000);
    QCOMPARE(model.index(0, TokenListModel::ClientColumn).data().toString(), u"client-4"_s);
    model.tick(); // one dataChanged for the two moving columns
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.tick();
    QCOMPARE(changed.size(), 1);

    // As the page shows it: behind the filter proxy, in a visible table. What each step takes
    // is printed, not asserted (timings are no test: docs/testing.md).
    TokenFilterModel proxy(&model);
    QTableView view;
    view.setModel(&proxy);
    view.resize(1000, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QElapsedTimer timer;
    const auto measure = [&timer](const char *what) {
        QCoreApplication::processEvents(); // the repaint the step causes
        qInfo("100,000 tokens: %s took %lld ms", what, qint64(timer.elapsed()));
    };
    timer.start();
    model.tick();
    measure("a countdown tick");
    timer.start();
    proxy.setNeedle(u"client-3"_s);
    measure("filtering");
    QCOMPARE(proxy.rowCount(), 100000 / 7 + (100000 % 7 > 3 ? 1 : 0));
    timer.start();
    model.tick();
    measure("a tick while filtered");
    timer.start();
    proxy.setNeedle(QString());
    measure("clearing the filter");
    QCOMPARE(proxy.rowCount(), 100000);
    timer.start();
    model.reload();
    measure("a reload (the store grew)");
    QCOMPARE(proxy.rowCount(), 100000);
}

QTEST_MAIN(TestTokensPage)
#include "tst_tokenspage.moc"
