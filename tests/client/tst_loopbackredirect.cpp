// SPDX-License-Identifier: GPL-3.0-or-later
// The loopback redirect (RFC 8252 §7.3): the parser of the browser's request (a code, an error
// redirect, a state that is not the one sent, an iss of another server, repeated parameters,
// malformed and huge request heads), and the listener over a real socket on 127.0.0.1: it answers
// a page and closes after the first valid callback, keeps listening after a refused request,
// closes an idle connection and a head over the limit alone, and closes on cancel and timeout.
#include "client/loopbackredirect.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

Q_DECLARE_METATYPE(AuthorizationCallback::Status)

namespace {

const QString Issuer = u"http://localhost:8085/ms-auth-server"_s;

LoopbackRedirect::Expectation expectation()
{
    LoopbackRedirect::Expectation expected;
    expected.state = u"s-123"_s;
    expected.issuer = Issuer;
    return expected;
}

QByteArray request(const QByteArray &target)
{
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n\r\n";
}

// Sends "bytes" to the listener and reads until the listener closes the connection.
QByteArray exchange(quint16 port, const QByteArray &bytes)
{
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, port);
    if (!socket.waitForConnected(5000))
        return "no connection";
    socket.write(bytes);
    QByteArray answer;
    (void)QTest::qWaitFor(
        [&] {
            answer += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        10000);
    return answer + socket.readAll();
}

} // namespace

class TestLoopbackRedirect : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void missingIssWhenRequired();
    void partialHeadWaits();
    void hugeHeadIsMalformed();
    void errorRedirectKeepsDescription();
    void answerPageIsEscaped();
    void listenerClosesAfterFirstValidCallback();
    void refusedRequestKeepsListening();
    void idleConnectionIsClosedAlone();
    void hugeRequestGets431();
    void cancelAndTimeoutClose();
};

void TestLoopbackRedirect::parse_data()
{
    using Status = AuthorizationCallback::Status;
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Status>("status");
    QTest::addColumn<QString>("problem");
    const QByteArray iss = "&iss=" + QUrl::toPercentEncoding(Issuer);
    QTest::newRow("code") << request("/callback?code=c%2Bd&state=s-123" + iss) << Status::Code
                          << QString();
    QTest::newRow("code without iss")
        << request("/callback?code=abc&state=s-123") << Status::Code << QString();
    QTest::newRow("bare LF") << "GET /callback?code=abc&state=s-123 HTTP/1.1\nHost: x\n\n"_ba
                             << Status::Code << QString();
    QTest::newRow("state mismatch") << request("/callback?code=abc&state=other" + iss)
                                    << Status::Rejected << u"not the one sent"_s;
    QTest::newRow("no state") << request("/callback?code=abc" + iss) << Status::Rejected
                              << u"no state"_s;
    QTest::newRow("iss of another server")
        << request("/callback?code=abc&state=s-123&iss=http%3A%2F%2Fevil.example")
        << Status::Rejected << u"RFC 9207"_s;
    QTest::newRow("repeated state") << request("/callback?code=abc&state=s-123&state=s-123")
                                    << Status::Rejected << u"repeated"_s;
    QTest::newRow("neither code nor error")
        << request("/callback?state=s-123") << Status::Rejected << u"neither"_s;
    QTest::newRow("error with wrong state") << request("/callback?error=access_denied&state=x")
                                            << Status::Rejected << u"not the one sent"_s;
    QTest::newRow("favicon") << request("/favicon.ico") << Status::NotFound << u"favicon"_s;
    QTest::newRow("POST") << "POST /callback HTTP/1.1\r\n\r\n"_ba << Status::Malformed
                          << u"not POST"_s;
    QTest::newRow("HTTP/2 line") << "GET /callback HTTP/2\r\n\r\n"_ba << Status::Malformed
                                 << u"request line"_s;
    QTest::newRow("garbage") << "\x16\x03\x01 hello\r\n\r\n"_ba << Status::Malformed
                             << u"request line"_s;
    QTest::newRow("absolute target")
        << "GET http://x/callback HTTP/1.1\r\n\r\n"_ba << Status::Malformed << u"not a path"_s;
}

