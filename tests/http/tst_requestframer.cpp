// SPDX-License-Identifier: GPL-3.0-or-later
// RequestFramer: where requests begin and end in a connection's bytes, whatever the split.
#include "http/requestframer.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

const QByteArray Get = "GET /ms-auth-server/oauth2/jwks HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"_ba;
const QByteArray Post = "POST /t HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"_ba;
const QByteArray Chunked = "POST /t HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n"_ba;

// Feeds the bytes in pieces of `step` bytes (0: all at once).
RequestFramer fed(const QByteArray &bytes, qsizetype step, qint64 bodyLimit = 64 * 1024)
{
    RequestFramer framer(bodyLimit);
    if (step == 0) {
        framer.feed(bytes);
        return framer;
    }
    for (qsizetype i = 0; i < bytes.size(); i += step)
        framer.feed(QByteArrayView(bytes).sliced(i, std::min(step, bytes.size() - i)));
    return framer;
}

} // namespace

class TestRequestFramer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void framing_data();
    void framing();
    void betweenRequestsIsIdleOnlyAtTheEnd();
    void limits_data();
    void limits();
    void ignoresBytesAfterAnError();
};

void TestRequestFramer::framing_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("idle");
    QTest::addColumn<int>("started");
    QTest::addColumn<int>("completed");

    QTest::newRow("nothing") << QByteArray() << true << 0 << 0;
    QTest::newRow("blank lines before a request") << "\r\n\r\n"_ba << true << 0 << 0;
    QTest::newRow("request line only") << "GET / HTTP/1.1\r\n"_ba << false << 1 << 0;
    QTest::newRow("headers without the blank line")
        << "GET / HTTP/1.1\r\nHost: a\r\n"_ba << false << 1 << 0;
    QTest::newRow("GET") << Get << true << 1 << 1;
    QTest::newRow("GET with LF line ends") << "GET / HTTP/1.1\nHost: a\n\n"_ba << true << 1 << 1;
    QTest::newRow("GET without headers") << "GET / HTTP/1.0\r\n\r\n"_ba << true << 1 << 1;
    QTest::newRow("POST, body complete") << Post << true << 1 << 1;
    QTest::newRow("POST, body short by one") << Post.chopped(1) << false << 1 << 0;
    QTest::newRow("content-length in lower case, spaced")
        << "POST / HTTP/1.1\r\ncontent-length:   2 \r\n\r\nab"_ba << true << 1 << 1;
    QTest::newRow("first Content-Length counts")
        << "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 9\r\n\r\na"_ba << true << 1
        << 1;
    QTest::newRow("unparsable Content-Length: no body, as Qt reads it")
        << "POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n"_ba << true << 1 << 1;
    QTest::newRow("chunked, complete") << Chunked << true << 1 << 1;
    QTest::newRow("chunked, last chunk missing") << Chunked.chopped(5) << false << 1 << 0;
    QTest::newRow("chunked wins over Content-Length")
        << "POST / HTTP/1.1\r\nContent-Length: 100\r\nTransfer-Encoding: Chunked\r\n\r\n"
           "1\r\na\r\n0\r\n\r\n"_ba
        << true << 1 << 1;
    QTest::newRow("two pipelined") << Get + Post << true << 2 << 2;
    QTest::newRow("one and the start of the next") << Get + "GET /"_ba << false << 2 << 1;
    QTest::newRow("CRLF after a body, as old clients send") << Post + "\r\n"_ba << true << 1 << 1;
}

void TestRequestFramer::framing()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, idle);
    QFETCH(int, started);
    QFETCH(int, completed);
    // The same answer whether the bytes come at once, one by one, or in odd pieces.
    for (const qsizetype step : {qsizetype(0), qsizetype(1), qsizetype(3), qsizetype(7)}) {
        const RequestFramer framer = fed(bytes, step);
        QCOMPARE(framer.error(), RequestFramer::Error::None);
        QCOMPARE(framer.isIdle(), idle);
        QCOMPARE(framer.requestsStarted(), quint64(started));
        QCOMPARE(framer.requestsCompleted(), quint64(completed));
    }
}

