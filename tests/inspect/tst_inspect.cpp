// SPDX-License-Identifier: GPL-3.0-or-later
// The `inspect` command in process (runInspect with buffers for stdout, stderr and stdin), and
// the JWK set fetching behind --jwks URL against a real embedded server over loopback.
#include "httpclient.h"
#include "inspectcommand.h"

#include "client/jwksfetcher.h"
#include "http/authorizationserver.h"
#include "jose/base64url.h"
#include "jose/jws.h"
#include "jose/key.h"
#include "store/clock.h"
#include "store/registry.h"

#include <QBuffer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace Qt::Literals::StringLiterals;

namespace {

const QByteArray SeedBody = "grant_type=client_credentials&client_id=service-client-jwt"
                            "&client_secret=service-client-jwt-secret"
                            "&scope=country.read%20customer.read%20customer.write"_ba;
const QByteArray Secret = "a shared secret of 32 bytes or more"_ba;

struct InspectRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    QJsonObject signature() const { return json().value("signature"_L1).toObject(); }
};

InspectRun inspect(const QStringList &arguments, const QByteArray &input = {})
{
    QBuffer out;
    QBuffer err;
    QBuffer in;
    in.setData(input);
    out.open(QIODevice::WriteOnly);
    err.open(QIODevice::WriteOnly);
    in.open(QIODevice::ReadOnly);
    InspectRun run;
    run.exitCode = runInspect(arguments, &out, &err, &in);
    run.out = out.data();
    run.err = err.data();
    return run;
}

JwksFetchResult fetchNow(const std::function<void(JwksFetcher &)> &start)
{
    JwksFetcher fetcher;
    std::optional<JwksFetchResult> result;
    QEventLoop loop;
    QObject::connect(
        &fetcher, &JwksFetcher::finished, &loop, [&result, &loop](const JwksFetchResult &fetched) {
            result = fetched;
            loop.quit();
        });
    // Only a safety net against a hang; no test depends on how long a fetch takes.
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    start(fetcher);
    if (!result) {
        loop.exec();
    }
    return result.value_or(JwksFetchResult {QUrl(), {}, {}, u"no answer"_s});
}

QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size()) {
        return {};
    }
    return file.fileName();
}

} // namespace

class tst_Inspect : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void help();
    void usageErrors_data();
    void usageErrors();
    void exitCodes_data();
    void exitCodes();
    void output();
    void validity_data();
    void validity();
    void tokenFromStdin();
    void jwksUrl_data();
    void jwksUrl();
    void fetcherFindsTheIssuersKeys();
    void fetcherErrors_data();
    void fetcherErrors();
    void discoveryUrls_data();
    void discoveryUrls();

private:
    QString serverUrl(const QString &path) const;

    QTemporaryDir m_dir;
    Key m_rsa;
    QString m_rsToken;
    QString m_hsToken;
    std::unique_ptr<Registry> m_registry;
    std::unique_ptr<AuthorizationServer> m_server;
    QString m_serverToken;
};

QString tst_Inspect::serverUrl(const QString &path) const
{
    return u"http://127.0.0.1:%1%2"_s.arg(m_server->port()).arg(path);
}

