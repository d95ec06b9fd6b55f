// SPDX-License-Identifier: GPL-3.0-or-later
// The window's model of the world: the configuration file, the registry and the running server,
// exercised for real (temporary folders, a server on port 0, HTTP over loopback).
#include "httpclient.h"

#include "workspace.h"

#include "http/authorizationserver.h"
#include "store/clock.h"
#include "store/configfile.h"
#include "store/registry.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

const QByteArray SeedBody = "grant_type=client_credentials&client_id=service-client-jwt"
                            "&client_secret=service-client-jwt-secret&scope=country.read"_ba;

QByteArray tokenBody(const QString &clientId, const QString &secret)
{
    return "grant_type=client_credentials&client_id=" + QUrl::toPercentEncoding(clientId)
        + "&client_secret=" + QUrl::toPercentEncoding(secret);
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

ClientRegistration extraClient()
{
    ClientRegistration client;
    client.clientId = u"imported-client"_s;
    client.clientSecret = u"imported-secret"_s;
    client.displayName = u"Imported"_s;
    client.authenticationMethods = {AuthMethod::ClientSecretPost.toString()};
    client.grantTypes = {GrantType::ClientCredentials.toString()};
    client.scopes = {u"country.read"_s};
    client.accessTokenLifetimeSeconds = 600;
    return client;
}

SettingsOverrides anyFreePort()
{
    SettingsOverrides overrides;
    overrides.port = 0;
    return overrides;
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

class TestWorkspace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void missingFileIsCreated();
    void invalidFileIsSetAside_data();
    void invalidFileIsSetAside();
#ifdef Q_OS_LINUX
    void unmovableFileIsNeverWritten();
#endif
    void overridesApplyToThisRunOnly();
    void editsApplyAtOnceAndPersist();
    void savesAreCoalescedAndOrdered();
    void exportWritesWhatConfigReads();
    void importAppliesToTheRunningServer();
    void importOfABadFileChangesNothing_data();
    void importOfABadFileChangesNothing();
    void portInUseKeepsTheServerRunning();
    void freePortRebindsAndPersists();
    void contextPathAppliesWithoutRebinding();
    void validateServerSettings_data();
    void validateServerSettings();
    void invalidSettingsAreRefused();
    void stopStartRestart();
    void endpointsFollowTheSettings();

private:
    // A fresh folder with the shared signing key copied in: RSA generation once per run.
    QString prepareFolder(QTemporaryDir &dir) const;
    bool waitUntilRunning(Workspace &workspace) const;
    QUrl url(const Workspace &workspace, const QString &path) const;

    QTemporaryDir m_keyHome;
    QByteArray m_keyPem;
};

void TestWorkspace::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_keyHome.isValid());
    Workspace workspace(m_keyHome.filePath(u"config.json"_s), Clock::system());
    QCOMPARE(workspace.open(anyFreePort()), Workspace::OpenResult::Created);
    QVERIFY(waitUntilRunning(workspace));
    QVERIFY(workspace.isKeyReady());
    m_keyPem = readAll(workspace.keyPath());
    QVERIFY(m_keyPem.startsWith("-----BEGIN PRIVATE KEY-----"));
}

QString TestWorkspace::prepareFolder(QTemporaryDir &dir) const
{
    if (!dir.isValid() || !QDir(dir.path()).mkpath(u"keys"_s))
        return {};
    if (!writeFile(dir.filePath(u"keys/signing-key.pem"_s), m_keyPem))
        return {};
    QFile::setPermissions(
        dir.filePath(u"keys/signing-key.pem"_s), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return dir.filePath(u"config.json"_s);
}

bool TestWorkspace::waitUntilRunning(Workspace &workspace) const
{
    return QTest::qWaitFor(
        [&] { return workspace.serverState() == Workspace::ServerState::Running; }, 30000);
}

QUrl TestWorkspace::url(const Workspace &workspace, const QString &path) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(workspace.boundPort()).arg(path));
}

