// SPDX-License-Identifier: GPL-3.0-or-later
#include "jose/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <limits>

using namespace Qt::Literals::StringLiterals;

class tst_JsonWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void escaping_data();
    void escaping();
    void empty();
    void memberOrder();
    void scalars_data();
    void scalars();
    void arrays_data();
    void arrays();
    void raw();
    void namesAreEscaped();
    void appendsToExistingBuffer();
    void overloadsPickTheRightType();

private:
    static QJsonObject parse(const QByteArray &json);
};

QJsonObject tst_JsonWriter::parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        qWarning("not a JSON object: %s (%s)", json.constData(), qPrintable(error.errorString()));
        return {};
    }
    return document.object();
}

void tst_JsonWriter::escaping_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("plain") << u"abc"_s << R"("abc")"_ba;
    QTest::newRow("empty") << QString() << R"("")"_ba;
    QTest::newRow("quote") << u"a\"b"_s << R"("a\"b")"_ba;
    QTest::newRow("backslash") << u"a\\b"_s << R"("a\\b")"_ba;
    QTest::newRow("newline") << u"a\nb"_s << R"("a\nb")"_ba;
    QTest::newRow("tab") << u"a\tb"_s << R"("a\tb")"_ba;
    QTest::newRow("carriage return") << u"\r"_s << R"("\r")"_ba;
    QTest::newRow("backspace") << u"\b"_s << R"("\b")"_ba;
    QTest::newRow("form feed") << u"\f"_s << R"("\f")"_ba;
    QTest::newRow("U+0000") << QString(QChar(u'\0')) << R"("\u0000")"_ba;
    QTest::newRow("U+0001") << u"\x01"_s << R"("\u0001")"_ba;
    QTest::newRow("U+001F") << u"\x1f"_s << R"("\u001f")"_ba;
    QTest::newRow("U+001B escape") << u"x\x1by"_s << R"("x\u001by")"_ba;
    // '/' may be escaped but need not be (RFC 8259 §7); URLs read better without.
    QTest::newRow("slash") << u"https://example.com/a"_s << R"("https://example.com/a")"_ba;
    QTest::newRow("DEL is not a control escape") << u"\x7f"_s << "\"\x7f\""_ba;
    QTest::newRow("e acute") << u"caf\u00e9"_s << "\"caf\xc3\xa9\""_ba;
    QTest::newRow("emoji") << u"\U0001F600"_s << "\"\xf0\x9f\x98\x80\""_ba;
    QTest::newRow("CJK") << u"\u4e2d\u6587"_s << "\"\xe4\xb8\xad\xe6\x96\x87\""_ba;
    QTest::newRow("mixed") << u"\"\u00e9\n\U0001F600\\z\x01"_s
                           << "\"\\\"\xc3\xa9\\n\xf0\x9f\x98\x80\\\\z\\u0001\""_ba;
}

void tst_JsonWriter::escaping()
{
    QFETCH(QString, value);
    QFETCH(QByteArray, expected);

    QByteArray out;
    JsonObjectWriter::appendString(out, value);
    QCOMPARE(out, expected);

    const QByteArray json = JsonObjectWriter().add(u"k", value).toJson();
    QCOMPARE(json, "{\"k\":" + expected + '}');
    const QJsonObject parsed = parse(json);
    QCOMPARE(parsed.size(), 1);
    QCOMPARE(parsed.value("k"_L1).toString(), value);
}

void tst_JsonWriter::empty()
{
    QCOMPARE(JsonObjectWriter().toJson(), "{}"_ba);
}

void tst_JsonWriter::memberOrder()
{
    JsonObjectWriter writer;
    writer.add(u"z", u"last letter")
        .add(u"a", qint64(1))
        .add(u"m", true)
        .add(u"b", QStringList {u"x"_s})
        .add(u"access_token", u"t"_s);
    const QByteArray json = writer.toJson();
    // Insertion order, which QJsonObject (sorted by key) would not keep.
    const QByteArray expected
        = R"({"z":"last letter","a":1,"m":true,"b":["x"],"access_token":"t"})"_ba;
    QCOMPARE(json, expected);

    const QJsonObject parsed = parse(json);
    QCOMPARE(parsed.value("z"_L1).toString(), u"last letter"_s);
    QCOMPARE(parsed.value("a"_L1).toInteger(), 1);
    QCOMPARE(parsed.value("m"_L1).toBool(), true);
    QCOMPARE(parsed.value("b"_L1).toArray(), QJsonArray {u"x"_s});
    QCOMPARE(parsed.value("access_token"_L1).toString(), u"t"_s);
    // toJson() does not consume the writer.
    QCOMPARE(writer.toJson(), json);
}

