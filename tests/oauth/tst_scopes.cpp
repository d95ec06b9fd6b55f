// SPDX-License-Identifier: GPL-3.0-or-later
#include "oauth/scopes.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestScopes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isValidScopeToken_data();
    void isValidScopeToken();
    void parse_data();
    void parse();
    void parseInvalid();
    void resolve_data();
    void resolve();
};

void TestScopes::isValidScopeToken_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<bool>("valid");

    QTest::newRow("single letter") << u"a"_s << true;
    QTest::newRow("dotted") << u"customer.read"_s << true;
    QTest::newRow("punctuation edges") << u"!#[]~"_s << true;
    QTest::newRow("url-like") << u"https://api.example.com/read"_s << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("space") << u"a b"_s << false;
    QTest::newRow("double quote") << u"a\"b"_s << false;
    QTest::newRow("backslash") << u"a\\b"_s << false;
    QTest::newRow("non-ASCII") << u"\u00e9"_s << false;
    QTest::newRow("control character") << u"a\u0001"_s << false;
    QTest::newRow("tab") << u"a\tb"_s << false;
    QTest::newRow("DEL") << u"a\u007f"_s << false;
}

void TestScopes::isValidScopeToken()
{
    QFETCH(QString, token);
    QFETCH(bool, valid);

    QCOMPARE(Scopes::isValidScopeToken(token), valid);
}

void TestScopes::parse_data()
{
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("empty") << QString() << QStringList();
    QTest::newRow("spaces only") << u"   "_s << QStringList();
    QTest::newRow("one") << u"customer.read"_s << QStringList {u"customer.read"_s};
    QTest::newRow("seed order kept")
        << u"country.read customer.read customer.write"_s
        << QStringList {u"country.read"_s, u"customer.read"_s, u"customer.write"_s};
    QTest::newRow("duplicates dropped") << u"b a b a"_s << QStringList {u"b"_s, u"a"_s};
    QTest::newRow("multiple spaces") << u"  a   b  "_s << QStringList {u"a"_s, u"b"_s};
    QTest::newRow("case-sensitive") << u"a A"_s << QStringList {u"a"_s, u"A"_s};
}

void TestScopes::parse()
{
    QFETCH(QString, scope);
    QFETCH(QStringList, expected);

    const Result<QStringList> parsed = Scopes::parse(scope);
    QVERIFY(parsed.isOk());
    QCOMPARE(parsed.value(), expected);
}

void TestScopes::parseInvalid()
{
    for (const QString &scope : {u"a \"b\""_s, u"a\tb"_s, u"caf\u00e9"_s, u"a\\b"_s}) {
        const Result<QStringList> parsed = Scopes::parse(scope);
        QVERIFY2(!parsed.isOk(), qPrintable(scope));
        QCOMPARE(parsed.error().code(), OAuthError::Code::InvalidScope);
        QCOMPARE(parsed.error().httpStatus(), 400);
        // The offending token is not echoed to the wire.
        QVERIFY(!parsed.error().description().contains(scope));
    }
}

void TestScopes::resolve_data()
{
    QTest::addColumn<QString>("requested");
    QTest::addColumn<QStringList>("allowed");
    QTest::addColumn<QStringList>("granted");
    QTest::addColumn<QString>("description"); // empty when granted

    const QStringList seed {u"country.read"_s, u"customer.read"_s, u"customer.write"_s};
    QTest::newRow("all") << u"country.read customer.read customer.write"_s << seed << seed
                         << QString();
    QTest::newRow("subset") << u"customer.write"_s << seed << QStringList {u"customer.write"_s}
                            << QString();
    QTest::newRow("empty request grants nothing")
        << QString() << seed << QStringList() << QString();
    QTest::newRow("not allowed") << u"customer.read admin.all"_s << seed << QStringList()
                                 << u"scope 'admin.all' is not allowed for this client"_s;
    QTest::newRow("first not allowed is named") << u"x.y admin.all"_s << seed << QStringList()
                                                << u"scope 'x.y' is not allowed for this client"_s;
    QTest::newRow("case matters") << u"Customer.Read"_s << seed << QStringList()
                                  << u"scope 'Customer.Read' is not allowed for this client"_s;
    QTest::newRow("client without scopes") << u"a"_s << QStringList() << QStringList()
                                           << u"scope 'a' is not allowed for this client"_s;
}

void TestScopes::resolve()
{
    QFETCH(QString, requested);
    QFETCH(QStringList, allowed);
    QFETCH(QStringList, granted);
    QFETCH(QString, description);

    const Result<QStringList> resolved = Scopes::resolve(requested, allowed);
    if (description.isEmpty()) {
        QVERIFY(resolved.isOk());
        QCOMPARE(resolved.value(), granted);
        return;
    }
    QVERIFY(!resolved.isOk());
    QCOMPARE(resolved.error().code(), OAuthError::Code::InvalidScope);
    QCOMPARE(resolved.error().description(), description);
    // The log detail also lists what is registered.
    QVERIFY(resolved.error().detail().startsWith(description));
    QVERIFY(resolved.error().detail().contains(
        u"registered scopes: "_s + (allowed.isEmpty() ? u"none"_s : allowed.join(u", "))));
}

QTEST_GUILESS_MAIN(TestScopes)
#include "tst_scopes.moc"
