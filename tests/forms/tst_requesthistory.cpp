// SPDX-License-Identifier: GPL-3.0-or-later
// The composer's request history: kept in history.json beside the configuration without the
// client secret, shown again after a restart, re-run with the registered client's secret, and
// a corrupt file set aside rather than overwritten.
#include "formtest.h"

#include "composerpage.h"
#include "requesthistory.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableWidget>
#include <QThreadPool>

using namespace Qt::Literals::StringLiterals;

class TestRequestHistory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void modelIsConsistentAndCapped();
    void jsonRoundTripDropsSecret_data();
    void jsonRoundTripDropsSecret();
    void sentRequestIsKeptAcrossRestart();
    void corruptFileIsSetAside();
    void typedSecretsAreMaskedOnDisk();
    void olderHistoryIsMaskedOnLoad();
    void maskedParameterIsTypedAgain();

private:
    QString historyPath() const;
    std::unique_ptr<ComposerPage> makePage();

    FormTest::WorkspaceFixture m_fixture;
};

namespace {

using Parameters = QList<std::pair<QString, QString>>;

HistoryEntry makeEntry(int n)
{
    HistoryEntry entry;
    entry.sentMSecs = 1700000000000 + n * 1000;
    entry.input.tokenUrl = QUrl(u"http://127.0.0.1:9000/oauth2/token"_s);
    entry.input.method = u"client_secret_post"_s;
    entry.input.clientId = u"client-%1"_s.arg(n);
    entry.input.clientSecret = u"secret-%1"_s.arg(n);
    entry.input.scopes = {u"a.read"_s, u"b.write"_s};
    entry.status = 200;
    entry.outcome = u"200"_s;
    return entry;
}

} // namespace

void TestRequestHistory::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_fixture.isValid());
    Workspace *workspace = m_fixture.open();
    QVERIFY(QTest::qWaitFor(
        [workspace] { return workspace->serverState() == Workspace::ServerState::Running; },
        30000));
}

QString TestRequestHistory::historyPath() const
{
    return QFileInfo(m_fixture.workspace()->configPath()).absolutePath() + u"/history.json"_s;
}

std::unique_ptr<ComposerPage> TestRequestHistory::makePage()
{
    auto page = std::make_unique<ComposerPage>(m_fixture.workspace());
    page->resize(1200, 800);
    page->show();
    if (!QTest::qWaitForWindowExposed(page.get()))
        return nullptr;
    return page;
}

void TestRequestHistory::modelIsConsistentAndCapped()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    RequestHistory history(dir.filePath(u"history.json"_s));
    QAbstractItemModelTester tester(
        &history, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(history.rowCount(), 0);
    for (int n = 1; n <= RequestHistory::MaximumEntries + 5; ++n)
        history.append(makeEntry(n));
    QCOMPARE(history.rowCount(), RequestHistory::MaximumEntries);
    // Newest first; the five oldest are gone.
    QCOMPARE(history.entry(0).input.clientId, u"client-105"_s);
    QCOMPARE(history.entry(RequestHistory::MaximumEntries - 1).input.clientId, u"client-6"_s);
    const QString display = history.data(history.index(0)).toString();
    QVERIFY2(
        display.contains(u"  POST \u2026/oauth2/token  client-105  200"_s), qPrintable(display));
    QVERIFY(
        history.data(history.index(0), Qt::ToolTipRole).toString().contains(u"a.read b.write"_s));

    // The last save wins, whatever order the pool ran them in.
    const QString path = history.filePath();
    QTRY_VERIFY(QFile::exists(path));
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            QFile file(path);
            return file.open(QIODevice::ReadOnly) && file.readAll().contains("client-105");
        }(),
        5000);
    QThreadPool::globalInstance()->waitForDone();
    QCOMPARE(QFile::permissions(path) & 0x0077, QFileDevice::Permissions());
    RequestHistory reloaded(path);
    QCOMPARE(reloaded.rowCount(), RequestHistory::MaximumEntries);
    QCOMPARE(reloaded.entry(0).input.clientId, u"client-105"_s);
}

