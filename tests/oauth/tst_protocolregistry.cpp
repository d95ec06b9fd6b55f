// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/protocol.h"
#include "oauth/clientauth/clientsecretpost.h"
#include "oauth/protocolregistry.h"
#include "oauth/secretmasking.h"

#include <QSet>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestProtocolRegistry : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void implementsOnlyCatalogueNames();
    void endpointsHaveDistinctPaths();
    void lookups();
    void registrationIsOneLine();
    void maskingReadsTheCatalogue();
};

void TestProtocolRegistry::implementsOnlyCatalogueNames()
{
    // Everything the server implements must be a name a configuration may use, or a client could
    // never be registered for it.
    const ProtocolRegistry &registry = ProtocolRegistry::instance();
    const QStringList methods = Protocol::authenticationMethodNames();
    for (const QString &method : registry.authenticationMethods())
        QVERIFY2(methods.contains(method), qPrintable(method));
    for (const QString &grant : registry.grantTypes())
        QVERIFY2(Protocol::grantTypes().contains(grant), qPrintable(grant));
    // Every token format a configuration may name has a generator: a client is never stuck.
    QCOMPARE(registry.tokenFormats(), Protocol::tokenFormats());
    QCOMPARE(registry.authenticationMethods(),
        (QStringList {u"client_secret_basic"_s, u"client_secret_post"_s, u"client_secret_jwt"_s,
            u"private_key_jwt"_s, u"none"_s}));
}

void TestProtocolRegistry::endpointsHaveDistinctPaths()
{
    QSet<QByteArray> paths;
    QStringList members;
    for (const auto &endpoint : ProtocolRegistry::instance().endpoints()) {
        QVERIFY2(!paths.contains(endpoint->path()), endpoint->path().constData());
        paths.insert(endpoint->path());
        QVERIFY(endpoint->path().startsWith('/'));
        QVERIFY(endpoint->method() == "GET" || endpoint->method() == "POST");
        if (!endpoint->metadataMember().isEmpty())
            members.append(endpoint->metadataMember());
    }
    QCOMPARE(members,
        (QStringList {u"token_endpoint"_s, u"jwks_uri"_s, u"introspection_endpoint"_s,
            u"revocation_endpoint"_s, u"authorization_endpoint"_s, u"userinfo_endpoint"_s,
            u"end_session_endpoint"_s}));
    QVERIFY(paths.contains("/oauth2/introspect"));
    QVERIFY(paths.contains("/oauth2/revoke"));
    QVERIFY(paths.contains("/oauth2/authorize"));
    QVERIFY(paths.contains("/login"));
    for (const auto &endpoint : ProtocolRegistry::instance().endpoints()) {
        QVERIFY(endpoint->methods().contains(endpoint->method()));
        // OpenID Connect Core §3.1.2.1, §5.3.1, RP-Initiated Logout §2: GET and POST.
        if (endpoint->path() == "/oauth2/authorize" || endpoint->path() == "/userinfo"
            || endpoint->path() == "/connect/logout") {
            QCOMPARE(endpoint->methods(), (QList<QByteArray> {"GET", "POST"}));
        }
    }
}

void TestProtocolRegistry::lookups()
{
    const ProtocolRegistry &registry = ProtocolRegistry::instance();
    QVERIFY(registry.authenticator(u"client_secret_post"));
    QVERIFY(registry.authenticator(u"none"));
    QVERIFY(registry.authenticator(u"none")->isPublic());
    QVERIFY(!registry.authenticator(u"tls_client_auth"));
    QVERIFY(registry.grant(u"client_credentials"));
    QVERIFY(registry.grant(u"authorization_code"));
    QVERIFY(registry.grant(u"refresh_token"));
    QVERIFY(!registry.grant(u"password"));
    QVERIFY(registry.tokenGenerator(u"jwt"));
    QVERIFY(registry.tokenGenerator(u"reference"));
    QVERIFY(!registry.tokenGenerator(u"opaque"));
}

void TestProtocolRegistry::registrationIsOneLine()
{
    // A registry of one's own: one line adds a method, and every list shows it.
    ProtocolRegistry registry;
    const qsizetype before = registry.authenticationMethods().size();
    registry.addAuthenticator(std::make_unique<ClientSecretPostAuthenticator>());
    QCOMPARE(registry.authenticationMethods().size(), before + 1);
}

void TestProtocolRegistry::maskingReadsTheCatalogue()
{
    for (const QStringView name : Protocol::credentialParameters())
        QVERIFY2(SecretMasking::isCredentialParameter(name), qPrintable(name.toString()));
    QVERIFY(!SecretMasking::isCredentialParameter(u"grant_type"));
}

QTEST_GUILESS_MAIN(TestProtocolRegistry)
#include "tst_protocolregistry.moc"
