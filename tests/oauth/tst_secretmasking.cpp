// SPDX-License-Identifier: GPL-3.0-or-later
// The one masking rule: credentials found on the decoded form of a name whatever its encoding,
// credential headers whatever their case, tokens in JSON bodies, and the text kept readable.
#include "oauth/formdecoder.h"
#include "oauth/secretmasking.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestSecretMasking : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void credentialParameters_data();
    void credentialParameters();
    void form_data();
    void form();
    void everyDecodedCredentialIsMasked_data();
    void everyDecodedCredentialIsMasked();
    void headers_data();
    void headers();
    void json_data();
    void json();
    void requestBodyIsMaskedAsJsonAndAsForm();
    void url();
    void typedParameters();
};

void TestSecretMasking::credentialParameters_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("credential");
    for (const char *name : {"client_secret", "client_assertion", "assertion", "password",
             "refresh_token", "code", "code_verifier", "token", "access_token", "subject_token",
             "actor_token", "device_code"})
        QTest::newRow(name) << QString::fromLatin1(name) << true;
    QTest::newRow("any case") << u"Client_SECRET"_s << true;
    QTest::newRow("surrounding spaces") << u" password "_s << true;
    for (const char *name : {"client_id", "grant_type", "scope", "username", "code_challenge",
             "code_challenge_method", "client_assertion_type", "redirect_uri", "state",
             "token_type_hint", "audience", "resource", "client_secret_x", "passwords"})
        QTest::newRow(name) << QString::fromLatin1(name) << false;
}

void TestSecretMasking::credentialParameters()
{
    QFETCH(QString, name);
    QFETCH(bool, credential);
    QCOMPARE(SecretMasking::isCredentialParameter(name), credential);
}

void TestSecretMasking::form_data()
{
    QTest::addColumn<QByteArray>("form");
    QTest::addColumn<QByteArray>("masked");
    QTest::newRow("as written")
        << "grant_type=client_credentials&client_id=a&client_secret=s3"_ba
        << "grant_type=client_credentials&client_id=a&client_secret=******"_ba;
    QTest::newRow("%5F") << "client%5Fsecret=s3&client_id=a"_ba
                         << "client%5Fsecret=******&client_id=a"_ba;
    QTest::newRow("%5f") << "client%5fsecret=s3"_ba
                         << "client%5fsecret=******"_ba;
    QTest::newRow("every letter encoded") << "%63%6C%69%65%6E%74%5F%73%65%63%72%65%74=s3"_ba
                                          << "%63%6C%69%65%6E%74%5F%73%65%63%72%65%74=******"_ba;
    QTest::newRow("'+' in the value") << "password=a+b+c&x=1"_ba
                                      << "password=******&x=1"_ba;
    QTest::newRow("'+' around the name") << "+password+=a"_ba
                                         << "+password+=******"_ba;
    QTest::newRow("mixed case") << "Client_Secret=s3"_ba
                                << "Client_Secret=******"_ba;
    QTest::newRow("repeated")
        << "client_secret=one&client_secret=two&client%5Fsecret=three"_ba
        << "client_secret=******&client_secret=******&client%5Fsecret=******"_ba;
    QTest::newRow("empty value stays") << "client_secret=&a=b"_ba
                                       << "client_secret=&a=b"_ba;
    QTest::newRow("no '='") << "client_secret&a=b"_ba
                            << "client_secret&a=b"_ba;
    QTest::newRow("empty pairs") << "&&password=x&&"_ba
                                 << "&&password=******&&"_ba;
    QTest::newRow("bad escape elsewhere") << "a=%ZZ&password=x"_ba
                                          << "a=%ZZ&password=******"_ba;
    QTest::newRow("'=' in the value") << "assertion=a.b=c=="_ba
                                      << "assertion=******"_ba;
    QTest::newRow("nothing secret") << "grant_type=client_credentials&scope=a%20b"_ba
                                    << "grant_type=client_credentials&scope=a%20b"_ba;
    QTest::newRow("empty") << QByteArray() << QByteArray();
}