void TestWorkspace::missingFileIsCreated()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"sub/config.json"_s);
    Workspace workspace(path, Clock::system());
    QSignalSpy keyReady(&workspace, &Workspace::keyReady);

    QCOMPARE(workspace.open(anyFreePort()), Workspace::OpenResult::Created);
    QVERIFY(workspace.openMessage().isEmpty());
    QCOMPARE(workspace.configuration(), Configuration::defaults());
    // The key arrives from the background, then the server starts.
    QVERIFY(waitUntilRunning(workspace));
    QCOMPARE(keyReady.size(), 1);
    QVERIFY(!workspace.keyId().isEmpty());
    QCOMPARE(workspace.keyPath(), dir.filePath(u"sub/keys/signing-key.pem"_s));
    QVERIFY(QFile::exists(workspace.keyPath()));

    workspace.waitForBackgroundWork();
    const ConfigFile::LoadResult saved = ConfigFile(path).load();
    QCOMPARE(saved.status, ConfigFile::Status::Loaded);
    QCOMPARE(saved.configuration, Configuration::defaults());

    HttpClient http;
    const HttpResult token
        = http.postForm(url(workspace, u"/ms-auth-server/oauth2/token"_s), SeedBody);
    QCOMPARE(token.status, 200);
    QVERIFY(!token.json().value("access_token"_L1).toString().isEmpty());
}

void TestWorkspace::invalidFileIsSetAside_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("error");
    QTest::newRow("broken JSON") << "{\"version\": 1,"_ba << u"not valid JSON"_s;
    QTest::newRow("array") << "[]"_ba << u"must be a JSON object"_s;
    QTest::newRow("newer version")
        << "{\"version\": 9, \"scopes\": [], \"clients\": []}"_ba << u"version"_s;
    QTest::newRow("bad port")
        << "{\"version\": 1, \"server\": {\"port\": 70000}, \"scopes\": [], \"clients\": []}"_ba
        << u"server.port"_s;
}

void TestWorkspace::invalidFileIsSetAside()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, error);
    QTemporaryDir dir;
    const QString path = prepareFolder(dir);
    QVERIFY(!path.isEmpty());
    QVERIFY(writeFile(path, content));

    Workspace workspace(path, Clock::system());
    QCOMPARE(workspace.open(anyFreePort()), Workspace::OpenResult::SetAside);
    QVERIFY(workspace.isSaveEnabled());
    QCOMPARE(workspace.configuration(), Configuration::defaults());

    const QStringList aside = QDir(dir.path()).entryList({u"config.json.corrupt-*"_s}, QDir::Files);
    QCOMPARE(aside.size(), 1);
    // Kept byte for byte under the new name, and the message names both files and the problem.
    QCOMPARE(readAll(dir.filePath(aside.constFirst())), content);
    const QString message = workspace.openMessage();
    QVERIFY2(message.contains(QDir::toNativeSeparators(path)), qPrintable(message));
    QVERIFY2(message.contains(aside.constFirst()), qPrintable(message));
    QVERIFY2(message.contains(error), qPrintable(message));
    QVERIFY2(message.contains(u"default settings"_s), qPrintable(message));

    // The defaults are written in its place and served.
    workspace.waitForBackgroundWork();
    QCOMPARE(ConfigFile(path).load().configuration, Configuration::defaults());
    QVERIFY(waitUntilRunning(workspace));
    HttpClient http;
    QCOMPARE(
        http.postForm(url(workspace, u"/ms-auth-server/oauth2/token"_s), SeedBody).status, 200);
}

#ifdef Q_OS_LINUX
void TestWorkspace::unmovableFileIsNeverWritten()
{
    // /proc/version is not JSON and cannot be renamed, even by root: the "cannot set aside"
    // path. Its key folder cannot be created either, so the key fails too.
    const QString path = u"/proc/version"_s;
    const QByteArray before = readAll(path);
    Workspace workspace(path, Clock::system());
    QSignalSpy saveFailed(&workspace, &Workspace::saveFailed);
    QSignalSpy keyFailed(&workspace, &Workspace::keyFailed);

    QCOMPARE(workspace.open(anyFreePort()), Workspace::OpenResult::SetAsideFailed);
    QVERIFY(!workspace.isSaveEnabled());
    QVERIFY2(
        workspace.openMessage().contains(u"will not save"_s), qPrintable(workspace.openMessage()));
    QCOMPARE(workspace.configuration(), Configuration::defaults());

    // Edits still reach the running server; no save is even attempted (it would fail loudly).
    QVERIFY(keyFailed.wait(30000));
    QVERIFY(workspace.keyError().contains(u"signing key"_s));
    QVERIFY(waitUntilRunning(workspace));
    Configuration edited = workspace.configuration();
    edited.clients.append(extraClient());
    workspace.setConfiguration(edited);
    QVERIFY(workspace.registry()->configuration().findClient(u"imported-client"));
    workspace.waitForBackgroundWork();
    QCOMPARE(saveFailed.size(), 0);
    QCOMPARE(readAll(path), before);

    // Without a key the server answers, but cannot sign: server_error, never a crash.
    HttpClient http;
    const HttpResult token = http.postForm(url(workspace, u"/ms-auth-server/oauth2/token"_s),
        tokenBody(u"imported-client"_s, u"imported-secret"_s));
    QCOMPARE(token.status, 500);
    QCOMPARE(token.json().value("error"_L1).toString(), u"server_error"_s);
}
#endif

