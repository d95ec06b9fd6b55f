// SPDX-License-Identifier: GPL-3.0-or-later
#include "configurationedits.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

Q_DECLARE_METATYPE(ClientRegistration)

namespace {

ClientRegistration client(const QString &id, const QStringList &scopes)
{
    ClientRegistration c;
    c.clientId = id;
    c.clientSecret = id + u"-secret"_s;
    c.authenticationMethods = {AuthMethod::ClientSecretBasic.toString()};
    c.grantTypes = {GrantType::ClientCredentials.toString()};
    c.scopes = scopes;
    return c;
}

Configuration sample()
{
    Configuration config;
    config.scopes = {{u"a"_s, u"A"_s}, {u"b"_s, u"B"_s}, {u"c"_s, u"C"_s}};
    config.clients
        = {client(u"one"_s, {u"a"_s, u"b"_s}), client(u"two"_s, {u"b"_s}), client(u"three"_s, {})};
    return config;
}

QStringList ids(const Configuration &config)
{
    QStringList result;
    for (const ClientRegistration &c : config.clients)
        result.append(c.clientId);
    return result;
}

QStringList scopeNames(const Configuration &config)
{
    QStringList result;
    for (const ScopeDefinition &s : config.scopes)
        result.append(s.name);
    return result;
}

} // namespace

class TestConfigurationEdits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void withClientReplacesInPlace();
    void withClientAppendsNewOrVanished_data();
    void withClientAppendsNewOrVanished();
    void withoutClient();
    void withScopeRenamesInClients();
    void withScopeKeepsOneEntryWhenClientHadBothNames();
    void withScopeAppendsNew();
    void withoutScopeRemovesFromClients();
    void clientsUsingScope_data();
    void clientsUsingScope();
    void uniqueClientId_data();
    void uniqueClientId();
    void mergeClient_data();
    void mergeClient();
};

void TestConfigurationEdits::withClientReplacesInPlace()
{
    ClientRegistration renamed = client(u"uno"_s, {u"c"_s});
    const Configuration next = ConfigurationEdits::withClient(sample(), u"one"_s, renamed);
    QCOMPARE(ids(next), (QStringList {u"uno"_s, u"two"_s, u"three"_s}));
    QCOMPARE(next.clients.first(), renamed);
}

void TestConfigurationEdits::withClientAppendsNewOrVanished_data()
{
    QTest::addColumn<QString>("originalId");
    QTest::newRow("new client") << QString();
    QTest::newRow("original removed meanwhile") << u"gone"_s;
}

void TestConfigurationEdits::withClientAppendsNewOrVanished()
{
    QFETCH(QString, originalId);
    const Configuration next
        = ConfigurationEdits::withClient(sample(), originalId, client(u"four"_s, {}));
    QCOMPARE(ids(next), (QStringList {u"one"_s, u"two"_s, u"three"_s, u"four"_s}));
}

void TestConfigurationEdits::withoutClient()
{
    QCOMPARE(ids(ConfigurationEdits::withoutClient(sample(), u"two"_s)),
        (QStringList {u"one"_s, u"three"_s}));
    QCOMPARE(ConfigurationEdits::withoutClient(sample(), u"none"_s), sample());
}

void TestConfigurationEdits::withScopeRenamesInClients()
{
    const Configuration next = ConfigurationEdits::withScope(sample(), u"b"_s, {u"b2"_s, u"Bee"_s});
    QCOMPARE(scopeNames(next), (QStringList {u"a"_s, u"b2"_s, u"c"_s}));
    QCOMPARE(next.scopes.at(1).description, u"Bee"_s);
    // The position in each client's list is kept.
    QCOMPARE(next.clients.at(0).scopes, (QStringList {u"a"_s, u"b2"_s}));
    QCOMPARE(next.clients.at(1).scopes, (QStringList {u"b2"_s}));
    QCOMPARE(next.clients.at(2).scopes, QStringList());
}

void TestConfigurationEdits::withScopeKeepsOneEntryWhenClientHadBothNames()
{
    Configuration config = sample();
    config.clients[0].scopes = {u"a"_s, u"b"_s, u"c"_s};
    const Configuration next = ConfigurationEdits::withScope(config, u"a"_s, {u"c"_s, {}});
    QCOMPARE(next.clients.at(0).scopes, (QStringList {u"b"_s, u"c"_s}));
}

void TestConfigurationEdits::withScopeAppendsNew()
{
    const Configuration next = ConfigurationEdits::withScope(sample(), {}, {u"d"_s, u"D"_s});
    QCOMPARE(scopeNames(next), (QStringList {u"a"_s, u"b"_s, u"c"_s, u"d"_s}));
    QCOMPARE(next.clients, sample().clients);
}