void tst_Inspect::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_rsa = Key::generateRsa(2048);
    const Key other = Key::generateRsa(2048);
    QVERIFY(!m_rsa.isNull() && !other.isNull());
    const QByteArray claims
        = R"({"iss":"https://issuer.example","sub":"alice","big":12345678901234567891,)"
          R"("iat":1699999000,"nbf":1699999000,"exp":2000000000})"_ba;
    m_rsToken = QString::fromLatin1(
        Jws::compact(R"({"alg":"RS256","typ":"JWT","kid":"a"})"_ba, claims, u"RS256"_s, m_rsa));
    m_hsToken = QString::fromLatin1(
        Jws::compact(R"({"alg":"HS256"})"_ba, claims, u"HS256"_s, Key::fromSecret(Secret)));
    QVERIFY(!m_rsToken.isEmpty() && !m_hsToken.isEmpty());

    QJsonObject jwk = m_rsa.publicJwk();
    jwk.insert(u"kid"_s, u"a"_s);
    QJsonObject otherJwk = other.publicJwk();
    otherJwk.insert(u"kid"_s, u"b"_s);
    QVERIFY(!write(m_dir, u"rsa.pem"_s, m_rsa.publicKeyPem()).isEmpty());
    QVERIFY(!write(m_dir, u"other.pem"_s, other.publicKeyPem()).isEmpty());
    QVERIFY(!write(m_dir, u"rsa.jwk"_s, QJsonDocument(jwk).toJson()).isEmpty());
    QVERIFY(!write(m_dir, u"jwks.json"_s,
        QJsonDocument(QJsonObject {{u"keys"_s, QJsonArray {otherJwk, jwk}}}).toJson())
                 .isEmpty());
    QVERIFY(!write(m_dir, u"other-jwks.json"_s,
        QJsonDocument(QJsonObject {{u"keys"_s, QJsonArray {otherJwk}}}).toJson())
                 .isEmpty());
    QVERIFY(!write(m_dir, u"garbage.txt"_s, "not a key"_ba).isEmpty());

    m_registry = std::make_unique<Registry>(Configuration::defaults(), Key::generateRsa(2048));
    m_server = std::make_unique<AuthorizationServer>(m_registry.get(), Clock::system());
    ServerSettings settings;
    settings.port = 0;
    QString error;
    QVERIFY2(m_server->start(settings, &error), qPrintable(error));
    HttpClient http;
    const HttpResult reply
        = http.postForm(QUrl(serverUrl(u"/ms-auth-server/oauth2/token"_s)), SeedBody);
    QCOMPARE(reply.status, 200);
    m_serverToken = reply.json().value("access_token"_L1).toString();
    QVERIFY(!m_serverToken.isEmpty());
}

void tst_Inspect::help()
{
    const InspectRun run = inspect({u"--help"_s});
    QCOMPARE(run.exitCode, 0);
    for (const char *option : {"--jwks", "--key", "--secret", "--now", "Exit status"}) {
        QVERIFY2(run.out.contains(option), option);
    }
    QVERIFY(run.err.isEmpty());
}

void tst_Inspect::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    const QString token = u"eyJhbGciOiJub25lIn0.e30."_s;
    QTest::newRow("nothing") << QStringList() << u"no TOKEN"_s;
    QTest::newRow("two tokens") << QStringList {token, token} << u"one TOKEN only"_s;
    QTest::newRow("unknown option") << QStringList {u"--verbose"_s, token} << u"verbose"_s;
    QTest::newRow("missing value") << QStringList {token, u"--key"_s} << u"key"_s;
    QTest::newRow("key and secret") << QStringList {u"--key"_s, u"k.pem"_s, u"--secret"_s, u"s"_s,
        token} << u"only one of --jwks, --key and --secret"_s;
    QTest::newRow("jwks and key") << QStringList {u"--jwks"_s, u"j.json"_s, u"--key"_s, u"k.pem"_s,
        token} << u"only one of"_s;
    QTest::newRow("key twice") << QStringList {u"--key"_s, u"a"_s, u"--key"_s, u"b"_s, token}
                               << u"--key is given more than once"_s;
    QTest::newRow("empty secret") << QStringList {u"--secret"_s, QString(), token}
                                  << u"--secret is empty"_s;
    QTest::newRow("now not a number")
        << QStringList {u"--now"_s, u"tomorrow"_s, token} << u"--now wants whole seconds"_s;
}

void tst_Inspect::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);

    const InspectRun run = inspect(arguments);
    QCOMPARE(run.exitCode, 64);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
    QVERIFY(run.err.contains("--help"));
}

