// SPDX-License-Identifier: GPL-3.0-or-later
#include "authmethodexplainer.h"

#include "store/configuration.h"

#include <QPalette>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

AuthMethodExample example(QStringView method, const QString &id, const QString &secret)
{
    AuthMethodExample e;
    e.method = method.toString();
    e.clientId = id;
    e.clientSecret = secret;
    e.secretVisible = true;
    e.scopes = {u"country.read"_s, u"customer.read"_s};
    e.tokenEndpoint = QUrl(u"http://localhost:8085/ms-auth-server/oauth2/token"_s);
    return e;
}

QPalette palette(const QColor &window, const QColor &alternateBase)
{
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::AlternateBase, alternateBase);
    return p;
}

} // namespace

class TestAuthMethodExplainer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void basicRequest_data();
    void basicRequest();
    void postRequest();
    void assertionRequest_data();
    void assertionRequest();
    void publicClientRequest();
    void grantFollowsTheClient();
    void hiddenSecretNeverShows_data();
    void hiddenSecretNeverShows();
    void curlUsesUserOnlyWhenEncodingChangesNothing_data();
    void curlUsesUserOnlyWhenEncodingChangesNothing();
    void charactersChangedByEncoding_data();
    void charactersChangedByEncoding();
    void trapNamesTheCharacters();
    void notEnabledIsSaid();
    void colorsComeFromThePalette();
};

void TestAuthMethodExplainer::basicRequest_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QByteArray>("userPass"); // before base64, written out by hand
    QTest::newRow("seed client") << u"service-client-jwt"_s << u"service-client-jwt-secret"_s
                                 << "service-client-jwt:service-client-jwt-secret"_ba;
    QTest::newRow("reserved characters")
        << u"a:b"_s << u"s3cr:et+with %chars"_s << "a%3Ab:s3cr%3Aet%2Bwith+%25chars"_ba;
    QTest::newRow("non-ASCII secret") << u"svc"_s << u"p\u00e4ss"_s << "svc:p%C3%A4ss"_ba;
}

void TestAuthMethodExplainer::basicRequest()
{
    QFETCH(QString, id);
    QFETCH(QString, secret);
    QFETCH(QByteArray, userPass);
    const QString text
        = AuthMethodExplainer::requestText(example(AuthMethod::ClientSecretBasic, id, secret));
    QCOMPARE(text,
        u"POST /ms-auth-server/oauth2/token HTTP/1.1\n"
        "Host: localhost:8085\n"
        "Authorization: Basic "_s
            + QString::fromLatin1(userPass.toBase64())
            + u"\nContent-Type: application/x-www-form-urlencoded\n\n"
              "grant_type=client_credentials&scope=country.read+customer.read"_s);
}

void TestAuthMethodExplainer::postRequest()
{
    const QString text = AuthMethodExplainer::requestText(
        example(AuthMethod::ClientSecretPost, u"svc"_s, u"a&b=c"_s));
    QVERIFY(!text.contains(u"Authorization"_s));
    QVERIFY2(text.endsWith(u"\n\ngrant_type=client_credentials&client_id=svc"
                           "&client_secret=a%26b%3Dc&scope=country.read+customer.read"_s),
        qPrintable(text));
}

void TestAuthMethodExplainer::assertionRequest_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("signedWith");
    QTest::addColumn<QString>("alg");
    QTest::newRow("client_secret_jwt")
        << AuthMethod::ClientSecretJwt.toString() << u"the client secret"_s << u"HS256"_s;
    QTest::newRow("private_key_jwt")
        << AuthMethod::PrivateKeyJwt.toString() << u"the client's private key"_s << u"RS256"_s;
}

void TestAuthMethodExplainer::assertionRequest()
{
    QFETCH(QString, method);
    QFETCH(QString, signedWith);
    QFETCH(QString, alg);
    const AuthMethodExample e = example(method, u"svc"_s, u"the-secret"_s);
    const QString text = AuthMethodExplainer::requestText(e);
    QVERIFY(!text.contains(u"Authorization"_s));
    QVERIFY(!text.contains(u"the-secret"_s));
    // RFC 7521 §4.2: the type URN form-encoded, then the assertion.
    QVERIFY2(text.endsWith(u"\n\ngrant_type=client_credentials"
                           "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-"
                           "type%3Ajwt-bearer&client_assertion=\u2039a JWT signed with "_s
                 + signedWith + u"\u203a&scope=country.read+customer.read"_s),
        qPrintable(text));
    const QString html = AuthMethodExplainer::html(e, {});
    QVERIFY(html.contains(u"What the JWT holds"_s));
    QVERIFY(html.contains(alg));
    // RFC 7523 §3: iss and sub the client id, aud the token endpoint.
    QVERIFY(html.contains(u"&quot;iss&quot;: &quot;svc&quot;"_s));
    QVERIFY(html.contains(u"&quot;sub&quot;: &quot;svc&quot;"_s));
    QVERIFY(html.contains(
        u"&quot;aud&quot;: &quot;http://localhost:8085/ms-auth-server/oauth2/token&quot;"_s));
    QVERIFY(html.contains(u"jti"_s));
    QVERIFY(!html.contains(u"client_secret="_s));
}

