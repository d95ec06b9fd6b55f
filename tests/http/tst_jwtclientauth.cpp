// SPDX-License-Identifier: GPL-3.0-or-later
// client_secret_jwt and private_key_jwt over loopback, black-box: the embedded server on a free
// port, the clients' JWK set served by a small HTTP server of this test on another free port, and
// assertions signed here with real keys (RS256, PS256, ES256, EdDSA) and HS256. Also the JWK set
// fetcher on its own: fetch timeout and size limit.
#include "httpclient.h"

#include "http/authorizationserver.h"
#include "http/clientjwksfetcher.h"
#include "jose/base64url.h"
#include "jose/jws.h"
#include "jose/key.h"
#include "store/clock.h"
#include "store/jwkscache.h"
#include "store/registry.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <atomic>
#include <functional>

#ifdef Q_OS_LINUX
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

using namespace Qt::Literals::StringLiterals;

namespace {

const QString JwtBearer = u"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"_s;
const QString LongSecret = u"jwt-secret-client-secret-with-32-bytes"_s;
const QString ShortSecret = u"client_secret_jwt_password"_s;
const QString JwksPath = u"/ms-auth-client/oauth2/jwks"_s;

QJsonObject publicJwk(const Key &key, const QString &kid)
{
    QJsonObject jwk = key.publicJwk();
    jwk.insert(u"kid"_s, kid);
    jwk.insert(u"use"_s, u"sig"_s);
    return jwk;
}

// The client side of the series (its "client helper" on port 8095): publishes a JWK set over
// HTTP/1.1, one request per connection. It can also hang (accept and never answer), answer late,
// or answer with a huge body, for the fetcher's limits.
class JwksServer : public QObject
{
public:
    enum class Mode { Serve, Hang, Huge };

    JwksServer()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QString url() const
    {
        return u"http://127.0.0.1:%1%2"_s.arg(m_server.serverPort()).arg(JwksPath);
    }

    QByteArray body;
    Mode mode = Mode::Serve;
    bool holding = false; // answers wait for release()
    int requests = 0;

    void release()
    {
        holding = false;
        const QList<std::function<void()>> held = std::exchange(m_held, {});
        for (const auto &answer : held)
            answer();
    }

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        if (!buffer.contains("\r\n\r\n"))
            return;
        m_buffers.remove(socket);
        ++requests;
        if (mode == Mode::Hang)
            return;
        const QByteArray payload
            = mode == Mode::Huge ? QByteArray(2 * 1024 * 1024, ' ') + "{}" : body;
        const QPointer<QTcpSocket> guard(socket);
        const auto answer = [guard, payload] {
            if (!guard)
                return;
            guard->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         "Connection: close\r\nContent-Length: "
                + QByteArray::number(payload.size()) + "\r\n\r\n" + payload);
            guard->disconnectFromHost();
        };
        if (holding)
            m_held.append(answer);
        else
            answer();
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<std::function<void()>> m_held;
};

} // namespace

class TestJwtClientAuth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void firstRequestAfterStartWaitsForTheKeys();
    void eachAlgorithm_data();
    void eachAlgorithm();
    void clientSecretJwt();
    void replayedJtiIsRefused();
    void shortSecretIsRefusedWithTheReason();
    void rotatedKeyIsFetchedOnUnknownKid();
    void metadataListsTheMethods();
    void fetchTimeout();
    void fetchSizeLimit();
#ifdef Q_OS_LINUX
    void fetchConnectTimeout();
#endif
    void cleanupTestCase();

private:
    QUrl url(const QString &path) const;
    QByteArray assertion(const QString &clientId, const QString &alg, const Key &key,
        const QString &kid, const QString &jti = {}) const;
    HttpResult postAssertion(const QString &clientId, const QByteArray &assertion);
    void setServedKeys(const QList<QJsonObject> &keys);

    Key m_rsa, m_ec, m_ed, m_rotated;
    JwksServer m_jwksServer;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<Registry> m_registry;
    std::unique_ptr<AuthorizationServer> m_server;
    HttpClient m_http;
    mutable int m_jti = 0;
};