void TestWorkspace::overridesApplyToThisRunOnly()
{
    QTemporaryDir dir;
    const QString path = prepareFolder(dir);
    QVERIFY(!path.isEmpty());
    SettingsOverrides overrides = anyFreePort();
    overrides.contextPath = u"/override"_s;

    Workspace workspace(path, Clock::system());
    workspace.open(overrides);
    QVERIFY(workspace.hasOverrides());
    QCOMPARE(workspace.effectiveSettings().contextPath, u"/override"_s);
    QCOMPARE(workspace.effectiveSettings().port, quint16(0));
    QCOMPARE(workspace.configuration().server, ServerSettings());
    QVERIFY(waitUntilRunning(workspace));

    HttpClient http;
    QCOMPARE(http.postForm(url(workspace, u"/override/oauth2/token"_s), SeedBody).status, 200);

    // An unrelated edit saves the file's own settings, not the overrides.
    Configuration edited = workspace.configuration();
    edited.scopes.append({u"extra.scope"_s, u"Extra"_s});
    workspace.setConfiguration(edited);
    QCOMPARE(http.postForm(url(workspace, u"/override/oauth2/token"_s), SeedBody).status, 200);
    workspace.waitForBackgroundWork();
    const Configuration saved = ConfigFile(path).load().configuration;
    QCOMPARE(saved.server, ServerSettings());
    QVERIFY(saved.findScope(u"extra.scope"));
}

void TestWorkspace::editsApplyAtOnceAndPersist()
{
    QTemporaryDir dir;
    const QString path = prepareFolder(dir);
    QVERIFY(!path.isEmpty());
    Configuration expected;
    {
        Workspace workspace(path, Clock::system());
        QSignalSpy changed(&workspace, &Workspace::configurationChanged);
        workspace.open(anyFreePort());
        QVERIFY(waitUntilRunning(workspace));
        const QString keyId = workspace.keyId();
        const quint16 port = workspace.boundPort();

        HttpClient http;
        const QUrl tokenUrl = url(workspace, u"/ms-auth-server/oauth2/token"_s);
        const QByteArray body = tokenBody(u"imported-client"_s, u"imported-secret"_s);
        QCOMPARE(http.postForm(tokenUrl, body).status, 401);

        Configuration edited = workspace.configuration();
        edited.clients.append(extraClient());
        workspace.setConfiguration(edited);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(workspace.configuration(), edited);
        // No restart: the same listener answers the next request with the new client.
        QCOMPARE(http.postForm(tokenUrl, body).status, 200);
        QCOMPARE(workspace.boundPort(), port);

        workspace.waitForBackgroundWork();
        QCOMPARE(ConfigFile(path).load().configuration, edited);
        expected = edited;
        QCOMPARE(workspace.keyId(), keyId);
    }
    // The next run finds it, with the same key.
    Workspace again(path, Clock::system());
    QCOMPARE(again.open(anyFreePort()), Workspace::OpenResult::Loaded);
    QCOMPARE(again.configuration(), expected);
    QVERIFY(waitUntilRunning(again));
    HttpClient http;
    QCOMPARE(http.postForm(url(again, u"/ms-auth-server/oauth2/token"_s),
                     tokenBody(u"imported-client"_s, u"imported-secret"_s))
                 .status,
        200);
}