void tst_Inspect::exitCodes_data()
{
    QTest::addColumn<QStringList>("arguments"); // %1 is the fixture folder
    QTest::addColumn<QString>("token");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("status"); // empty: nothing on stdout
    QTest::addColumn<QString>("stderrPart");

    const QString none = u"eyJhbGciOiJub25lIn0."_s + m_rsToken.section(u'.', 1, 1) + u'.';
    QTest::newRow("no key") << QStringList() << m_rsToken << 0 << u"no_key"_s << QString();
    QTest::newRow("--secret") << QStringList {u"--secret"_s, QString::fromLatin1(Secret)}
                              << m_hsToken << 0 << u"verified"_s << QString();
    QTest::newRow("--secret wrong") << QStringList {u"--secret"_s, u"wrong"_s} << m_hsToken << 1
                                    << u"invalid"_s << u"not verified"_s;
    QTest::newRow("--key PEM") << QStringList {u"--key"_s, u"%1/rsa.pem"_s} << m_rsToken << 0
                               << u"verified"_s << QString();
    QTest::newRow("--key JWK") << QStringList {u"--key"_s, u"%1/rsa.jwk"_s} << m_rsToken << 0
                               << u"verified"_s << QString();
    QTest::newRow("--key other PEM") << QStringList {u"--key"_s, u"%1/other.pem"_s} << m_rsToken
                                     << 1 << u"invalid"_s << u"does not match"_s;
    QTest::newRow("--key missing file") << QStringList {u"--key"_s, u"%1/missing.pem"_s}
                                        << m_rsToken << 1 << u"no_key"_s << u"cannot read"_s;
    QTest::newRow("--key garbage") << QStringList {u"--key"_s, u"%1/garbage.txt"_s} << m_rsToken
                                   << 1 << u"no_key"_s << u"garbage.txt"_s;
    QTest::newRow("--jwks file") << QStringList {u"--jwks"_s, u"%1/jwks.json"_s} << m_rsToken << 0
                                 << u"verified"_s << QString();
    QTest::newRow("--jwks file without the kid")
        << QStringList {u"--jwks"_s, u"%1/other-jwks.json"_s} << m_rsToken << 1 << u"no_key"_s
        << u"\"kid\" \"a\""_s;
    QTest::newRow("HS256 with an RSA key") << QStringList {u"--key"_s, u"%1/rsa.pem"_s} << m_hsToken
                                           << 1 << u"key_mismatch"_s << u"HS256"_s;
    QTest::newRow("alg none without a key")
        << QStringList() << none << 0 << u"unsigned"_s << QString();
    QTest::newRow("alg none with a key")
        << QStringList {u"--key"_s, u"%1/rsa.pem"_s} << none << 1 << u"unsigned"_s << u"unsigned"_s;
    QTest::newRow("malformed") << QStringList() << m_rsToken.section(u'.', 0, 1) << 2 << QString()
                               << u"the token has 2 segments"_s;
    QTest::newRow("malformed with a key")
        << QStringList {u"--key"_s, u"%1/rsa.pem"_s} << u"x"_s + m_rsToken << 2 << QString()
        << u"segment 1 (header)"_s;
    QTest::newRow("payload not JSON")
        << QStringList() << m_rsToken.section(u'.', 0, 0) + u".aGVsbG8."_s << 2 << QString()
        << u"segment 2 (payload) is not JSON"_s;
}

void tst_Inspect::exitCodes()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, token);
    QFETCH(int, exitCode);
    QFETCH(QString, status);
    QFETCH(QString, stderrPart);

    for (QString &argument : arguments) {
        argument.replace(u"%1"_s, m_dir.path());
    }
    const InspectRun run = inspect(arguments + QStringList {token});
    QCOMPARE(run.exitCode, exitCode);
    if (status.isEmpty()) {
        QVERIFY(run.out.isEmpty());
    } else {
        QCOMPARE(run.signature().value("status"_L1).toString(), status);
        QCOMPARE(run.signature().value("verified"_L1).toBool(), status == u"verified");
        QVERIFY(!run.signature().value("reason"_L1).toString().isEmpty());
    }
    if (stderrPart.isEmpty()) {
        QVERIFY2(run.err.isEmpty(), run.err.constData());
    } else {
        QVERIFY2(QString::fromUtf8(run.err).contains(stderrPart), run.err.constData());
        QVERIFY(run.err.startsWith("oauth2-playground inspect: "));
    }
}

void tst_Inspect::output()
{
    const InspectRun run = inspect({u"--jwks"_s, m_dir.filePath(u"jwks.json"_s), m_rsToken});
    QCOMPARE(run.exitCode, 0);
    // Exactly one JSON object, members in a fixed order.
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(document.isObject());
    QVERIFY(run.out.startsWith("{\n  \"header\": {"));
    const qsizetype header = run.out.indexOf("\"header\"");
    const qsizetype claims = run.out.indexOf("\"claims\"");
    const qsizetype signature = run.out.indexOf("\"signature\"");
    const qsizetype validity = run.out.indexOf("\"validity\"");
    QVERIFY(header < claims && claims < signature && signature < validity);

    const QJsonObject json = document.object();
    QCOMPARE(json.value("header"_L1).toObject(),
        QJsonObject({{u"alg"_s, u"RS256"_s}, {u"typ"_s, u"JWT"_s}, {u"kid"_s, u"a"_s}}));
    QCOMPARE(json.value("claims"_L1).toObject().value("sub"_L1).toString(), u"alice"_s);
    // The claims as the token wrote them: a 64-bit number is not rounded.
    QVERIFY(run.out.contains("\"big\": 12345678901234567891"));
    const QJsonObject sig = json.value("signature"_L1).toObject();
    QCOMPARE(sig.value("alg"_L1).toString(), u"RS256"_s);
    QCOMPARE(sig.value("verified"_L1).toBool(), true);
    QCOMPARE(sig.value("kid"_L1).toString(), u"a"_s);
    QVERIFY(sig.value("reason"_L1).toString().contains(u"RS256"_s));
}