void TestRequestHistory::jsonRoundTripDropsSecret_data()
{
    QTest::addColumn<Parameters>("parameters");
    QTest::newRow("no parameters") << Parameters {};
    QTest::newRow("two parameters") << Parameters {{u"audience"_s, u"api"_s}, {u"x"_s, u"é &"_s}};
}

void TestRequestHistory::jsonRoundTripDropsSecret()
{
    QFETCH(Parameters, parameters);
    QTemporaryDir dir;
    RequestHistory history(dir.filePath(u"history.json"_s));
    HistoryEntry entry = makeEntry(7);
    entry.input.extraParameters = parameters;
    entry.status = 401;
    entry.outcome = u"invalid_client"_s;
    history.append(entry);
    const QByteArray json = RequestHistory::toJson({history.entry(0)});
    QVERIFY(!json.contains("secret-7"));
    QList<HistoryEntry> parsed;
    QVERIFY(RequestHistory::fromJson(json, &parsed));
    QCOMPARE(parsed.size(), 1);
    QCOMPARE(parsed.at(0).sentMSecs, entry.sentMSecs);
    QCOMPARE(parsed.at(0).input.tokenUrl, entry.input.tokenUrl);
    QCOMPARE(parsed.at(0).input.clientId, entry.input.clientId);
    QCOMPARE(parsed.at(0).input.clientSecret, QString());
    QCOMPARE(parsed.at(0).input.scopes, entry.input.scopes);
    QCOMPARE(parsed.at(0).input.extraParameters, parameters);
    QCOMPARE(parsed.at(0).status, 401);
    QCOMPARE(parsed.at(0).outcome, u"invalid_client"_s);
    QVERIFY(!RequestHistory::fromJson("[1, 2]"_ba, &parsed));
    QThreadPool::globalInstance()->waitForDone();
}

