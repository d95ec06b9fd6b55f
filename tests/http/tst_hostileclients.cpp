// SPDX-License-Identifier: GPL-3.0-or-later
// Careless and hostile clients over real loopback sockets: idle keep-alive connections, slowloris,
// the connection cap, an announced body over the limit. Timeouts are short (hundreds of ms) so
// the tests are quick, yet long enough for a loaded machine; the figures for the default settings
// are bench/hostile.sh's.
#include "http/authorizationserver.h"
#include "jose/key.h"
#include "store/clock.h"
#include "store/registry.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

using namespace Qt::Literals::StringLiterals;

namespace {

const QByteArray SeedBody = "grant_type=client_credentials&client_id=service-client-jwt"
                            "&client_secret=service-client-jwt-secret"
                            "&scope=country.read%20customer.read%20customer.write"_ba;

QByteArray tokenRequest(const QByteArray &body = SeedBody)
{
    return "POST /ms-auth-server/oauth2/token HTTP/1.1\r\n"
           "Host: 127.0.0.1\r\n"
           "Content-Type: application/x-www-form-urlencoded\r\n"
           "Content-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

const QByteArray JwksRequest
    = "GET /ms-auth-server/oauth2/jwks HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"_ba;

struct Response
{
    int status = 0;
    QByteArray head; // status line and headers
    QByteArray body;
};

// A client that writes raw bytes and reads raw responses, blocking (the server runs on its own
// threads, so the test thread may wait).
class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
        m_connected = m_socket.waitForConnected(5000);
    }

    bool isConnected() const { return m_connected; }
    QTcpSocket &socket() { return m_socket; }

    void send(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.waitForBytesWritten(5000);
    }

    // Reads one whole response (Content-Length framed); status 0 when none came in time.
    Response read(int timeoutMs = 5000)
    {
        QElapsedTimer timer;
        timer.start();
        Response response;
        while (timer.elapsed() < timeoutMs) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end >= 0) {
                const QByteArray head = m_buffer.first(end);
                qsizetype length = 0;
                for (const QByteArray &line : head.split('\n')) {
                    if (line.toLower().startsWith("content-length:"))
                        length = line.sliced(15).trimmed().toLongLong();
                }
                if (m_buffer.size() >= end + 4 + length) {
                    response.head = head;
                    response.status = head.mid(9, 3).toInt();
                    response.body = m_buffer.mid(end + 4, length);
                    m_buffer.remove(0, end + 4 + length);
                    return response;
                }
            }
            if (!fill(timeoutMs - int(timer.elapsed())))
                break;
        }
        return response;
    }

    // Waits until the server closes the connection; false when it is still open after timeoutMs.
    bool waitClosed(int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        while (m_socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < timeoutMs) {
            fill(int(std::max<qint64>(1, timeoutMs - timer.elapsed())));
        }
        return m_socket.state() != QAbstractSocket::ConnectedState;
    }

    QByteArray received() const { return m_buffer; }

private:
    bool fill(int timeoutMs)
    {
        if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(std::max(1, timeoutMs)))
            return m_socket.bytesAvailable() > 0;
        m_buffer += m_socket.readAll();
        return true;
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
    bool m_connected = false;
};

} // namespace

class TestHostileClients : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void keepAliveServesManyRequests();
    void idleKeepAliveIsClosedAfterTheTimeout();
    void slowlorisIsClosedWhileOthersAreServed();
    void capClosesIdleConnectionsForAnActiveClient();
    void capRefusesCleanlyWhenNoneIsIdle();
    void announcedBodyOverTheLimitIsRefusedUnread_data();
    void announcedBodyOverTheLimitIsRefusedUnread();
    void oversizedHeadersAreRefused();
    void limitsFollowConfigurationEdits();

private:
    void startServer(const ServerSettings &settings);
    ServerSettings shortTimeouts() const;

    std::unique_ptr<Registry> m_registry;
    std::unique_ptr<AuthorizationServer> m_server;
    Key m_key = Key::generateRsa(2048);
};

ServerSettings TestHostileClients::shortTimeouts() const
{
    ServerSettings settings;
    settings.port = 0;
    settings.idleTimeoutMilliseconds = 500;
    settings.requestTimeoutMilliseconds = 1000;
    return settings;
}

void TestHostileClients::startServer(const ServerSettings &settings)
{
    Configuration config = Configuration::defaults();
    config.server = settings;
    m_registry = std::make_unique<Registry>(config, m_key);
    m_server = std::make_unique<AuthorizationServer>(m_registry.get(), Clock::system());
    QString error;
    QVERIFY2(m_server->start(settings, &error), qPrintable(error));
}

void TestHostileClients::init()
{
    startServer(shortTimeouts());
}

void TestHostileClients::cleanup()
{
    // Whatever the test did, every connection's place in the budget comes back.
    if (m_server)
        QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnections(), 0, 5000);
    m_server.reset();
    m_registry.reset();
}

