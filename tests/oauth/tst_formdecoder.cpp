// SPDX-License-Identifier: GPL-3.0-or-later
#include "oauth/formdecoder.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestFormDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decode_data();
    void decode();
    void decodeErrors_data();
    void decodeErrors();
    void decodeComponentErrors_data();
    void decodeComponentErrors();
    void decodeComponent_data();
    void decodeComponent();
    void encodeComponent_data();
    void encodeComponent();
    void parameterLookups();
};

void TestFormDecoder::decode_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QStringList>("values");

    QTest::newRow("plain pairs") << "a=1&b=2"_ba << QStringList {u"a"_s, u"b"_s}
                                 << QStringList {u"1"_s, u"2"_s};
    QTest::newRow("plus is a space")
        << "scope=a+b"_ba << QStringList {u"scope"_s} << QStringList {u"a b"_s};
    QTest::newRow("%20 is a space")
        << "scope=a%20b"_ba << QStringList {u"scope"_s} << QStringList {u"a b"_s};
    QTest::newRow("%2B is a plus sign")
        << "secret=a%2Bb"_ba << QStringList {u"secret"_s} << QStringList {u"a+b"_s};
    QTest::newRow("%25 is a percent sign")
        << "v=100%25"_ba << QStringList {u"v"_s} << QStringList {u"100%"_s};
    QTest::newRow("two-byte UTF-8")
        << "name=%C3%A9t%C3%A9"_ba << QStringList {u"name"_s} << QStringList {u"\u00e9t\u00e9"_s};
    QTest::newRow("lower-case hex")
        << "name=%c3%a9"_ba << QStringList {u"name"_s} << QStringList {u"\u00e9"_s};
    QTest::newRow("four-byte UTF-8")
        << "e=%F0%9F%98%80"_ba << QStringList {u"e"_s} << QStringList {u"\U0001F600"_s};
    QTest::newRow("raw UTF-8 bytes")
        << "name=\xC3\xA9"_ba << QStringList {u"name"_s} << QStringList {u"\u00e9"_s};
    QTest::newRow("empty value") << "a="_ba << QStringList {u"a"_s} << QStringList {QString()};
    QTest::newRow("no equals sign")
        << "flag"_ba << QStringList {u"flag"_s} << QStringList {QString()};
    QTest::newRow("equals sign in the value")
        << "a=b=c"_ba << QStringList {u"a"_s} << QStringList {u"b=c"_s};
    QTest::newRow("empty pairs skipped")
        << "&&a=1&&b=2&"_ba << QStringList {u"a"_s, u"b"_s} << QStringList {u"1"_s, u"2"_s};
    QTest::newRow("repeated names kept in order")
        << "scope=x&grant_type=g&scope=y"_ba
        << QStringList {u"scope"_s, u"grant_type"_s, u"scope"_s}
        << QStringList {u"x"_s, u"g"_s, u"y"_s};
    QTest::newRow("encoded name") << "client%5Fid=c"_ba << QStringList {u"client_id"_s}
                                  << QStringList {u"c"_s};
    QTest::newRow("empty body") << QByteArray() << QStringList() << QStringList();
    QTest::newRow("control characters decoded faithfully")
        << "a=%00%01%7F"_ba << QStringList {u"a"_s} << QStringList {u"\u0000\u0001\u007f"_s};
    QTest::newRow("seed body") << "grant_type=client_credentials&client_id=service-client-jwt"
                                  "&client_secret=service-client-jwt-secret"
                                  "&scope=country.read%20customer.read%20customer.write"_ba
                               << QStringList {u"grant_type"_s, u"client_id"_s, u"client_secret"_s,
                                      u"scope"_s}
                               << QStringList {u"client_credentials"_s, u"service-client-jwt"_s,
                                      u"service-client-jwt-secret"_s,
                                      u"country.read customer.read customer.write"_s};
}

void TestFormDecoder::decode()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, names);
    QFETCH(QStringList, values);

    const Result<FormParameters> result = FormDecoder::decode(body);
    QVERIFY2(result.isOk(), qPrintable(result.isOk() ? QString() : result.error().detail()));
    QStringList actualNames;
    QStringList actualValues;
    for (const auto &[name, value] : result->pairs()) {
        actualNames.append(name);
        actualValues.append(value);
    }
    QCOMPARE(actualNames, names);
    QCOMPARE(actualValues, values);
}

namespace {

// Components that are not valid form data, shared by the body and the component tests.
void addBadComponentRows()
{
    QTest::addColumn<QByteArray>("component");

    QTest::newRow("lone percent") << "%"_ba;
    QTest::newRow("one hex digit") << "%4"_ba;
    QTest::newRow("percent then text") << "a%4x"_ba;
    QTest::newRow("non-hex digit") << "%G1"_ba;
    QTest::newRow("truncated UTF-8") << "%C3"_ba;
    QTest::newRow("truncated three-byte UTF-8") << "%E2%82"_ba;
    QTest::newRow("truncated then ASCII") << "%C3a"_ba;
    QTest::newRow("overlong slash") << "%C0%AF"_ba;
    QTest::newRow("overlong three-byte") << "%E0%80%AF"_ba;
    QTest::newRow("overlong four-byte") << "%F0%80%80%AF"_ba;
    QTest::newRow("surrogate") << "%ED%A0%80"_ba;
    QTest::newRow("above U+10FFFF") << "%F4%90%80%80"_ba;
    QTest::newRow("lone continuation byte") << "%80"_ba;
    QTest::newRow("raw invalid byte 0xFF") << "\xFF"_ba;
    QTest::newRow("encoded invalid byte 0xFE") << "%FE"_ba;
}

} // namespace