void TestWorkspace::savesAreCoalescedAndOrdered()
{
    QTemporaryDir dir;
    const QString path = prepareFolder(dir);
    QVERIFY(!path.isEmpty());
    Workspace workspace(path, Clock::system());
    QSignalSpy saveFailed(&workspace, &Workspace::saveFailed);
    workspace.open(anyFreePort());

    // A burst of edits: whatever is skipped, the file ends with the last one.
    Configuration edited = workspace.configuration();
    for (int i = 0; i < 50; ++i) {
        edited.scopes.append({u"burst.%1"_s.arg(i), QString()});
        workspace.setConfiguration(edited);
    }
    workspace.waitForBackgroundWork();
    QCOMPARE(saveFailed.size(), 0);
    QCOMPARE(ConfigFile(path).load().configuration, edited);
}

void TestWorkspace::exportWritesWhatConfigReads()
{
    QTemporaryDir dir;
    const QString path = prepareFolder(dir);
    QVERIFY(!path.isEmpty());
    Workspace workspace(path, Clock::system());
    workspace.open(anyFreePort());
    Configuration edited = workspace.configuration();
    edited.clients.append(extraClient());
    workspace.setConfiguration(edited);

    QSignalSpy exported(&workspace, &Workspace::exportFinished);
    const QString target = dir.filePath(u"exported/ci-config.json"_s);
    workspace.exportTo(target);
    QVERIFY(exported.wait(10000));
    QCOMPARE(exported.constFirst().at(0).toBool(), true);
    QVERIFY(exported.constFirst().at(1).toString().contains(QDir::toNativeSeparators(target)));

    // The same JSON document the app saves for itself, and that --config loads back unchanged.
    const QJsonDocument document = QJsonDocument::fromJson(readAll(target));
    QCOMPARE(document.object(), ConfigurationJson::toJson(edited));
    workspace.waitForBackgroundWork();
    QCOMPARE(readAll(target), readAll(path));
    const ConfigFile::LoadResult loaded = ConfigFile(target).load();
    QCOMPARE(loaded.status, ConfigFile::Status::Loaded);
    QCOMPARE(loaded.configuration, edited);

    // A target that cannot be written is reported, not thrown away.
    exported.clear();
    workspace.exportTo(dir.filePath(u"config.json/inside-a-file.json"_s));
    QVERIFY(exported.wait(10000));
    QCOMPARE(exported.constFirst().at(0).toBool(), false);
    QVERIFY(exported.constFirst().at(1).toString().contains(u"inside-a-file.json"_s));
}

void TestWorkspace::importAppliesToTheRunningServer()
{
    QTemporaryDir dir;
    const QString path = prepareFolder(dir);
    QVERIFY(!path.isEmpty());
    Configuration incoming = Configuration::defaults();
    incoming.clients.append(extraClient());
    const QString source = dir.filePath(u"incoming.json"_s);
    QVERIFY(ConfigFile(source).save(incoming));

    Workspace workspace(path, Clock::system());
    workspace.open(anyFreePort());
    QVERIFY(waitUntilRunning(workspace));
    const quint16 port = workspace.boundPort();
    QSignalSpy imported(&workspace, &Workspace::importFinished);
    QSignalSpy changed(&workspace, &Workspace::configurationChanged);

    workspace.importFrom(source);
    QVERIFY(imported.wait(10000));
    QCOMPARE(imported.constFirst().at(0).toBool(), true);
    const QString message = imported.constFirst().at(1).toString();
    QVERIFY2(message.contains(u"%1 clients"_s.arg(incoming.clients.size())), qPrintable(message));
    // The seed's three and openid, profile, email.
    QVERIFY2(message.contains(u"6 scopes"_s), qPrintable(message));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(workspace.configuration(), incoming);

    HttpClient http;
    QCOMPARE(workspace.boundPort(), port);
    QCOMPARE(http.postForm(url(workspace, u"/ms-auth-server/oauth2/token"_s),
                     tokenBody(u"imported-client"_s, u"imported-secret"_s))
                 .status,
        200);
    workspace.waitForBackgroundWork();
    QCOMPARE(ConfigFile(path).load().configuration, incoming);
}