void tst_JsonWriter::scalars_data()
{
    QTest::addColumn<qint64>("number");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("zero") << qint64(0) << R"({"n":0})"_ba;
    QTest::newRow("expires_in") << qint64(300) << R"({"n":300})"_ba;
    QTest::newRow("negative") << qint64(-42) << R"({"n":-42})"_ba;
    QTest::newRow("epoch seconds") << qint64(1300819380) << R"({"n":1300819380})"_ba;
    QTest::newRow("max") << std::numeric_limits<qint64>::max() << R"({"n":9223372036854775807})"_ba;
    QTest::newRow("min") << std::numeric_limits<qint64>::min()
                         << R"({"n":-9223372036854775808})"_ba;
}

void tst_JsonWriter::scalars()
{
    QFETCH(qint64, number);
    QFETCH(QByteArray, expected);

    QCOMPARE(JsonObjectWriter().add(u"n", number).toJson(), expected);
}

void tst_JsonWriter::arrays_data()
{
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("empty") << QStringList() << R"({"a":[]})"_ba;
    QTest::newRow("one") << QStringList {u"read"_s} << R"({"a":["read"]})"_ba;
    QTest::newRow("scopes") << QStringList {u"openid"_s, u"profile"_s, u"message.read"_s}
                            << R"({"a":["openid","profile","message.read"]})"_ba;
    QTest::newRow("escaped") << QStringList {u"a\"b"_s, u"\u00e9"_s, QString()}
                             << "{\"a\":[\"a\\\"b\",\"\xc3\xa9\",\"\"]}"_ba;
}

void tst_JsonWriter::arrays()
{
    QFETCH(QStringList, values);
    QFETCH(QByteArray, expected);

    const QByteArray json = JsonObjectWriter().add(u"a", values).toJson();
    QCOMPARE(json, expected);
    const QJsonArray parsed = parse(json).value("a"_L1).toArray();
    QCOMPARE(parsed.toVariantList(), QJsonArray::fromStringList(values).toVariantList());
}

void tst_JsonWriter::raw()
{
    JsonObjectWriter inner;
    inner.add(u"kty", "RSA").add(u"e", "AQAB");
    const QByteArray json = JsonObjectWriter()
                                .add(u"alg", "RS256")
                                .addRaw(u"jwk", inner.toJson())
                                .addRaw(u"aud", R"(["a","b"])"_ba)
                                .add(u"ok", false)
                                .toJson();
    const QByteArray expected
        = R"({"alg":"RS256","jwk":{"kty":"RSA","e":"AQAB"},"aud":["a","b"],"ok":false})"_ba;
    QCOMPARE(json, expected);
    const QJsonObject parsed = parse(json);
    QCOMPARE(parsed.value("jwk"_L1).toObject().value("kty"_L1).toString(), u"RSA"_s);
    QCOMPARE(parsed.value("aud"_L1).toArray().size(), 2);
    QCOMPARE(parsed.value("ok"_L1), QJsonValue(false));
}

void tst_JsonWriter::namesAreEscaped()
{
    const QByteArray json = JsonObjectWriter().add(u"http://example.com/is_root\"", true).toJson();
    const QByteArray expected = R"({"http://example.com/is_root\"":true})"_ba;
    QCOMPARE(json, expected);
    QCOMPARE(parse(json).value("http://example.com/is_root\""_L1).toBool(), true);
}

void tst_JsonWriter::appendsToExistingBuffer()
{
    QByteArray out = "prefix:"_ba;
    JsonObjectWriter::appendString(out, u"v");
    JsonObjectWriter::appendString(out, u"\u00e9");
    QCOMPARE(out, "prefix:\"v\"\"\xc3\xa9\""_ba);
}

void tst_JsonWriter::overloadsPickTheRightType()
{
    // Literals and plain ints must not fall into add(bool) through a standard conversion.
    const QByteArray json = JsonObjectWriter()
                                .add(u"utf16", u"Bearer")
                                .add(u"latin1", "Bearer")
                                .add(u"string", u"Bearer"_s)
                                .add(u"int", 300)
                                .add(u"qint64", qint64(300))
                                .add(u"bool", true)
                                .toJson();
    const QByteArray expected = R"({"utf16":"Bearer","latin1":"Bearer","string":"Bearer",)"
                                R"("int":300,"qint64":300,"bool":true})"_ba;
    QCOMPARE(json, expected);
}

QTEST_GUILESS_MAIN(tst_JsonWriter)
#include "tst_jsonwriter.moc"