void TestRequestHistory::sentRequestIsKeptAcrossRestart()
{
    QFile::remove(historyPath());
    {
        std::unique_ptr<ComposerPage> page = makePage();
        QVERIFY(page);
        auto *combo = page->findChild<QComboBox *>(u"clientCombo"_s);
        const int index = combo->findData(u"service-client-jwt"_s);
        QVERIFY(index > 0);
        combo->setCurrentIndex(index);
        Q_EMIT combo->activated(index);
        QTest::mouseClick(page->findChild<QPushButton *>(u"sendButton"_s), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(page->history()->rowCount(), 1, 15000);
        QCOMPARE(page->history()->entry(0).status, 200);
        QCOMPARE(page->history()->entry(0).input.clientId, u"service-client-jwt"_s);
        QTRY_VERIFY(QFile::exists(historyPath()));
    }
    QThreadPool::globalInstance()->waitForDone();
    QFile file(historyPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray saved = file.readAll();
    QVERIFY(saved.contains("service-client-jwt"));
    QVERIFY(!saved.contains("service-client-jwt-secret"));

    // As after a restart: a new workspace on the same folder, a new page.
    m_fixture.close();
    Workspace *workspace = m_fixture.open();
    QVERIFY(QTest::qWaitFor(
        [workspace] { return workspace->serverState() == Workspace::ServerState::Running; },
        30000));
    std::unique_ptr<ComposerPage> page = makePage();
    QVERIFY(page);
    auto *view = page->findChild<QListView *>(u"historyView"_s);
    QVERIFY(view);
    QCOMPARE(view->model()->rowCount(), 1);
    const QString shown = view->model()->index(0, 0).data().toString();
    QVERIFY2(shown.contains(u"service-client-jwt  200"_s), qPrintable(shown));
    // A date with the time: the entry may be from another day.
    QVERIFY2(QDateTime::fromString(shown.left(19), u"yyyy-MM-dd HH:mm:ss"_s).isValid(),
        qPrintable(shown));

    // Load fills the secret from the registered client, since the file has none.
    auto *secret = page->findChild<QLineEdit *>(u"secretEdit"_s);
    FormTest::typeText(secret, u"typed"_s);
    view->setCurrentIndex(view->model()->index(0, 0));
    QTest::mouseClick(page->findChild<QPushButton *>(u"historyLoadButton"_s), Qt::LeftButton);
    QCOMPARE(secret->text(), u"service-client-jwt-secret"_s);
    QCOMPARE(page->findChild<QLineEdit *>(u"tokenUrlEdit"_s)->text(), workspace->endpoints().token);

    QTest::mouseClick(page->findChild<QPushButton *>(u"historySendAgainButton"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(page->history()->rowCount(), 2, 15000);
    QCOMPARE(page->history()->entry(0).status, 200);
    QCOMPARE(page->history()->entry(0).outcome, u"200"_s);
    QCOMPARE(page->history()->entry(0).input.scopes, page->history()->entry(1).input.scopes);

    // A double-click sends the entry again too.
    view->setCurrentIndex(view->model()->index(1, 0));
    const QPoint centre = view->visualRect(view->model()->index(1, 0)).center();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, centre);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, centre);
    QTRY_COMPARE_WITH_TIMEOUT(page->history()->rowCount(), 3, 15000);
    QCOMPARE(page->history()->entry(0).status, 200);
    page.reset();
    QThreadPool::globalInstance()->waitForDone();
}

void TestRequestHistory::corruptFileIsSetAside()
{
    const QByteArray garbage = "{ not a history"_ba;
    QFile::remove(historyPath() + u".corrupt"_s);
    {
        QFile file(historyPath());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(garbage);
    }
    std::unique_ptr<ComposerPage> page = makePage();
    QVERIFY(page);
    QCOMPARE(page->history()->rowCount(), 0);
    QVERIFY(!page->history()->loadError().isEmpty());
    QVERIFY(!QFile::exists(historyPath()));
    QFile aside(historyPath() + u".corrupt"_s);
    QVERIFY(aside.open(QIODevice::ReadOnly));
    QCOMPARE(aside.readAll(), garbage);
    QVERIFY(page->findChild<QLabel *>(u"statusLabel"_s)->text().contains(u".corrupt"_s));
}

namespace {

const Parameters TypedSecrets {{u"password"_s, u"typed-password"_s},
    {u"client_assertion"_s, u"eyJ.typed.assertion"_s}, {u"Refresh_Token"_s, u"typed-refresh"_s},
    {u"code_verifier"_s, u"typed-verifier"_s}, {u"audience"_s, u"api"_s}};
const QByteArrayList SecretsInClear {"typed-password", "eyJ.typed.assertion", "typed-refresh",
    "typed-verifier", "url-password", "query-secret", "secret-3"};

} // namespace

// Extra parameters typed in the composer, and a token URL with a password or a credential in its
// query, follow the same rule as the traffic log: names kept, values masked, in memory and on disk.
void TestRequestHistory::typedSecretsAreMaskedOnDisk()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"history.json"_s);
    RequestHistory history(path);
    HistoryEntry entry = makeEntry(3);
    entry.input.tokenUrl = QUrl(
        u"https://user:url-password@idp.example/token?client%5Fsecret=query-secret&tenant=t1"_s);
    entry.input.extraParameters = TypedSecrets;
    history.append(entry);
    QTRY_VERIFY(QFile::exists(path));
    QThreadPool::globalInstance()->waitForDone();
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray saved = file.readAll();
    for (const QByteArray &secret : SecretsInClear)
        QVERIFY2(!saved.contains(secret), secret.constData());
    QVERIFY(saved.contains("\"Refresh_Token\",\n"));
    QVERIFY(saved.contains("tenant=t1"));

    const Parameters expected {{u"password"_s, u"******"_s}, {u"client_assertion"_s, u"******"_s},
        {u"Refresh_Token"_s, u"******"_s}, {u"code_verifier"_s, u"******"_s},
        {u"audience"_s, u"api"_s}};
    QCOMPARE(history.entry(0).input.extraParameters, expected);
    QCOMPARE(history.entry(0).input.tokenUrl.password(), u"******"_s);
    QList<HistoryEntry> parsed;
    QVERIFY(RequestHistory::fromJson(saved, &parsed));
    QCOMPARE(parsed.at(0).input.extraParameters, expected);
    // toJson masks too, whatever it is given.
    const QByteArray direct = RequestHistory::toJson({entry});
    for (const QByteArray &secret : SecretsInClear)
        QVERIFY2(!direct.contains(secret), secret.constData());
}