void TestWorkspace::importOfABadFileChangesNothing_data()
{
    QTest::addColumn<QByteArray>("content"); // empty: the file does not exist
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing") << QByteArray() << u"does not exist"_s;
    QTest::newRow("broken JSON") << "{\"version\": 1"_ba << u"not valid JSON"_s;
    QTest::newRow("undefined scope")
        << "{\"version\": 1, \"scopes\": [], \"clients\": [{\"clientId\": \"a\", "
           "\"clientSecret\": \"b\", \"authenticationMethods\": [\"client_secret_post\"], "
           "\"grantTypes\": [\"client_credentials\"], \"scopes\": [\"x.y\"]}]}"_ba
        << u"clients[0].scopes[0]"_s;
}

void TestWorkspace::importOfABadFileChangesNothing()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = prepareFolder(dir);
    QVERIFY(!path.isEmpty());
    const QString source = dir.filePath(u"incoming.json"_s);
    if (!content.isEmpty())
        QVERIFY(writeFile(source, content));

    Workspace workspace(path, Clock::system());
    workspace.open(anyFreePort());
    workspace.waitForBackgroundWork();
    const QByteArray savedBefore = readAll(path);
    QVERIFY(!savedBefore.isEmpty());
    QSignalSpy imported(&workspace, &Workspace::importFinished);
    QSignalSpy changed(&workspace, &Workspace::configurationChanged);

    workspace.importFrom(source);
    QVERIFY(imported.wait(10000));
    QCOMPARE(imported.constFirst().at(0).toBool(), false);
    const QString message = imported.constFirst().at(1).toString();
    QVERIFY2(message.contains(expected), qPrintable(message));
    QVERIFY2(message.contains(QDir::toNativeSeparators(source)), qPrintable(message));
    QVERIFY2(message.contains(u"Nothing was changed"_s), qPrintable(message));
    QCOMPARE(changed.size(), 0);
    QCOMPARE(workspace.configuration(), Configuration::defaults());
    workspace.waitForBackgroundWork();
    QCOMPARE(readAll(path), savedBefore);
}

void TestWorkspace::portInUseKeepsTheServerRunning()
{
    QTemporaryDir dir;
    const QString path = prepareFolder(dir);
    QVERIFY(!path.isEmpty());
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));

    Workspace workspace(path, Clock::system());
    workspace.open(anyFreePort());
    QVERIFY(waitUntilRunning(workspace));
    workspace.waitForBackgroundWork();
    const QByteArray savedBefore = readAll(path);
    const quint16 running = workspace.boundPort();

    ServerSettings settings = workspace.effectiveSettings();
    settings.port = blocker.serverPort();
    QString error;
    Workspace::SettingsField field = Workspace::SettingsField::None;
    QVERIFY(!workspace.applyServerSettings(settings, &error, &field));
    QCOMPARE(field, Workspace::SettingsField::Port);
    QVERIFY2(error.contains(QString::number(blocker.serverPort())), qPrintable(error));
    QVERIFY2(error.contains(u"in use"_s), qPrintable(error));
    QVERIFY2(error.contains(u"keeps running on port %1"_s.arg(running)), qPrintable(error));

    // Nothing changed: same listener, same settings, same file, overrides still in force.
    QCOMPARE(workspace.serverState(), Workspace::ServerState::Running);
    QCOMPARE(workspace.boundPort(), running);
    QVERIFY(workspace.hasOverrides());
    QCOMPARE(workspace.configuration().server, ServerSettings());
    HttpClient http;
    QCOMPARE(
        http.postForm(url(workspace, u"/ms-auth-server/oauth2/token"_s), SeedBody).status, 200);
    workspace.waitForBackgroundWork();
    QCOMPARE(readAll(path), savedBefore);
}