void tst_Inspect::validity_data()
{
    QTest::addColumn<QString>("now");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("summary");

    QTest::newRow("valid") << u"1999999940"_s << u"valid"_s << u"expires in 1 min"_s;
    QTest::newRow("expired") << u"2000000120"_s << u"expired"_s << u"expired 2 min ago"_s;
    QTest::newRow("not yet valid")
        << u"1699998940"_s << u"not_yet_valid"_s << u"becomes valid in 1 min"_s;
}

void tst_Inspect::validity()
{
    QFETCH(QString, now);
    QFETCH(QString, status);
    QFETCH(QString, summary);

    // Expiry is reported, never an exit status of its own.
    const InspectRun run
        = inspect({u"--secret"_s, QString::fromLatin1(Secret), u"--now"_s, now, m_hsToken});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject validity = run.json().value("validity"_L1).toObject();
    QCOMPARE(validity.value("status"_L1).toString(), status);
    QCOMPARE(validity.value("now"_L1).toInteger(), now.toLongLong());
    QVERIFY2(validity.value("summary"_L1).toString().contains(summary),
        qPrintable(validity.value("summary"_L1).toString()));
    const QJsonObject exp = validity.value("exp"_L1).toObject();
    QCOMPARE(exp.value("seconds"_L1).toInteger(), 2000000000);
    QCOMPARE(exp.value("time"_L1).toString(), u"2033-05-18T03:33:20Z"_s);
    QVERIFY(validity.contains("iat"_L1) && validity.contains("nbf"_L1));
}

void tst_Inspect::tokenFromStdin()
{
    const InspectRun run = inspect({u"--key"_s, m_dir.filePath(u"rsa.pem"_s), u"-"_s},
        "Bearer " + m_rsToken.toLatin1() + "\n");
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.signature().value("verified"_L1).toBool(), true);

    const InspectRun empty = inspect({u"-"_s}, "\n");
    QCOMPARE(empty.exitCode, 2);
    QVERIFY(empty.err.contains("empty"));
}

void tst_Inspect::jwksUrl_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stderrPart");

    QTest::newRow("JWK set") << u"/ms-auth-server/oauth2/jwks"_s << 0 << QString();
    QTest::newRow("metadata, followed to its jwks_uri")
        << u"/.well-known/oauth-authorization-server/ms-auth-server"_s << 0 << QString();
    QTest::newRow("not found") << u"/ms-auth-server/nothing"_s << 1 << u"HTTP 404"_s;
}

void tst_Inspect::jwksUrl()
{
    QFETCH(QString, path);
    QFETCH(int, exitCode);
    QFETCH(QString, stderrPart);

    const InspectRun run = inspect({u"--jwks"_s, serverUrl(path), m_serverToken});
    QCOMPARE(run.exitCode, exitCode);
    const QJsonObject signature = run.signature();
    QCOMPARE(signature.value("verified"_L1).toBool(), exitCode == 0);
    if (exitCode == 0) {
        QVERIFY2(run.err.isEmpty(), run.err.constData());
        QCOMPARE(
            signature.value("kid"_L1).toString(), m_registry->snapshot()->signingKey.thumbprint());
        QCOMPARE(run.json().value("claims"_L1).toObject().value("sub"_L1).toString(),
            u"service-client-jwt"_s);
    } else {
        QVERIFY2(QString::fromUtf8(run.err).contains(stderrPart), run.err.constData());
    }
}

