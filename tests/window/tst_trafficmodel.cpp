// SPDX-License-Identifier: GPL-3.0-or-later
// The traffic log's model: batched appends, the cap, clearing and filtering under
// QAbstractItemModelTester; a burst of real requests against the embedded server; HAR export of
// real exchanges with secrets masked.
#include "httpclient.h"

#include "trafficmodel.h"
#include "trafficpage.h"
#include "workspace.h"

#include "http/authorizationserver.h"
#include "oauth/clientauth/basiccredentials.h"
#include "store/clock.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

namespace {

ExchangeRecord makeRecord(quint64 id, int status = 200, const QString &client = u"app"_s)
{
    ExchangeRecord record;
    record.id = id;
    record.startedMicros = (1'800'000'000'000 + qint64(id)) * 1000;
    record.durationMicros = 1200;
    record.method = "POST"_ba;
    record.path = "/oauth2/token"_ba;
    record.status = status;
    record.outcome = status == 200 ? u"token issued"_s : u"invalid_client"_s;
    record.decision.clientId = client;
    record.decision.reason = status == 200 ? u"issued"_s : u"the client secret does not match"_s;
    return record;
}

const QByteArray Secret = "service-client-jwt-secret"_ba;

} // namespace

class TestTrafficModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void batchesUnderTheCap_data();
    void batchesUnderTheCap();
    void appendsWaitForTheFlush();
    void loweringTheCapDropsTheOldest();
    void clearEmptiesEverything();
    void filter_data();
    void filter();
    void burstOfRealRequestsStaysWithinTheCap();
    void harExportOfRealExchanges();
    void harMasksEncodedSecretsHeadersAndTokens();
    void harIncludesTokensOnlyWhenTicked();

private:
    // 127.0.0.1, not the issuer's "localhost": the test needs no name resolution.
    QUrl tokenUrl() const
    {
        return QUrl(u"http://127.0.0.1:%1/ms-auth-server/oauth2/token"_s.arg(
            m_workspace->server()->port()));
    }

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_workspace;
};

void TestTrafficModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_workspace = std::make_unique<Workspace>(m_dir.filePath(u"config.json"_s), Clock::system());
    SettingsOverrides overrides;
    overrides.port = 0;
    m_workspace->open(overrides);
    QVERIFY(QTest::qWaitFor(
        [this] { return m_workspace->serverState() == Workspace::ServerState::Running; }, 30000));
}

void TestTrafficModel::batchesUnderTheCap_data()
{
    QTest::addColumn<int>("cap");
    QTest::addColumn<int>("batches");
    QTest::addColumn<int>("batchSize");
    QTest::addColumn<int>("expectedRows");
    QTest::newRow("below the cap") << 100 << 3 << 20 << 60;
    QTest::newRow("exactly the cap") << 40 << 2 << 20 << 40;
    QTest::newRow("overflow across flushes") << 50 << 4 << 20 << 50;
    QTest::newRow("one batch larger than the cap") << 10 << 1 << 35 << 10;
    QTest::newRow("cap of one") << 1 << 3 << 4 << 1;
}

void TestTrafficModel::batchesUnderTheCap()
{
    QFETCH(int, cap);
    QFETCH(int, batches);
    QFETCH(int, batchSize);
    QFETCH(int, expectedRows);
    TrafficModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCap(cap);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    quint64 id = 0;
    for (int batch = 0; batch < batches; ++batch) {
        for (int i = 0; i < batchSize; ++i)
            model.append(makeRecord(++id));
        model.flush();
        QVERIFY(model.rowCount() <= cap);
    }
    // One insertion per flush, never one per exchange.
    QCOMPARE(inserted.size(), batches);
    QCOMPARE(model.rowCount(), expectedRows);
    QCOMPARE(model.recordAt(model.rowCount() - 1).id, id);
    QCOMPARE(model.recordAt(0).id, id - quint64(expectedRows) + 1);
}

void TestTrafficModel::appendsWaitForTheFlush()
{
    TrafficModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (quint64 id = 1; id <= 5; ++id)
        model.append(makeRecord(id));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.pendingCount(), 5);
    // The timer flushes without anyone asking.
    QTRY_COMPARE(model.rowCount(), 5);
    QCOMPARE(model.pendingCount(), 0);
    QCOMPARE(model.index(4, TrafficModel::PathColumn).data().toString(), u"/oauth2/token"_s);
    QCOMPARE(model.index(4, TrafficModel::StatusColumn).data().toInt(), 200);
    QCOMPARE(model.index(4, TrafficModel::DurationColumn).data().toString(), u"1.2 ms"_s);

    // A large queue is flushed at once, without waiting for the timer.
    for (int i = 0; i < TrafficModel::FlushAtPending; ++i)
        model.append(makeRecord(quint64(10 + i)));
    QCOMPARE(model.pendingCount(), 0);
    QCOMPARE(model.rowCount(), 5 + TrafficModel::FlushAtPending);
}

