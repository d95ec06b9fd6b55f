// SPDX-License-Identifier: GPL-3.0-or-later
// RFC 6750 §2 (where a bearer token may be) and §3 (the challenge), as plain values.
#include "resource/bearertoken.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestBearerToken : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void extract_data();
    void extract();
    void b64token_data();
    void b64token();
    void challenges();
    void descriptionIsQuotedSafely();
    void challengeReadBack();
};

void TestBearerToken::extract_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<HttpHeaders>("headers");
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("allowBody");
    QTest::addColumn<bool>("allowQuery");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("error"); // errorCode(), "" for none
    QTest::addColumn<QString>("note"); // a part of the note

    const HttpHeaders none;
    const HttpHeaders form {{"Content-Type", "application/x-www-form-urlencoded"}};
    QTest::newRow("header") << "GET"_ba << HttpHeaders {{"Authorization", "Bearer abc.def-_~+/=="}}
                            << QByteArray() << QByteArray() << false << false << "abc.def-_~+/=="_ba
                            << QString() << QString();
    QTest::newRow("scheme any case")
        << "GET"_ba << HttpHeaders {{"authorization", "bEaReR xyz"}} << QByteArray() << QByteArray()
        << false << false << "xyz"_ba << QString() << QString();
    QTest::newRow("nothing") << "GET"_ba << none << QByteArray() << QByteArray() << false << false
                             << QByteArray() << QString() << QString();
    QTest::newRow("basic is not bearer")
        << "GET"_ba << HttpHeaders {{"Authorization", "Basic YTpi"}} << QByteArray() << QByteArray()
        << false << false << QByteArray() << QString() << u"Basic scheme"_s;
    QTest::newRow("empty bearer") << "GET"_ba << HttpHeaders {{"Authorization", "Bearer"}}
                                  << QByteArray() << QByteArray() << false << false << QByteArray()
                                  << u"invalid_token"_s << QString();
    QTest::newRow("bad characters")
        << "GET"_ba << HttpHeaders {{"Authorization", "Bearer a b"}} << QByteArray() << QByteArray()
        << false << false << QByteArray() << u"invalid_token"_s << QString();
    QTest::newRow("two headers") << "GET"_ba
                                 << HttpHeaders {{"Authorization", "Bearer a"},
                                        {"Authorization", "Bearer b"}}
                                 << QByteArray() << QByteArray() << false << false << QByteArray()
                                 << u"invalid_request"_s << QString();
    QTest::newRow("query off") << "GET"_ba << none << "access_token=abc"_ba << QByteArray() << false
                               << false << QByteArray() << QString() << u"allowQueryToken is off"_s;
    QTest::newRow("query on") << "GET"_ba << none << "x=1&access_token=abc"_ba << QByteArray()
                              << false << true << "abc"_ba << QString() << QString();
    QTest::newRow("query twice") << "GET"_ba << none << "access_token=a&access_token=b"_ba
                                 << QByteArray() << false << true << QByteArray()
                                 << u"invalid_request"_s << QString();
    QTest::newRow("body off") << "POST"_ba << form << QByteArray() << "access_token=abc"_ba << false
                              << false << QByteArray() << QString()
                              << u"allowFormBodyToken is off"_s;
    QTest::newRow("body on") << "POST"_ba << form << QByteArray() << "access_token=abc"_ba << true
                             << false << "abc"_ba << QString() << QString();
    QTest::newRow("body with GET is no body token")
        << "GET"_ba << form << QByteArray() << "access_token=abc"_ba << true << false
        << QByteArray() << QString() << QString();
    QTest::newRow("body but JSON")
        << "POST"_ba << HttpHeaders {{"Content-Type", "application/json"}} << QByteArray()
        << "access_token=abc"_ba << true << false << QByteArray() << QString() << QString();
    QTest::newRow("header and query")
        << "GET"_ba << HttpHeaders {{"Authorization", "Bearer a"}} << "access_token=b"_ba
        << QByteArray() << false << true << QByteArray() << u"invalid_request"_s << QString();
    QTest::newRow("header and body")
        << "POST"_ba
        << HttpHeaders {{"Authorization", "Bearer a"},
               {"Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"}}
        << QByteArray() << "access_token=b"_ba << true << false << QByteArray()
        << u"invalid_request"_s << QString();
    QTest::newRow("header, query ignored")
        << "GET"_ba << HttpHeaders {{"Authorization", "Bearer a"}} << "access_token=b"_ba
        << QByteArray() << false << false << "a"_ba << QString() << u"ignored"_s;
    QTest::newRow("bad escape in query")
        << "GET"_ba << none << "access_token=%zz"_ba << QByteArray() << false << true
        << QByteArray() << u"invalid_request"_s << QString();
    QTest::newRow("query token not b64token")
        << "GET"_ba << none << "access_token=a%20b"_ba << QByteArray() << false << true
        << QByteArray() << u"invalid_token"_s << QString();
}

