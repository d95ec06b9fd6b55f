// SPDX-License-Identifier: GPL-3.0-or-later
// `oauth2-playground inspect` as a script runs it: the built executable, its exit status, one
// JSON object on stdout and the reason on stderr.
#include "httpclient.h"

#include "http/authorizationserver.h"
#include "jose/jws.h"
#include "jose/key.h"
#include "store/clock.h"
#include "store/registry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

const QString Executable = QStringLiteral(PLAYGROUND_EXECUTABLE);

const QByteArray SeedBody = "grant_type=client_credentials&client_id=service-client-jwt"
                            "&client_secret=service-client-jwt-secret"
                            "&scope=country.read%20customer.read%20customer.write"_ba;
const QByteArray Secret = "a shared secret of 32 bytes or more"_ba;

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool finished = false;

    QJsonObject signature() const
    {
        return QJsonDocument::fromJson(out).object().value("signature"_L1).toObject();
    }
};

Run run(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"XDG_DATA_HOME"_s, u"/nonexistent-test-data-home"_s); // never the user's folder
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    process.setProcessEnvironment(env);
    process.start(Executable, QStringList {u"inspect"_s} + arguments);
    Run result;
    if (!process.waitForStarted(10000)) {
        return result;
    }
    process.write(input);
    process.closeWriteChannel();
    result.finished = process.waitForFinished(60000);
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

} // namespace

class tst_InspectCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void help();
    void exitCodes_data();
    void exitCodes();
    void tokenFromStdin();
    void jwksUrlOfTheEmbeddedServer();

private:
    QTemporaryDir m_dir;
    QString m_rsToken;
    QString m_hsToken;
};

void tst_InspectCommand::initTestCase()
{
    QVERIFY(QFile::exists(Executable));
    QVERIFY(m_dir.isValid());
    const Key rsa = Key::generateRsa(2048);
    const QByteArray claims = R"({"sub":"alice","exp":2000000000})"_ba;
    m_rsToken = QString::fromLatin1(
        Jws::compact(R"({"alg":"RS256","kid":"a"})"_ba, claims, u"RS256"_s, rsa));
    m_hsToken = QString::fromLatin1(
        Jws::compact(R"({"alg":"HS256"})"_ba, claims, u"HS256"_s, Key::fromSecret(Secret)));
    QVERIFY(!m_rsToken.isEmpty() && !m_hsToken.isEmpty());

    QFile pem(m_dir.filePath(u"rsa.pem"_s));
    QVERIFY(pem.open(QIODevice::WriteOnly));
    pem.write(rsa.publicKeyPem());
    pem.close();
    QJsonObject jwk = rsa.publicJwk();
    jwk.insert(u"kid"_s, u"a"_s);
    QFile jwks(m_dir.filePath(u"jwks.json"_s));
    QVERIFY(jwks.open(QIODevice::WriteOnly));
    jwks.write(QJsonDocument(QJsonObject {{u"keys"_s, QJsonArray {jwk}}}).toJson());
}

void tst_InspectCommand::help()
{
    const Run result = run({u"--help"_s});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.contains("--jwks FILE_OR_URL"));
}

void tst_InspectCommand::exitCodes_data()
{
    QTest::addColumn<QStringList>("arguments"); // %1 is the fixture folder
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<bool>("verified");
    QTest::addColumn<QString>("stderrPart");

    QTest::newRow("decoded, no key") << QStringList {m_rsToken} << 0 << false << QString();
    QTest::newRow("--key") << QStringList {u"--key"_s, u"%1/rsa.pem"_s, m_rsToken} << 0 << true
                           << QString();
    QTest::newRow("--jwks file") << QStringList {u"--jwks"_s, u"%1/jwks.json"_s, m_rsToken} << 0
                                 << true << QString();
    QTest::newRow("--secret") << QStringList {u"--secret"_s, QString::fromLatin1(Secret), m_hsToken}
                              << 0 << true << QString();
    QTest::newRow("--secret wrong")
        << QStringList {u"--secret"_s, u"nope"_s, m_hsToken} << 1 << false << u"does not match"_s;
    QTest::newRow("--key for an HS256 token") << QStringList {u"--key"_s, u"%1/rsa.pem"_s,
        m_hsToken} << 1 << false << u"algorithm-confusion"_s;
    QTest::newRow("malformed") << QStringList {m_rsToken.section(u'.', 0, 1)} << 2 << false
                               << u"the token has 2 segments"_s;
    QTest::newRow("usage error") << QStringList {u"--key"_s, u"a"_s, u"--secret"_s, u"b"_s,
        m_rsToken} << 64 << false << u"only one of"_s;
    QTest::newRow("no token") << QStringList() << 64 << false << u"no TOKEN"_s;
}

void tst_InspectCommand::exitCodes()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(bool, verified);
    QFETCH(QString, stderrPart);

    for (QString &argument : arguments) {
        argument.replace(u"%1"_s, m_dir.path());
    }
    const Run result = run(arguments);
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, exitCode);
    if (exitCode <= 1) {
        QJsonParseError error;
        QVERIFY(QJsonDocument::fromJson(result.out, &error).isObject());
        QCOMPARE(result.signature().value("verified"_L1).toBool(), verified);
    } else {
        QVERIFY(result.out.isEmpty());
    }
    QVERIFY2(QString::fromUtf8(result.err).contains(stderrPart), result.err.constData());
    QCOMPARE(result.err.isEmpty(), stderrPart.isEmpty());
}

void tst_InspectCommand::tokenFromStdin()
{
    const Run result = run({u"--key"_s, m_dir.filePath(u"rsa.pem"_s), u"-"_s},
        "Authorization: Bearer " + m_rsToken.toLatin1() + "\r\n");
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.signature().value("verified"_L1).toBool(), true);
}

void tst_InspectCommand::jwksUrlOfTheEmbeddedServer()
{
    Registry registry(Configuration::defaults(), Key::generateRsa(2048));
    AuthorizationServer server(&registry, Clock::system());
    ServerSettings settings;
    settings.port = 0;
    QString error;
    QVERIFY2(server.start(settings, &error), qPrintable(error));
    const QString base = u"http://127.0.0.1:%1/ms-auth-server"_s.arg(server.port());
    HttpClient http;
    const HttpResult reply = http.postForm(QUrl(base + u"/oauth2/token"_s), SeedBody);
    QCOMPARE(reply.status, 200);
    const QString token = reply.json().value("access_token"_L1).toString();
    QVERIFY(!token.isEmpty());

    // The server answers from its own thread while this one waits for the process.
    Run result = run({u"--jwks"_s, base + u"/oauth2/jwks"_s, token});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.signature().value("verified"_L1).toBool(), true);
    QCOMPARE(result.signature().value("kid"_L1).toString(),
        registry.snapshot()->signingKey.thumbprint());

    // Another server's JWK set does not verify it.
    Registry otherRegistry(Configuration::defaults(), Key::generateRsa(2048));
    AuthorizationServer other(&otherRegistry, Clock::system());
    QVERIFY2(other.start(settings, &error), qPrintable(error));
    result = run({u"--jwks"_s,
        u"http://127.0.0.1:%1/ms-auth-server/oauth2/jwks"_s.arg(other.port()), token});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.signature().value("status"_L1).toString(), u"no_key"_s);
}

QTEST_GUILESS_MAIN(tst_InspectCommand)
#include "tst_inspectcommand.moc"
