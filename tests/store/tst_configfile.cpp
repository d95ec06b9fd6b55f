// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/configfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr QFileDevice::Permissions ModeBits = QFileDevice::ReadOwner | QFileDevice::WriteOwner
    | QFileDevice::ExeOwner | QFileDevice::ReadGroup | QFileDevice::WriteGroup
    | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
    | QFileDevice::ExeOther;

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.readAll();
}

bool runningAsRoot()
{
#ifdef Q_OS_UNIX
    return ::geteuid() == 0;
#else
    return false;
#endif
}

Configuration customConfiguration()
{
    Configuration config = Configuration::defaults();
    config.server.port = 0;
    config.server.contextPath = QString();
    // "profile" is a default scope since version 3; the point here is the description.
    config.scopes.append({u"reports.read"_s, u"Ünïcödé ✓"_s});
    ClientRegistration client;
    client.clientId = u"second"_s;
    client.clientSecret = u"p@ss\"word\\"_s;
    client.authenticationMethods = {u"client_secret_basic"_s};
    client.grantTypes = {u"client_credentials"_s};
    client.scopes = {u"reports.read"_s};
    client.accessTokenLifetimeSeconds = 60;
    client.clientSecretExpiresAt = QDateTime(QDate(2030, 1, 1), QTime(0, 0), QTimeZone::utc());
    config.clients.append(client);
    return config;
}

} // namespace

Q_DECLARE_METATYPE(Configuration)

class tst_ConfigFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void missingFileGivesDefaults();
    void saveThenLoad_data();
    void saveThenLoad();
    void savedFileIsOwnerOnly();
    void corruptJsonIsInvalidAndUntouched_data();
    void corruptJsonIsInvalidAndUntouched();
    void invalidSchemaIsInvalid();
    void unreadableFileIsInvalid();
    void setAsideMovesFile();
    void setAsideNeverReusesAName();
    void saveCreatesNestedFolders();
    void saveFailureKeepsOldState_data();
    void saveFailureKeepsOldState();
    void keyDirectoryIsBesideTheFile();
    void defaultPathIsInAppData();
};

void tst_ConfigFile::initTestCase()
{
    // defaultPath() is only computed, never written to; test mode keeps even that away from the
    // real user folders.
    QStandardPaths::setTestModeEnabled(true);
}

void tst_ConfigFile::missingFileGivesDefaults()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"config.json"_s);

    const ConfigFile::LoadResult result = ConfigFile(path).load();
    QCOMPARE(result.status, ConfigFile::Status::Missing);
    QVERIFY(result.configuration == Configuration::defaults());
    QCOMPARE(result.error, QString());
    QVERIFY2(!QFileInfo::exists(path), "load() must not create the file");
}

void tst_ConfigFile::saveThenLoad_data()
{
    QTest::addColumn<Configuration>("config");
    QTest::newRow("defaults") << Configuration::defaults();
    QTest::newRow("custom") << customConfiguration();
    QTest::newRow("empty") << Configuration {};
}

void tst_ConfigFile::saveThenLoad()
{
    QFETCH(Configuration, config);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ConfigFile file(dir.filePath(u"config.json"_s));

    QString error;
    QVERIFY2(file.save(config, &error), qPrintable(error));
    const ConfigFile::LoadResult result = file.load();
    QCOMPARE(result.status, ConfigFile::Status::Loaded);
    QCOMPARE(result.error, QString());
    QVERIFY(result.configuration == config);

    // Pretty-printed, so people can edit it.
    const QByteArray text = readFile(file.path());
    QVERIFY2(text.contains("\n    \"version\": 3"), text.constData());

    // Saving again replaces the content.
    QVERIFY2(file.save(Configuration::defaults(), &error), qPrintable(error));
    QVERIFY(file.load().configuration == Configuration::defaults());
}

void tst_ConfigFile::savedFileIsOwnerOnly()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"config.json"_s);
    const ConfigFile file(path);
    const QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

    QString error;
    QVERIFY2(file.save(Configuration::defaults(), &error), qPrintable(error));
    QVERIFY(QFileInfo::exists(path));
#ifdef Q_OS_UNIX
    QCOMPARE(QFile::permissions(path) & ModeBits, ownerOnly);