QUrl TestJwtClientAuth::url(const QString &path) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_server->port()).arg(path));
}

void TestJwtClientAuth::setServedKeys(const QList<QJsonObject> &keys)
{
    QJsonArray array;
    for (const QJsonObject &key : keys)
        array.append(key);
    m_jwksServer.body = QJsonDocument(QJsonObject {{u"keys"_s, array}}).toJson();
}

void TestJwtClientAuth::initTestCase()
{
    m_rsa = Key::generateRsa(2048);
    m_ec = Key::generateEc(256);
    m_ed = Key::generateEd25519();
    m_rotated = Key::generateRsa(2048);
    QVERIFY(m_jwksServer.listen());
    setServedKeys(
        {publicJwk(m_rsa, u"client"_s), publicJwk(m_ec, u"ec"_s), publicJwk(m_ed, u"ed"_s)});
    // The set is held back until the first token request has arrived.
    m_jwksServer.holding = true;

    Configuration config;
    config.scopes = {{u"country.read"_s, QString()}};
    ClientRegistration base;
    base.grantTypes = {GrantType::ClientCredentials.toString()};
    base.scopes = {u"country.read"_s};
    base.accessTokenLifetimeSeconds = 14400;

    ClientRegistration privateKey = base;
    privateKey.clientId = u"privatekeyjwt_jwt_client"_s;
    privateKey.authenticationMethods = {AuthMethod::PrivateKeyJwt.toString()};
    privateKey.jwksUri = m_jwksServer.url();
    config.clients.append(privateKey);

    ClientRegistration secretJwt = base;
    secretJwt.clientId = u"jwt-secret-client"_s;
    secretJwt.clientSecret = LongSecret;
    secretJwt.authenticationMethods = {AuthMethod::ClientSecretJwt.toString()};
    config.clients.append(secretJwt);

    ClientRegistration shortSecret = base;
    shortSecret.clientId = u"client_secret_jwt_client"_s;
    shortSecret.clientSecret = ShortSecret;
    shortSecret.authenticationMethods
        = {AuthMethod::ClientSecretJwt.toString(), AuthMethod::ClientSecretPost.toString()};
    config.clients.append(shortSecret);

    m_clock = std::make_unique<ManualClock>(QDateTime::currentMSecsSinceEpoch());
    m_registry = std::make_unique<Registry>(config, Key::generateRsa(2048));
    // The JWK set is fetched ahead from here on, before the server even listens.
    m_server = std::make_unique<AuthorizationServer>(m_registry.get(), *m_clock);
    ServerSettings settings;
    settings.port = 0;
    QString error;
    QVERIFY2(m_server->start(settings, &error), qPrintable(error));
}

void TestJwtClientAuth::cleanupTestCase()
{
    m_server.reset();
}

QByteArray TestJwtClientAuth::assertion(const QString &clientId, const QString &alg, const Key &key,
    const QString &kid, const QString &jti) const
{
    QJsonObject header {{u"alg"_s, alg}, {u"typ"_s, u"JWT"_s}};
    if (!kid.isEmpty())
        header.insert(u"kid"_s, kid);
    const qint64 now = m_clock->currentMSecsSinceEpoch() / 1000;
    const QJsonObject claims {
        {u"iss"_s, clientId},
        {u"sub"_s, clientId},
        {u"aud"_s, QString(m_server->issuer() + u"/oauth2/token"_s)},
        {u"iat"_s, now},
        {u"exp"_s, now + 300},
        {u"jti"_s, jti.isEmpty() ? u"http-%1"_s.arg(++m_jti) : jti},
    };
    return Jws::compact(QJsonDocument(header).toJson(QJsonDocument::Compact),
        QJsonDocument(claims).toJson(QJsonDocument::Compact), alg, key);
}

HttpResult TestJwtClientAuth::postAssertion(const QString &clientId, const QByteArray &assertion)
{
    const QByteArray body = "grant_type=client_credentials&scope=country.read&client_id="
        + QUrl::toPercentEncoding(clientId) + "&client_assertion_type="
        + QUrl::toPercentEncoding(JwtBearer) + "&client_assertion=" + assertion;
    return m_http.postForm(url(u"/ms-auth-server/oauth2/token"_s), body);
}