void TestHostileClients::keepAliveServesManyRequests()
{
    RawClient client(m_server->port());
    QVERIFY(client.isConnected());
    // A body split over several writes, then more requests on the same connection: the guard
    // follows each one to its end and never mistakes a slow body for a finished request.
    const QByteArray request = tokenRequest();
    client.send(request.first(40));
    QTest::qWait(50);
    client.send(request.sliced(40, 100));
    QTest::qWait(50);
    client.send(request.sliced(140));
    QCOMPARE(client.read().status, 200);
    for (int i = 0; i < 5; ++i) {
        client.send(i % 2 ? JwksRequest : tokenRequest());
        QCOMPARE(client.read().status, 200);
        QTest::qWait(200); // shorter than the idle timeout: the connection stays
    }
    QCOMPARE(client.socket().state(), QAbstractSocket::ConnectedState);
    QCOMPARE(m_server->openConnections(), 1);
    client.socket().disconnectFromHost();
}

void TestHostileClients::idleKeepAliveIsClosedAfterTheTimeout()
{
    RawClient client(m_server->port());
    QVERIFY(client.isConnected());
    client.send(tokenRequest());
    QCOMPARE(client.read().status, 200);
    QElapsedTimer idle;
    idle.start();
    QTRY_COMPARE(m_server->openConnections(), 1);
    QVERIFY(client.waitClosed(5000));
    const qint64 elapsed = idle.elapsed();
    QVERIFY2(elapsed >= 400, QByteArray::number(elapsed).constData()); // not before the timeout
    QVERIFY(client.received().isEmpty()); // closed silently, as nginx does
    QTRY_COMPARE(m_server->openConnections(), 0);

    // A connection that never sends anything is idle too.
    RawClient silent(m_server->port());
    QVERIFY(silent.isConnected());
    QVERIFY(silent.waitClosed(5000));
}

void TestHostileClients::slowlorisIsClosedWhileOthersAreServed()
{
    ServerSettings settings = shortTimeouts();
    settings.idleTimeoutMilliseconds = 10000;
    settings.requestTimeoutMilliseconds = 1500;
    startServer(settings);

    std::vector<std::unique_ptr<RawClient>> slow;
    for (int i = 0; i < 20; ++i) {
        slow.push_back(std::make_unique<RawClient>(m_server->port()));
        QVERIFY(slow.back()->isConnected());
        slow.back()->send("POST /ms-auth-server/oauth2/token HTTP/1.1\r\n"_ba);
    }
    QElapsedTimer timer;
    timer.start();
    // One header line every 100 ms, never the blank line; a normal client is served meanwhile.
    int served = 0;
    for (int line = 0; timer.elapsed() < 500; ++line) {
        for (const auto &client : slow)
            client->send("X-Slow-" + QByteArray::number(line) + ": 1\r\n");
        RawClient normal(m_server->port());
        normal.send(tokenRequest());
        QCOMPARE(normal.read().status, 200);
        ++served;
        QTest::qWait(100);
    }
    QVERIFY(served >= 3);
    for (const auto &client : slow)
        QCOMPARE(client->socket().state(), QAbstractSocket::ConnectedState); // not before 1.5 s

    for (const auto &client : slow) {
        const Response response = client->read(5000);
        QCOMPARE(response.status, 408);
        QVERIFY(response.head.contains("Connection: close"));
        QVERIFY(client->waitClosed(5000));
    }
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(elapsed >= 1400, QByteArray::number(elapsed).constData());

    RawClient after(m_server->port());
    after.send(tokenRequest());
    QCOMPARE(after.read().status, 200);
}

void TestHostileClients::capClosesIdleConnectionsForAnActiveClient()
{
    ServerSettings settings = shortTimeouts();
    settings.idleTimeoutMilliseconds = 60000;
    settings.requestTimeoutMilliseconds = 10000;
    settings.maxConnections = 4;
    startServer(settings);
    QCOMPARE(m_server->connectionCap(), 4);

    std::vector<std::unique_ptr<RawClient>> idle;
    for (int i = 0; i < 4; ++i) {
        idle.push_back(std::make_unique<RawClient>(m_server->port()));
        QVERIFY(idle.back()->isConnected());
        // In order, so that "oldest" is well defined.
        QTRY_COMPARE(m_server->openConnections(), i + 1);
    }
    // Two had a request answered and are kept alive; two never sent anything.
    idle[1]->send(JwksRequest);
    QCOMPARE(idle[1]->read().status, 200);
    idle[3]->send(JwksRequest);
    QCOMPARE(idle[3]->read().status, 200);

    RawClient active(m_server->port());
    QVERIFY(active.isConnected());
    active.send(tokenRequest());
    QCOMPARE(active.read().status, 200);

    // The longest idle went: idle[0] (idle since it connected), then the others stay open.
    QVERIFY(idle[0]->waitClosed(5000));
    for (int i = 1; i < 4; ++i)
        QCOMPARE(idle[i]->socket().state(), QAbstractSocket::ConnectedState);
    QTRY_COMPARE(m_server->openConnections(), 4);

    // A second newcomer takes the place of the next longest idle: idle[2] (idle[1] answered a
    // request after idle[2] connected, so idle[2] has waited longest).
    RawClient second(m_server->port());
    second.send(JwksRequest);
    QCOMPARE(second.read().status, 200);
    QVERIFY(idle[2]->waitClosed(5000));
    QCOMPARE(idle[1]->socket().state(), QAbstractSocket::ConnectedState);
    QCOMPARE(idle[3]->socket().state(), QAbstractSocket::ConnectedState);
    QTRY_VERIFY(m_server->openConnections() <= 4); // released just after the close

    idle.clear();
    active.socket().abort();
    second.socket().abort();
}

