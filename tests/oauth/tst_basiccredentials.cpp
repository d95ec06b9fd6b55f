// SPDX-License-Identifier: GPL-3.0-or-later
#include "oauth/clientauth/basiccredentials.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

QByteArray basic(const QByteArray &userPass)
{
    return "Basic "_ba + userPass.toBase64();
}

} // namespace

class TestBasicCredentials : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isBasic_data();
    void isBasic();
    void parse_data();
    void parse();
    void parseErrors_data();
    void parseErrors();
    void headerValue();
    void headerValueRoundTrip_data();
    void headerValueRoundTrip();
};

void TestBasicCredentials::isBasic_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("expected");

    QTest::newRow("Basic") << "Basic YTpi"_ba << true;
    QTest::newRow("lower case") << "basic YTpi"_ba << true;
    QTest::newRow("upper case") << "BASIC YTpi"_ba << true;
    QTest::newRow("scheme alone") << "Basic"_ba << true;
    QTest::newRow("surrounding whitespace") << "  Basic YTpi "_ba << true;
    QTest::newRow("another scheme") << "Bearer abc"_ba << false;
    QTest::newRow("longer scheme name") << "BasicAuth YTpi"_ba << false;
    QTest::newRow("no space") << "BasicYTpi"_ba << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void TestBasicCredentials::isBasic()
{
    QFETCH(QByteArray, value);
    QFETCH(bool, expected);

    QCOMPARE(isBasicAuthorization(value), expected);
}

void TestBasicCredentials::parse_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("clientSecret");

    QTest::newRow("simple") << basic("service-client-jwt:service-client-jwt-secret")
                            << u"service-client-jwt"_s << u"service-client-jwt-secret"_s;
    QTest::newRow("secret with colons, split on the first")
        << basic("client:se:cr:et") << u"client"_s << u"se:cr:et"_s;
    QTest::newRow("plus is a space (RFC 6749 2.3.1)")
        << basic("my+client:my+secret") << u"my client"_s << u"my secret"_s;
    QTest::newRow("escaped plus, colon and percent")
        << basic("a%2Bb%3Ac:d%3Ae%2Bf%25") << u"a+b:c"_s << u"d:e+f%"_s;
    QTest::newRow("escaped UTF-8")
        << basic("client:%C3%A9t%C3%A9") << u"client"_s << u"\u00e9t\u00e9"_s;
    QTest::newRow("raw UTF-8") << basic("client:\xC3\xA9") << u"client"_s << u"\u00e9"_s;
    QTest::newRow("lower-case scheme") << "basic "_ba + "a:b"_ba.toBase64() << u"a"_s << u"b"_s;
    QTest::newRow("upper-case scheme") << "BASIC "_ba + "a:b"_ba.toBase64() << u"a"_s << u"b"_s;
    QTest::newRow("several spaces") << "Basic   "_ba + "a:b"_ba.toBase64() << u"a"_s << u"b"_s;
    QTest::newRow("unpadded base64") << "Basic YTpiYw"_ba << u"a"_s << u"bc"_s;
    QTest::newRow("empty secret parses") << basic("client:") << u"client"_s << QString();
}

void TestBasicCredentials::parse()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, clientId);
    QFETCH(QString, clientSecret);

    const Result<BasicCredentials> credentials = BasicCredentials::parse(header);
    QVERIFY2(credentials.isOk(),
        qPrintable(credentials.isOk() ? QString() : credentials.error().description()));
    QCOMPARE(credentials->clientId, clientId);
    QCOMPARE(credentials->clientSecret, clientSecret);
}

void TestBasicCredentials::parseErrors_data()
{
    QTest::addColumn<QByteArray>("header");

    QTest::newRow("not base64") << "Basic !!!not-base64!!!"_ba;
    QTest::newRow("base64url alphabet") << "Basic YT-_"_ba;
    QTest::newRow("bad padding") << "Basic YTpiYw="_ba;
    QTest::newRow("missing colon") << basic("client-without-secret");
    QTest::newRow("empty client id") << basic(":secret");
    QTest::newRow("empty credentials") << basic(":");
    QTest::newRow("scheme without credentials") << "Basic"_ba;
    QTest::newRow("scheme and spaces only") << "Basic    "_ba;
    QTest::newRow("bad percent escape in the id") << basic("cli%ent:secret");
    QTest::newRow("bad percent escape in the secret") << basic("client:100%");
    QTest::newRow("escaped invalid UTF-8") << basic("client:%FF");
    QTest::newRow("raw invalid UTF-8") << basic("client:\xFF\xFE");
    QTest::newRow("raw overlong UTF-8") << basic("cli\xC0\xAF:x");
    QTest::newRow("another scheme") << "Bearer abc"_ba;
}

void TestBasicCredentials::parseErrors()
{
    QFETCH(QByteArray, header);

    const Result<BasicCredentials> credentials = BasicCredentials::parse(header);
    QVERIFY(!credentials.isOk());
    QCOMPARE(credentials.error().code(), OAuthError::Code::InvalidRequest);
    QCOMPARE(credentials.error().httpStatus(), 400);
    QVERIFY(!credentials.error().description().isEmpty());
    // A malformed header is a 400: no challenge needed.
    QCOMPARE(credentials.error().challenge(), OAuthError::Challenge::None);
}

void TestBasicCredentials::headerValue()
{
    QCOMPARE(BasicCredentials::headerValue(u"service-client-jwt", u"service-client-jwt-secret"),
        basic("service-client-jwt:service-client-jwt-secret"));
    QCOMPARE(BasicCredentials::headerValue(u"a b", u"c:d+e"), basic("a+b:c%3Ad%2Be"));
}

void TestBasicCredentials::headerValueRoundTrip_data()
{
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("clientSecret");

    QTest::newRow("plain") << u"client"_s << u"secret"_s;
    QTest::newRow("colon and plus in the secret") << u"client"_s << u"s3cr:et+plus"_s;
    QTest::newRow("space, percent, ampersand") << u"my client"_s << u"100% & more="_s;
    QTest::newRow("non-ASCII") << u"\u00e9quipe"_s << u"m\u00fcnchen:\U0001F600"_s;
    QTest::newRow("colon in the id") << u"urn:client:1"_s << u"x"_s;
    QTest::newRow("empty secret") << u"client"_s << QString();
}

void TestBasicCredentials::headerValueRoundTrip()
{
    QFETCH(QString, clientId);
    QFETCH(QString, clientSecret);

    const QByteArray header = BasicCredentials::headerValue(clientId, clientSecret);
    QVERIFY(header.startsWith("Basic "));
    QVERIFY(isBasicAuthorization(header));
    const Result<BasicCredentials> credentials = BasicCredentials::parse(header);
    QVERIFY(credentials.isOk());
    QCOMPARE(credentials->clientId, clientId);
    QCOMPARE(credentials->clientSecret, clientSecret);
}

QTEST_GUILESS_MAIN(TestBasicCredentials)
#include "tst_basiccredentials.moc"