#endif

    // A save over a file someone loosened puts the tight permissions back.
    QVERIFY(
        QFile::setPermissions(path, ownerOnly | QFileDevice::ReadGroup | QFileDevice::ReadOther));
    QVERIFY2(file.save(customConfiguration(), &error), qPrintable(error));
#ifdef Q_OS_UNIX
    QCOMPARE(QFile::permissions(path) & ModeBits, ownerOnly);
#endif
    QVERIFY(file.load().configuration == customConfiguration());
}

void tst_ConfigFile::corruptJsonIsInvalidAndUntouched_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("truncated") << QByteArray(R"({"version": 1, "scopes": [)");
    QTest::newRow("not JSON") << QByteArray("version = 1\n");
    QTest::newRow("empty file") << QByteArray();
    QTest::newRow("trailing comma") << QByteArray(R"({"version": 1,})");
    QTest::newRow("garbage after the object") << QByteArray(R"({"version": 1} x)");
}

void tst_ConfigFile::corruptJsonIsInvalidAndUntouched()
{
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"config.json"_s);
    QVERIFY(writeFile(path, content));

    QJsonParseError expected;
    QJsonDocument::fromJson(content, &expected);
    QVERIFY(expected.error != QJsonParseError::NoError);

    const ConfigFile::LoadResult result = ConfigFile(path).load();
    QCOMPARE(result.status, ConfigFile::Status::Invalid);
    QCOMPARE(result.error,
        u"not valid JSON: %1 at byte offset %2"_s.arg(expected.errorString()).arg(expected.offset));
    QVERIFY(result.configuration == Configuration::defaults());
    QCOMPARE(readFile(path), content);
}

void tst_ConfigFile::invalidSchemaIsInvalid()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"config.json"_s);

    struct Case
    {
        QByteArray content;
        QString error;
    };
    const QList<Case> cases = {
        {R"({"version": 7, "scopes": [], "clients": []})",
            u"version: unsupported version 7 (this build reads 1 to 3)"_s},
        {R"({"version": 1, "scopes": [], "clients": [{"clientId": "a", "clientSecret": "s",
             "authenticationMethods": ["client_secret_post"], "grantTypes": ["client_credentials"],
             "scopes": ["x.y"], "accessTokenLifetimeSeconds": 60}]})",
            u"clients[0].scopes[0]: scope \"x.y\" is not defined in \"scopes\""_s},
        {"[1, 2]", u"the document must be a JSON object, but it is an array"_s},
    };
    for (const Case &c : cases) {
        QVERIFY(writeFile(path, c.content));
        const ConfigFile::LoadResult result = ConfigFile(path).load();
        QCOMPARE(result.status, ConfigFile::Status::Invalid);
        QCOMPARE(result.error, c.error);
        QVERIFY(result.configuration == Configuration::defaults());
        QCOMPARE(readFile(path), c.content);
    }
}

void tst_ConfigFile::unreadableFileIsInvalid()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"config.json"_s);
    QVERIFY(QDir().mkpath(path));

    const ConfigFile::LoadResult result = ConfigFile(path).load();
    QCOMPARE(result.status, ConfigFile::Status::Invalid);
    QVERIFY2(result.error.startsWith(u"cannot read the file"_s), qPrintable(result.error));
    QVERIFY(QFileInfo(path).isDir());
}

void tst_ConfigFile::setAsideMovesFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"config.json"_s);
    const QByteArray content = "{ broken";
    QVERIFY(writeFile(path, content));

    const QString aside = ConfigFile(path).setAside();
    QVERIFY(!aside.isEmpty());
    static const QRegularExpression name(u"^config\\.json\\.corrupt-\\d{8}-\\d{6}$"_s);
    QVERIFY2(name.match(QFileInfo(aside).fileName()).hasMatch(), qPrintable(aside));
    QCOMPARE(QFileInfo(aside).absolutePath(), QFileInfo(path).absolutePath());
    QVERIFY(!QFileInfo::exists(path));
    QCOMPARE(readFile(aside), content);

    // The slot is free again: a load now reports Missing.
    QCOMPARE(ConfigFile(path).load().status, ConfigFile::Status::Missing);
}