void TestAuthMethodExplainer::publicClientRequest()
{
    AuthMethodExample e = example(AuthMethod::None, u"public-client"_s, QString());
    e.grantType = u"authorization_code"_s;
    e.redirectUri = u"http://127.0.0.1/callback"_s;
    e.pkce = true;
    const QString text = AuthMethodExplainer::requestText(e);
    QVERIFY(!text.contains(u"Authorization"_s));
    // No scope at the token endpoint for a code: it was granted at the authorize step.
    QVERIFY2(text.endsWith(u"\n\ngrant_type=authorization_code&code=\u2039the code from the "
                           "redirect\u203a&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcallback"
                           "&code_verifier=\u2039the PKCE code_verifier\u203a"
                           "&client_id=public-client"_s),
        qPrintable(text));
    const QString curl = AuthMethodExplainer::curlCommand(e);
    QVERIFY2(curl.contains(u"--data-urlencode 'client_id=public-client'"_s), qPrintable(curl));
    QVERIFY(!curl.contains(u"--user"_s));
    QVERIFY(!curl.contains(u"client_secret"_s));
    const QString html = AuthMethodExplainer::html(e, {});
    QVERIFY(html.contains(u"PKCE"_s));
    QVERIFY(html.contains(u"RFC 7636"_s));
}

void TestAuthMethodExplainer::grantFollowsTheClient()
{
    ClientRegistration client;
    client.clientId = u"web"_s;
    client.grantTypes = {u"authorization_code"_s, u"client_credentials"_s};
    client.redirectUris = {u"https://app.example/cb"_s, u"https://app.example/other"_s};

    // A client with client_credentials is explained with it: no user needed.
    AuthMethodExample e = example(AuthMethod::ClientSecretBasic, u"web"_s, u"s"_s);
    AuthMethodExplainer::useGrantOf(e, client);
    QVERIFY(e.grantType.isEmpty());
    QVERIFY(AuthMethodExplainer::requestText(e).contains(u"grant_type=client_credentials"_s));

    // Without it, the code exchange, to the first redirect URI; a verifier only with PKCE.
    client.grantTypes = {u"authorization_code"_s};
    AuthMethodExplainer::useGrantOf(e, client);
    QCOMPARE(e.grantType, u"authorization_code"_s);
    QCOMPARE(e.redirectUri, u"https://app.example/cb"_s);
    QVERIFY(!e.pkce);
    QVERIFY(!AuthMethodExplainer::requestText(e).contains(u"code_verifier"_s));
    client.requirePkce = true;
    AuthMethodExplainer::useGrantOf(e, client);
    QVERIFY(AuthMethodExplainer::requestText(e).contains(u"code_verifier="_s));

    // "none" always exchanges a code with PKCE, even when the form has client_credentials ticked.
    client.grantTypes = {u"client_credentials"_s};
    client.requirePkce = false;
    AuthMethodExample publicExample = example(AuthMethod::None, u"web"_s, QString());
    AuthMethodExplainer::useGrantOf(publicExample, client);
    QCOMPARE(publicExample.grantType, u"authorization_code"_s);
    QVERIFY(publicExample.pkce);
}

void TestAuthMethodExplainer::hiddenSecretNeverShows_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<bool>("sendsSecret"); // the secret itself travels in the request
    QTest::newRow("basic") << AuthMethod::ClientSecretBasic.toString() << true;
    QTest::newRow("post") << AuthMethod::ClientSecretPost.toString() << true;
    QTest::newRow("client_secret_jwt") << AuthMethod::ClientSecretJwt.toString() << false;
    QTest::newRow("none") << AuthMethod::None.toString() << false;
}

void TestAuthMethodExplainer::hiddenSecretNeverShows()
{
    QFETCH(QString, method);
    const QString secret = u"Very-Secret_Value.42"_s;
    AuthMethodExample e = example(method, u"svc"_s, secret);
    e.secretVisible = false;
    const QString base64 = QString::fromLatin1("svc:Very-Secret_Value.42"_ba.toBase64());
    const QStringList outputs = {AuthMethodExplainer::requestText(e),
        AuthMethodExplainer::curlCommand(e), AuthMethodExplainer::html(e, QPalette())};
    for (const QString &output : outputs) {
        QVERIFY(!output.contains(secret));
        QVERIFY(!output.contains(base64));
    }
    QVERIFY(outputs.last().contains(u"svc"_s)); // the rest of the explanation is still there
    QFETCH(bool, sendsSecret);
    e.secretVisible = true;
    QCOMPARE(AuthMethodExplainer::html(e, QPalette()).contains(secret), sendsSecret);
}