void TestRequestFramer::betweenRequestsIsIdleOnlyAtTheEnd()
{
    RequestFramer framer;
    framer.feed(QByteArrayView(Post).first(20));
    QVERIFY(!framer.isIdle());
    framer.feed(QByteArrayView(Post).sliced(20));
    QVERIFY(framer.isIdle());
    framer.feed("G");
    QVERIFY(!framer.isIdle());
    QCOMPARE(framer.requestsStarted(), quint64(2));
}

void TestRequestFramer::limits_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qint64>("bodyLimit");
    QTest::addColumn<RequestFramer::Error>("error");

    const QByteArray head = "POST /t HTTP/1.1\r\nHost: a\r\n"_ba;
    QTest::newRow("Content-Length at the limit")
        << head + "Content-Length: 1024\r\n\r\n"_ba << qint64(1024) << RequestFramer::Error::None;
    QTest::newRow("Content-Length one over, before any body")
        << head + "Content-Length: 1025\r\n\r\n"_ba << qint64(1024)
        << RequestFramer::Error::BodyTooLarge;
    QTest::newRow("64 MiB announced") << head + "Content-Length: 67108864\r\n\r\n"_ba
                                      << qint64(64 * 1024) << RequestFramer::Error::BodyTooLarge;
    QTest::newRow("Content-Length beyond 63 bits")
        << head + "Content-Length: 18446744073709551615\r\n\r\n"_ba << qint64(64 * 1024)
        << RequestFramer::Error::BodyTooLarge;
    QTest::newRow("one chunk over the limit, before its data")
        << head + "Transfer-Encoding: chunked\r\n\r\n4000000\r\n"_ba << qint64(64 * 1024)
        << RequestFramer::Error::BodyTooLarge;
    QTest::newRow("chunks adding up to over the limit") << head
            + "Transfer-Encoding: chunked\r\n\r\n"_ba + "200\r\n"_ba + QByteArray(512, 'a')
            + "\r\n201\r\n"_ba << qint64(1024) << RequestFramer::Error::BodyTooLarge;
    QTest::newRow("chunks adding up to the limit") << head + "Transfer-Encoding: chunked\r\n\r\n"_ba
            + "200\r\n"_ba + QByteArray(512, 'a') + "\r\n200\r\n"_ba + QByteArray(512, 'a')
            + "\r\n0\r\n\r\n"_ba << qint64(1024) << RequestFramer::Error::None;
    QTest::newRow("headers over 32 KiB")
        << head + "X-Pad: "_ba + QByteArray(RequestFramer::MaxHeaderBytes, 'a') << qint64(1024)
        << RequestFramer::Error::HeadersTooLarge;
    QTest::newRow("endless request line")
        << "GET /"_ba + QByteArray(RequestFramer::MaxHeaderBytes, 'a') << qint64(1024)
        << RequestFramer::Error::HeadersTooLarge;
    QTest::newRow("chunk-size line that never ends")
        << head + "Transfer-Encoding: chunked\r\n\r\n"_ba
            + QByteArray(RequestFramer::MaxChunkLineBytes + 1, '1')
        << qint64(1024) << RequestFramer::Error::Malformed;
}

void TestRequestFramer::limits()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qint64, bodyLimit);
    QFETCH(RequestFramer::Error, error);
    QCOMPARE(fed(bytes, 0, bodyLimit).error(), error);
    QCOMPARE(fed(bytes, 5, bodyLimit).error(), error);
}

void TestRequestFramer::ignoresBytesAfterAnError()
{
    RequestFramer framer(10);
    framer.feed("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n");
    QCOMPARE(framer.error(), RequestFramer::Error::BodyTooLarge);
    framer.feed(Get);
    QCOMPARE(framer.requestsStarted(), quint64(1));
    QCOMPARE(framer.requestsCompleted(), quint64(0));
    QVERIFY(!framer.isIdle());
}

QTEST_APPLESS_MAIN(TestRequestFramer)
#include "tst_requestframer.moc"
