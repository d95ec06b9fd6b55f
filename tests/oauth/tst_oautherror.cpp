// SPDX-License-Identifier: GPL-3.0-or-later
#include "oauth/httpmessage.h"
#include "oauth/oautherror.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

Q_DECLARE_METATYPE(OAuthError::Code)

// OAuthError (codes, statuses, JSON) and the plain HTTP message values.
class TestOAuthError : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void codes_data();
    void codes();
    void toJson();
    void toJsonWithoutDescription();
    void descriptionIsRestrictedOnTheWire();
    void detailFallsBackToDescription();
    void challenge();
    void requestHeaders();
    void responseSetHeader();
};

void TestOAuthError::codes_data()
{
    QTest::addColumn<OAuthError::Code>("code");
    QTest::addColumn<QByteArray>("errorCode");
    QTest::addColumn<int>("status");

    using Code = OAuthError::Code;
    QTest::newRow("invalid_request") << Code::InvalidRequest << "invalid_request"_ba << 400;
    QTest::newRow("invalid_client") << Code::InvalidClient << "invalid_client"_ba << 401;
    QTest::newRow("invalid_grant") << Code::InvalidGrant << "invalid_grant"_ba << 400;
    QTest::newRow("unauthorized_client")
        << Code::UnauthorizedClient << "unauthorized_client"_ba << 400;
    QTest::newRow("unsupported_grant_type")
        << Code::UnsupportedGrantType << "unsupported_grant_type"_ba << 400;
    QTest::newRow("invalid_scope") << Code::InvalidScope << "invalid_scope"_ba << 400;
    QTest::newRow("not_found") << Code::NotFound << "not_found"_ba << 404;
    QTest::newRow("method_not_allowed") << Code::MethodNotAllowed << "method_not_allowed"_ba << 405;
    QTest::newRow("payload_too_large") << Code::PayloadTooLarge << "payload_too_large"_ba << 413;
    QTest::newRow("server_error") << Code::ServerError << "server_error"_ba << 500;
}

void TestOAuthError::codes()
{
    QFETCH(OAuthError::Code, code);
    QFETCH(QByteArray, errorCode);
    QFETCH(int, status);

    const OAuthError error(code);
    QCOMPARE(error.code(), code);
    QCOMPARE(error.errorCode(), errorCode);
    QCOMPARE(error.httpStatus(), status);
    QCOMPARE(error.toJson(), "{\"error\":\""_ba + errorCode + "\"}"_ba);
}

void TestOAuthError::toJson()
{
    const OAuthError error(OAuthError::Code::InvalidScope,
        u"scope 'admin.all' is not allowed for this client"_s, u"registered scopes: a, b"_s);
    QCOMPARE(error.toJson(),
        "{\"error\":\"invalid_scope\","
        "\"error_description\":\"scope 'admin.all' is not allowed for this client\"}"_ba);
}

void TestOAuthError::toJsonWithoutDescription()
{
    const OAuthError error(OAuthError::Code::InvalidClient, QString(), u"no such client"_s);
    const QJsonObject json = QJsonDocument::fromJson(error.toJson()).object();
    QCOMPARE(json.value("error"_L1).toString(), u"invalid_client"_s);
    QVERIFY(!json.contains("error_description"_L1));
    // The detail never reaches the wire.
    QVERIFY(!error.toJson().contains("no such client"));
}

void TestOAuthError::descriptionIsRestrictedOnTheWire()
{
    // RFC 6749 §5.2: error_description excludes '"', '\' and anything outside printable ASCII.
    const OAuthError error(OAuthError::Code::InvalidRequest, u"a\"b\\c\u00e9d\ne"_s);
    const QJsonObject json = QJsonDocument::fromJson(error.toJson()).object();
    QCOMPARE(json.value("error_description"_L1).toString(), u"a?b?c?d?e"_s);
    // The value itself is kept for the log.
    QCOMPARE(error.description(), u"a\"b\\c\u00e9d\ne"_s);
}

void TestOAuthError::detailFallsBackToDescription()
{
    const OAuthError withoutDetail(OAuthError::Code::InvalidRequest, u"grant_type is missing"_s);
    QCOMPARE(withoutDetail.detail(), u"grant_type is missing"_s);
    const OAuthError withDetail(OAuthError::Code::InvalidClient, u"Client authentication failed"_s,
        u"the client secret does not match"_s);
    QCOMPARE(withDetail.detail(), u"the client secret does not match"_s);
    QCOMPARE(withDetail.description(), u"Client authentication failed"_s);
}

void TestOAuthError::challenge()
{
    OAuthError error(OAuthError::Code::InvalidClient);
    QCOMPARE(error.challenge(), OAuthError::Challenge::None);
    error.setChallenge(OAuthError::Challenge::Basic);
    QCOMPARE(error.challenge(), OAuthError::Challenge::Basic);
}

void TestOAuthError::requestHeaders()
{
    HttpRequest request;
    request.headers = {{"Content-Type"_ba, "application/x-www-form-urlencoded"_ba},
        {"X-Twice"_ba, "first"_ba}, {"x-twice"_ba, "second"_ba}};
    QCOMPARE(request.header("content-type"), "application/x-www-form-urlencoded"_ba);
    QCOMPARE(request.header("CONTENT-TYPE"), "application/x-www-form-urlencoded"_ba);
    QCOMPARE(request.header("X-TWICE"), "first"_ba);
    QCOMPARE(request.headerCount("x-twice"), 2);
    QCOMPARE(request.headerCount("authorization"), 0);
    QVERIFY(request.hasHeader("Content-type"));
    QVERIFY(!request.hasHeader("Authorization"));
    QCOMPARE(request.header("Authorization"), QByteArray());
}

void TestOAuthError::responseSetHeader()
{
    HttpResponse response;
    QCOMPARE(response.status, 200);
    QCOMPARE(response.contentType, "application/json;charset=UTF-8"_ba);

    response.setHeader("WWW-Authenticate"_ba, "Basic realm=\"a\""_ba);
    response.setHeader("Cache-Control"_ba, "no-store"_ba);
    QCOMPARE(response.headers.size(), 2);
    // Replaces in place, whatever the case of the name.
    response.setHeader("www-authenticate"_ba, "Basic realm=\"b\""_ba);
    QCOMPARE(response.headers.size(), 2);
    QCOMPARE(response.headers.first().second, "Basic realm=\"b\""_ba);
    QCOMPARE(response.header("WWW-AUTHENTICATE"), "Basic realm=\"b\""_ba);

    // A duplicate added by hand is folded into one.
    response.headers.append({"cache-control"_ba, "no-cache"_ba});
    response.setHeader("Cache-Control"_ba, "no-store"_ba);
    QCOMPARE(response.headers.size(), 2);
    QCOMPARE(response.header("cache-control"), "no-store"_ba);
    QCOMPARE(response.header("Pragma"), QByteArray());
}

QTEST_GUILESS_MAIN(TestOAuthError)
#include "tst_oautherror.moc"