void TestWorkspace::freePortRebindsAndPersists()
{
    QTemporaryDir dir;
    const QString path = prepareFolder(dir);
    QVERIFY(!path.isEmpty());
    Workspace workspace(path, Clock::system());
    workspace.open(anyFreePort());
    QVERIFY(waitUntilRunning(workspace));
    const quint16 oldPort = workspace.boundPort();
    QSignalSpy changed(&workspace, &Workspace::configurationChanged);

    ServerSettings settings = workspace.effectiveSettings();
    settings.port = freePort();
    QVERIFY(settings.port != 0);
    QString error;
    QVERIFY2(workspace.applyServerSettings(settings, &error), qPrintable(error));
    QCOMPARE(workspace.boundPort(), settings.port);
    QVERIFY(!workspace.hasOverrides());
    QCOMPARE(workspace.configuration().server, settings);
    QCOMPARE(changed.size(), 1);

    HttpClient http;
    QCOMPARE(
        http.postForm(url(workspace, u"/ms-auth-server/oauth2/token"_s), SeedBody).status, 200);
    const HttpResult old = http.postForm(
        QUrl(u"http://127.0.0.1:%1/ms-auth-server/oauth2/token"_s.arg(oldPort)), SeedBody);
    QCOMPARE(old.status, 0);
    QVERIFY(!old.networkError.isEmpty());

    workspace.waitForBackgroundWork();
    QCOMPARE(ConfigFile(path).load().configuration.server.port, settings.port);
}

void TestWorkspace::contextPathAppliesWithoutRebinding()
{
    QTemporaryDir dir;
    const QString path = prepareFolder(dir);
    QVERIFY(!path.isEmpty());
    Workspace workspace(path, Clock::system());
    workspace.open(anyFreePort());
    QVERIFY(waitUntilRunning(workspace));
    const quint16 port = workspace.boundPort();
    QSignalSpy listening(workspace.server(), &AuthorizationServer::listeningChanged);

    // Port 0 stays "any port": the listener is kept, only the path and the issuer change.
    ServerSettings settings = workspace.effectiveSettings();
    settings.contextPath = u"/auth"_s;
    settings.hostName = u"auth.example"_s;
    QVERIFY(workspace.applyServerSettings(settings));
    QCOMPARE(workspace.boundPort(), port);
    QCOMPARE(listening.size(), 0);
    QCOMPARE(workspace.endpoints().issuer, u"http://auth.example:%1/auth"_s.arg(port));

    HttpClient http;
    const HttpResult token = http.postForm(url(workspace, u"/auth/oauth2/token"_s), SeedBody);
    QCOMPARE(token.status, 200);
    QCOMPARE(
        http.postForm(url(workspace, u"/ms-auth-server/oauth2/token"_s), SeedBody).status, 404);
    const HttpResult metadata
        = http.get(url(workspace, u"/.well-known/oauth-authorization-server/auth"_s));
    QCOMPARE(metadata.status, 200);
    QCOMPARE(metadata.json().value("issuer"_L1).toString(), workspace.endpoints().issuer);
}

void TestWorkspace::validateServerSettings_data()
{
    QTest::addColumn<QString>("bindAddress");
    QTest::addColumn<QString>("contextPath");
    QTest::addColumn<QString>("hostName");
    QTest::addColumn<QList<int>>("fields"); // Workspace::SettingsField, in form order

    using Field = Workspace::SettingsField;
    QTest::newRow("defaults") << u"127.0.0.1"_s << u"/ms-auth-server"_s << u"localhost"_s
                              << QList<int> {};
    QTest::newRow("root path, IPv6 wildcard")
        << u"::"_s << QString() << u"[::1]"_s << QList<int> {};
    QTest::newRow("host name for bind")
        << u"localhost"_s << u"/x"_s << u"localhost"_s << QList<int> {int(Field::BindAddress)};
    QTest::newRow("trailing slash")
        << u"0.0.0.0"_s << u"/auth/"_s << u"localhost"_s << QList<int> {int(Field::ContextPath)};
    QTest::newRow("space in path")
        << u"0.0.0.0"_s << u"/a b"_s << u"localhost"_s << QList<int> {int(Field::ContextPath)};
    QTest::newRow("bad host") << u"127.0.0.1"_s << u"/x"_s << u"exa mple"_s
                              << QList<int> {int(Field::HostName)};
    QTest::newRow("everything wrong")
        << u"300.1.1.1"_s << u"x"_s << QString()
        << QList<int> {int(Field::BindAddress), int(Field::ContextPath), int(Field::HostName)};
}