void TestAuthMethodExplainer::curlUsesUserOnlyWhenEncodingChangesNothing_data()
{
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("expectedLine");
    QTest::newRow("safe") << u"abc-DEF_12.~"_s << u"--user 'svc:abc-DEF_12.~'"_s;
    QTest::newRow("plus") << u"a+b"_s
                          << u"--header 'Authorization: Basic "_s
            + QString::fromLatin1("svc:a%2Bb"_ba.toBase64()) + u"'"_s;
    QTest::newRow("quote is shell-escaped") << u"it's"_s
                                            << u"--header 'Authorization: Basic "_s
            + QString::fromLatin1("svc:it%27s"_ba.toBase64()) + u"'"_s;
}

void TestAuthMethodExplainer::curlUsesUserOnlyWhenEncodingChangesNothing()
{
    QFETCH(QString, secret);
    QFETCH(QString, expectedLine);
    const QString curl = AuthMethodExplainer::curlCommand(
        example(AuthMethod::ClientSecretBasic, u"svc"_s, secret));
    QVERIFY2(curl.contains(expectedLine), qPrintable(curl));
    QVERIFY(curl.startsWith(
        u"curl --request POST 'http://localhost:8085/ms-auth-server/oauth2/token'"_s));
    QVERIFY(curl.contains(u"--data-urlencode 'scope=country.read customer.read'"_s));
    QVERIFY(!curl.contains(u"client_secret="_s));

    const QString postCurl = AuthMethodExplainer::curlCommand(
        example(AuthMethod::ClientSecretPost, u"svc"_s, u"it's"_s));
    QVERIFY2(
        postCurl.contains(u"--data-urlencode 'client_secret=it'\\''s'"_s), qPrintable(postCurl));
}

void TestAuthMethodExplainer::charactersChangedByEncoding_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QStringList>("changed");
    QTest::newRow("unreserved only") << u"Az09-._~"_s << QStringList();
    QTest::newRow("each once, in order") << u"a:b+c:d e"_s << QStringList {u":"_s, u"+"_s, u" "_s};
    QTest::newRow("surrogate pair kept whole")
        << u"x\U0001F511y"_s << QStringList {u"\U0001F511"_s};
}

void TestAuthMethodExplainer::charactersChangedByEncoding()
{
    QFETCH(QString, value);
    QFETCH(QStringList, changed);
    QCOMPARE(AuthMethodExplainer::charactersChangedByEncoding(value), changed);
}

void TestAuthMethodExplainer::trapNamesTheCharacters()
{
    const QString risky
        = AuthMethodExplainer::html(example(AuthMethod::ClientSecretBasic, u"svc"_s, u"a+b"_s), {});
    QVERIFY(risky.contains(u"RFC 6749 §2.3.1"_s));
    QVERIFY(risky.contains(u"\u201c+\u201d"_s));
    QVERIFY(risky.contains(u"invalid_client"_s));
    const QString safe
        = AuthMethodExplainer::html(example(AuthMethod::ClientSecretBasic, u"svc"_s, u"abc"_s), {});
    QVERIFY(safe.contains(u"safe either way"_s));
}

void TestAuthMethodExplainer::notEnabledIsSaid()
{
    AuthMethodExample e = example(AuthMethod::ClientSecretPost, u"svc"_s, u"abc"_s);
    QVERIFY(!AuthMethodExplainer::html(e, {}).contains(u"Not enabled"_s));
    e.enabledForClient = false;
    QVERIFY(AuthMethodExplainer::html(e, {}).contains(u"Not enabled"_s));
}

void TestAuthMethodExplainer::colorsComeFromThePalette()
{
    const AuthMethodExample e = example(AuthMethod::ClientSecretBasic, u"svc"_s, u"abc"_s);
    const QString light
        = AuthMethodExplainer::html(e, palette(QColor(0xef, 0xef, 0xef), QColor(0xf7, 0xf7, 0xf7)));
    const QString dark
        = AuthMethodExplainer::html(e, palette(QColor(0x2d, 0x2d, 0x2d), QColor(0x35, 0x35, 0x35)));
    QVERIFY(light.contains(u"#f7f7f7"_s));
    QVERIFY(dark.contains(u"#353535"_s));
    QVERIFY(!dark.contains(u"#f7f7f7"_s));
}

QTEST_MAIN(TestAuthMethodExplainer)
#include "tst_authmethodexplainer.moc"