void TestTrafficModel::loweringTheCapDropsTheOldest()
{
    TrafficModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.cap(), 10000);
    for (quint64 id = 1; id <= 30; ++id)
        model.append(makeRecord(id));
    model.flush();
    model.setCap(12);
    QCOMPARE(model.rowCount(), 12);
    QCOMPARE(model.recordAt(0).id, quint64(19));
    QCOMPARE(model.recordAt(11).id, quint64(30));
}

void TestTrafficModel::clearEmptiesEverything()
{
    TrafficModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (quint64 id = 1; id <= 8; ++id)
        model.append(makeRecord(id));
    model.flush();
    model.append(makeRecord(9));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.pendingCount(), 0);
    // The queued one is gone too: nothing comes back with the next timer.
    QTest::qWait(TrafficModel::FlushIntervalMsecs * 2);
    QCOMPARE(model.rowCount(), 0);
}

void TestTrafficModel::filter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("expected");
    QTest::newRow("everything") << QString() << 0 << 6;
    QTest::newRow("errors") << QString() << 1 << 2;
    QTest::newRow("successes") << QString() << 2 << 4;
    QTest::newRow("client") << u"BILLING"_s << 0 << 3;
    QTest::newRow("reason") << u"does not match"_s << 0 << 2;
    QTest::newRow("client and errors") << u"billing"_s << 1 << 1;
    QTest::newRow("nothing") << u"no such text"_s << 0 << 0;
}

void TestTrafficModel::filter()
{
    QFETCH(QString, text);
    QFETCH(int, status);
    QFETCH(int, expected);
    TrafficModel model;
    TrafficFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(makeRecord(1, 200, u"billing"_s));
    model.append(makeRecord(2, 401, u"billing"_s));
    model.append(makeRecord(3, 200, u"reports"_s));
    model.append(makeRecord(4, 401, u"reports"_s));
    model.append(makeRecord(5, 200, u"billing"_s));
    model.append(makeRecord(6, 200, u"web"_s));
    model.flush();
    proxy.setSearchText(text);
    proxy.setStatusFilter(TrafficFilterModel::StatusFilter(status));
    QCOMPARE(proxy.rowCount(), expected);
}

void TestTrafficModel::burstOfRealRequestsStaysWithinTheCap()
{
    constexpr int Requests = 10000;
    TrafficModel model;
    model.setCap(1000);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    int recorded = 0;
    quint64 lastId = 0;
    connect(m_workspace.get(), &Workspace::exchangeRecorded, &model, &TrafficModel::append);
    connect(
        m_workspace.get(), &Workspace::exchangeRecorded, &model, [&](const ExchangeRecord &record) {
            ++recorded;
            lastId = record.id;
        });

    // All in flight at once; one in ten gets a token, the rest a wrong secret (cheaper to
    // answer, and just as real an exchange).
    QNetworkAccessManager manager;
    int finished = 0;
    int answered = 0;
    for (int i = 0; i < Requests; ++i) {
        QNetworkRequest request(tokenUrl());
        request.setHeader(
            QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded"_ba);
        const QByteArray body = "grant_type=client_credentials&client_id=service-client-jwt"
                                "&client_secret="
            + (i % 10 == 0 ? Secret : "wrong-"_ba + QByteArray::number(i));
        QNetworkReply *reply = manager.post(request, body);
        connect(reply, &QNetworkReply::finished, reply, [&finished, &answered, reply] {
            ++finished;
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() > 0)
                ++answered;
            reply->deleteLater();
        });
    }
    QVERIFY(QTest::qWaitFor([&] { return finished == Requests; }, 90000));
    QCOMPARE(answered, Requests);
    QVERIFY(QTest::qWaitFor([&] { return recorded == Requests; }, 10000));
    model.flush();

    QCOMPARE(model.rowCount(), 1000);
    QCOMPARE(model.pendingCount(), 0);
    QCOMPARE(model.recordAt(model.rowCount() - 1).id, lastId);
    // Batched: far fewer insertions than exchanges.
    QVERIFY2(inserted.size() < Requests / 10, qPrintable(QString::number(inserted.size())));
    disconnect(m_workspace.get(), nullptr, &model, nullptr);
}