void TestWorkspace::validateServerSettings()
{
    QFETCH(QString, bindAddress);
    QFETCH(QString, contextPath);
    QFETCH(QString, hostName);
    QFETCH(QList<int>, fields);
    ServerSettings settings;
    settings.bindAddress = bindAddress;
    settings.contextPath = contextPath;
    settings.hostName = hostName;
    const QList<Workspace::SettingsProblem> problems = Workspace::validateServerSettings(settings);
    QList<int> actual;
    for (const Workspace::SettingsProblem &problem : problems) {
        actual.append(int(problem.field));
        // The loader's message without its "server.x: " prefix: it shows at the field.
        QVERIFY2(!problem.message.isEmpty() && !problem.message.startsWith(u"server."_s),
            qPrintable(problem.message));
    }
    QCOMPARE(actual, fields);
}

void TestWorkspace::invalidSettingsAreRefused()
{
    QTemporaryDir dir;
    const QString path = prepareFolder(dir);
    QVERIFY(!path.isEmpty());
    Workspace workspace(path, Clock::system());
    workspace.open(anyFreePort());
    QVERIFY(waitUntilRunning(workspace));
    ServerSettings settings = workspace.effectiveSettings();
    settings.contextPath = u"/bad path"_s;
    QString error;
    Workspace::SettingsField field = Workspace::SettingsField::None;
    QVERIFY(!workspace.applyServerSettings(settings, &error, &field));
    QCOMPARE(field, Workspace::SettingsField::ContextPath);
    QVERIFY(!error.isEmpty());
    QCOMPARE(workspace.effectiveSettings().contextPath, u"/ms-auth-server"_s);
}

void TestWorkspace::stopStartRestart()
{
    QTemporaryDir dir;
    const QString path = prepareFolder(dir);
    QVERIFY(!path.isEmpty());
    Workspace workspace(path, Clock::system());
    QSignalSpy state(&workspace, &Workspace::serverStateChanged);
    workspace.open(anyFreePort());
    QVERIFY(waitUntilRunning(workspace));
    HttpClient http;
    const QUrl firstUrl = url(workspace, u"/ms-auth-server/oauth2/token"_s);

    state.clear();
    workspace.stopServer();
    QCOMPARE(workspace.serverState(), Workspace::ServerState::Stopped);
    QCOMPARE(workspace.boundPort(), quint16(0));
    QVERIFY(!state.isEmpty());
    QCOMPARE(http.postForm(firstUrl, SeedBody).status, 0);

    QString error;
    QVERIFY2(workspace.startServer(&error), qPrintable(error));
    QCOMPARE(workspace.serverState(), Workspace::ServerState::Running);
    QCOMPARE(
        http.postForm(url(workspace, u"/ms-auth-server/oauth2/token"_s), SeedBody).status, 200);

    QVERIFY2(workspace.restartServer(&error), qPrintable(error));
    QCOMPARE(workspace.serverState(), Workspace::ServerState::Running);
    QCOMPARE(
        http.postForm(url(workspace, u"/ms-auth-server/oauth2/token"_s), SeedBody).status, 200);
}

void TestWorkspace::endpointsFollowTheSettings()
{
    QTemporaryDir dir;
    const QString path = prepareFolder(dir);
    QVERIFY(!path.isEmpty());
    Workspace workspace(path, Clock::system());
    workspace.open(anyFreePort());
    QVERIFY(waitUntilRunning(workspace));
    const QString port = QString::number(workspace.boundPort());

    const Workspace::Endpoints endpoints = workspace.endpoints();
    QCOMPARE(endpoints.issuer, u"http://localhost:%1/ms-auth-server"_s.arg(port));
    QCOMPARE(endpoints.token, endpoints.issuer + u"/oauth2/token"_s);
    QCOMPARE(endpoints.jwkSet, endpoints.issuer + u"/oauth2/jwks"_s);
    QCOMPARE(endpoints.metadata,
        u"http://localhost:%1/.well-known/oauth-authorization-server/ms-auth-server"_s.arg(port));
    QCOMPARE(
        endpoints.springMetadata, endpoints.issuer + u"/.well-known/oauth-authorization-server"_s);

    // Every one of them answers on the running server.
    HttpClient http;
    for (const QString &address :
        {endpoints.jwkSet, endpoints.metadata, endpoints.springMetadata}) {
        QUrl target(address);
        target.setHost(u"127.0.0.1"_s);
        QCOMPARE(http.get(target).status, 200);
    }
}

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
