// SPDX-License-Identifier: GPL-3.0-or-later
#include "jose/jsontext.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

class tst_JsonText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void prettyKeepsOrderAndValues();
    void prettySpans();
    void prettyEmptyContainers();
    void compact_data();
    void compact();
    void topLevelMembers();
    void topLevelMembersOfNonObjects_data();
    void topLevelMembersOfNonObjects();
    void garbageNeverCrashes();
};

void tst_JsonText::prettyKeepsOrderAndValues()
{
    // QJsonDocument would sort the members and round the big number to a double.
    const QByteArray json
        = R"({"z":1,"a":{"n":12345678901234567890,"s":"x\"y"},"m":[true,null]})"_ba;
    const JsonText::Pretty pretty = JsonText::pretty(json);
    QCOMPARE(pretty.text,
        u"{\n"
        u"  \"z\": 1,\n"
        u"  \"a\": {\n"
        u"    \"n\": 12345678901234567890,\n"
        u"    \"s\": \"x\\\"y\"\n"
        u"  },\n"
        u"  \"m\": [\n"
        u"    true,\n"
        u"    null\n"
        u"  ]\n"
        u"}"_s);
    // Still the same JSON.
    QCOMPARE(QJsonDocument::fromJson(pretty.text.toUtf8()), QJsonDocument::fromJson(json));
    QCOMPARE(JsonText::pretty(json, 4).text.section(u'\n', 1, 1), u"    \"z\": 1,"_s);
}

void tst_JsonText::prettySpans()
{
    const JsonText::Pretty pretty = JsonText::pretty(R"({"iss":"joe","exp":13,"ok":false})"_ba);
    QStringList keys;
    QStringList strings;
    QStringList numbers;
    QStringList literals;
    for (const JsonText::Span &span : pretty.spans) {
        QVERIFY(span.start >= 0 && span.start + span.length <= pretty.text.size());
        const QString text = pretty.text.mid(span.start, span.length);
        switch (span.kind) {
        case JsonText::Span::Kind::Key:
            keys.append(text);
            break;
        case JsonText::Span::Kind::String:
            strings.append(text);
            break;
        case JsonText::Span::Kind::Number:
            numbers.append(text);
            break;
        case JsonText::Span::Kind::Literal:
            literals.append(text);
            break;
        case JsonText::Span::Kind::Punctuation:
            QVERIFY2(text.size() == 1 && u"{}[]:,"_s.contains(text), qPrintable(text));
            break;
        }
    }
    QCOMPARE(keys, QStringList({u"\"iss\""_s, u"\"exp\""_s, u"\"ok\""_s}));
    QCOMPARE(strings, QStringList {u"\"joe\""_s});
    QCOMPARE(numbers, QStringList {u"13"_s});
    QCOMPARE(literals, QStringList {u"false"_s});

    // Spans count UTF-16 units, so text after a non-ASCII string is still found.
    const JsonText::Pretty unicode
        = JsonText::pretty("{\"n\":\"J\xc3\xb6rg \xf0\x9f\x94\x91\",\"x\":1}"_ba);
    const JsonText::Span last = unicode.spans.at(unicode.spans.size() - 2);
    QCOMPARE(unicode.text.mid(last.start, last.length), u"1"_s);
}

void tst_JsonText::prettyEmptyContainers()
{
    QCOMPARE(JsonText::pretty("{}"_ba).text, u"{}"_s);
    QCOMPARE(JsonText::pretty(R"({"a":[],"b":{}})"_ba).text, u"{\n  \"a\": [],\n  \"b\": {}\n}"_s);
}

void tst_JsonText::compact_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("RFC 7515 payload")
        << "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"b\":true}"_ba
        << R"({"iss":"joe","exp":1300819380,"b":true})"_ba;
    QTest::newRow("spaces in strings stay") << "{ \"a b\" : \" c \" }"_ba
                                            << R"({"a b":" c "})"_ba;
    QTest::newRow("escaped quote") << R"({"a":"x\" y"})"_ba
                                   << R"({"a":"x\" y"})"_ba;
    QTest::newRow("nested") << "[ 1 , [ 2 , { } ] ]"_ba
                            << "[1,[2,{}]]"_ba;
    QTest::newRow("empty") << QByteArray() << QByteArray();
}

void tst_JsonText::compact()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, expected);
    QCOMPARE(JsonText::compact(json), expected);
}

void tst_JsonText::topLevelMembers()
{
    const QList<JsonText::Member> members = JsonText::topLevelMembers(
        R"({ "b" : [1, {"x": 2}], "a\u0062" : "v", "c": {"d": {}}, "b": null })"_ba);
    QCOMPARE(members.size(), 4);
    QCOMPARE(members.at(0).name, u"b"_s);
    QCOMPARE(members.at(0).value, R"([1,{"x":2}])"_ba);
    QCOMPARE(members.at(1).name, u"ab"_s); // the escape is decoded
    QCOMPARE(members.at(1).value, R"("v")"_ba);
    QCOMPARE(members.at(2).value, R"({"d":{}})"_ba);
    // Duplicates are kept, so that they can be pointed out.
    QCOMPARE(members.at(3).name, u"b"_s);
    QCOMPARE(members.at(3).value, "null"_ba);
}

void tst_JsonText::topLevelMembersOfNonObjects_data()
{
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("array") << R"(["a", 1])"_ba;
    QTest::newRow("string") << R"("a")"_ba;
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("empty object") << "{}"_ba;
}

void tst_JsonText::topLevelMembersOfNonObjects()
{
    QFETCH(QByteArray, json);
    QVERIFY(JsonText::topLevelMembers(json).isEmpty());
}

void tst_JsonText::garbageNeverCrashes()
{
    // These functions are meant for validated JSON; anything else must still be safe.
    const QList<QByteArray> fixed = {"{"_ba, "}"_ba, "]]]]"_ba, "{\"a"_ba, "{\"a\\"_ba, "\"\\"_ba,
        "{:}"_ba, "{\"a\":}"_ba, ",,,"_ba, "{\"a\":[}"_ba, QByteArray(1, '\0')};
    for (const QByteArray &json : fixed) {
        const JsonText::Pretty pretty = JsonText::pretty(json);
        for (const JsonText::Span &span : pretty.spans) {
            QVERIFY(span.start >= 0 && span.start + span.length <= pretty.text.size());
        }
        QVERIFY(JsonText::compact(json).size() <= json.size());
        JsonText::topLevelMembers(json);
    }
    QRandomGenerator random(7515);
    const QByteArray alphabet = "{}[]:,\" \\ab1\n"_ba;
    for (int i = 0; i < 3000; ++i) {
        QByteArray json(random.bounded(40), Qt::Uninitialized);
        for (char &c : json) {
            c = alphabet.at(random.bounded(alphabet.size()));
        }
        const JsonText::Pretty pretty = JsonText::pretty(json);
        for (const JsonText::Span &span : pretty.spans) {
            QVERIFY2(span.start >= 0 && span.start + span.length <= pretty.text.size(),
                json.constData());
        }
        QVERIFY(JsonText::compact(json).size() <= json.size());
        JsonText::topLevelMembers(json);
    }
}

QTEST_GUILESS_MAIN(tst_JsonText)
#include "tst_jsontext.moc"