void tst_ConfigFile::setAsideNeverReusesAName()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"config.json"_s);
    const ConfigFile file(path);

    QStringList asides;
    for (int i = 0; i < 3; ++i) {
        const QByteArray content = "bad " + QByteArray::number(i);
        QVERIFY(writeFile(path, content));
        const QString aside = file.setAside();
        QVERIFY2(!aside.isEmpty(), qPrintable(QString::number(i)));
        QVERIFY2(!asides.contains(aside), qPrintable(aside));
        asides.append(aside);
    }
    static const QRegularExpression name(u"^config\\.json\\.corrupt-\\d{8}-\\d{6}(-\\d+)?$"_s);
    for (int i = 0; i < asides.size(); ++i) {
        QVERIFY2(
            name.match(QFileInfo(asides.at(i)).fileName()).hasMatch(), qPrintable(asides.at(i)));
        QCOMPARE(readFile(asides.at(i)), "bad " + QByteArray::number(i));
    }
    QVERIFY(!QFileInfo::exists(path));
    // With no file there is nothing to set aside.
    QCOMPARE(file.setAside(), QString());
}

void tst_ConfigFile::saveCreatesNestedFolders()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"a/b/c/config.json"_s);
    const ConfigFile file(path);

    QString error;
    QVERIFY2(file.save(Configuration::defaults(), &error), qPrintable(error));
    QCOMPARE(file.load().status, ConfigFile::Status::Loaded);
#ifdef Q_OS_UNIX
    const QFileDevice::Permissions ownerOnlyFolder
        = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
    QCOMPARE(QFile::permissions(dir.filePath(u"a/b/c"_s)) & ModeBits, ownerOnlyFolder);
#endif
}

void tst_ConfigFile::saveFailureKeepsOldState_data()
{
    QTest::addColumn<QString>("kind");
    // As root a read-only folder is still writable, so the rows below fail for reasons that hold
    // for every user; the read-only row is added when it means something.
    QTest::newRow("parent is a regular file") << u"parent-file"_s;
    QTest::newRow("target is a folder") << u"target-folder"_s;
    if (!runningAsRoot())
        QTest::newRow("read-only folder") << u"read-only"_s;
}

void tst_ConfigFile::saveFailureKeepsOldState()
{
    QFETCH(QString, kind);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    const QByteArray old = R"({"version": 1, "scopes": [], "clients": []})";
    QString path;
    QString witness; // a file whose bytes must survive the failed save
    if (kind == "parent-file"_L1) {
        witness = dir.filePath(u"not-a-folder"_s);
        path = witness + u"/config.json"_s;
    } else if (kind == "target-folder"_L1) {
        path = dir.filePath(u"config.json"_s);
        QVERIFY(QDir().mkpath(path));
        witness = path + u"/inside.txt"_s;
    } else {
        const QString folder = dir.filePath(u"locked"_s);
        QVERIFY(QDir().mkpath(folder));
        path = folder + u"/config.json"_s;
        witness = path;
    }
    QVERIFY(writeFile(witness, old));
    const QStringList before
        = QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
    if (kind == "read-only"_L1) {
        QVERIFY(QFile::setPermissions(
            QFileInfo(path).absolutePath(), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    }

    QString error;
    const bool saved = ConfigFile(path).save(Configuration::defaults(), &error);

    if (kind == "read-only"_L1) {
        QFile::setPermissions(QFileInfo(path).absolutePath(),
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    QVERIFY(!saved);
    QVERIFY(!error.isEmpty());
    QVERIFY2(!error.contains(u'\n'), qPrintable(error));
    QCOMPARE(readFile(witness), old);
    // No temporary file left behind either.
    QCOMPARE(
        QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), before);
}

void tst_ConfigFile::keyDirectoryIsBesideTheFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QCOMPARE(ConfigFile(dir.filePath(u"config.json"_s)).keyDirectory(),
        QFileInfo(dir.path()).absoluteFilePath() + u"/keys"_s);

    // A relative path still gives an absolute key folder.
    const QString relative = ConfigFile(u"sub/config.json"_s).keyDirectory();
    QVERIFY2(QFileInfo(relative).isAbsolute(), qPrintable(relative));
    QCOMPARE(relative, QDir::current().absoluteFilePath(u"sub"_s) + u"/keys"_s);
}

void tst_ConfigFile::defaultPathIsInAppData()
{
    const QString path = ConfigFile::defaultPath();
    QCOMPARE(path,
        QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
            + u"/oauth2-playground/config.json"_s);
    QVERIFY2(QFileInfo(path).isAbsolute(), qPrintable(path));
}

QTEST_GUILESS_MAIN(tst_ConfigFile)
#include "tst_configfile.moc"
