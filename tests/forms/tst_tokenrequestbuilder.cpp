// SPDX-License-Identifier: GPL-3.0-or-later
// The composer's request builder: the seed's request byte for byte, the seed's curl command
// exactly, RFC 6749 §2.3.1 Basic credentials, extra parameters, shell quoting, and the resource
// call with its bearer token (RFC 6750 §2.1); the code flow's requests: authorization_code and
// refresh_token grants, a public client's client_id alone, the GETs the browser sends.
#include "composerrequestkind.h"
#include "store/configuration.h"
#include "tokenrequestbuilder.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestTokenRequestBuilder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void seedRequest();
    void seedCurl();
    void basicHeader_data();
    void basicHeader();
    void extraParameters();
    void snippetsQuoteSingleQuotes_data();
    void snippetsQuoteSingleQuotes();
    void resourceCallWithBearerToken();
    void resourceCallPostsJson();
    void authorizationCodeAsPublicClient();
    void refreshWithBasic();
    void getRequestsMaskTheirQuery();
};

namespace {

TokenRequestInput seedInput()
{
    TokenRequestInput input;
    input.tokenUrl = QUrl(u"http://localhost:8085/ms-auth-server/oauth2/token"_s);
    input.method = AuthMethod::ClientSecretPost.toString();
    input.clientId = u"service-client-jwt"_s;
    input.clientSecret = u"service-client-jwt-secret"_s;
    input.scopes = {u"country.read"_s, u"customer.read"_s, u"customer.write"_s};
    return input;
}

} // namespace

void TestTokenRequestBuilder::seedRequest()
{
    const TokenRequestBuilder builder(seedInput());
    QCOMPARE(builder.body(),
        "grant_type=client_credentials&client_id=service-client-jwt"
        "&client_secret=service-client-jwt-secret"
        "&scope=country.read%20customer.read%20customer.write"_ba);
    QCOMPARE(builder.target(), "/ms-auth-server/oauth2/token"_ba);
    const QList<TokenRequestBuilder::Header> expected = {{"Host"_ba, "localhost:8085"_ba},
        {"Content-Type"_ba, "application/x-www-form-urlencoded"_ba}};
    QCOMPARE(builder.headers(), expected);
    QCOMPARE(builder.previewText(),
        u"POST /ms-auth-server/oauth2/token HTTP/1.1\n"
        "Host: localhost:8085\n"
        "Content-Type: application/x-www-form-urlencoded\n"
        "\n"
        "grant_type=client_credentials&client_id=service-client-jwt"
        "&client_secret=service-client-jwt-secret"
        "&scope=country.read%20customer.read%20customer.write"_s);
}

void TestTokenRequestBuilder::seedCurl()
{
    const TokenRequestBuilder builder(seedInput());
    QCOMPARE(builder.curlCommand(),
        u"curl --location --request POST 'http://localhost:8085/ms-auth-server/oauth2/token' \\\n"
        "--header 'Content-Type: application/x-www-form-urlencoded' \\\n"
        "--data-urlencode 'grant_type=client_credentials' \\\n"
        "--data-urlencode 'client_id=service-client-jwt' \\\n"
        "--data-urlencode 'client_secret=service-client-jwt-secret' \\\n"
        "--data-urlencode 'scope=country.read customer.read customer.write'"_s);
}

void TestTokenRequestBuilder::basicHeader_data()
{
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QByteArray>("joined");
    QTest::newRow("special characters in the secret")
        << u"client"_s << u"a:b+c d%"_s << "client:a%3Ab%2Bc+d%25"_ba;
    QTest::newRow("special characters in the id")
        << u"a:b+c d%"_s << u"s"_s << "a%3Ab%2Bc+d%25:s"_ba;
    QTest::newRow("plain") << u"service-client-jwt"_s << u"secret"_s
                           << "service-client-jwt:secret"_ba;
}

void TestTokenRequestBuilder::basicHeader()
{
    QFETCH(QString, clientId);
    QFETCH(QString, secret);
    QFETCH(QByteArray, joined);
    TokenRequestInput input = seedInput();
    input.method = AuthMethod::ClientSecretBasic.toString();
    input.clientId = clientId;
    input.clientSecret = secret;
    const TokenRequestBuilder builder(input);
    const QByteArray header = "Basic " + joined.toBase64();
    const QList<TokenRequestBuilder::Header> expected = {{"Host"_ba, "localhost:8085"_ba},
        {"Authorization"_ba, header}, {"Content-Type"_ba, "application/x-www-form-urlencoded"_ba}};
    QCOMPARE(builder.headers(), expected);
    // The credentials go in the header only.
    QCOMPARE(builder.body(),
        "grant_type=client_credentials&scope=country.read%20customer.read%20customer.write"_ba);
    const QStringList steps = builder.basicSteps();
    QCOMPARE(steps.size(), 3);
    QVERIFY2(steps.at(1).endsWith(QString::fromLatin1(joined)), qPrintable(steps.at(1)));
    QVERIFY(steps.at(2).endsWith(QString::fromLatin1(header)));
    QVERIFY(builder.curlCommand().contains(
        u"--header 'Authorization: "_s + QString::fromLatin1(header) + u"' \\\n"_s));
    QVERIFY(!builder.curlCommand().contains(u"client_secret"_s));
}

