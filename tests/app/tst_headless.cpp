// SPDX-License-Identifier: GPL-3.0-or-later
// The built executable in headless mode, as a script or CI job would use it.
#include "httpclient.h"

#include "store/configfile.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

using namespace Qt::Literals::StringLiterals;

namespace {

const QString Executable = QStringLiteral(PLAYGROUND_EXECUTABLE);

const QByteArray SeedBody = "grant_type=client_credentials&client_id=service-client-jwt"
                            "&client_secret=service-client-jwt-secret"
                            "&scope=country.read%20customer.read%20customer.write"_ba;

// Starts the headless server and waits for its first stdout line.
struct RunningServer
{
    QProcess process;
    QString firstLine;
    QUrl issuer;
    int openFileLimit = 0; // 0: inherit the test's

    bool start(const QStringList &arguments)
    {
#ifdef Q_OS_UNIX
        if (openFileLimit > 0) {
            // In the child, before exec: soft and hard limit, as `ulimit -n` sets them.
            process.setChildProcessModifier([limit = openFileLimit] {
                const rlimit files {rlim_t(limit), rlim_t(limit)};
                ::setrlimit(RLIMIT_NOFILE, &files);
            });
        }
#endif
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_DATA_HOME"_s, u"/nonexistent-test-data-home"_s); // never the user's folder
        process.setProcessEnvironment(env);
        process.start(Executable, QStringList {u"--headless"_s} + arguments);
        if (!process.waitForStarted(10000))
            return false;
        while (!process.canReadLine()) {
            if (!process.waitForReadyRead(30000))
                return false;
        }
        firstLine = QString::fromUtf8(process.readLine()).trimmed();
        const QRegularExpression pattern(
            u"^Listening on (http://localhost:\\d+/ms-auth-server)$"_s);
        const QRegularExpressionMatch match = pattern.match(firstLine);
        if (!match.hasMatch())
            return false;
        issuer = QUrl(match.captured(1));
        return true;
    }

    QUrl tokenUrl() const
    {
        return QUrl(u"http://127.0.0.1:%1/ms-auth-server/oauth2/token"_s.arg(issuer.port()));
    }
};

} // namespace

class TestHeadless : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void versionAndHelp();
    void servesTheSeedRequestAndStopsOnSigterm();
    void createsMissingConfigurationAndKeepsKid();
    void resourceServerLineAndApi();
    void bannerPrintsOnlyTheBuiltInSecret();
    void corruptConfigurationExitsWithTwo();
    void portInUseExitsWithOne();
    void qtOptionsGoToQtFirst_data();
    void qtOptionsGoToQtFirst();
    void badArgumentsAreUsageErrors_data();
    void badArgumentsAreUsageErrors();
#ifdef Q_OS_UNIX
    void moreIdleConnectionsThanFilesStillServes();
#endif

private:
    HttpClient m_http;
};

void TestHeadless::versionAndHelp()
{
    QProcess process;
    process.start(Executable, {u"--version"_s});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(
        process.readAllStandardOutput().trimmed(), "oauth2-playground " PLAYGROUND_VERSION ""_ba);

    process.start(Executable, {u"--help"_s});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
    const QByteArray help = process.readAllStandardOutput();
    for (const char *option : {"--headless", "--port", "--bind", "--context-path", "--config",
             "--idle-timeout", "--request-timeout", "--max-connections", "--resource-port"})
        QVERIFY2(help.contains(option), option);
    // The real program name, the three modes and where the configuration lives.
    QVERIFY2(help.startsWith("Usage: oauth2-playground [options]"), help.constData());
    QVERIFY2(!help.contains("<executable_name>"), help.constData());
    QVERIFY2(help.contains("oauth2-playground --headless"), help.constData());
    QVERIFY2(help.contains("oauth2-playground inspect"), help.constData());
    QVERIFY2(help.contains("the window"), help.constData());
    QVERIFY2(help.contains("Configuration: ") && help.contains("config.json"), help.constData());
}