void TestSecretMasking::form()
{
    QFETCH(QByteArray, form);
    QFETCH(QByteArray, masked);
    QCOMPARE(SecretMasking::maskForm(form), masked);
}

void TestSecretMasking::everyDecodedCredentialIsMasked_data()
{
    QTest::addColumn<QByteArray>("form");
    QTest::newRow("%5F") << "client%5Fsecret=TOPSECRET"_ba;
    QTest::newRow("%73") << "client_%73ecret=TOPSECRET"_ba;
    QTest::newRow("%2D is not '_'") << "client%2Dsecret=x&password=TOPSECRET"_ba;
    QTest::newRow("verifier") << "code_verifier=TOPSECRET&code=TOPSECRET"_ba;
    QTest::newRow("jwt bearer") << "assertion=TOPSECRET&client_assertion=TOPSECRET"_ba;
}

// Whatever the encoding: no value that the server's own decoder reads under a credential name
// survives masking.
void TestSecretMasking::everyDecodedCredentialIsMasked()
{
    QFETCH(QByteArray, form);
    const QByteArray masked = SecretMasking::maskForm(form);
    QVERIFY2(!masked.contains("TOPSECRET"), masked.constData());
    const Result<FormParameters> decoded = FormDecoder::decode(masked);
    QVERIFY(decoded.isOk());
    for (const auto &[name, value] : decoded->pairs()) {
        if (SecretMasking::isCredentialParameter(name))
            QCOMPARE(value, u"******"_s);
    }
}

void TestSecretMasking::headers_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("masked");
    QTest::newRow("Basic") << "Authorization"_ba
                           << "Basic YTpi"_ba
                           << "Basic ******"_ba;
    QTest::newRow("lower case name") << "authorization"_ba
                                     << "Bearer abc.def"_ba
                                     << "Bearer ******"_ba;
    QTest::newRow("upper case name") << "AUTHORIZATION"_ba
                                     << "Basic YTpi"_ba
                                     << "Basic ******"_ba;
    QTest::newRow("no scheme") << "Authorization"_ba
                               << "YTpi"_ba
                               << "******"_ba;
    QTest::newRow("proxy") << "Proxy-Authorization"_ba
                           << "Basic cHJveHk6cHc="_ba
                           << "Basic ******"_ba;
    QTest::newRow("proxy, mixed case") << "proxy-AUTHORIZATION"_ba
                                       << "Digest x=1"_ba
                                       << "Digest ******"_ba;
    QTest::newRow("cookie") << "Cookie"_ba
                            << "sid=abc; theme=dark"_ba
                            << "sid=******; theme=******"_ba;
    QTest::newRow("cookie, lower case") << "cookie"_ba
                                        << "JSESSIONID=abc"_ba
                                        << "JSESSIONID=******"_ba;
    QTest::newRow("cookie without name") << "Cookie"_ba
                                         << "abc; b=c"_ba
                                         << "******; b=******"_ba;
    QTest::newRow("set-cookie") << "Set-Cookie"_ba
                                << "sid=abc; Path=/; HttpOnly"_ba
                                << "sid=******; Path=/; HttpOnly"_ba;
    QTest::newRow("other header") << "Content-Type"_ba
                                  << "application/json"_ba
                                  << "application/json"_ba;
}

void TestSecretMasking::headers()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, masked);
    QCOMPARE(SecretMasking::maskHeaderValue(name, value), masked);
    QCOMPARE(SecretMasking::isCredentialHeader(name), masked != value);
    const HttpHeaders headers = SecretMasking::maskHeaders({{"Host"_ba, "a"_ba}, {name, value}});
    QCOMPARE(headers, HttpHeaders({{"Host"_ba, "a"_ba}, {name, masked}}));
}