void TestBearerToken::extract()
{
    QFETCH(QByteArray, method);
    QFETCH(HttpHeaders, headers);
    QFETCH(QByteArray, query);
    QFETCH(QByteArray, body);
    QFETCH(bool, allowBody);
    QFETCH(bool, allowQuery);
    QFETCH(QByteArray, token);
    QFETCH(QString, error);
    QFETCH(QString, note);

    HttpRequest request;
    request.method = method;
    request.path = "/ms-system/country"_ba;
    request.headers = headers;
    request.query = query;
    request.body = body;
    const BearerExtraction out
        = BearerToken::extract(request, BearerOptions {allowBody, allowQuery});
    QCOMPARE(out.error ? out.error->errorCode() : QString(), error);
    QCOMPARE(out.hasToken() ? out.token : QByteArray(), token);
    if (!note.isEmpty())
        QVERIFY2(out.note.contains(note), qPrintable(out.note));
    if (!token.isEmpty())
        QVERIFY(!out.source.isEmpty());
}

void TestBearerToken::b64token_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<bool>("valid");
    QTest::newRow("letters") << "abcXYZ019"_ba << true;
    QTest::newRow("all marks") << "-._~+/"_ba << true;
    QTest::newRow("padding") << "abc=="_ba << true;
    QTest::newRow("only padding") << "=="_ba << false;
    QTest::newRow("padding inside") << "ab=c"_ba << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("space") << "a b"_ba << false;
    QTest::newRow("quote") << "a\"b"_ba << false;
    QTest::newRow("non-ASCII") << "caf\xc3\xa9"_ba << false;
}

void TestBearerToken::b64token()
{
    QFETCH(QByteArray, token);
    QFETCH(bool, valid);
    QCOMPARE(BearerToken::isB64Token(token), valid);
}

void TestBearerToken::challenges()
{
    const BearerError missing;
    QCOMPARE(missing.status(), 401);
    QCOMPARE(missing.challenge(u"ms-system"_s), "Bearer realm=\"ms-system\""_ba);
    const HttpResponse bare = missing.response(u"ms-system"_s);
    QVERIFY(bare.body.isEmpty());
    QCOMPARE(bare.header("WWW-Authenticate"), "Bearer realm=\"ms-system\""_ba);

    const BearerError invalid {BearerError::Code::InvalidToken, u"the token expired"_s, {}};
    QCOMPARE(invalid.status(), 401);
    QCOMPARE(invalid.challenge(u"ms-system"_s),
        "Bearer realm=\"ms-system\", error=\"invalid_token\", error_description=\"the token "
        "expired\""_ba);
    const QJsonObject body
        = QJsonDocument::fromJson(invalid.response(u"ms-system"_s).body).object();
    QCOMPARE(body.value("error"_L1).toString(), u"invalid_token"_s);
    QCOMPARE(body.value("error_description"_L1).toString(), u"the token expired"_s);

    const BearerError scope {
        BearerError::Code::InsufficientScope, u"needs more"_s, u"country.read"_s};
    QCOMPARE(scope.status(), 403);
    QCOMPARE(scope.challenge(u"ms-system"_s),
        "Bearer realm=\"ms-system\", error=\"insufficient_scope\", error_description=\"needs "
        "more\", scope=\"country.read\""_ba);

    const BearerError request {BearerError::Code::InvalidRequest, u"two"_s, {}};
    QCOMPARE(request.status(), 400);
    QVERIFY(request.challenge(u"r"_s).contains("error=\"invalid_request\""));
}

void TestBearerToken::descriptionIsQuotedSafely()
{
    // RFC 6750 §3: %x20-21 / %x23-5B / %x5D-7E only.
    const BearerError error {BearerError::Code::InvalidToken, u"a \"quoted\" \\ caf\u00e9\n"_s, {}};
    const QByteArray challenge = error.challenge(u"ms-system"_s);
    QCOMPARE(challenge,
        "Bearer realm=\"ms-system\", error=\"invalid_token\", error_description=\"a 'quoted' ? "
        "caf??\""_ba);
}

void TestBearerToken::challengeReadBack()
{
    // What the resource server writes, a client reads back: quoted values with commas and
    // spaces, and a name that begins a longer one ("error", "error_description").
    const BearerError error {
        BearerError::Code::InsufficientScope, u"needs more, sorry"_s, u"country.read"_s};
    const QByteArray challenge = error.challenge(u"ms-system"_s);
    QCOMPARE(BearerError::challengeParameter(challenge, u"realm"_s), u"ms-system"_s);
    QCOMPARE(BearerError::challengeParameter(challenge, u"error"_s), u"insufficient_scope"_s);
    QCOMPARE(
        BearerError::challengeParameter(challenge, u"error_description"_s), u"needs more, sorry"_s);
    QCOMPARE(BearerError::challengeParameter(challenge, u"scope"_s), u"country.read"_s);
    QVERIFY(BearerError::challengeParameter(challenge, u"uri"_s).isEmpty());
    // Tokens unquoted, and escapes inside a quoted-string (RFC 9110 §5.6.4).
    const QByteArray other = "Bearer error=invalid_token, error_description=\"a \\\"b\\\"\""_ba;
    QCOMPARE(BearerError::challengeParameter(other, u"error"_s), u"invalid_token"_s);
    QCOMPARE(BearerError::challengeParameter(other, u"error_description"_s), u"a \"b\""_s);
}

QTEST_GUILESS_MAIN(TestBearerToken)
#include "tst_bearertoken.moc"