void TestHeadless::qtOptionsGoToQtFirst_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("output");
    // Qt's own window options are taken before the app's, which stay strict.
    QTest::newRow("-platform and -style, then --version")
        << QStringList {u"-platform"_s, u"offscreen"_s, u"-style"_s, u"Fusion"_s, u"--version"_s}
        << 0 << "oauth2-playground " PLAYGROUND_VERSION ""_ba;
    QTest::newRow("-platform, then --help") << QStringList {u"-platform"_s, u"offscreen"_s,
        u"--help"_s} << 0 << "Usage: oauth2-playground"_ba;
    QTest::newRow("-platform, then an unknown option")
        << QStringList {u"-platform"_s, u"offscreen"_s, u"--nope"_s} << 64 << "nope"_ba;
    QTest::newRow("headless mode does not take Qt's options")
        << QStringList {u"--headless"_s, u"-style"_s, u"Fusion"_s} << 64 << "Unknown option"_ba;
}

void TestHeadless::qtOptionsGoToQtFirst()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, output);
    QProcess process;
    process.start(Executable, arguments);
    QVERIFY(process.waitForFinished(20000));
    const QByteArray all = process.readAllStandardOutput() + process.readAllStandardError();
    QVERIFY2(all.contains(output), all.constData());
    QVERIFY2(!all.contains("Unknown options: p, l, a, t"), all.constData());
    QCOMPARE(process.exitCode(), exitCode);
}

void TestHeadless::servesTheSeedRequestAndStopsOnSigterm()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    RunningServer server;
    QVERIFY2(server.start({u"--port"_s, u"0"_s, u"--config"_s, dir.filePath(u"config.json"_s)}),
        qPrintable(server.firstLine + QString::fromUtf8(server.process.readAllStandardError())));
    QVERIFY(server.issuer.port() > 0);

    const HttpResult reply = m_http.postForm(server.tokenUrl(), SeedBody);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value("token_type"_L1).toString(), u"Bearer"_s);

    // The rest of the banner: the token endpoint and a curl command that works.
    QTRY_VERIFY(server.process.canReadLine());
    const QByteArray banner = server.process.readAllStandardOutput();
    QVERIFY(banner.contains(
        QByteArray("Token endpoint: " + server.issuer.toString().toUtf8() + "/oauth2/token")));
    QVERIFY(banner.contains("--data-urlencode 'client_id=service-client-jwt'"));

    // One log line per exchange on stderr, without the secret.
    QByteArray log;
    QTRY_VERIFY((log += server.process.readAllStandardError())
                    .contains("POST /ms-auth-server/oauth2/token client=service-client-jwt 200"));
    QVERIFY(!log.contains("service-client-jwt-secret"));

    server.process.terminate(); // SIGTERM
    QVERIFY(server.process.waitForFinished(10000));
    QCOMPARE(server.process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.process.exitCode(), 0);
}

void TestHeadless::resourceServerLineAndApi()
{
    // --port 0 gives the resource server a free port too; --resource-port 0 likewise.
    for (const QStringList &ports : {QStringList {u"--port"_s, u"0"_s},
             QStringList {u"--port"_s, u"0"_s, u"--resource-port"_s, u"0"_s}}) {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        RunningServer server;
        QVERIFY2(server.start(ports + QStringList {u"--config"_s, dir.filePath(u"config.json"_s)}),
            qPrintable(
                server.firstLine + QString::fromUtf8(server.process.readAllStandardError())));
        // Its own line, right after the issuer's.
        QTRY_VERIFY(server.process.canReadLine());
        const QString second = QString::fromUtf8(server.process.readLine()).trimmed();
        const QRegularExpressionMatch match
            = QRegularExpression(u"^Resource server: http://localhost:(\\d+)/ms-system$"_s)
                  .match(second);
        QVERIFY2(match.hasMatch(), qPrintable(second));
        const int port = match.captured(1).toInt();
        QVERIFY(port > 0);
        QVERIFY(port != 8091);

        const QUrl api(u"http://127.0.0.1:%1/ms-system/country/code/AUS"_s.arg(port));
        const HttpResult refused = m_http.get(api);
        QCOMPARE(refused.status, 401);
        QCOMPARE(refused.header("WWW-Authenticate"), "Bearer realm=\"ms-system\""_ba);
        const QString token = m_http.postForm(server.tokenUrl(), SeedBody)
                                  .json()
                                  .value("access_token"_L1)
                                  .toString();
        const HttpResult reply
            = m_http.send("GET", api, {{"Authorization", "Bearer " + token.toLatin1()}});
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.body, R"({"code":"AUS","name":"AUSTRALIA"})"_ba);
        // The resource server's exchanges are logged with the others, the token masked.
        QByteArray log;
        QTRY_VERIFY((log += server.process.readAllStandardError())
                        .contains("GET /ms-system/country/code/AUS client=service-client-jwt 200"));
        QVERIFY(!log.contains(token.toLatin1()));
        server.process.terminate();
        QVERIFY(server.process.waitForFinished(10000));
        QCOMPARE(server.process.exitCode(), 0);
    }
}