// A history.json written before masking holds secrets in clear: they are masked when read, so the
// next save rewrites the file without them.
void TestRequestHistory::olderHistoryIsMaskedOnLoad()
{
    HistoryEntry entry = makeEntry(4);
    entry.input.extraParameters = TypedSecrets;
    QJsonArray parameters;
    for (const auto &[name, value] : TypedSecrets)
        parameters.append(QJsonArray {name, value});
    const QJsonObject request {{u"sent"_s, u"2026-11-01T10:00:00.000Z"_s},
        {u"tokenUrl"_s, u"http://127.0.0.1:9000/oauth2/token"_s}, {u"embeddedServer"_s, false},
        {u"method"_s, u"client_secret_post"_s}, {u"clientId"_s, u"c"_s},
        {u"scopes"_s, QJsonArray()}, {u"parameters"_s, parameters}, {u"status"_s, 200},
        {u"outcome"_s, u"200"_s}};
    const QByteArray old
        = QJsonDocument(QJsonObject {{u"version"_s, 1}, {u"requests"_s, QJsonArray {request}}})
              .toJson();
    QVERIFY(old.contains("typed-password"));
    QTemporaryDir dir;
    const QString path = dir.filePath(u"history.json"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(old);
    }
    RequestHistory history(path);
    QCOMPARE(history.rowCount(), 1);
    QCOMPARE(history.entry(0).input.extraParameters.at(0), std::pair(u"password"_s, u"******"_s));
    history.append(makeEntry(5));
    QThreadPool::globalInstance()->waitForDone();
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray saved = file.readAll();
    QVERIFY(saved.contains("client-5"));
    for (const QByteArray &secret : SecretsInClear)
        QVERIFY2(!saved.contains(secret), secret.constData());
}

// Through the composer: a password typed as an extra parameter is sent, not kept; loading the
// entry asks for it again instead of sending the mask.
void TestRequestHistory::maskedParameterIsTypedAgain()
{
    QFile::remove(historyPath());
    std::unique_ptr<ComposerPage> page = makePage();
    QVERIFY(page);
    auto *combo = page->findChild<QComboBox *>(u"clientCombo"_s);
    const int index = combo->findData(u"service-client-jwt"_s);
    QVERIFY(index > 0);
    combo->setCurrentIndex(index);
    Q_EMIT combo->activated(index);
    auto *table = page->findChild<QTableWidget *>(u"parameterTable"_s);
    QVERIFY(table);
    QTest::mouseClick(page->findChild<QPushButton *>(u"addParameterButton"_s), Qt::LeftButton);
    QCOMPARE(table->rowCount(), 1);
    table->item(0, 0)->setText(u"password"_s);
    table->item(0, 1)->setText(u"typed-password"_s);
    // Masked beside the form while the secret is hidden, as the history will keep it.
    QVERIFY(page->findChild<QPlainTextEdit *>(u"previewText"_s)
                ->toPlainText()
                .contains(u"password=******"_s));
    QTest::mouseClick(page->findChild<QPushButton *>(u"sendButton"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(page->history()->rowCount(), 1, 15000);
    QTRY_VERIFY(QFile::exists(historyPath()));
    QThreadPool::globalInstance()->waitForDone();
    QFile file(historyPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray saved = file.readAll();
    QVERIFY(!saved.contains("typed-password"));
    QVERIFY(saved.contains("\"password\",\n"));
    QCOMPARE(page->history()->entry(0).input.extraParameters.at(0),
        std::pair(u"password"_s, u"******"_s));

    auto *view = page->findChild<QListView *>(u"historyView"_s);
    view->setCurrentIndex(view->model()->index(0, 0));
    QTest::mouseClick(page->findChild<QPushButton *>(u"historySendAgainButton"_s), Qt::LeftButton);
    QCOMPARE(table->item(0, 0)->text(), u"password"_s);
    QCOMPARE(table->item(0, 1)->text(), QString());
    QVERIFY(page->findChild<QLabel *>(u"statusLabel"_s)->text().contains(u"password"_s));
    QTest::qWait(200);
    QCOMPARE(page->history()->rowCount(), 1); // not sent with the mask
    page.reset();
    QThreadPool::globalInstance()->waitForDone();
}

QTEST_MAIN(TestRequestHistory)
#include "tst_requesthistory.moc"