void tst_Inspect::fetcherFindsTheIssuersKeys()
{
    const JwksFetchResult result
        = fetchNow([this](JwksFetcher &fetcher) { fetcher.fetchForIssuer(m_server->issuer()); });
    QVERIFY2(result.isOk(), qPrintable(result.error));
    QCOMPARE(result.keys.size(), 1);
    QCOMPARE(result.keys.first().kid, m_registry->snapshot()->signingKey.thumbprint());
    QCOMPARE(result.url.path(), u"/ms-auth-server/oauth2/jwks"_s);
    QVERIFY(result.keys.first().origin.contains(result.url.toDisplayString()));

    // What the window does with a pasted token: its "iss" leads to the keys that verify it.
    const JwtDecoding decoding = JwtInspector::decode(m_serverToken);
    QCOMPARE(decoding.claims.value("iss"_L1).toString(), m_server->issuer());
    QVERIFY(JwtInspector::verify(decoding, result.keys).isVerified());
}

void tst_Inspect::fetcherErrors_data()
{
    QTest::addColumn<QString>("issuer"); // empty: fetch "url" instead
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("errorPart");

    QTest::newRow("issuer not http")
        << u"urn:example:issuer"_s << QString() << u"not an http or https URL"_s;
    // The server calls itself "localhost": the metadata belongs to another issuer name.
    QTest::newRow("issuer mismatch") << u"%1/ms-auth-server"_s << QString() << u"RFC 8414 §3.3"_s;
    QTest::newRow("issuer without metadata") << u"%1/elsewhere"_s << QString() << u"HTTP 404"_s;
    QTest::newRow("URL not http") << QString() << u"file:///etc/passwd"_s
                                  << u"not an http or https URL"_s;
    QTest::newRow("not a JWK set") << QString() << u"%1/ms-auth-server/nothing"_s << u"HTTP 404"_s;
}

void tst_Inspect::fetcherErrors()
{
    QFETCH(QString, issuer);
    QFETCH(QString, url);
    QFETCH(QString, errorPart);

    const QString base = u"http://127.0.0.1:%1"_s.arg(m_server->port());
    const JwksFetchResult result = fetchNow([&](JwksFetcher &fetcher) {
        if (!issuer.isEmpty()) {
            fetcher.fetchForIssuer(issuer.contains(u"%1"_s) ? issuer.arg(base) : issuer);
        } else {
            fetcher.fetch(QUrl(url.contains(u"%1"_s) ? url.arg(base) : url));
        }
    });
    QVERIFY(!result.isOk());
    QVERIFY(result.keys.isEmpty());
    QVERIFY2(result.error.contains(errorPart), qPrintable(result.error));
}

void tst_Inspect::discoveryUrls_data()
{
    QTest::addColumn<QString>("issuer");
    QTest::addColumn<QStringList>("urls");

    QTest::newRow("with a path")
        << u"http://localhost:8085/ms-auth-server"_s
        << QStringList {
               u"http://localhost:8085/.well-known/oauth-authorization-server/ms-auth-server"_s,
               u"http://localhost:8085/ms-auth-server/.well-known/openid-configuration"_s,
               u"http://localhost:8085/ms-auth-server/.well-known/oauth-authorization-server"_s};
    QTest::newRow("trailing slash")
        << u"https://issuer.example/tenant/"_s
        << QStringList {u"https://issuer.example/.well-known/oauth-authorization-server/tenant"_s,
               u"https://issuer.example/tenant/.well-known/openid-configuration"_s,
               u"https://issuer.example/tenant/.well-known/oauth-authorization-server"_s};
    QTest::newRow("host only")
        << u"https://issuer.example"_s
        << QStringList {u"https://issuer.example/.well-known/oauth-authorization-server"_s,
               u"https://issuer.example/.well-known/openid-configuration"_s};
    QTest::newRow("query") << u"https://issuer.example?x=1"_s << QStringList();
    QTest::newRow("not a URL") << u"joe"_s << QStringList();
    QTest::newRow("ftp") << u"ftp://issuer.example"_s << QStringList();
}

void tst_Inspect::discoveryUrls()
{
    QFETCH(QString, issuer);
    QFETCH(QStringList, urls);

    QStringList actual;
    const QList<QUrl> found = JwksFetcher::discoveryUrls(issuer);
    for (const QUrl &url : found) {
        actual.append(url.toString());
    }
    QCOMPARE(actual, urls);
}

QTEST_GUILESS_MAIN(tst_Inspect)
#include "tst_inspect.moc"