void TestHeadless::createsMissingConfigurationAndKeepsKid()
{
    QTemporaryDir dir;
    const QString config = dir.filePath(u"nested/config.json"_s);
    QString firstKid;
    for (int run = 0; run < 2; ++run) {
        RunningServer server;
        QVERIFY(server.start({u"--port"_s, u"0"_s, u"--config"_s, config}));
        const HttpResult jwks = m_http.get(
            QUrl(u"http://127.0.0.1:%1/ms-auth-server/oauth2/jwks"_s.arg(server.issuer.port())));
        const QString kid
            = jwks.json().value("keys"_L1).toArray().first().toObject().value("kid"_L1).toString();
        QVERIFY(!kid.isEmpty());
        if (run == 0)
            firstKid = kid;
        else
            QCOMPARE(kid, firstKid); // the key persisted: the kid is stable across restarts
        server.process.terminate();
        QVERIFY(server.process.waitForFinished(10000));
        QCOMPARE(server.process.exitCode(), 0);
    }
    QVERIFY(QFileInfo::exists(config));
    const QFileInfo key(dir.filePath(u"nested/keys/signing-key.pem"_s));
    QVERIFY(key.exists());
#ifdef Q_OS_UNIX
    QCOMPARE(key.permissions()
            & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
        QFile::Permissions());
    QCOMPARE(QFileInfo(config).permissions() & (QFile::ReadGroup | QFile::ReadOther),
        QFile::Permissions());
#endif
}

// CI keeps stdout: the banner's curl line carries the secret only while it is the built-in default
// (which the README prints too); a changed one is a placeholder and a hint to the file.
void TestHeadless::bannerPrintsOnlyTheBuiltInSecret()
{
    QTemporaryDir dir;
    const QString config = dir.filePath(u"config.json"_s);
    const auto bannerOf = [&](QByteArray *banner) {
        RunningServer server;
        if (!server.start({u"--port"_s, u"0"_s, u"--config"_s, config}))
            return false;
        const bool complete = QTest::qWaitFor(
            [&] {
                *banner += server.process.readAllStandardOutput();
                // The curl line ends the banner, or the hint that follows a placeholder.
                return banner->contains("--data-urlencode 'scope=") && banner->endsWith('\n')
                    && (!banner->contains("<client-secret>") || banner->contains("clientSecret"));
            },
            20000);
        server.process.terminate();
        return server.process.waitForFinished(10000) && complete;
    };

    QByteArray banner;
    QVERIFY(bannerOf(&banner)); // creates the file with the defaults
    QVERIFY2(banner.contains("--data-urlencode 'client_secret=service-client-jwt-secret'"),
        banner.constData());
    QVERIFY(!banner.contains("<client-secret>"));

    Configuration changed = Configuration::defaults();
    changed.clients.first().clientSecret = u"a-secret-of-my-own"_s;
    QString error;
    QVERIFY2(ConfigFile(config).save(changed, &error), qPrintable(error));
    banner.clear();
    QVERIFY(bannerOf(&banner));
    QVERIFY2(!banner.contains("a-secret-of-my-own"), banner.constData());
    QVERIFY(!banner.contains("service-client-jwt-secret"));
    QVERIFY2(
        banner.contains("--data-urlencode 'client_secret=<client-secret>'"), banner.constData());
    QVERIFY(banner.contains("--data-urlencode 'client_id=service-client-jwt'"));
    const QByteArray hint = "clients[0].clientSecret from " + config.toUtf8();
    QVERIFY2(banner.contains(hint), banner.constData());
}