void TestTokenRequestBuilder::extraParameters()
{
    TokenRequestInput input = seedInput();
    input.scopes = {u"country.read"_s};
    input.extraParameters
        = {{u"audience"_s, u"https://api.example.com/x y"_s}, {u"resource"_s, u"urn:a&b=c"_s}};
    const TokenRequestBuilder builder(input);
    QCOMPARE(builder.body(),
        "grant_type=client_credentials&client_id=service-client-jwt"
        "&client_secret=service-client-jwt-secret&scope=country.read"
        "&audience=https%3A%2F%2Fapi.example.com%2Fx%20y&resource=urn%3Aa%26b%3Dc"_ba);
    QVERIFY(builder.curlCommand().endsWith(
        u"--data-urlencode 'scope=country.read' \\\n"
        "--data-urlencode 'audience=https://api.example.com/x y' \\\n"
        "--data-urlencode 'resource=urn:a&b=c'"_s));
    QVERIFY(builder.httpieCommand().contains(u"'audience=https://api.example.com/x y'"_s));
    QVERIFY(builder.powerShellCommand().contains(u"'resource' = 'urn:a&b=c'"_s));
}

void TestTokenRequestBuilder::snippetsQuoteSingleQuotes_data()
{
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("curlPart");
    QTest::addColumn<QString>("httpiePart");
    QTest::addColumn<QString>("powerShellPart");
    QTest::newRow("one quote") << u"it's"_s << u"'client_secret=it'\\''s'"_s
                               << u"'client_secret=it'\\''s'"_s << u"'client_secret' = 'it''s'"_s;
    QTest::newRow("quotes at the ends")
        << u"'x'"_s << u"'client_secret='\\''x'\\'''"_s << u"'client_secret='\\''x'\\'''"_s
        << u"'client_secret' = '''x'''"_s;
}

void TestTokenRequestBuilder::snippetsQuoteSingleQuotes()
{
    QFETCH(QString, secret);
    QFETCH(QString, curlPart);
    QFETCH(QString, httpiePart);
    QFETCH(QString, powerShellPart);
    TokenRequestInput input = seedInput();
    input.clientSecret = secret;
    const TokenRequestBuilder builder(input);
    QVERIFY2(builder.curlCommand().contains(u"--data-urlencode "_s + curlPart + u" \\\n"_s),
        qPrintable(builder.curlCommand()));
    QVERIFY2(builder.httpieCommand().contains(httpiePart), qPrintable(builder.httpieCommand()));
    QVERIFY2(builder.powerShellCommand().contains(powerShellPart),
        qPrintable(builder.powerShellCommand()));
    QCOMPARE(TokenRequestBuilder::shellQuoted(u"a'b"_s), u"'a'\\''b'"_s);
    QCOMPARE(TokenRequestBuilder::powerShellQuoted(u"a'b"_s), u"'a''b'"_s);
}

void TestTokenRequestBuilder::resourceCallWithBearerToken()
{
    // RFC 6750 §2.1: the token in the Authorization header, no client credentials, no body.
    TokenRequestInput input;
    input.endpoint = ComposerRequestKinds::ResourceCall.toString();
    input.tokenUrl = QUrl(u"http://localhost:8091/ms-system/country/code/AUS"_s);
    input.token = u"abc.def.ghi"_s;
    input.clientId = u"ignored"_s;
    input.clientSecret = u"ignored-secret"_s;
    input.httpMethod = u"GET"_s;
    const TokenRequestBuilder builder(input);
    QVERIFY(builder.isResourceCall());
    QCOMPARE(builder.previewText(),
        u"GET /ms-system/country/code/AUS HTTP/1.1\nHost: localhost:8091\n"
        "Authorization: Bearer abc.def.ghi\n\n"_s);
    QCOMPARE(builder.previewText(TokenRequestBuilder::Secrets::Masked),
        u"GET /ms-system/country/code/AUS HTTP/1.1\nHost: localhost:8091\n"
        "Authorization: Bearer ******\n\n"_s);
    QCOMPARE(builder.curlCommand(),
        u"curl --location --request GET 'http://localhost:8091/ms-system/country/code/AUS' \\\n"
        "--header 'Authorization: Bearer abc.def.ghi'"_s);
    QVERIFY(builder.httpieCommand(TokenRequestBuilder::Secrets::Masked)
                .contains(u"'Authorization:Bearer ******'"_s));
    QVERIFY(builder.powerShellCommand().startsWith(u"Invoke-RestMethod -Method Get -Uri "_s));

    // Without a token: no Authorization header at all.
    input.token.clear();
    QCOMPARE(TokenRequestBuilder(input).previewText(),
        u"GET /ms-system/country/code/AUS HTTP/1.1\nHost: localhost:8091\n\n"_s);
    QCOMPARE(TokenRequestBuilder(input).curlCommand(),
        u"curl --location --request GET 'http://localhost:8091/ms-system/country/code/AUS'"_s);
}