void TestTrafficModel::harExportOfRealExchanges()
{
    TrafficPage page(m_workspace.get());
    TrafficModel *model = page.model();
    HttpClient http;
    // client_secret_basic, client_secret_post, and a refusal.
    QCOMPARE(http.postForm(tokenUrl(), "grant_type=client_credentials&scope=country.read"_ba,
                     {{"Authorization"_ba,
                         BasicCredentials::headerValue(
                             u"service-client-jwt"_s, QString::fromLatin1(Secret))}})
                 .status,
        200);
    QCOMPARE(http.postForm(tokenUrl(),
                     "grant_type=client_credentials&client_id=service-client-jwt&client_secret="
                         + Secret)
                 .status,
        200);
    QCOMPARE(http.postForm(tokenUrl(),
                     "grant_type=client_credentials&client_id=service-client-jwt"
                     "&client_secret=not-the-secret"_ba)
                 .status,
        401);
    QTRY_COMPARE(model->rowCount(), 3);

    QTemporaryDir dir;
    const QString path = dir.filePath(u"traffic.har"_s);
    QString error;
    QVERIFY2(page.exportHar(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray har = file.readAll();
    QVERIFY(!har.contains(Secret));
    QVERIFY(!har.contains("not-the-secret"));
    QVERIFY(!har.contains(
        BasicCredentials::headerValue(u"service-client-jwt"_s, QString::fromLatin1(Secret))));

    QJsonParseError parseError;
    const QJsonObject log = QJsonDocument::fromJson(har, &parseError).object()[u"log"_s].toObject();
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(log[u"version"_s].toString(), u"1.2"_s);
    QCOMPARE(log[u"creator"_s][u"name"_s].toString(), u"OAuth2 Playground"_s);
    const QJsonArray entries = log[u"entries"_s].toArray();
    QCOMPARE(entries.size(), 3);
    const QList<int> statuses {200, 200, 401};
    for (int i = 0; i < 3; ++i) {
        const QJsonObject entry = entries.at(i).toObject();
        QVERIFY(QDateTime::fromString(entry[u"startedDateTime"_s].toString(), Qt::ISODateWithMs)
                    .isValid());
        QVERIFY(entry[u"time"_s].toDouble() >= 0);
        QCOMPARE(entry[u"timings"_s][u"wait"_s].toDouble(), entry[u"time"_s].toDouble());
        const QJsonObject request = entry[u"request"_s].toObject();
        QCOMPARE(request[u"method"_s].toString(), u"POST"_s);
        QCOMPARE(request[u"url"_s].toString(), tokenUrl().toString());
        QCOMPARE(request[u"httpVersion"_s].toString(), u"HTTP/1.1"_s);
        QCOMPARE(request[u"headersSize"_s].toInt(), -1);
        QVERIFY(request[u"headers"_s].toArray().size() >= 2);
        QCOMPARE(request[u"postData"_s][u"mimeType"_s].toString(),
            u"application/x-www-form-urlencoded"_s);
        QVERIFY(request[u"postData"_s][u"text"_s].toString().contains(u"grant_type"_s));
        QCOMPARE(
            request[u"bodySize"_s].toInt(), request[u"postData"_s][u"text"_s].toString().size());
        const QJsonObject response = entry[u"response"_s].toObject();
        QCOMPARE(response[u"status"_s].toInt(), statuses.at(i));
        QCOMPARE(response[u"redirectURL"_s].toString(), QString());
        QVERIFY(response[u"content"_s][u"mimeType"_s].toString().startsWith(u"application/json"_s));
        const QString text = response[u"content"_s][u"text"_s].toString();
        QCOMPARE(response[u"content"_s][u"size"_s].toInt(), text.toUtf8().size());
        QCOMPARE(text.contains(u"access_token"_s), statuses.at(i) == 200);
    }
    // The Basic credentials are shown as masked, the method kept.
    bool sawMaskedBasic = false;
    const QJsonArray headers = entries.at(0)[u"request"_s][u"headers"_s].toArray();
    for (const QJsonValue &header : headers) {
        if (header[u"name"_s].toString().compare(u"Authorization"_s, Qt::CaseInsensitive) == 0)
            sawMaskedBasic = header[u"value"_s].toString().startsWith(u"Basic "_s);
    }
    QVERIFY(sawMaskedBasic);

    // The export follows the filter.
    page.findChild<QComboBox *>(u"statusComboBox"_s)->setCurrentIndex(1);
    QVERIFY(page.exportHar(path, &error));
    file.close();
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(file.readAll())[u"log"_s][u"entries"_s].toArray().size(), 1);
}

// A real request whose secret is in "client%5Fsecret" authenticates; neither the recorded
// exchange nor the HAR holds the secret, the Proxy-Authorization header or the cookie, and the
// access token stays out of the HAR by default.
void TestTrafficModel::harMasksEncodedSecretsHeadersAndTokens()
{
    TrafficPage page(m_workspace.get());
    TrafficModel *model = page.model();
    HttpClient http;
    const HttpResult reply = http.postForm(tokenUrl(),
        "grant_type=client_credentials&client_id=service-client-jwt&client%5Fsecret=" + Secret
            + "&scope=country.read",
        {{"Proxy-Authorization"_ba, "Basic cHJveHk6cHJveHktcGFzc3dvcmQ="_ba},
            {"Cookie"_ba, "session=cookie-value"_ba}});
    QCOMPARE(reply.status, 200);
    const QByteArray token = reply.json().value("access_token"_L1).toString().toUtf8();
    QVERIFY(!token.isEmpty());
    QTRY_COMPARE(model->rowCount(), 1);
    const ExchangeRecord &record = model->recordAt(0);
    for (const QByteArray &secret : {Secret, "cHJveHk6cHJveHktcGFzc3dvcmQ="_ba, "cookie-value"_ba})
        QVERIFY2(!record.rawRequest.contains(secret), secret.constData());

    const QByteArray har = TrafficModel::toHar({record});
    for (const QByteArray &secret :
        {Secret, "cHJveHk6cHJveHktcGFzc3dvcmQ="_ba, "cookie-value"_ba, token})
        QVERIFY2(!har.contains(secret), secret.constData());
    const QJsonObject entry
        = QJsonDocument::fromJson(har)[u"log"_s][u"entries"_s].toArray().at(0).toObject();
    QVERIFY(entry[u"request"_s][u"postData"_s][u"text"_s].toString().contains(
        u"&client%5Fsecret=******&scope=country.read"_s));
    const QString content = entry[u"response"_s][u"content"_s][u"text"_s].toString();
    QVERIFY2(content.contains(u"\"access_token\":\"******\""_s), qPrintable(content));
    QVERIFY(content.contains(u"\"token_type\":\"Bearer\""_s));

    // The window's own detail view still shows the token (it goes to the inspector), never the
    // secret unless asked.
    QVERIFY(record.rawResponse.contains(token));
    QCOMPARE(TrafficModel::accessTokenOf(record), QString::fromLatin1(token));
}

// "Include tokens" on the Traffic page puts the tokens in the exported HAR, through the real
// Export button and file dialog; credentials stay masked either way.
void TestTrafficModel::harIncludesTokensOnlyWhenTicked()
{
    TrafficPage page(m_workspace.get());
    page.resize(1000, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    HttpClient http;
    const HttpResult reply = http.postForm(tokenUrl(),
        "grant_type=client_credentials&client_id=service-client-jwt&client_secret=" + Secret);
    QCOMPARE(reply.status, 200);
    const QByteArray token = reply.json().value("access_token"_L1).toString().toUtf8();
    QTRY_COMPARE(page.model()->rowCount(), 1);

    auto *includeTokens = page.findChild<QCheckBox *>(u"includeTokensCheckBox"_s);
    auto *exportButton = page.findChild<QPushButton *>(u"exportButton"_s);
    QVERIFY(includeTokens);
    QVERIFY(exportButton && exportButton->isEnabled());
    QVERIFY(!includeTokens->isChecked());

    QTemporaryDir dir;
    const auto exportThroughDialog = [&](const QString &name) -> QByteArray {
        const QString path = dir.filePath(name);
        // The save dialog is modal: answer it from the event loop it runs.
        QTimer answer;
        QObject::connect(&answer, &QTimer::timeout, &answer, [&] {
            auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
            auto *fileName = dialog ? dialog->findChild<QLineEdit *>(u"fileNameEdit"_s) : nullptr;
            if (!fileName)
                return;
            answer.stop();
            // As a user types a path; selectFile() would race the folder's loading.
            fileName->setText(path);
            static_cast<QDialog *>(dialog)->accept(); // protected in QFileDialog
        });
        answer.start(20);
        QTest::mouseClick(exportButton, Qt::LeftButton);
        if (!QTest::qWaitFor([&] { return QFile::exists(path); }, 10000))
            return {};
        QThreadPool::globalInstance()->waitForDone();
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };

    const QByteArray masked = exportThroughDialog(u"masked.har"_s);
    QVERIFY(masked.contains("\\\"access_token\\\":\\\"******\\\""));
    QVERIFY(!masked.contains(token));
    QVERIFY(!masked.contains(Secret));

    QTest::mouseClick(includeTokens, Qt::LeftButton, {}, QPoint(4, includeTokens->height() / 2));
    QVERIFY(includeTokens->isChecked());
    const QByteArray withTokens = exportThroughDialog(u"tokens.har"_s);
    QVERIFY2(withTokens.contains(token), withTokens.left(2000).constData());
    QVERIFY(!withTokens.contains(Secret));
    QVERIFY(withTokens.contains("client_secret=******"));
}

QTEST_MAIN(TestTrafficModel)
#include "tst_trafficmodel.moc"