void TestLoopbackRedirect::parse()
{
    QFETCH(QByteArray, bytes);
    QFETCH(AuthorizationCallback::Status, status);
    QFETCH(QString, problem);
    const AuthorizationCallback callback = LoopbackRedirect::parse(bytes, expectation());
    QCOMPARE(callback.status, status);
    QVERIFY2(callback.problem.contains(problem), qPrintable(callback.problem));
    if (status == AuthorizationCallback::Status::Code)
        QVERIFY(callback.code == u"c+d"_s || callback.code == u"abc"_s);
}

void TestLoopbackRedirect::missingIssWhenRequired()
{
    LoopbackRedirect::Expectation expected = expectation();
    expected.issRequired = true;
    AuthorizationCallback callback
        = LoopbackRedirect::parse(request("/callback?code=abc&state=s-123"), expected);
    QCOMPARE(callback.status, AuthorizationCallback::Status::Rejected);
    QVERIFY(callback.problem.contains(u"RFC 9207"_s));
    callback = LoopbackRedirect::parse(
        request("/callback?code=abc&state=s-123&iss=" + QUrl::toPercentEncoding(Issuer)), expected);
    QCOMPARE(callback.status, AuthorizationCallback::Status::Code);
}

void TestLoopbackRedirect::partialHeadWaits()
{
    const AuthorizationCallback callback = LoopbackRedirect::parse(
        "GET /callback?code=abc&state=s-123 HTTP/1.1\r\nHost: x\r\n", expectation());
    QCOMPARE(callback.status, AuthorizationCallback::Status::Incomplete);
}

void TestLoopbackRedirect::hugeHeadIsMalformed()
{
    const QByteArray huge = "GET /callback?code=" + QByteArray(LoopbackRedirect::MaxHeadBytes, 'a');
    AuthorizationCallback callback = LoopbackRedirect::parse(huge, expectation());
    QCOMPARE(callback.status, AuthorizationCallback::Status::Malformed);
    QVERIFY(callback.problem.contains(u"8192"_s));
    // Ended, but past the limit all the same.
    callback = LoopbackRedirect::parse(QByteArray(huge + " HTTP/1.1\r\n\r\n"), expectation());
    QCOMPARE(callback.status, AuthorizationCallback::Status::Malformed);
    QVERIFY(LoopbackRedirect::answer(callback).startsWith("HTTP/1.1 431 "));
}

void TestLoopbackRedirect::errorRedirectKeepsDescription()
{
    const AuthorizationCallback callback = LoopbackRedirect::parse(
        request("/callback?error=access_denied&error_description=The+user+said+no&state=s-123"),
        expectation());
    QCOMPARE(callback.status, AuthorizationCallback::Status::Error);
    QCOMPARE(callback.error, u"access_denied"_s);
    QCOMPARE(callback.errorDescription, u"The user said no"_s);
    QVERIFY(LoopbackRedirect::answer(callback).startsWith("HTTP/1.1 200 OK\r\n"));
}

void TestLoopbackRedirect::answerPageIsEscaped()
{
    const AuthorizationCallback callback = LoopbackRedirect::parse(
        request("/callback?error=%3Cscript%3E&state=s-123"), expectation());
    const QByteArray answer = LoopbackRedirect::answer(callback);
    QVERIFY(!answer.contains("<script>"));
    QVERIFY(answer.contains("&lt;script&gt;"));
    QVERIFY(answer.contains("Connection: close\r\n"));
    QVERIFY(answer.contains("Referrer-Policy: no-referrer\r\n"));
    const qsizetype bodyStart = answer.indexOf("\r\n\r\n") + 4;
    QVERIFY(answer.contains(
        QByteArray("Content-Length: " + QByteArray::number(answer.size() - bodyStart))));
}

