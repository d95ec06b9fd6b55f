// SPDX-License-Identifier: GPL-3.0-or-later
#include "oauth/clientauth/clientauthenticator.h"
#include "oauth/clientauth/clientsecretbasic.h"
#include "oauth/clientauth/clientsecretpost.h"
#include "oauth/clientauth/noneauthenticator.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr qint64 Now = 1700000000000;

} // namespace

// The shared secret checks and each method's detection, below the token endpoint.
class TestClientAuthenticator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void secretsEqual_data();
    void secretsEqual();
    void acceptableClientId_data();
    void acceptableClientId();
    void authenticateWithSecret_data();
    void authenticateWithSecret();
    void detect_data();
    void detect();

private:
    TokenContext m_context;
};

void TestClientAuthenticator::initTestCase()
{
    Configuration configuration;
    configuration.scopes = {{u"a"_s, QString()}};
    ClientRegistration client;
    client.clientId = u"client"_s;
    client.clientSecret = u"s3cret"_s;
    client.authenticationMethods = {AuthMethod::ClientSecretPost.toString()};
    client.grantTypes = {GrantType::ClientCredentials.toString()};
    configuration.clients.append(client);

    ClientRegistration expiring = client;
    expiring.clientId = u"expiring"_s;
    expiring.clientSecretExpiresAt = QDateTime::fromMSecsSinceEpoch(Now, QTimeZone::utc());
    configuration.clients.append(expiring);

    ClientRegistration later = client;
    later.clientId = u"later"_s;
    later.clientSecretExpiresAt = QDateTime::fromMSecsSinceEpoch(Now + 1, QTimeZone::utc());
    configuration.clients.append(later);

    ClientRegistration emptySecret = client;
    emptySecret.clientId = u"empty"_s;
    emptySecret.clientSecret.clear();
    configuration.clients.append(emptySecret);

    auto snapshot = std::make_shared<RegistrySnapshot>();
    snapshot->configuration = configuration;
    m_context = TokenContext {snapshot, u"http://localhost:8085"_s, Now, {}, nullptr};
}

void TestClientAuthenticator::secretsEqual_data()
{
    QTest::addColumn<QString>("presented");
    QTest::addColumn<QString>("registered");
    QTest::addColumn<bool>("equal");

    QTest::newRow("same") << u"s3cret"_s << u"s3cret"_s << true;
    QTest::newRow("both empty") << QString() << QString() << true;
    QTest::newRow("non-ASCII same") << u"m\u00fcnchen"_s << u"m\u00fcnchen"_s << true;
    QTest::newRow("last byte differs") << u"s3creT"_s << u"s3cret"_s << false;
    QTest::newRow("first byte differs") << u"S3cret"_s << u"s3cret"_s << false;
    QTest::newRow("prefix") << u"s3cre"_s << u"s3cret"_s << false;
    QTest::newRow("longer") << u"s3cret!"_s << u"s3cret"_s << false;
    QTest::newRow("trailing NUL") << u"s3cret\u0000"_s << u"s3cret"_s << false;
    QTest::newRow("empty against set") << QString() << u"s3cret"_s << false;
    QTest::newRow("composed and decomposed") << u"\u00e9"_s << u"e\u0301"_s << false;
}

void TestClientAuthenticator::secretsEqual()
{
    QFETCH(QString, presented);
    QFETCH(QString, registered);
    QFETCH(bool, equal);

    QCOMPARE(::secretsEqual(presented, registered), equal);
    QCOMPARE(::secretsEqual(registered, presented), equal);
}

void TestClientAuthenticator::acceptableClientId_data()
{
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<bool>("acceptable");

    QTest::newRow("plain") << u"service-client-jwt"_s << true;
    QTest::newRow("printable punctuation") << u"urn:a/b?c=d&e \"f\" ~"_s << true;
    QTest::newRow("NUL") << u"a\u0000"_s << false;
    QTest::newRow("newline") << u"a\nb"_s << false;
    QTest::newRow("DEL") << u"a\u007f"_s << false;
    QTest::newRow("Latin-1") << u"caf\u00e9"_s << false;
    QTest::newRow("emoji") << u"\U0001F600"_s << false;
}

void TestClientAuthenticator::acceptableClientId()
{
    QFETCH(QString, clientId);
    QFETCH(bool, acceptable);

    QCOMPARE(isAcceptableClientId(clientId), acceptable);
}