void TestTokenRequestBuilder::resourceCallPostsJson()
{
    TokenRequestInput input;
    input.endpoint = ComposerRequestKinds::ResourceCall.toString();
    input.tokenUrl = QUrl(u"http://localhost:8091/ms-system/customer"_s);
    input.token = u"t"_s;
    input.httpMethod = u"POST"_s;
    input.jsonBody = u"{\"name\": \"Ada\"}"_s;
    const TokenRequestBuilder builder(input);
    QCOMPARE(builder.requestMethod(), "POST"_ba);
    QCOMPARE(builder.body(), "{\"name\": \"Ada\"}"_ba);
    QCOMPARE(builder.previewText(),
        u"POST /ms-system/customer HTTP/1.1\nHost: localhost:8091\nAuthorization: Bearer t\n"
        "Content-Type: application/json\n\n{\"name\": \"Ada\"}"_s);
    QVERIFY(builder.curlCommand().endsWith(u"--data-raw '{\"name\": \"Ada\"}'"_s));
}

void TestTokenRequestBuilder::authorizationCodeAsPublicClient()
{
    TokenRequestInput input = seedInput();
    input.method = AuthMethod::None.toString();
    input.clientId = u"public-client"_s;
    input.clientSecret = u"ignored"_s;
    input.scopes.clear();
    input.grantType = GrantType::AuthorizationCode.toString();
    input.grantParameters = {{u"code"_s, u"c0de"_s},
        {u"redirect_uri"_s, u"http://127.0.0.1:5000/callback"_s}, {u"code_verifier"_s, u"v"_s}};
    const TokenRequestBuilder builder(input);
    QCOMPARE(builder.body(),
        "grant_type=authorization_code&code=c0de&redirect_uri=http%3A%2F%2F127.0.0.1%3A5000%2F"
        "callback&code_verifier=v&client_id=public-client"_ba);
    QCOMPARE(builder.body(TokenRequestBuilder::Secrets::Masked),
        "grant_type=authorization_code&code=******&redirect_uri=http%3A%2F%2F127.0.0.1%3A5000%2F"
        "callback&code_verifier=******&client_id=public-client"_ba);
    QCOMPARE(builder.headers().size(), 2); // Host, Content-Type: no Authorization
}

void TestTokenRequestBuilder::refreshWithBasic()
{
    TokenRequestInput input = seedInput();
    input.method = AuthMethod::ClientSecretBasic.toString();
    input.scopes.clear();
    input.grantType = GrantType::RefreshToken.toString();
    input.grantParameters = {{u"refresh_token"_s, u"r1"_s}};
    const TokenRequestBuilder builder(input);
    QCOMPARE(builder.body(), "grant_type=refresh_token&refresh_token=r1"_ba);
    QCOMPARE(builder.headers().at(1).first, "Authorization"_ba);
}

void TestTokenRequestBuilder::getRequestsMaskTheirQuery()
{
    TokenRequestInput input;
    input.endpoint = u"end_session_endpoint"_s;
    input.tokenUrl = QUrl(
        u"http://localhost:8085/ms-auth-server/connect/logout?id_token_hint=a.b.c&client_id=pc"_s);
    const TokenRequestBuilder builder(input);
    QVERIFY(builder.isResourceCall());
    QCOMPARE(builder.requestMethod(), "GET"_ba);
    QCOMPARE(builder.previewText(TokenRequestBuilder::Secrets::Masked),
        u"GET /ms-auth-server/connect/logout?id_token_hint=******&client_id=pc HTTP/1.1\n"
        "Host: localhost:8085\n\n"_s);
    input.endpoint = u"userinfo_endpoint"_s;
    input.tokenUrl = QUrl(u"http://localhost:8085/ms-auth-server/userinfo"_s);
    input.token = u"at"_s;
    QCOMPARE(TokenRequestBuilder(input).previewText(TokenRequestBuilder::Secrets::Masked),
        u"GET /ms-auth-server/userinfo HTTP/1.1\nHost: localhost:8085\n"
        "Authorization: Bearer ******\n\n"_s);
}

QTEST_GUILESS_MAIN(TestTokenRequestBuilder)
#include "tst_tokenrequestbuilder.moc"