void TestHeadless::corruptConfigurationExitsWithTwo()
{
    QTemporaryDir dir;
    const QString config = dir.filePath(u"config.json"_s);
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QByteArray corrupt = "{\"version\": 1, \"clients\": [ oops"_ba;
    file.write(corrupt);
    file.close();

    QProcess process;
    process.start(Executable, {u"--headless"_s, u"--port"_s, u"0"_s, u"--config"_s, config});
    QVERIFY(process.waitForFinished(20000));
    QCOMPARE(process.exitCode(), 2);
    const QList<QByteArray> lines = process.readAllStandardError().trimmed().split('\n');
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.first().contains(config.toUtf8()), lines.first().constData());
    QVERIFY(process.readAllStandardOutput().isEmpty());
    // Never overwritten.
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), corrupt);
}

void TestHeadless::portInUseExitsWithOne()
{
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost));
    QTemporaryDir dir;
    QProcess process;
    process.start(Executable,
        {u"--headless"_s, u"--port"_s, QString::number(blocker.serverPort()), u"--config"_s,
            dir.filePath(u"config.json"_s)});
    QVERIFY(process.waitForFinished(20000));
    QCOMPARE(process.exitCode(), 1);
    QVERIFY(process.readAllStandardError().contains("already in use"));
}

void TestHeadless::badArgumentsAreUsageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("port not a number")
        << QStringList {u"--headless"_s, u"--port"_s, u"abc"_s} << "--port"_ba;
    QTest::newRow("port too large")
        << QStringList {u"--headless"_s, u"--port"_s, u"70000"_s} << "--port"_ba;
    QTest::newRow("resource port not a number")
        << QStringList {u"--headless"_s, u"--resource-port"_s, u"x"_s} << "--resource-port"_ba;
    QTest::newRow("bad context path")
        << QStringList {u"--headless"_s, u"--context-path"_s, u"/a b"_s} << "--context-path"_ba;
    QTest::newRow("idle timeout under 10 ms")
        << QStringList {u"--headless"_s, u"--idle-timeout"_s, u"5"_s} << "--idle-timeout"_ba;
    QTest::newRow("request timeout not a number") << QStringList {u"--headless"_s,
        u"--request-timeout"_s, u"10s"_s} << "--request-timeout"_ba;
    QTest::newRow("negative connection cap")
        << QStringList {u"--headless"_s, u"--max-connections"_s, u"-1"_s} << "--max-connections"_ba;
    QTest::newRow("unknown option") << QStringList {u"--nope"_s} << "nope"_ba;
}

void TestHeadless::badArgumentsAreUsageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    QProcess process;
    process.start(Executable, arguments);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 64);
    QVERIFY(process.readAllStandardError().contains(message));
}

#ifdef Q_OS_UNIX
// Issue 8's probe, scaled down: more idle connections than the server has file descriptors
// (its soft and hard limit at 256). Before the connection cap, accept() failed with EMFILE, Qt
// stopped accepting for good and nobody was answered. Now the cap (derived from the limit) keeps
// descriptors free, the longest-idle connections are closed for newcomers, and a normal request
// is answered.
void TestHeadless::moreIdleConnectionsThanFilesStillServes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    RunningServer server;
    server.openFileLimit = 256;
    QVERIFY2(server.start({u"--port"_s, u"0"_s, u"--config"_s, dir.filePath(u"config.json"_s)}),
        qPrintable(server.firstLine + QString::fromUtf8(server.process.readAllStandardError())));

    std::vector<std::unique_ptr<QTcpSocket>> idle;
    for (int i = 0; i < 300; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress(QHostAddress::LocalHost), server.issuer.port());
        QVERIFY(socket->waitForConnected(5000));
        idle.push_back(std::move(socket));
    }
    const HttpResult reply = m_http.postForm(server.tokenUrl(), SeedBody);
    QCOMPARE(reply.status, 200);

    // The server closed the oldest to stay under its cap (256 less headroom): at least 300 - 192.
    const auto closedCount = [&idle] {
        int closed = 0;
        for (const auto &socket : idle) {
            socket->waitForReadyRead(0);
            closed += socket->state() != QAbstractSocket::ConnectedState;
        }
        return closed;
    };
    QTRY_VERIFY2(closedCount() >= 300 - 192, QByteArray::number(closedCount()).constData());
    QCOMPARE(idle.back()->state(), QAbstractSocket::ConnectedState); // the newest stay

    server.process.terminate();
    QVERIFY(server.process.waitForFinished(10000));
    QCOMPARE(server.process.exitCode(), 0);
}
#endif

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