void TestFormDecoder::decodeErrors_data()
{
    addBadComponentRows();
}

void TestFormDecoder::decodeErrors()
{
    QFETCH(QByteArray, component);

    // In a value, in a name, and in a later pair: the whole body is refused.
    const QList<QByteArray> bodies {QByteArray("a="_ba + component),
        QByteArray(component + "=1"_ba), QByteArray("a=1&b="_ba + component + "&c=3"_ba)};
    for (const QByteArray &body : bodies) {
        const Result<FormParameters> result = FormDecoder::decode(body);
        QVERIFY2(!result.isOk(), body.constData());
        QCOMPARE(result.error().code(), OAuthError::Code::InvalidRequest);
        QCOMPARE(result.error().httpStatus(), 400);
        QVERIFY(!result.error().description().isEmpty());
    }
}

void TestFormDecoder::decodeComponentErrors_data()
{
    addBadComponentRows();
}

void TestFormDecoder::decodeComponentErrors()
{
    QFETCH(QByteArray, component);

    QCOMPARE(FormDecoder::decodeComponent(component), std::nullopt);
}

void TestFormDecoder::decodeComponent_data()
{
    QTest::addColumn<QByteArray>("component");
    QTest::addColumn<QString>("expected");

    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("plus") << "a+b"_ba << u"a b"_s;
    QTest::newRow("escaped plus and colon") << "a%2Bb%3Ac"_ba << u"a+b:c"_s;
    QTest::newRow("ampersand and equals stay") << "a&b=c"_ba << u"a&b=c"_s;
}

void TestFormDecoder::decodeComponent()
{
    QFETCH(QByteArray, component);
    QFETCH(QString, expected);

    const std::optional<QString> decoded = FormDecoder::decodeComponent(component);
    QVERIFY(decoded.has_value());
    QCOMPARE(*decoded, expected);
}

void TestFormDecoder::encodeComponent_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("encoded");

    QTest::newRow("unreserved") << u"AZaz09-._*"_s << "AZaz09-._*"_ba;
    QTest::newRow("space") << u"a b"_s << "a+b"_ba;
    QTest::newRow("specials") << u":+% /&=\u00e9"_s << "%3A%2B%25+%2F%26%3D%C3%A9"_ba;
    QTest::newRow("tilde is escaped") << u"~"_s << "%7E"_ba;
    QTest::newRow("control characters") << u"\u0001\n"_s << "%01%0A"_ba;
    QTest::newRow("emoji") << u"\U0001F600"_s << "%F0%9F%98%80"_ba;
    QTest::newRow("secret with colon and plus") << u"s3cr:et+p"_s << "s3cr%3Aet%2Bp"_ba;
    QTest::newRow("empty") << QString() << QByteArray();
}

void TestFormDecoder::encodeComponent()
{
    QFETCH(QString, value);
    QFETCH(QByteArray, encoded);

    QCOMPARE(FormDecoder::encodeComponent(value), encoded);
    const std::optional<QString> roundTrip = FormDecoder::decodeComponent(encoded);
    QVERIFY(roundTrip.has_value());
    QCOMPARE(*roundTrip, value);

    // And through a whole body, as a client would send it.
    const QByteArray body = "x="_ba + encoded + "&y=1"_ba;
    const Result<FormParameters> form = FormDecoder::decode(body);
    QVERIFY(form.isOk());
    QCOMPARE(form->value(u"x"), value);
    QCOMPARE(form->value(u"y"), u"1"_s);
}

void TestFormDecoder::parameterLookups()
{
    const Result<FormParameters> form = FormDecoder::decode("scope=a&grant_type=g&scope=b&e="_ba);
    QVERIFY(form.isOk());
    QVERIFY(form->contains(u"scope"));
    QVERIFY(form->contains(u"e"));
    QVERIFY(!form->contains(u"Scope"));
    QCOMPARE(form->count(u"scope"), 2);
    QCOMPARE(form->count(u"grant_type"), 1);
    QCOMPARE(form->count(u"missing"), 0);
    QCOMPARE(form->value(u"scope"), u"a"_s);
    QCOMPARE(form->value(u"missing"), QString());
    QCOMPARE(form->values(u"scope"), (QStringList {u"a"_s, u"b"_s}));
    QVERIFY(form->values(u"missing").isEmpty());
    QVERIFY(!form->isEmpty());
    QVERIFY(FormParameters().isEmpty());
}

QTEST_GUILESS_MAIN(TestFormDecoder)
#include "tst_formdecoder.moc"