void TestConfigurationEdits::withoutScopeRemovesFromClients()
{
    const Configuration next = ConfigurationEdits::withoutScope(sample(), u"b"_s);
    QCOMPARE(scopeNames(next), (QStringList {u"a"_s, u"c"_s}));
    QCOMPARE(next.clients.at(0).scopes, (QStringList {u"a"_s}));
    QCOMPARE(next.clients.at(1).scopes, QStringList());
    // Still loadable: no client lists an undefined scope.
    const Expected<Configuration, QString> loaded
        = ConfigurationJson::fromJson(ConfigurationJson::toJson(next));
    QVERIFY2(loaded.isOk(), qPrintable(loaded ? QString() : loaded.error()));
}

void TestConfigurationEdits::clientsUsingScope_data()
{
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("two clients") << u"b"_s << QStringList {u"one"_s, u"two"_s};
    QTest::newRow("one client") << u"a"_s << QStringList {u"one"_s};
    QTest::newRow("unused") << u"c"_s << QStringList();
    QTest::newRow("undefined") << u"zzz"_s << QStringList();
}

void TestConfigurationEdits::clientsUsingScope()
{
    QFETCH(QString, scope);
    QFETCH(QStringList, expected);
    QCOMPARE(ConfigurationEdits::clientsUsingScope(sample(), scope), expected);
}

void TestConfigurationEdits::uniqueClientId_data()
{
    QTest::addColumn<QStringList>("existing");
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("expected");
    QTest::newRow("free") << QStringList {u"one"_s} << u"one-copy"_s << u"one-copy"_s;
    QTest::newRow("taken once") << QStringList {u"one-copy"_s} << u"one-copy"_s << u"one-copy-2"_s;
    QTest::newRow("taken twice") << QStringList {u"one-copy"_s, u"one-copy-2"_s} << u"one-copy"_s
                                 << u"one-copy-3"_s;
}

void TestConfigurationEdits::uniqueClientId()
{
    QFETCH(QStringList, existing);
    QFETCH(QString, base);
    QFETCH(QString, expected);
    Configuration config;
    for (const QString &id : existing)
        config.clients.append(client(id, {}));
    QCOMPARE(ConfigurationEdits::uniqueClientId(config, base), expected);
}

void TestConfigurationEdits::mergeClient_data()
{
    QTest::addColumn<ClientRegistration>("base");
    QTest::addColumn<ClientRegistration>("mine");
    QTest::addColumn<ClientRegistration>("theirs");
    QTest::addColumn<ClientRegistration>("expected");

    const ClientRegistration base = client(u"one"_s, {u"a"_s, u"b"_s});
    {
        ClientRegistration theirs = base;
        theirs.scopes = {u"a"_s, u"b2"_s};
        ClientRegistration mine = base;
        mine.displayName = u"Mine"_s;
        ClientRegistration expected = theirs;
        expected.displayName = u"Mine"_s;
        QTest::newRow("scope renamed elsewhere, name edited here")
            << base << mine << theirs << expected;
    }
    {
        ClientRegistration mine = base;
        mine.scopes = {u"a"_s, u"b"_s, u"c"_s};
        ClientRegistration theirs = base;
        theirs.scopes = {u"a"_s};
        ClientRegistration expected = base;
        expected.scopes = {u"a"_s, u"c"_s};
        QTest::newRow("scope added here, another removed elsewhere")
            << base << mine << theirs << expected;
    }
    {
        ClientRegistration mine = base;
        mine.scopes = {u"a"_s};
        ClientRegistration theirs = base;
        theirs.accessTokenLifetimeSeconds = 60;
        ClientRegistration expected = theirs;
        expected.scopes = {u"a"_s};
        QTest::newRow("scope removed here, lifetime changed elsewhere")
            << base << mine << theirs << expected;
    }
    {
        ClientRegistration mine = base;
        mine.clientSecret = u"mine"_s;
        ClientRegistration theirs = base;
        theirs.clientSecret = u"theirs"_s;
        QTest::newRow("both changed a value: mine wins") << base << mine << theirs << mine;
    }
    {
        ClientRegistration theirs = base;
        theirs.clientSecretExpiresAt = QDateTime(QDate(2030, 1, 1), QTime(0, 0), QTimeZone::utc());
        QTest::newRow("untouched form takes everything") << base << base << theirs << theirs;
    }
}

void TestConfigurationEdits::mergeClient()
{
    QFETCH(ClientRegistration, base);
    QFETCH(ClientRegistration, mine);
    QFETCH(ClientRegistration, theirs);
    QFETCH(ClientRegistration, expected);
    QCOMPARE(ConfigurationEdits::mergeClient(base, mine, theirs), expected);
}

QTEST_GUILESS_MAIN(TestConfigurationEdits)
#include "tst_configurationedits.moc"