void TestHostileClients::capRefusesCleanlyWhenNoneIsIdle()
{
    ServerSettings settings = shortTimeouts();
    settings.idleTimeoutMilliseconds = 60000;
    settings.requestTimeoutMilliseconds = 60000;
    settings.maxConnections = 3;
    startServer(settings);

    std::vector<std::unique_ptr<RawClient>> busy;
    for (int i = 0; i < 3; ++i) {
        busy.push_back(std::make_unique<RawClient>(m_server->port()));
        QVERIFY(busy.back()->isConnected());
        busy.back()->send("POST /ms-auth-server/oauth2/token HTTP/1.1\r\nHost: a\r\n"_ba);
    }
    QTRY_COMPARE(m_server->openConnections(), 3);
    QTRY_COMPARE(m_server->idleConnections(), 0); // their requests have begun: none is idle

    for (int attempt = 0; attempt < 3; ++attempt) {
        RawClient refused(m_server->port());
        QVERIFY(refused.isConnected()); // the server still accepts
        const Response response = refused.read(5000);
        QCOMPARE(response.status, 503);
        QVERIFY(response.head.contains("Connection: close"));
        QCOMPARE(QJsonDocument::fromJson(response.body).object().value("error"_L1).toString(),
            u"temporarily_unavailable"_s);
        QVERIFY(refused.waitClosed(5000));
    }
    for (const auto &client : busy)
        QCOMPARE(client->socket().state(), QAbstractSocket::ConnectedState);

    busy.clear(); // the busy clients go away
    QTRY_COMPARE(m_server->openConnections(), 0);
    RawClient after(m_server->port());
    after.send(tokenRequest());
    QCOMPARE(after.read().status, 200);
}

void TestHostileClients::announcedBodyOverTheLimitIsRefusedUnread_data()
{
    QTest::addColumn<QByteArray>("head");
    const QByteArray start = "POST /ms-auth-server/oauth2/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Content-Type: application/x-www-form-urlencoded\r\n"_ba;
    QTest::newRow("Content-Length: 64 MiB") << start + "Content-Length: 67108864\r\n\r\n"_ba;
    QTest::newRow("Content-Length one over 64 KiB") << start + "Content-Length: 65537\r\n\r\n"_ba;
    QTest::newRow("with Expect: 100-continue")
        << start + "Expect: 100-continue\r\nContent-Length: 67108864\r\n\r\n"_ba;
    QTest::newRow("chunked, one 64 MiB chunk")
        << start + "Transfer-Encoding: chunked\r\n\r\n4000000\r\n"_ba;
}

void TestHostileClients::announcedBodyOverTheLimitIsRefusedUnread()
{
    QFETCH(QByteArray, head);
    RawClient client(m_server->port());
    QVERIFY(client.isConnected());
    client.send(head); // and never the body
    const Response response = client.read(5000);
    QCOMPARE(response.status, 413);
    QVERIFY(response.head.contains("Connection: close"));
    QVERIFY(response.head.contains("Cache-Control: no-store"));
    const QJsonObject json = QJsonDocument::fromJson(response.body).object();
    QCOMPARE(json.value("error"_L1).toString(), u"payload_too_large"_s);
    QVERIFY(client.waitClosed(5000));

    RawClient next(m_server->port());
    next.send(tokenRequest());
    QCOMPARE(next.read().status, 200);
}

void TestHostileClients::oversizedHeadersAreRefused()
{
    RawClient client(m_server->port());
    client.send(
        "GET /ms-auth-server/oauth2/jwks HTTP/1.1\r\nX-Pad: "_ba + QByteArray(40 * 1024, 'a'));
    const Response response = client.read(5000);
    QCOMPARE(response.status, 431);
    QVERIFY(client.waitClosed(5000));
}

void TestHostileClients::limitsFollowConfigurationEdits()
{
    ServerSettings settings = shortTimeouts();
    settings.idleTimeoutMilliseconds = 60000;
    startServer(settings);
    Configuration config = m_registry->configuration();
    config.server.maxRequestBodyBytes = 2048;
    config.server.idleTimeoutMilliseconds = 300;
    m_registry->setConfiguration(config);
    QCOMPARE(m_server->openConnections(), 0);

    RawClient client(m_server->port());
    client.send(tokenRequest(SeedBody + "&pad=" + QByteArray(3000, 'a')));
    QCOMPARE(client.read().status, 413);
    RawClient idle(m_server->port());
    QVERIFY(idle.waitClosed(5000));
}

QTEST_GUILESS_MAIN(TestHostileClients)
#include "tst_hostileclients.moc"