void TestJwtClientAuth::firstRequestAfterStartWaitsForTheKeys()
{
    // The set was asked for when the server was created, and the JWK server holds its answer:
    // the token request waits for it on the server rather than failing, and no worker thread is
    // blocked meanwhile (a request that needs no key is answered at once).
    const QString client = u"privatekeyjwt_jwt_client"_s;
    const QByteArray jwt = assertion(client, u"RS256"_s, m_rsa, u"client"_s);
    QVERIFY(!jwt.isEmpty());
    QTRY_COMPARE(m_jwksServer.requests, 1);

    QNetworkAccessManager manager;
    QNetworkRequest request(url(u"/ms-auth-server/oauth2/token"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded"_ba);
    QNetworkReply *reply = manager.post(request,
        "grant_type=client_credentials&scope=country.read&client_id=" + client.toLatin1()
            + "&client_assertion_type=" + QUrl::toPercentEncoding(JwtBearer)
            + "&client_assertion=" + jwt);
    QTest::qWait(300);
    QVERIFY(!reply->isFinished());
    QCOMPARE(m_http.get(url(u"/ms-auth-server/oauth2/jwks"_s)).status, 200);
    QVERIFY(!reply->isFinished());

    m_jwksServer.release();
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
    QVERIFY(!body.value("access_token"_L1).toString().isEmpty());
    QCOMPARE(m_jwksServer.requests, 1);
    delete reply;
}

void TestJwtClientAuth::eachAlgorithm_data()
{
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QString>("keyName");
    QTest::addColumn<QString>("kid");
    QTest::newRow("RS256") << u"RS256"_s << u"rsa"_s << u"client"_s;
    QTest::newRow("PS256") << u"PS256"_s << u"rsa"_s << u"client"_s;
    QTest::newRow("ES256") << u"ES256"_s << u"ec"_s << u"ec"_s;
    QTest::newRow("EdDSA") << u"EdDSA"_s << u"ed"_s << u"ed"_s;
    QTest::newRow("ES256 without kid") << u"ES256"_s << u"ec"_s << QString();
}

void TestJwtClientAuth::eachAlgorithm()
{
    QFETCH(QString, alg);
    QFETCH(QString, keyName);
    QFETCH(QString, kid);
    const Key &key = keyName == "rsa"_L1 ? m_rsa : keyName == "ec"_L1 ? m_ec : m_ed;
    const QString client = u"privatekeyjwt_jwt_client"_s;
    const QByteArray jwt = assertion(client, alg, key, kid);
    QVERIFY(!jwt.isEmpty());
    const HttpResult result = postAssertion(client, jwt);
    QCOMPARE(result.status, 200);
    const QJsonObject body = result.json();
    QCOMPARE(body.value("token_type"_L1).toString(), u"Bearer"_s);
    QCOMPARE(body.value("scope"_L1).toString(), u"country.read"_s);
    // The access token is the client's.
    const QList<QByteArray> parts = body.value("access_token"_L1).toString().toLatin1().split('.');
    QCOMPARE(parts.size(), 3);
    const QJsonObject claims
        = QJsonDocument::fromJson(Base64Url::decode(parts.at(1)).value_or(QByteArray())).object();
    QCOMPARE(claims.value("sub"_L1).toString(), client);
}

void TestJwtClientAuth::clientSecretJwt()
{
    const QByteArray jwt = assertion(
        u"jwt-secret-client"_s, u"HS256"_s, Key::fromSecret(LongSecret.toUtf8()), QString());
    const HttpResult result = postAssertion(u"jwt-secret-client"_s, jwt);
    QCOMPARE(result.status, 200);
    QVERIFY(!result.json().value("access_token"_L1).toString().isEmpty());
}

void TestJwtClientAuth::replayedJtiIsRefused()
{
    const QByteArray jwt
        = assertion(u"privatekeyjwt_jwt_client"_s, u"ES256"_s, m_ec, u"ec"_s, u"replayed-jti"_s);
    QCOMPARE(postAssertion(u"privatekeyjwt_jwt_client"_s, jwt).status, 200);
    const HttpResult replay = postAssertion(u"privatekeyjwt_jwt_client"_s, jwt);
    QCOMPARE(replay.status, 401);
    QCOMPARE(replay.json().value("error"_L1).toString(), u"invalid_client"_s);
    QCOMPARE(replay.json().value("error_description"_L1).toString(),
        u"the client_assertion's jti was already used; an assertion is accepted once (RFC 7523 "
        "section 3)"_s);
}

void TestJwtClientAuth::shortSecretIsRefusedWithTheReason()
{
    const QString client = u"client_secret_jwt_client"_s;
    const QByteArray jwt
        = assertion(client, u"HS256"_s, Key::fromSecret(ShortSecret.toUtf8()), QString());
    const HttpResult result = postAssertion(client, jwt);
    QCOMPARE(result.status, 401);
    QCOMPARE(result.json().value("error"_L1).toString(), u"invalid_client"_s);
    QCOMPARE(result.json().value("error_description"_L1).toString(),
        u"the client secret is 26 bytes, too short for HS256, which needs a key of at least 32 "
        "bytes (RFC 7518 section 3.2)"_s);

    // The same client still authenticates with client_secret_post, as in the series.
    const HttpResult post = m_http.postForm(url(u"/ms-auth-server/oauth2/token"_s),
        "grant_type=client_credentials&client_id=client_secret_jwt_client&client_secret="
            + ShortSecret.toLatin1());
    QCOMPARE(post.status, 200);
}

void TestJwtClientAuth::rotatedKeyIsFetchedOnUnknownKid()
{
    const QString client = u"privatekeyjwt_jwt_client"_s;
    const int before = m_jwksServer.requests;
    // The client publishes a new key; the server holds the old set until a kid it lacks arrives,
    // and no sooner than the cooldown after the last fetch.
    setServedKeys({publicJwk(m_rsa, u"client"_s), publicJwk(m_rotated, u"kid-10000001"_s)});
    m_clock->advance(JwksCache::DefaultCooldownMSecs);
    const HttpResult result
        = postAssertion(client, assertion(client, u"RS256"_s, m_rotated, u"kid-10000001"_s));
    QCOMPARE(result.status, 200);
    QCOMPARE(m_jwksServer.requests, before + 1);

    // Another unknown kid within the cooldown: refused with the reason, and not fetched.
    const HttpResult unknown
        = postAssertion(client, assertion(client, u"RS256"_s, m_rotated, u"kid-unknown"_s));
    QCOMPARE(unknown.status, 401);
    QVERIFY2(unknown.json()
                 .value("error_description"_L1)
                 .toString()
                 .startsWith(u"no key with kid kid-unknown in the client's JWK set at "_s
                     + m_jwksServer.url()),
        unknown.body.constData());
    QCOMPARE(m_jwksServer.requests, before + 1);
}

void TestJwtClientAuth::metadataListsTheMethods()
{
    const HttpResult result
        = m_http.get(url(u"/ms-auth-server/.well-known/oauth-authorization-server"_s));
    QCOMPARE(result.status, 200);
    const QJsonObject metadata = result.json();
    const QStringList methods
        = metadata.value("token_endpoint_auth_methods_supported"_L1).toVariant().toStringList();
    QCOMPARE(methods,
        QStringList({u"client_secret_basic"_s, u"client_secret_post"_s, u"client_secret_jwt"_s,
            u"private_key_jwt"_s, u"none"_s}));
    const QStringList algs = metadata.value("token_endpoint_auth_signing_alg_values_supported"_L1)
                                 .toVariant()
                                 .toStringList();
    QVERIFY(algs.contains(u"HS256"_s));
    QVERIFY(algs.contains(u"EdDSA"_s));
    QVERIFY(!algs.contains(u"none"_s));
}

void TestJwtClientAuth::fetchTimeout()
{
    JwksServer hanging;
    QVERIFY(hanging.listen());
    hanging.mode = JwksServer::Mode::Hang;
    JwksCache cache;
    ClientJwksFetcher fetcher(cache, Clock::system());
    fetcher.setLimits(2000, 500, ClientJwksFetcher::DefaultMaxBytes);
    std::atomic<bool> done = false;
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(cache.keys(hanging.url(), QDateTime::currentMSecsSinceEpoch()).status,
        JwksCache::Lookup::Status::Pending);
    cache.whenFetched(hanging.url(), [&done] { done = true; });
    QTRY_VERIFY_WITH_TIMEOUT(done, 5000);
    QVERIFY2(timer.elapsed() >= 450, qPrintable(QString::number(timer.elapsed())));
    const JwksCache::Lookup lookup = cache.keys(hanging.url(), QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(lookup.status, JwksCache::Lookup::Status::Failed);
    QCOMPARE(lookup.error, u"%1 did not answer within 500 ms (total timeout)"_s.arg(hanging.url()));
    QCOMPARE(hanging.requests, 1);
}

void TestJwtClientAuth::fetchSizeLimit()
{
    JwksServer huge;
    QVERIFY(huge.listen());
    huge.mode = JwksServer::Mode::Huge;
    JwksCache cache;
    ClientJwksFetcher fetcher(cache, Clock::system());
    fetcher.setLimits(2000, 5000, 64 * 1024);
    std::atomic<bool> done = false;
    cache.keys(huge.url(), QDateTime::currentMSecsSinceEpoch());
    cache.whenFetched(huge.url(), [&done] { done = true; });
    QTRY_VERIFY_WITH_TIMEOUT(done, 5000);
    const JwksCache::Lookup lookup = cache.keys(huge.url(), QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(lookup.status, JwksCache::Lookup::Status::Failed);
    QCOMPARE(lookup.error,
        u"%1 answered with more than 65536 bytes, which is no JWK set (size limit)"_s.arg(
            huge.url()));
}

#ifdef Q_OS_LINUX
void TestJwtClientAuth::fetchConnectTimeout()
{
    // A listening socket whose accept queue is full: Linux drops further SYNs, so a connection
    // to it never completes (on loopback, without any other host).
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(listener >= 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
    QCOMPARE(::listen(listener, 0), 0);
    socklen_t length = sizeof(address);
    QCOMPARE(::getsockname(listener, reinterpret_cast<sockaddr *>(&address), &length), 0);
    const quint16 port = ntohs(address.sin_port);
    QList<QTcpSocket *> fillers;
    for (int i = 0; i < 2; ++i) {
        auto *filler = new QTcpSocket(this);
        filler->connectToHost(QHostAddress::LocalHost, port);
        filler->waitForConnected(300);
        fillers.append(filler);
    }

    const QString url = u"http://127.0.0.1:%1/jwks"_s.arg(port);
    JwksCache cache;
    ClientJwksFetcher fetcher(cache, Clock::system());
    fetcher.setLimits(300, 5000, ClientJwksFetcher::DefaultMaxBytes);
    std::atomic<bool> done = false;
    QElapsedTimer timer;
    timer.start();
    cache.keys(url, QDateTime::currentMSecsSinceEpoch());
    cache.whenFetched(url, [&done] { done = true; });
    QTRY_VERIFY_WITH_TIMEOUT(done, 4000);
    const qint64 elapsed = timer.elapsed();
    const JwksCache::Lookup lookup = cache.keys(url, QDateTime::currentMSecsSinceEpoch());
    qDeleteAll(fillers);
    ::close(listener);
    QCOMPARE(lookup.status, JwksCache::Lookup::Status::Failed);
    QCOMPARE(lookup.error, u"no connection to %1 within 300 ms (connect timeout)"_s.arg(url));
    QVERIFY2(elapsed < 3000, qPrintable(QString::number(elapsed)));
}
#endif

QTEST_GUILESS_MAIN(TestJwtClientAuth)
#include "tst_jwtclientauth.moc"