void TestSecretMasking::json_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("masked");
    QTest::addColumn<QByteArray>("withTokens");
    const QByteArray token
        = R"({"access_token":"eyJ.a.b","scope":"a b","token_type":"Bearer","expires_in":300})"_ba;
    QTest::newRow("token response")
        << token
        << R"({"access_token":"******","scope":"a b","token_type":"Bearer","expires_in":300})"_ba
        << token;
    const QByteArray spaced = "{\n  \"refresh_token\" : \"r1\",\n  \"id_token\":\"i1\"\n}"_ba;
    QTest::newRow("spacing kept")
        << spaced << "{\n  \"refresh_token\" : \"******\",\n  \"id_token\":\"******\"\n}"_ba
        << spaced;
    QTest::newRow("escaped name") << R"({"access\u005ftoken":"x\"y","a":"access_token"})"_ba
                                  << R"({"access\u005ftoken":"******","a":"access_token"})"_ba
                                  << R"({"access\u005ftoken":"x\"y","a":"access_token"})"_ba;
    QTest::newRow("credential always masked")
        << R"({"client_id":"c","client_secret":"s","password":1234,"token":true})"_ba
        << R"({"client_id":"c","client_secret":"******","password":"******","token":"******"})"_ba
        << R"({"client_id":"c","client_secret":"******","password":"******","token":"******"})"_ba;
    QTest::newRow("nested") << R"([{"a":{"access_token":"x"}},{"b":["access_token"]}])"_ba
                            << R"([{"a":{"access_token":"******"}},{"b":["access_token"]}])"_ba
                            << R"([{"a":{"access_token":"x"}},{"b":["access_token"]}])"_ba;
    QTest::newRow("error body") << R"({"error":"invalid_client","error_description":"bad"})"_ba
                                << R"({"error":"invalid_client","error_description":"bad"})"_ba
                                << R"({"error":"invalid_client","error_description":"bad"})"_ba;
    QTest::newRow("not JSON") << "access_token=x"_ba
                              << "access_token=x"_ba
                              << "access_token=x"_ba;
    QTest::newRow("truncated") << R"({"access_token":"abc)"_ba
                               << R"({"access_token":"******")"_ba
                               << R"({"access_token":"abc)"_ba;
}

void TestSecretMasking::json()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, masked);
    QFETCH(QByteArray, withTokens);
    QCOMPARE(SecretMasking::maskJson(json, SecretMasking::Tokens::Masked), masked);
    QCOMPARE(SecretMasking::maskJson(json, SecretMasking::Tokens::Included), withTokens);
}

void TestSecretMasking::requestBodyIsMaskedAsJsonAndAsForm()
{
    QCOMPARE(SecretMasking::maskRequestBody(R"({"client_secret":"s","access_token":"t"})"_ba),
        R"({"client_secret":"******","access_token":"******"})"_ba);
    // The server decodes a form whatever the body looks like: "{x}&client_secret=s" counts.
    QCOMPARE(
        SecretMasking::maskRequestBody("{x}&client_secret=s"_ba), "{x}&client_secret=******"_ba);
    QCOMPARE(SecretMasking::maskRequestBody("grant_type=password&username=u&password=p"_ba),
        "grant_type=password&username=u&password=******"_ba);
}

void TestSecretMasking::url()
{
    const QUrl masked = SecretMasking::maskUrl(QUrl(
        u"https://user:pw@idp.example/token?client%5Fsecret=s&+password+=p&audience=api#access_token=t"_s));
    // QUrl itself turns %5F into '_'; '+' stays as written.
    QCOMPARE(masked.toString(QUrl::FullyEncoded),
        u"https://user:******@idp.example/token?client_secret=******&+password+=******&audience=api#access_token=******"_s);
    const QUrl plain(u"http://127.0.0.1:8085/ms-auth-server/oauth2/token"_s);
    QCOMPARE(SecretMasking::maskUrl(plain), plain);
}

void TestSecretMasking::typedParameters()
{
    const QList<std::pair<QString, QString>> typed {{u"audience"_s, u"api"_s},
        {u"Password"_s, u"hunter2"_s}, {u"client_assertion"_s, u"eyJ"_s}, {u"code"_s, QString()}};
    const QList<std::pair<QString, QString>> masked {{u"audience"_s, u"api"_s},
        {u"Password"_s, u"******"_s}, {u"client_assertion"_s, u"******"_s}, {u"code"_s, QString()}};
    QCOMPARE(SecretMasking::maskParameters(typed), masked);
}

QTEST_APPLESS_MAIN(TestSecretMasking)
#include "tst_secretmasking.moc"