void TestLoopbackRedirect::listenerClosesAfterFirstValidCallback()
{
    LoopbackListener listener;
    QVERIFY(listener.listen(expectation()));
    QVERIFY(listener.port() != 0);
    QCOMPARE(listener.redirectUri(), u"http://127.0.0.1:%1/callback"_s.arg(listener.port()));
    QSignalSpy received(&listener, &LoopbackListener::callbackReceived);
    const QByteArray answer = exchange(listener.port(), request("/callback?code=abc&state=s-123"));
    QVERIFY2(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer.constData());
    QVERIFY(answer.contains("close this tab"));
    QCOMPARE(received.size(), 1);
    QCOMPARE(received.at(0).at(0).value<AuthorizationCallback>().code, u"abc"_s);
    QVERIFY(!listener.isListening());
    QTcpSocket late;
    late.connectToHost(u"127.0.0.1"_s, listener.port());
    QVERIFY(!late.waitForConnected(2000));
}

void TestLoopbackRedirect::refusedRequestKeepsListening()
{
    LoopbackListener listener;
    QVERIFY(listener.listen(expectation()));
    QSignalSpy refused(&listener, &LoopbackListener::requestRefused);
    QSignalSpy received(&listener, &LoopbackListener::callbackReceived);
    QVERIFY(exchange(listener.port(), request("/callback?code=abc&state=forged"))
                .startsWith("HTTP/1.1 400 "));
    QVERIFY(exchange(listener.port(), request("/favicon.ico")).startsWith("HTTP/1.1 404 "));
    QVERIFY(exchange(listener.port(), "nonsense\r\n\r\n").startsWith("HTTP/1.1 400 "));
    QCOMPARE(refused.size(), 2); // the favicon is not a refusal worth showing
    QCOMPARE(received.size(), 0);
    QVERIFY(listener.isListening());
    QVERIFY(exchange(listener.port(), request("/callback?error=access_denied&state=s-123"))
                .startsWith("HTTP/1.1 200 "));
    QCOMPARE(received.size(), 1);
    QCOMPARE(received.at(0).at(0).value<AuthorizationCallback>().error, u"access_denied"_s);
}

void TestLoopbackRedirect::idleConnectionIsClosedAlone()
{
    LoopbackListener listener;
    QVERIFY(listener.listen(expectation()));
    QTcpSocket idle;
    idle.connectToHost(u"127.0.0.1"_s, listener.port());
    QVERIFY(idle.waitForConnected(5000));
    idle.write("GET /callback?code=abc"); // and then nothing
    QTRY_COMPARE_WITH_TIMEOUT(idle.state(), QAbstractSocket::UnconnectedState,
        LoopbackListener::ConnectionTimeoutMSecs + 5000);
    // The flow goes on: the real callback still gets through.
    QSignalSpy received(&listener, &LoopbackListener::callbackReceived);
    exchange(listener.port(), request("/callback?code=abc&state=s-123"));
    QCOMPARE(received.size(), 1);
}

void TestLoopbackRedirect::hugeRequestGets431()
{
    LoopbackListener listener;
    QVERIFY(listener.listen(expectation()));
    QSignalSpy refused(&listener, &LoopbackListener::requestRefused);
    const QByteArray answer = exchange(listener.port(),
        "GET /callback?code=" + QByteArray(1024 * 1024, 'a') + " HTTP/1.1\r\n\r\n");
    QVERIFY2(answer.startsWith("HTTP/1.1 431 "), answer.left(80).constData());
    QCOMPARE(refused.size(), 1);
    QVERIFY(listener.isListening());
}

void TestLoopbackRedirect::cancelAndTimeoutClose()
{
    LoopbackListener listener;
    QVERIFY(listener.listen(expectation()));
    listener.cancel();
    QVERIFY(!listener.isListening());
    QSignalSpy timedOut(&listener, &LoopbackListener::timedOut);
    QVERIFY(listener.listen(expectation(), 200));
    QTRY_COMPARE_WITH_TIMEOUT(timedOut.size(), 1, 5000);
    QVERIFY(!listener.isListening());
}

QTEST_GUILESS_MAIN(TestLoopbackRedirect)
#include "tst_loopbackredirect.moc"