void TestClientAuthenticator::authenticateWithSecret_data()
{
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("method");
    QTest::addColumn<int>("status"); // 0 when authenticated
    QTest::addColumn<QString>("detail");

    const QString post = AuthMethod::ClientSecretPost.toString();
    const QString basicMethod = AuthMethod::ClientSecretBasic.toString();
    QTest::newRow("authenticated") << u"client"_s << u"s3cret"_s << post << 0 << QString();
    QTest::newRow("unknown client") << u"nobody"_s << u"s3cret"_s << post << 401
                                    << u"no client is registered with id \"nobody\""_s;
    QTest::newRow("wrong secret") << u"client"_s << u"nope"_s << post << 401
                                  << u"the client secret does not match"_s;
    // The method is checked before the secret, as Spring Authorization Server does.
    QTest::newRow("method not registered")
        << u"client"_s << u"nope"_s << basicMethod << 401
        << u"client \"client\" is registered for client_secret_post only, not "
           "client_secret_basic"_s;
    QTest::newRow("expires now") << u"expiring"_s << u"s3cret"_s << post << 401
                                 << u"the client secret expired at 2023-11-14T22:13:20Z"_s;
    QTest::newRow("expires a millisecond later")
        << u"later"_s << u"s3cret"_s << post << 0 << QString();
    QTest::newRow("empty secret never authenticates")
        << u"empty"_s << QString() << post << 401 << u"the client secret is empty"_s;
    QTest::newRow("control character in the id")
        << u"client\u0000"_s << u"s3cret"_s << post << 400
        << u"client_id contains characters that are not allowed"_s;
}

void TestClientAuthenticator::authenticateWithSecret()
{
    QFETCH(QString, clientId);
    QFETCH(QString, secret);
    QFETCH(QString, method);
    QFETCH(int, status);
    QFETCH(QString, detail);

    const Result<AuthenticatedClient> result
        = ::authenticateWithSecret(clientId, secret, method, m_context);
    if (status == 0) {
        QVERIFY(result.isOk());
        QCOMPARE(result->client.clientId, clientId);
        QCOMPARE(result->method, method);
        return;
    }
    QVERIFY(!result.isOk());
    QCOMPARE(result.error().httpStatus(), status);
    QCOMPARE(result.error().detail(), detail);
    if (status == 401)
        QCOMPARE(result.error().description(), u"Client authentication failed"_s);
    QCOMPARE(result.error().challenge(), OAuthError::Challenge::None);
}

void TestClientAuthenticator::detect_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("post");
    QTest::addColumn<bool>("basic");
    QTest::addColumn<bool>("none");
    QTest::addColumn<QString>("presentedId");

    const QByteArray header = "Basic "_ba + "client:s3cret"_ba.toBase64();
    QTest::newRow("nothing") << QByteArray() << "grant_type=x"_ba << false << false << false
                             << QString();
    QTest::newRow("post") << QByteArray() << "client_id=client&client_secret=s"_ba << true << false
                          << false << u"client"_s;
    // A client_id alone is "none": a public client, or a confidential one without its secret.
    QTest::newRow("client_id alone")
        << QByteArray() << "client_id=client"_ba << false << false << true << u"client"_s;
    QTest::newRow("secret without id")
        << QByteArray() << "client_secret=s"_ba << true << false << false << QString();
    QTest::newRow("basic") << header << "grant_type=x"_ba << false << true << false << u"client"_s;
    QTest::newRow("basic with client_id in the body")
        << header << "client_id=client"_ba << false << true << false << u"client"_s;
    QTest::newRow("basic and body secret")
        << header << "client_secret=s"_ba << true << true << false << u"client"_s;
    QTest::newRow("bearer with client_id")
        << "Bearer x"_ba
        << "client_id=client"_ba << false << false << true << u"client"_s;
    QTest::newRow("client_id beside an assertion")
        << QByteArray() << "client_id=client&client_assertion=x"_ba << false << false << false
        << u"client"_s;
    QTest::newRow("malformed basic")
        << "Basic %%%"_ba << QByteArray() << false << true << false << QString();
}

void TestClientAuthenticator::detect()
{
    QFETCH(QByteArray, authorization);
    QFETCH(QByteArray, body);
    QFETCH(bool, post);
    QFETCH(bool, basic);
    QFETCH(bool, none);
    QFETCH(QString, presentedId);

    const Result<FormParameters> form = FormDecoder::decode(body);
    QVERIFY(form.isOk());
    const TokenRequest request {form.value(), FormParameters(), authorization};

    const ClientSecretPostAuthenticator postAuthenticator;
    const ClientSecretBasicAuthenticator basicAuthenticator;
    QCOMPARE(postAuthenticator.method(), u"client_secret_post"_s);
    QCOMPARE(basicAuthenticator.method(), u"client_secret_basic"_s);
    QCOMPARE(postAuthenticator.detect(request) == ClientAuthenticator::Presence::Present, post);
    QCOMPARE(basicAuthenticator.detect(request) == ClientAuthenticator::Presence::Present, basic);
    const NoneAuthenticator noneAuthenticator;
    QCOMPARE(noneAuthenticator.detect(request) == ClientAuthenticator::Presence::Present, none);
    QVERIFY(noneAuthenticator.isPublic());
    QVERIFY(!postAuthenticator.isPublic());
    const QString presented = basic ? basicAuthenticator.presentedClientId(request)
        : none                      ? noneAuthenticator.presentedClientId(request)
                                    : postAuthenticator.presentedClientId(request);
    QCOMPARE(presented, presentedId);
}

QTEST_GUILESS_MAIN(TestClientAuthenticator)
#include "tst_clientauthenticator.moc"
